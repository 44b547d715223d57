//! The window's surface: one small command per thing a person does. Each is a few lines over
//! [`YaToken`]; the logic lives in the domain modules. No command hands a secret to JavaScript.

use tauri::State;

use crate::app::{AppInfo, YaToken};
use crate::error::UiError;
use crate::i18n::Language;

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
        .map_err(|e| e.for_ui(app.language()))
}
