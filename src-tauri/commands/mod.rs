//! The window's surface: one small command per thing a person does. Each is a few lines over
//! [`YaToken`]; the logic lives in the domain modules. No command hands a secret to JavaScript.

use tauri::ipc::Channel;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::accounts::{Account, App, Role};
use crate::app::{
    AccountTest, AccountView, AppForm, AppInfo, AppView, ClientsView, CopyReceipt, RevokeOutcome,
    TestProgress, YaToken,
};
use crate::clipboard::CopyFormat;
use crate::device_signin::{CodeSignIns, DeviceCodeView};
use crate::error::{Error, UiError};
use crate::i18n::Language;
use crate::login_window;
use crate::oauth::DeviceCode;
use crate::secrets::KeychainStatus;
use crate::signin::{SignInOutcome, SignInRequest};

pub mod browser;

/// Errors in the language the window shows.
fn ui(app: &YaToken) -> impl Fn(Error) -> UiError + '_ {
    move |error| error.for_ui(app.language())
}

#[tauri::command]
pub fn app_info(app: State<'_, YaToken>) -> AppInfo {
    app.info()
}

/// `language` is `None` to follow the operating system again.
#[tauri::command]
pub fn set_language(
    app: State<'_, YaToken>,
    language: Option<Language>,
) -> Result<AppInfo, UiError> {
    app.set_language(language)
        .map(|_| app.info())
        .map_err(ui(&app))
}

/// Opens Yandex's "create app" page in the system browser.
#[tauri::command]
pub fn open_create_app_page<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
) -> Result<(), UiError> {
    open_in_browser(&handle, &app.endpoints().create_app_url()).map_err(ui(&app))
}

/// Opens `url` in the system browser.
fn open_in_browser<R: Runtime>(handle: &AppHandle<R>, url: &url::Url) -> Result<(), Error> {
    handle
        .opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| Error::WindowFailed {
            detail: e.to_string(),
        })
}

#[tauri::command]
pub fn list_apps(app: State<'_, YaToken>) -> Result<Vec<AppView>, UiError> {
    app.list_apps().map_err(ui(&app))
}

/// Reads the client secret from the clipboard into Rust; returns only its mask.
#[tauri::command]
pub fn stage_client_secret(app: State<'_, YaToken>) -> Result<String, UiError> {
    app.stage_client_secret().map_err(ui(&app))
}

#[tauri::command]
pub fn discard_staged_secret(app: State<'_, YaToken>) {
    app.discard_staged_secret();
}

#[tauri::command]
pub async fn add_app(app: State<'_, YaToken>, form: AppForm) -> Result<App, UiError> {
    app.add_app(form).await.map_err(ui(&app))
}

#[tauri::command]
pub async fn update_app(app: State<'_, YaToken>, form: AppForm) -> Result<App, UiError> {
    app.update_app(form).await.map_err(ui(&app))
}

#[tauri::command]
pub async fn delete_app(app: State<'_, YaToken>, client_id: String) -> Result<(), UiError> {
    app.delete_app(&client_id).await.map_err(ui(&app))
}

#[tauri::command]
pub fn list_accounts(app: State<'_, YaToken>) -> Result<Vec<AccountView>, UiError> {
    app.list_accounts().map_err(ui(&app))
}

/// Masked tokens (never the tokens) for the rows the window shows.
#[tauri::command]
pub async fn masked_tokens(
    app: State<'_, YaToken>,
    ids: Vec<String>,
) -> Result<std::collections::HashMap<String, Option<String>>, UiError> {
    app.masked_tokens(ids).await.map_err(ui(&app))
}

/// Whether the system keychain answers, checked once the window is up.
#[tauri::command]
pub async fn keychain_status(app: State<'_, YaToken>) -> Result<KeychainStatus, UiError> {
    Ok(app.keychain().status().await)
}

/// Opens the login window and stores the account it signs in (or asks about a wrong account).
#[tauri::command]
pub async fn sign_in<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    request: SignInRequest,
) -> Result<SignInOutcome, UiError> {
    let (attempt, _one_at_a_time) = app.begin_sign_in(request).await.map_err(ui(&app))?;
    let proxy = app.window_proxy(&attempt.authorize_url).map_err(ui(&app))?;
    let rules = login_window::Rules::new(app.endpoints(), app.language()).with_proxy(proxy);
    let redirect = login_window::catch_redirect(&handle, &attempt, rules)
        .await
        .map_err(ui(&app))?;
    let outcome = app
        .finish_sign_in(&attempt, redirect)
        .await
        .map_err(ui(&app))?;
    if let SignInOutcome::Saved { account } = &outcome {
        discover_in_background(&handle, account.id.clone());
    }
    Ok(outcome)
}

/// Signs in with a code confirmed in any browser: `on_code` gets what to show (never the device
/// code); resolves when the account is stored (or needs a decision), or with the reason not.
#[tauri::command]
pub async fn sign_in_with_code<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    codes: State<'_, CodeSignIns>,
    request: SignInRequest,
    attempt: String,
    on_code: Channel<DeviceCodeView>,
) -> Result<SignInOutcome, UiError> {
    let ticket = codes.start(&attempt).map_err(ui(&app))?;
    let show = |code: &DeviceCode| drop(on_code.send(ticket.show(code)));
    let outcome = app
        .sign_in_with_code(request, show, ticket.cancelled())
        .await
        .map_err(ui(&app))?;
    if let SignInOutcome::Saved { account } = &outcome {
        discover_in_background(&handle, account.id.clone());
    }
    Ok(outcome)
}

/// Stops code sign-in `attempt`: no more polls, nothing stored, even when it has not started.
#[tauri::command]
pub fn cancel_sign_in_with_code(codes: State<'_, CodeSignIns>, attempt: String) {
    codes.cancel(&attempt);
}

/// Opens the device page of the code on screen in the system browser.
#[tauri::command]
pub fn open_device_page<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    codes: State<'_, CodeSignIns>,
) -> Result<(), UiError> {
    let page = codes.device_page().ok_or(Error::NothingPending);
    page.and_then(|page| open_in_browser(&handle, &page))
        .map_err(ui(&app))
}

#[tauri::command]
pub async fn confirm_sign_in<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    pending: String,
    keep: bool,
) -> Result<Option<Account>, UiError> {
    let account = app
        .confirm_sign_in(&pending, keep)
        .await
        .map_err(ui(&app))?;
    if let Some(account) = &account {
        discover_in_background(&handle, account.id.clone());
    }
    Ok(account)
}

/// Imports the token on the clipboard (read in Rust), verified with Yandex first.
#[tauri::command]
pub async fn import_from_clipboard<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    role: Option<Role>,
) -> Result<Account, UiError> {
    let account = app.import_from_clipboard(role).await.map_err(ui(&app))?;
    discover_in_background(&handle, account.id.clone());
    Ok(account)
}

/// Finds out, after the account is saved and shown, whom its token acts for in Direct (and
/// an agency's clients), then has the window reload. A slow Direct never holds up a sign-in.
fn discover_in_background<R: Runtime>(handle: &AppHandle<R>, id: String) {
    let handle = handle.clone();
    tauri::async_runtime::spawn(async move {
        if handle.state::<YaToken>().discover_direct(&id).await {
            let _ = handle.emit_to("main", "accounts-changed", ());
        }
    });
}

#[tauri::command]
pub async fn remove_account(app: State<'_, YaToken>, id: String) -> Result<Account, UiError> {
    app.remove_account(&id).await.map_err(ui(&app))
}

/// Tests one account; the verdict is also kept in the index.
#[tauri::command]
pub async fn test_account(app: State<'_, YaToken>, id: String) -> Result<AccountTest, UiError> {
    app.test_account(&id).await.map_err(ui(&app))
}

/// Tests the given accounts (at most 8 at once), streaming each result; returns how many ran.
#[tauri::command]
pub async fn test_all(
    app: State<'_, YaToken>,
    ids: Vec<String>,
    on_progress: Channel<TestProgress>,
) -> Result<usize, UiError> {
    let report = |progress| drop(on_progress.send(progress));
    app.test_accounts(ids, report).await.map_err(ui(&app))
}

#[tauri::command]
pub fn cancel_tests(app: State<'_, YaToken>) {
    app.cancel_tests();
}

/// Copies the token in Rust; the window only learns when the clipboard will be cleared.
#[tauri::command]
pub async fn copy_token(
    app: State<'_, YaToken>,
    id: String,
    format: CopyFormat,
    client_login: Option<String>,
) -> Result<CopyReceipt, UiError> {
    app.copy_token(&id, format, client_login)
        .await
        .map_err(ui(&app))
}

/// The one command that hands a token to the window: Reveal, on an explicit click.
#[tauri::command]
pub async fn reveal_token(app: State<'_, YaToken>, id: String) -> Result<String, UiError> {
    let token = app.reveal_token(&id).await.map_err(ui(&app))?;
    Ok(token.expose().to_string())
}

#[tauri::command]
pub async fn revoke_account(app: State<'_, YaToken>, id: String) -> Result<RevokeOutcome, UiError> {
    app.revoke_account(&id).await.map_err(ui(&app))
}

#[tauri::command]
pub async fn refresh_account(app: State<'_, YaToken>, id: String) -> Result<Account, UiError> {
    app.refresh_account(&id).await.map_err(ui(&app))
}

#[tauri::command]
pub fn set_clipboard_clear_seconds(
    app: State<'_, YaToken>,
    seconds: u32,
) -> Result<AppInfo, UiError> {
    app.set_clipboard_clear_seconds(seconds)
        .map(|_| app.info())
        .map_err(ui(&app))
}

/// The proxy for every call to Yandex and the login window; `None` or blank for none (the
/// environment's, if any). Used from the next request on.
#[tauri::command]
pub fn set_proxy(app: State<'_, YaToken>, proxy: Option<String>) -> Result<AppInfo, UiError> {
    app.set_proxy(proxy.as_deref())
        .map(|_| app.info())
        .map_err(ui(&app))
}

/// The audit log, oldest first.
#[tauri::command]
pub fn audit_log(app: State<'_, YaToken>) -> Result<Vec<crate::audit::Entry>, UiError> {
    app.audit_entries().map_err(ui(&app))
}

/// Saves the audit log as CSV; returns where.
#[tauri::command]
pub fn export_audit_csv(app: State<'_, YaToken>) -> Result<String, UiError> {
    app.export_audit_csv()
        .map(|path| path.display().to_string())
        .map_err(ui(&app))
}

#[tauri::command]
pub async fn set_account_details(
    app: State<'_, YaToken>,
    id: String,
    label: String,
    notes: String,
) -> Result<(), UiError> {
    app.set_account_details(&id, label, notes)
        .await
        .map_err(ui(&app))
}

/// An agency account's clients as last fetched (no request to Direct).
#[tauri::command]
pub fn agency_clients(app: State<'_, YaToken>, id: String) -> Result<ClientsView, UiError> {
    app.agency_clients(&id).map_err(ui(&app))
}

/// Fetches the agency's clients from Direct again.
#[tauri::command]
pub async fn refresh_agency_clients(
    app: State<'_, YaToken>,
    id: String,
) -> Result<ClientsView, UiError> {
    app.refresh_agency_clients(&id).await.map_err(ui(&app))
}

/// Chooses the client an agency account acts for (`None` clears it).
#[tauri::command]
pub async fn set_active_client(
    app: State<'_, YaToken>,
    id: String,
    login: Option<String>,
) -> Result<(), UiError> {
    app.set_active_client(&id, login).await.map_err(ui(&app))
}

/// Tests the agency's token for one client (`Client-Login`).
#[tauri::command]
pub async fn test_client(
    app: State<'_, YaToken>,
    id: String,
    login: String,
) -> Result<AccountTest, UiError> {
    app.test_client(&id, &login).await.map_err(ui(&app))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The names between `start` and the next `end` in `text`, as `pick` reads each line.
    fn listed(
        text: &str,
        start: &str,
        end: &str,
        pick: impl Fn(&str) -> Option<String>,
    ) -> Vec<String> {
        let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
        let to = from
            + text[from..]
                .find(end)
                .unwrap_or_else(|| panic!("no {end:?}"));
        text[from..to]
            .lines()
            .filter_map(|l| pick(l.trim()))
            .collect()
    }

    fn set(names: &[String], what: &str) -> BTreeSet<String> {
        let unique: BTreeSet<String> = names.iter().cloned().collect();
        assert_eq!(unique.len(), names.len(), "{what} names a command twice");
        unique
    }

    /// The command list is kept in four places: the handlers (lib.rs), the permissions
    /// tauri-build generates (build.rs), the capability that grants them (tauri.conf.json), and
    /// the only module that invokes them (ui/api.js). A command missing from any one of them
    /// fails only at run time, in the window; here it fails the build's tests.
    #[test]
    fn every_command_is_registered_permitted_granted_and_called() {
        let handlers = listed(
            include_str!("../lib.rs"),
            "generate_handler![",
            "]",
            |line| {
                let name = line.trim_end_matches(',').rsplit("::").next()?;
                (!name.is_empty()).then(|| name.to_string())
            },
        );
        let permitted = listed(
            include_str!("../build.rs"),
            "const COMMANDS: &[&str] = &[",
            "];",
            |line| {
                Some(line.trim_end_matches(',').trim_matches('"').to_string())
                    .filter(|n| !n.is_empty())
            },
        );
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        let granted: Vec<String> = config["app"]["security"]["capabilities"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["permissions"].as_array().unwrap().iter())
            .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect();
        let api = include_str!("../../ui/api.js");
        let called: BTreeSet<String> = api
            .split("invoke(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_string)
            .collect();

        let handlers = set(&handlers, "lib.rs");
        assert!(handlers.len() > 30, "read the handler list: {handlers:?}");
        assert_eq!(
            set(&permitted, "build.rs"),
            handlers,
            "build.rs COMMANDS vs lib.rs"
        );
        assert_eq!(
            set(&granted, "tauri.conf.json"),
            handlers,
            "the capability vs lib.rs"
        );
        assert_eq!(called, handlers, "ui/api.js invoke() vs lib.rs");
    }
}
