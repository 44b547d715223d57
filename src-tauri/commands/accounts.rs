//! Commands for the account list and each account's actions: Test (one or all), Copy, Reveal,
//! Revoke, Refresh, details, Forget, and importing a token from the clipboard.

use std::collections::HashMap;

use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use super::{discover_in_background, ui};
use crate::accounts::{Account, Role};
use crate::app::YaToken;
use crate::clipboard::CopyFormat;
use crate::domain::testing::{self, TestRuns};
use crate::domain::views::{AccountTest, AccountView, CopyReceipt, RevokeOutcome, TestProgress};
use crate::domain::{import, roster, tokens};
use crate::error::UiError;

#[tauri::command]
pub fn list_accounts(app: State<'_, YaToken>) -> Result<Vec<AccountView>, UiError> {
    roster::list(&app).map_err(ui(&app))
}

/// Masked tokens (never the tokens) for the rows the window shows.
#[tauri::command]
pub async fn masked_tokens(
    app: State<'_, YaToken>,
    ids: Vec<String>,
) -> Result<HashMap<String, Option<String>>, UiError> {
    roster::masked_tokens(&app, ids).await.map_err(ui(&app))
}

#[tauri::command]
pub async fn set_account_details(
    app: State<'_, YaToken>,
    id: String,
    label: String,
    notes: String,
) -> Result<(), UiError> {
    roster::set_details(&app, &id, label, notes)
        .await
        .map_err(ui(&app))
}

#[tauri::command]
pub async fn remove_account(app: State<'_, YaToken>, id: String) -> Result<Account, UiError> {
    roster::forget(&app, &id).await.map_err(ui(&app))
}

/// Imports the token on the clipboard (read in Rust), verified with Yandex first.
#[tauri::command]
pub async fn import_from_clipboard<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    role: Option<Role>,
) -> Result<Account, UiError> {
    let account = import::from_clipboard(&app, role).await.map_err(ui(&app))?;
    discover_in_background(&handle, account.id.clone());
    Ok(account)
}

/// Tests one account; the verdict is also kept in the index.
#[tauri::command]
pub async fn test_account(app: State<'_, YaToken>, id: String) -> Result<AccountTest, UiError> {
    testing::test_one(&app, &id).await.map_err(ui(&app))
}

/// Tests the given accounts (a few at once), streaming each result; returns how many ran.
#[tauri::command]
pub async fn test_all(
    app: State<'_, YaToken>,
    runs: State<'_, TestRuns>,
    ids: Vec<String>,
    on_progress: Channel<TestProgress>,
) -> Result<usize, UiError> {
    let report = |progress| drop(on_progress.send(progress));
    runs.run(&app, ids, report).await.map_err(ui(&app))
}

#[tauri::command]
pub fn cancel_tests(runs: State<'_, TestRuns>) {
    runs.cancel();
}

/// Copies the token in Rust; the window only learns when the clipboard will be cleared.
#[tauri::command]
pub async fn copy_token(
    app: State<'_, YaToken>,
    id: String,
    format: CopyFormat,
    client_login: Option<String>,
) -> Result<CopyReceipt, UiError> {
    tokens::copy(&app, &id, format, client_login)
        .await
        .map_err(ui(&app))
}

/// The one command that hands a token to the window: Reveal, on an explicit click.
#[tauri::command]
pub async fn reveal_token(app: State<'_, YaToken>, id: String) -> Result<String, UiError> {
    let token = tokens::reveal(&app, &id).await.map_err(ui(&app))?;
    Ok(token.expose().to_string())
}

#[tauri::command]
pub async fn revoke_account(app: State<'_, YaToken>, id: String) -> Result<RevokeOutcome, UiError> {
    tokens::revoke(&app, &id).await.map_err(ui(&app))
}

#[tauri::command]
pub async fn refresh_account(app: State<'_, YaToken>, id: String) -> Result<Account, UiError> {
    tokens::refresh(&app, &id).await.map_err(ui(&app))
}
