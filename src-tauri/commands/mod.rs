//! The window's surface: one small command per thing a person does, each a few lines over a
//! verb in [`crate::domain`], grouped the same way. No command hands a secret to JavaScript
//! (Reveal aside), and every error reaches the window in its language ([`UiError`]).

use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_opener::OpenerExt;

use crate::app::YaToken;
use crate::domain;
use crate::error::{Error, UiError};

pub mod accounts;
pub mod agency;
pub mod apps;
pub mod browser;
pub mod settings;
pub mod sign_in;
pub mod start;

/// Errors in the language the window shows.
fn ui(app: &YaToken) -> impl Fn(Error) -> UiError + '_ {
    move |error| error.for_ui(app.language())
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

/// Opens the page of the sign-in waiting in a dialog (the device page, the authorize page) in
/// the system browser; none is waiting when the sign-in ended meanwhile.
fn open_waiting_page<R: Runtime>(
    handle: &AppHandle<R>,
    app: &YaToken,
    page: Option<url::Url>,
) -> Result<(), UiError> {
    page.ok_or(Error::NothingPending)
        .and_then(|page| open_in_browser(handle, &page))
        .map_err(ui(app))
}

/// Finds out, after the account is saved and shown, whom its token acts for in Direct (and
/// an agency's clients), then has the window reload. A slow Direct never holds up a sign-in.
fn discover_in_background<R: Runtime>(handle: &AppHandle<R>, id: String) {
    let handle = handle.clone();
    tauri::async_runtime::spawn(async move {
        if domain::agency::discover(&handle.state::<YaToken>(), &id).await {
            let _ = handle.emit_to("main", "accounts-changed", ());
        }
    });
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
