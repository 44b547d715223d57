//! Commands for the preferences, what the window knows about this installation, the keychain's
//! state and the activity log.

use tauri::{AppHandle, Runtime, State};

use super::{open_in_browser, ui};
use crate::app::YaToken;
use crate::domain::views::AppInfo;
use crate::domain::{activity, settings};
use crate::error::UiError;
use crate::i18n::Language;
use crate::secrets::KeychainStatus;

#[tauri::command]
pub fn app_info(app: State<'_, YaToken>) -> AppInfo {
    settings::info(&app)
}

/// `language` is `None` to follow the operating system again.
#[tauri::command]
pub fn set_language(
    app: State<'_, YaToken>,
    language: Option<Language>,
) -> Result<AppInfo, UiError> {
    settings::set_language(&app, language)
        .map(|_| settings::info(&app))
        .map_err(ui(&app))
}

#[tauri::command]
pub fn set_clipboard_clear_seconds(
    app: State<'_, YaToken>,
    seconds: u32,
) -> Result<AppInfo, UiError> {
    settings::set_clipboard_clear_seconds(&app, seconds)
        .map(|_| settings::info(&app))
        .map_err(ui(&app))
}

/// The proxy for every call to Yandex and the login window; `None` or blank for none (the
/// environment's, if any). Used from the next request on.
#[tauri::command]
pub fn set_proxy(app: State<'_, YaToken>, proxy: Option<String>) -> Result<AppInfo, UiError> {
    settings::set_proxy(&app, proxy.as_deref())
        .map(|_| settings::info(&app))
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

/// Whether the system keychain answers, checked once the window is up.
#[tauri::command]
pub async fn keychain_status(app: State<'_, YaToken>) -> Result<KeychainStatus, UiError> {
    Ok(app.keychain().status().await)
}

/// The audit log, oldest first, and how many damaged lines were skipped.
#[tauri::command]
pub fn audit_log(app: State<'_, YaToken>) -> Result<crate::audit::LogRead, UiError> {
    activity::read(&app).map_err(ui(&app))
}

/// Saves the audit log as CSV; returns where.
#[tauri::command]
pub fn export_audit_csv(app: State<'_, YaToken>) -> Result<String, UiError> {
    activity::export_csv(&app)
        .map(|path| path.display().to_string())
        .map_err(ui(&app))
}
