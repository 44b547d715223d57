//! The login window: Yandex's own page in a separate window that has no IPC (its label is in no
//! capability), a fresh cookie store for every sign-in (incognito), and only https pages — plus
//! a configured loopback fake. `on_navigation` catches the redirect to `verification_code`,
//! cancels it so the page never loads, and hands it back. Closing the window cancels quietly.
//!
//! Never log the URLs seen here: the redirect carries the token or the code.

use std::sync::{Arc, Mutex};

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use tokio::sync::oneshot;
use url::{Origin, Url};

use crate::error::Error;
use crate::oauth::{parse_redirect, Redirect, RedirectError};
use crate::signin::Attempt;

pub const LABEL: &str = "login";

type Caught = Result<Redirect, RedirectError>;
type Slot = Arc<Mutex<Option<oneshot::Sender<Option<Caught>>>>>;

/// Opens the login window on the attempt's authorize URL and waits for the redirect, or for the
/// user to close the window (`SignInCancelled`).
pub async fn catch_redirect<R: Runtime>(
    app: &AppHandle<R>,
    attempt: &Attempt,
    loopback: Vec<Origin>,
    title: &str,
) -> Result<Caught, Error> {
    let (sender, receiver) = oneshot::channel();
    let slot: Slot = Arc::new(Mutex::new(Some(sender)));
    let targets = attempt.targets.clone();
    let navigation_slot = Arc::clone(&slot);
    let handle = app.clone();
    let window = WebviewWindowBuilder::new(
        app,
        LABEL,
        WebviewUrl::External(attempt.authorize_url.clone()),
    )
    .title(title)
    .inner_size(540.0, 760.0)
    .incognito(true)
    .on_navigation(move |url| {
        if let Some(caught) = parse_redirect(url, &targets) {
            send(&navigation_slot, Some(caught));
            let handle = handle.clone();
            tauri::async_runtime::spawn(async move {
                if let Some(window) = handle.get_webview_window(LABEL) {
                    let _ = window.close();
                }
            });
            return false;
        }
        allowed(url, &loopback)
    })
    .build()
    .map_err(|e| Error::WindowFailed {
        detail: e.to_string(),
    })?;
    let close_slot = Arc::clone(&slot);
    window.on_window_event(move |event| {
        if let WindowEvent::Destroyed = event {
            send(&close_slot, None);
        }
    });
    match receiver.await {
        Ok(Some(caught)) => Ok(caught),
        _ => Err(Error::SignInCancelled),
    }
}

fn send(slot: &Slot, value: Option<Caught>) {
    let sender = slot.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(sender) = sender {
        let _ = sender.send(value);
    }
}

/// https anywhere (Yandex's sign-in spans several hosts), http only to a configured loopback
/// fake, and nothing else (no file:, data:, javascript:).
fn allowed(url: &Url, loopback: &[Origin]) -> bool {
    match url.scheme() {
        "https" => true,
        "about" => url.as_str() == "about:blank",
        "http" => loopback.contains(&url.origin()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_window_is_in_no_capability() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let capabilities = config["app"]["security"]["capabilities"]
            .as_array()
            .unwrap();
        assert!(!capabilities.is_empty());
        for capability in capabilities {
            let windows = capability["windows"].as_array().unwrap();
            assert_eq!(
                windows,
                &vec![serde_json::json!("main")],
                "IPC only for the main window"
            );
        }
        assert!(
            !std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities")).exists()
        );
    }

    #[test]
    fn only_https_and_the_configured_fake_may_load() {
        let fake = Url::parse("http://127.0.0.1:4100/").unwrap().origin();
        let ok = |u: &str| allowed(&Url::parse(u).unwrap(), std::slice::from_ref(&fake));
        assert!(ok("https://passport.yandex.ru/auth"));
        assert!(ok("http://127.0.0.1:4100/authorize?x=1"));
        assert!(!ok("http://127.0.0.1:4200/authorize"));
        assert!(!ok("http://oauth.yandex.com/authorize"));
        assert!(!ok("file:///etc/passwd"));
        assert!(!ok("data:text/html,hi"));
        assert!(!ok("javascript:alert(1)"));
    }
}
