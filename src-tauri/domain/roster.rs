//! The account list: listed at once with what is already known, masked tokens filled in for
//! the rows on screen, labels and notes, and forgetting an account here.

use std::collections::HashMap;

use crate::accounts::Account;
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

/// Masked tokens for these accounts (`None` where the keychain has no token).
pub async fn masked_tokens(
    cx: &YaToken,
    ids: Vec<String>,
) -> Result<HashMap<String, Option<String>>, Error> {
    let mut masks = HashMap::with_capacity(ids.len());
    for id in ids {
        let mask = cx.accounts().masked_token(&id).await?;
        masks.insert(id, mask);
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
        .ok_or(Error::AccountNotFound)
}

/// Forgets an account here; its token stays valid at Yandex.
pub async fn forget(cx: &YaToken, id: &str) -> Result<Account, Error> {
    let account = cx.accounts().remove_account(id).await?;
    cx.note(Action::Forgotten, &account, None);
    Ok(account)
}
