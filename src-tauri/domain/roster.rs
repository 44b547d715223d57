//! The account list: listed at once with what is already known, masked tokens filled in for
//! the rows on screen, labels and notes, and forgetting an account here.

use std::collections::HashMap;

use crate::accounts::{Account, StoreError};
use crate::app::YaToken;
use crate::audit::Action;
use crate::domain::testing::describe;
use crate::domain::views::AccountView;
use crate::error::Error;

/// The accounts, at once: masked tokens only where already known. The window asks for the rest
/// with [`masked_tokens`] for the rows it shows, so a long list does not wait for a keychain
/// read per account.
pub fn list(cx: &YaToken) -> Result<Vec<AccountView>, Error> {
    let index = cx.accounts().load()?;
    Ok(index
        .accounts
        .iter()
        .map(|account| AccountView {
            app_name: index.app(&account.client_id).map(|a| a.name.clone()),
            last_test: account.last_check.as_ref().map(|c| describe(cx, c)),
            masked_token: cx.accounts().known_mask(&account.id),
            account: account.clone(),
        })
        .collect())
}

/// Every account as stored: metadata only, never a token.
pub fn all(cx: &YaToken) -> Result<Vec<Account>, Error> {
    Ok(cx.accounts().load()?.accounts)
}

/// One account as stored now.
pub fn get(cx: &YaToken, id: &str) -> Result<Account, Error> {
    Ok(cx.account_and_app(id)?.0)
}

/// The account someone names (on the command line): its id, else its login when only one
/// account has it.
pub fn find(cx: &YaToken, reference: &str) -> Result<Account, Error> {
    find_in(&all(cx)?, reference)
}

/// [`find`] among these accounts.
pub fn find_in(accounts: &[Account], reference: &str) -> Result<Account, Error> {
    if let Some(account) = accounts.iter().find(|a| a.id == reference) {
        return Ok(account.clone());
    }
    let matches: Vec<&Account> = accounts
        .iter()
        .filter(|a| crate::accounts::same_login(&a.login, reference))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::UnknownAccount {
            reference: reference.to_string(),
        }),
        many => Err(Error::AmbiguousAccount {
            login: reference.to_string(),
            ids: many.iter().map(|a| a.id.clone()).collect(),
        }),
    }
}

/// Masked tokens for these accounts: `None` where the keychain has no token. One the keychain
/// cannot hand over now (locked, not answering) is left out, so the window keeps it as not
/// known yet instead of calling it missing; it never blanks the others'.
pub async fn masked_tokens(
    cx: &YaToken,
    ids: Vec<String>,
) -> Result<HashMap<String, Option<String>>, Error> {
    let mut masks = HashMap::with_capacity(ids.len());
    for id in ids {
        if let Ok(mask) = cx.accounts().masked_token(&id).await {
            masks.insert(id, mask);
        }
    }
    Ok(masks)
}

/// Sets an account's label and notes (metadata only).
pub async fn set_details(
    cx: &YaToken,
    id: &str,
    label: String,
    notes: String,
) -> Result<(), Error> {
    let (label, notes) = (label.trim().to_string(), notes.trim().to_string());
    cx.accounts()
        .update(id, |account| {
            account.label = label;
            account.notes = notes;
        })
        .await?
        .ok_or_else(|| StoreError::AccountNotFound.into())
}

/// Forgets an account here; its token stays valid at Yandex. Waits for a refresh or revoke of
/// it under way to finish first.
pub async fn forget(cx: &YaToken, id: &str) -> Result<Account, Error> {
    let (account, _) = cx.account_and_app(id)?;
    let _changing = cx.accounts().lock_account(&account).await?;
    let account = cx.accounts().remove_account(id).await?;
    cx.note(Action::Forgotten, &account, None);
    Ok(account)
}
