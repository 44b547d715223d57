//! Commands for the Yandex apps. The client secret reaches Rust from the clipboard
//! ([`stage_client_secret`]), never through JavaScript.

use tauri::State;

use super::ui;
use crate::accounts::App;
use crate::app::YaToken;
use crate::domain::apps::{self, StagedSecret};
use crate::domain::views::{AppForm, AppView};
use crate::error::UiError;

#[tauri::command]
pub fn list_apps(app: State<'_, YaToken>) -> Result<Vec<AppView>, UiError> {
    apps::list(&app).map_err(ui(&app))
}

/// Reads the client secret from the clipboard into Rust; returns only its mask.
#[tauri::command]
pub fn stage_client_secret(
    app: State<'_, YaToken>,
    staged: State<'_, StagedSecret>,
) -> Result<String, UiError> {
    staged.stage(&app).map_err(ui(&app))
}

#[tauri::command]
pub fn discard_staged_secret(staged: State<'_, StagedSecret>) {
    staged.discard();
}

#[tauri::command]
pub async fn add_app(
    app: State<'_, YaToken>,
    staged: State<'_, StagedSecret>,
    form: AppForm,
) -> Result<App, UiError> {
    staged.add(&app, form).await.map_err(ui(&app))
}

#[tauri::command]
pub async fn update_app(
    app: State<'_, YaToken>,
    staged: State<'_, StagedSecret>,
    form: AppForm,
) -> Result<App, UiError> {
    staged.update(&app, form).await.map_err(ui(&app))
}

#[tauri::command]
pub async fn delete_app(app: State<'_, YaToken>, client_id: String) -> Result<(), UiError> {
    apps::delete(&app, &client_id).await.map_err(ui(&app))
}
