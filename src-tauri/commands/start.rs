//! The window's first data, handed over with its page instead of asked for: an initialization
//! script sets `window.__YATOKEN_START__` to the JSON text of what the page's first commands
//! would return (`app_info`, the language's texts, `list_apps`, `list_accounts`,
//! `agency_client_lists`), so the list is drawn without waiting for a round trip through IPC
//! while the window is still starting (BENCHMARKS.md §3). Metadata only, never a token, as
//! over IPC. `ui/api.js` (`takeStart`) reads it once, on the page's first load.

use std::collections::HashMap;

use serde::Serialize;

use crate::app::YaToken;
use crate::domain::views::{AccountView, AppInfo, AppView, ClientsView};
use crate::domain::{agency, apps, roster, settings};

#[derive(Serialize)]
struct Start {
    info: AppInfo,
    strings: &'static HashMap<String, String>,
    /// `None` when the index cannot be read: the page then asks, and shows why it failed.
    lists: Option<Lists>,
}

#[derive(Serialize)]
struct Lists {
    apps: Vec<AppView>,
    accounts: Vec<AccountView>,
    client_lists: HashMap<String, ClientsView>,
}

/// The initialization script for the main window's page.
pub fn script(cx: &YaToken) -> String {
    let info = settings::info(cx);
    let lists = (|| {
        Some(Lists {
            apps: apps::list(cx).ok()?,
            accounts: roster::list(cx).ok()?,
            client_lists: agency::client_lists(cx).ok()?,
        })
    })();
    let start = Start {
        strings: info.language.table(),
        info,
        lists,
    };
    // Plain structs of strings, numbers and string-keyed maps: serialising cannot fail.
    let json = serde_json::to_string(&start).unwrap_or_else(|_| "null".into());
    // As a JSON string literal (also a JavaScript one): parsed only when the page takes it.
    let literal = serde_json::Value::String(json).to_string();
    format!("window.__YATOKEN_START__ = {literal};")
}
