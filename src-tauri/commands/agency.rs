//! Commands for an agency account's clients.

use std::collections::HashMap;

use tauri::State;

use super::ui;
use crate::app::YaToken;
use crate::domain::agency;
use crate::domain::views::{AccountTest, ClientsView};
use crate::error::UiError;

/// Every agency account's clients as last fetched, by account id (no request to Direct).
#[tauri::command]
pub fn agency_client_lists(
    app: State<'_, YaToken>,
) -> Result<HashMap<String, ClientsView>, UiError> {
    agency::client_lists(&app).map_err(ui(&app))
}

/// Fetches the agency's clients from Direct again.
#[tauri::command]
pub async fn refresh_agency_clients(
    app: State<'_, YaToken>,
    id: String,
) -> Result<ClientsView, UiError> {
    agency::refresh_clients(&app, &id).await.map_err(ui(&app))
}

/// Chooses the client an agency account acts for (`None` clears it).
#[tauri::command]
pub async fn set_active_client(
    app: State<'_, YaToken>,
    id: String,
    login: Option<String>,
) -> Result<(), UiError> {
    agency::set_active_client(&app, &id, login)
        .await
        .map_err(ui(&app))
}

/// Tests the agency's token for one client (`Client-Login`).
#[tauri::command]
pub async fn test_client(
    app: State<'_, YaToken>,
    id: String,
    login: String,
) -> Result<AccountTest, UiError> {
    agency::test_client(&app, &id, &login)
        .await
        .map_err(ui(&app))
}
