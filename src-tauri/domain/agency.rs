//! Agency accounts and the clients they act for (Direct's `Client-Login`): the client list as
//! last fetched, fetching it again, the active client, testing one client, and finding out after
//! a sign-in whom a token acts for.

use std::collections::HashMap;

use crate::accounts::model::client_login;
use crate::accounts::{Account, AgencyClient, ClientList, Role, StoreError};
use crate::app::{rfc3339, YaToken};
use crate::audit::Action;
use crate::checkup::{self, DirectTarget};
use crate::domain::testing::{agency_expected, describe, scopes_of};
use crate::domain::views::{AccountTest, ClientView, ClientsView};
use crate::error::Error;

/// The agency account's clients as last fetched, with the active one.
pub fn clients(cx: &YaToken, id: &str) -> Result<ClientsView, Error> {
    let (account, _) = cx.account_and_app(id)?;
    let list = cx.accounts().agency_clients(id);
    Ok(clients_view(cx, &account, list))
}

/// Every agency account's clients as last fetched, by account id, with one read of the index
/// (the window's start and its reloads; asking account by account read it once per agency).
pub fn client_lists(cx: &YaToken) -> Result<HashMap<String, ClientsView>, Error> {
    let index = cx.accounts().load()?;
    Ok(index
        .accounts
        .iter()
        .filter(|account| account.is_agency())
        .map(|account| {
            let list = cx.accounts().agency_clients(&account.id);
            (account.id.clone(), clients_view(cx, account, list))
        })
        .collect())
}

fn clients_view(cx: &YaToken, account: &Account, list: Option<ClientList>) -> ClientsView {
    let (fetched_at, clients) = match list {
        Some(list) => (Some(rfc3339(list.fetched_at)), list.clients),
        None => (None, Vec::new()),
    };
    ClientsView {
        fetched_at,
        clients: clients
            .into_iter()
            .map(|c: AgencyClient| ClientView {
                last_test: c.last_check.as_ref().map(|check| describe(cx, check)),
                login: c.login,
                name: c.name,
                client_id: c.client_id,
                archived: c.archived,
            })
            .collect(),
        active_client: account.active_client.clone(),
    }
}

/// Asks Direct for the agency's clients (`AgencyClients.get`, every page, never with
/// `Client-Login`) and keeps the list. A refusal changes nothing.
pub async fn refresh_clients(cx: &YaToken, id: &str) -> Result<ClientsView, Error> {
    use crate::yandex::direct::{self, DirectAnswer, Refusal};

    let (account, _) = cx.account_and_app(id)?;
    let token = cx.accounts().access_token(id).await?;
    let answer = direct::agency_clients_all(&cx.http(), cx.endpoints(), &token).await?;
    let fresh = match answer {
        DirectAnswer::Clients { clients, .. } => clients,
        DirectAnswer::Error { code, text, .. } => {
            return Err(match Refusal::of(code) {
                Refusal::NoRights => Error::NotAgency {
                    login: account.login,
                },
                Refusal::TokenRejected => Error::TokenRejected,
                Refusal::NoAccess | Refusal::Other => Error::ClientListRefused {
                    code: code.to_string(),
                    detail: text,
                },
            })
        }
        DirectAnswer::Unreadable { status } => {
            return Err(Error::ClientListRefused {
                code: format!("http-{status}"),
                detail: format!("HTTP {status}"),
            })
        }
    };
    let list = cx.accounts().save_agency_clients(id, fresh).await?;
    if !account.is_agency() {
        // Direct just listed clients for it: whatever was thought before, it is an agency's.
        cx.accounts()
            .update(id, |a| {
                a.role = Some(Role::AgencyRepresentative);
                if let Some(direct) = &mut a.direct {
                    direct.agency = true;
                }
            })
            .await?;
    }
    let (account, _) = cx.account_and_app(id)?;
    Ok(clients_view(cx, &account, Some(list)))
}

/// Sets (or clears, with `None`) the client an agency account acts for.
pub async fn set_active_client(cx: &YaToken, id: &str, login: Option<String>) -> Result<(), Error> {
    let login = login.map(|l| checked_login(&l)).transpose()?;
    let account = cx
        .accounts()
        .update(id, |account| {
            let before = account.clone();
            account.active_client = login.clone();
            before
        })
        .await?
        .ok_or(StoreError::AccountNotFound)?;
    cx.note(Action::ClientChosen, &account, login.as_deref());
    Ok(())
}

/// Tests the token for one client of the agency: identity and, at the same time, `Clients.get`
/// with the client's `Client-Login`. The result is kept with the client (if it is on the list).
pub async fn test_client(cx: &YaToken, id: &str, login: &str) -> Result<AccountTest, Error> {
    let login = checked_login(login)?;
    let (account, _) = cx.account_and_app(id)?;
    let token = cx.accounts().access_token(id).await?;
    let target = DirectTarget {
        client: Some(&login),
        agency: true,
    };
    let checkup = checkup::run(
        &cx.http(),
        cx.endpoints(),
        &token,
        &[checkup::Api::Direct],
        target,
    )
    .await;
    let result = describe(cx, &checkup);
    let status = checkup::status_name(checkup.status);
    cx.accounts()
        .record_client_check(id, &login, checkup)
        .await?;
    cx.note(
        Action::Tested,
        &account,
        Some(&format!("{status} (client {login})")),
    );
    Ok(result)
}

/// After a sign-in or import: asks Direct whom the token acts for, and for an agency's token
/// fetches its clients. Returns whether the account changed. Best effort: a failure leaves the
/// account as it was, and Test says why. The sign-in does not wait for it.
pub async fn discover(cx: &YaToken, id: &str) -> bool {
    let Ok((account, app)) = cx.account_and_app(id) else {
        return false;
    };
    let scopes = scopes_of(&account, app.as_ref());
    if !checkup::apis_for(&scopes).contains(&checkup::Api::Direct) {
        return false;
    }
    let Ok(token) = cx.accounts().access_token(id).await else {
        return false;
    };
    let target = DirectTarget {
        client: None,
        agency: agency_expected(&account),
    };
    let identity =
        checkup::direct_identity(&cx.http(), cx.endpoints(), &token, &account.login, target).await;
    let Some(identity) = identity else {
        return false;
    };
    let agency = identity.agency;
    let stored = cx
        .accounts()
        .update(id, |a| {
            a.role = Some(identity.role_of(&a.login));
            a.direct = Some(identity.clone());
        })
        .await;
    if stored.is_err() {
        return false;
    }
    if agency {
        let _ = refresh_clients(cx, id).await;
    }
    true
}

/// A Direct login as typed (trimmed, lower-cased), or why not.
pub(crate) fn checked_login(value: &str) -> Result<String, Error> {
    client_login(value).ok_or_else(|| Error::InvalidLogin {
        value: value.trim().chars().take(100).collect(),
    })
}
