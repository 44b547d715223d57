//! The login window: Yandex's own page in a separate window that behaves as a careful browser.
//!
//! - No IPC: its label, and its popups' labels, are in no capability.
//! - A fresh cookie store for every sign-in (incognito), shared with the popups the page opens
//!   (`window.open`, `target=_blank`), so a social provider's answer reaches the Yandex page.
//!   Popups follow the same rules and close when the sign-in ends.
//! - Only https pages, plus http to loopback when the endpoints point at a local fake.
//! - The title always names the host of the page shown, and says so when it is not Yandex: the
//!   window has no address bar, so the title is how a person sees where they are.
//! - Downloads are refused.
//! - Only the login window's own page (the main frame) ends the sign-in, when it commits one of
//!   the configured `verification_code` pages; the hops before it (passport, sso, captcha) pass
//!   untouched, and a subframe or a popup never ends it.
//!
//! Closing the window cancels quietly. Never log the URLs seen here: the redirect carries the
//! token or the code.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tauri::webview::{DownloadEvent, NewWindowFeatures, NewWindowResponse, PageLoadEvent};
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use tokio::sync::oneshot;
use url::{Origin, Url};

use crate::config::{is_yandex_host, Endpoints};
use crate::domain::sign_in::Attempt;
use crate::error::Error;
use crate::i18n::Language;
use crate::oauth::{parse_redirect, Redirect, RedirectError};

pub const LABEL: &str = "login";
/// Popups are `login-popup-N`; like the login window, no capability names them.
const POPUP_PREFIX: &str = "login-popup-";

type Caught = Result<Redirect, RedirectError>;
type Slot = Arc<Mutex<Option<oneshot::Sender<Option<Caught>>>>>;

/// What may load in the login window and its popups, and how their titles read.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Plain http to 127.0.0.1 or localhost, any port: only when an endpoint itself is a
    /// loopback fake (tests), never against the real Yandex.
    loopback_http: bool,
    /// Origins that stand for Yandex besides Yandex's own domains: the configured endpoints.
    yandex: Vec<Origin>,
    language: Language,
    /// The proxy the HTTP client uses for the first page, as the web view takes it.
    proxy: Option<Url>,
}

impl Rules {
    pub fn new(endpoints: &Endpoints, language: Language) -> Self {
        Self {
            loopback_http: !endpoints.loopback_origins().is_empty(),
            yandex: endpoints.origins(),
            language,
            proxy: None,
        }
    }

    /// Loads every page through `proxy` (`http://` or `socks5://`); with `None`, the web view's
    /// own default (on Linux the desktop's proxy settings, or libproxy's reading of the environment).
    pub fn with_proxy(self, proxy: Option<Url>) -> Self {
        Self { proxy, ..self }
    }

    /// https anywhere (a real sign-in spans several hosts, and social providers are elsewhere),
    /// http only to loopback and only with a loopback fake configured, and nothing else (no
    /// file:, data:, javascript:).
    pub fn allows(&self, url: &Url) -> bool {
        match url.scheme() {
            "https" => true,
            "about" => url.as_str() == "about:blank",
            "http" => {
                self.loopback_http
                    && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
            }
            _ => false,
        }
    }

    /// `passport.yandex.ru — Yandex ID`, or a plain warning for any other host.
    pub fn title(&self, url: &Url) -> String {
        let Some(host) = url.host_str() else {
            return self.language.text("login.window_title").to_string();
        };
        let shown = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let yandex = (url.scheme() == "https" && is_yandex_host(host))
            || self.yandex.contains(&url.origin());
        let key = if yandex {
            "login.title_yandex"
        } else {
            "login.title_not_yandex"
        };
        self.language.format(key, &[("host", &shown)])
    }
}

/// The login window and its popups for one sign-in.
struct Session<R: Runtime> {
    app: AppHandle<R>,
    rules: Rules,
    popups: Mutex<Vec<String>>,
}

impl<R: Runtime> Session<R> {
    /// A popup the page asked for, built as a child login window under the same rules and on
    /// the opener's web context (`window_features`), so `window.opener` works and the cookies
    /// are the sign-in's own.
    fn open_popup(self: &Arc<Self>, url: Url, features: NewWindowFeatures) -> NewWindowResponse<R> {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        if !self.rules.allows(&url) {
            return NewWindowResponse::Deny;
        }
        let label = format!("{POPUP_PREFIX}{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let builder = WebviewWindowBuilder::new(
            &self.app,
            &label,
            WebviewUrl::External("about:blank".parse().expect("a valid URL")),
        )
        .title(self.rules.title(&url))
        .inner_size(500.0, 640.0)
        // The opener's web context (WebKitGTK), configuration (WKWebView) or environment
        // (WebView2), and with it the opener's proxy; a `proxy_url` here would be set on
        // another context (the default one, on Linux).
        .window_features(features);
        match self.guard(builder, |_| {}).build() {
            Ok(window) => {
                close_with_its_page(&window);
                self.lock_popups().push(label);
                NewWindowResponse::Create { window }
            }
            Err(_) => NewWindowResponse::Deny,
        }
    }

    /// The rules every window of the sign-in follows: its navigation policy, its title, no
    /// downloads, its own popups. `committed` hears of each page the window's main frame
    /// commits to (never a subframe's).
    fn guard<'a, M: Manager<R>>(
        self: &Arc<Self>,
        builder: WebviewWindowBuilder<'a, R, M>,
        committed: impl Fn(&Url) + Send + Sync + 'static,
    ) -> WebviewWindowBuilder<'a, R, M> {
        let (navigation, titles, popups) = (self.rules.clone(), self.rules.clone(), self.clone());
        builder
            .on_navigation(move |url| navigation.allows(url))
            .on_page_load(move |window, payload| {
                if payload.event() == PageLoadEvent::Started {
                    let _ = window.set_title(&titles.title(payload.url()));
                    committed(payload.url());
                }
            })
            .on_download(|_, event| !matches!(event, DownloadEvent::Requested { .. }))
            .on_new_window(move |url, features| popups.open_popup(url, features))
    }

    /// Closes the popups, and the login window too when `with_login` (it may already be gone).
    fn close_all(&self, with_login: bool) {
        let mut labels = std::mem::take(&mut *self.lock_popups());
        if with_login {
            labels.push(LABEL.to_string());
        }
        let app = self.app.clone();
        // After the callback that ended the sign-in has returned (a window closed from inside
        // its own callback can deadlock).
        tauri::async_runtime::spawn(async move {
            for label in labels {
                if let Some(window) = app.get_webview_window(&label) {
                    let _ = window.close();
                }
            }
        });
    }

    fn lock_popups(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.popups.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A popup whose page calls `window.close()` (a social network's, once it has answered) closes
/// its window, not only its web view (which is all wry does on WebKitGTK).
#[cfg(any(
    target_os = "linux",
    target_os = "dragonfly",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd"
))]
fn close_with_its_page<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    use webkit2gtk::glib::prelude::ObjectExt;
    let handle = window.clone();
    let _ = window.with_webview(move |webview| {
        // wry answers "close" by destroying the web view, which drops every later "close"
        // handler; "destroy" still reaches this one.
        webview.inner().connect_local("destroy", false, move |_| {
            let _ = handle.close();
            None
        });
    });
}

/// On Windows wry closes the window itself (WebView2's `WindowCloseRequested`). On macOS such a
/// popup stays open until the sign-in ends and closes it with the others.
#[cfg(not(any(
    target_os = "linux",
    target_os = "dragonfly",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd"
)))]
fn close_with_its_page<R: Runtime>(_window: &tauri::WebviewWindow<R>) {}

/// Opens the login window on the attempt's authorize URL and waits for the redirect, or for the
/// user to close the window (`SignInCancelled`).
pub async fn catch_redirect<R: Runtime>(
    app: &AppHandle<R>,
    attempt: &Attempt,
    rules: Rules,
) -> Result<Caught, Error> {
    let (sender, receiver) = oneshot::channel();
    let slot: Slot = Arc::new(Mutex::new(Some(sender)));
    let session = Arc::new(Session {
        app: app.clone(),
        rules,
        popups: Mutex::new(Vec::new()),
    });
    let targets = attempt.targets.clone();
    let (load_slot, load_session) = (Arc::clone(&slot), Arc::clone(&session));
    let builder = WebviewWindowBuilder::new(
        app,
        LABEL,
        WebviewUrl::External(attempt.authorize_url.clone()),
    )
    .title(session.rules.title(&attempt.authorize_url))
    .inner_size(540.0, 760.0)
    .incognito(true);
    // Not on macOS: tauri's `macos-proxy` feature is off (it needs macOS 14, see Cargo.toml).
    let builder = match session.rules.proxy.clone() {
        Some(proxy) => builder.proxy_url(proxy),
        None => builder,
    };
    let window = session
        .guard(builder, move |url| {
            if let Some(caught) = parse_redirect(url, &targets) {
                send(&load_slot, Some(caught));
                load_session.close_all(true);
            }
        })
        .build()
        .map_err(|e| Error::WindowFailed {
            detail: e.to_string(),
        })?;
    let (close_slot, close_session) = (Arc::clone(&slot), Arc::clone(&session));
    window.on_window_event(move |event| {
        if let WindowEvent::Destroyed = event {
            send(&close_slot, None);
            close_session.close_all(false);
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
        assert!(!LABEL.starts_with("main") && !POPUP_PREFIX.starts_with("main"));
    }

    fn rules(vars: &[(&str, &str)]) -> Rules {
        let endpoints = Endpoints::from_lookup(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).into())
        })
        .unwrap();
        Rules::new(&endpoints, Language::En)
    }

    #[test]
    fn with_a_loopback_fake_http_may_load_only_on_loopback() {
        let rules = rules(&[("YATOKEN_OAUTH_URL", "http://127.0.0.1:4100")]);
        let ok = |u: &str| rules.allows(&Url::parse(u).unwrap());
        assert!(ok("https://passport.yandex.ru/auth"));
        assert!(ok("http://127.0.0.1:4100/authorize?x=1"));
        assert!(ok("http://localhost:4200/social"));
        assert!(!ok("http://oauth.yandex.com/authorize"));
        assert!(!ok("http://10.0.0.1/authorize"));
        assert!(!ok("file:///etc/passwd"));
        assert!(!ok("data:text/html,hi"));
        assert!(!ok("javascript:alert(1)"));
        assert!(!ok("about:config"));
        assert!(ok("about:blank"));
    }

    #[test]
    fn against_the_real_yandex_only_https_loads() {
        let rules = rules(&[]);
        let ok = |u: &str| rules.allows(&Url::parse(u).unwrap());
        assert!(ok("https://sso.passport.yandex.ru/push?retpath=x"));
        assert!(ok("https://accounts.google.com/o/oauth2"));
        assert!(!ok("http://127.0.0.1:4100/authorize"));
        assert!(!ok("http://localhost/"));
    }

    #[test]
    fn the_title_names_the_host_and_flags_any_that_is_not_yandex() {
        let real = rules(&[]);
        let title = |r: &Rules, u: &str| r.title(&Url::parse(u).unwrap());
        assert_eq!(
            title(&real, "https://passport.yandex.ru/auth?retpath=x"),
            "passport.yandex.ru — Yandex ID"
        );
        assert_eq!(
            title(&real, "https://sso.ya.ru/sync"),
            "sso.ya.ru — Yandex ID"
        );
        assert_eq!(
            title(&real, "https://yastatic.net/x"),
            "yastatic.net — Yandex ID"
        );
        for other in [
            "https://accounts.google.com/signin",
            "https://yandex.ru.evil.example/auth",
            "https://evilyandex.ru/auth",
            "http://passport.yandex.ru/auth",
        ] {
            let shown = title(&real, other);
            assert!(shown.contains("not a Yandex page"), "{other}: {shown}");
            let host = Url::parse(other).unwrap().host_str().unwrap().to_string();
            assert!(shown.contains(&host), "{other}: {shown}");
        }
        let fake = rules(&[("YATOKEN_OAUTH_URL", "http://127.0.0.1:4100")]);
        assert_eq!(
            title(&fake, "http://127.0.0.1:4100/authorize"),
            "127.0.0.1:4100 — Yandex ID"
        );
        assert!(title(&fake, "http://127.0.0.1:4999/social").contains("not a Yandex page"));
        let russian = Rules {
            language: Language::Ru,
            ..real
        };
        assert_eq!(
            title(&russian, "https://passport.yandex.ru/auth"),
            "passport.yandex.ru — Яндекс ID"
        );
    }
}
