//! The errors a person can meet, each saying what they can do next, in their language.
//!
//! The window receives `{ "kind": "...", "message": "..." }` (see [`UiError`]); the command line
//! prints the message. Neither ever carries a secret: variants hold logins, paths and Yandex's
//! error codes, never tokens, codes or client secrets.

mod convert;

use serde::Serialize;

pub use convert::OAuthStep;

use crate::accounts::StoreError;
use crate::clipboard::ClipboardError;
use crate::http::HttpError;
use crate::i18n::Language;
use crate::proxy::ProxyProblem;
use crate::secrets::KeychainError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The accounts store, the keychain under it, or a file of the profile.
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a sign-in window is already open")]
    SignInInProgress,
    #[error("sign-in cancelled")]
    SignInCancelled,
    #[error("access denied on the Yandex page")]
    AccessDenied,
    #[error("the app is not approved or is blocked (unauthorized_client)")]
    AppNotApproved,
    #[error("the answer's state did not match the request")]
    StateMismatch,
    #[error("Yandex's redirect carried no token, code or error")]
    RedirectUnreadable,
    #[error("Yandex refused the sign-in: {code}")]
    SignInRefused { code: String },
    #[error("the confirmation code expired or was already used (invalid_grant)")]
    CodeExpired,
    #[error("Yandex rejected the app's client secret (invalid_client)")]
    WrongClientSecret,
    #[error("this app needs its client secret for the code exchange")]
    SecretNeeded,
    #[error("Yandex OAuth refused: {code}")]
    OAuthRefused { code: String },
    #[error("Yandex does not accept this token")]
    TokenRejected,
    #[error("Yandex ID could not say whose token this is: {detail}")]
    InfoUnavailable { detail: String },
    /// `/info` named an owner no real account can have (`field`: `login`, `id`, `client_id`).
    #[error("Yandex ID named an owner that cannot be a real account (its {field})")]
    ImplausibleAccount { field: String },
    #[error(transparent)]
    Network(#[from] HttpError),
    #[error("the pending sign-in is gone")]
    NothingPending,
    #[error(transparent)]
    Clipboard(#[from] ClipboardError),
    #[error("could not open a window: {detail}")]
    WindowFailed { detail: String },
    #[error("revoking needs the app's client secret ({app})")]
    RevokeNeedsSecret { app: String },
    #[error("Yandex cannot revoke this token: it was issued without a device id (unsupported_token_type)")]
    NotRevocable,
    #[error("the token belongs to another app (invalid_grant)")]
    RevokeOtherApp,
    /// Yandex accepted the revoke, but `/info` still accepts the token: nothing was removed.
    #[error("Yandex accepted the revocation of {login}'s token, but the token still works")]
    RevokeStillAlive { login: String },
    /// Yandex accepted the revoke, but `/info` could not be asked: nothing was removed.
    #[error("Yandex ID could not confirm that {login}'s token is dead: {detail}")]
    RevokeUnconfirmed { login: String, detail: String },
    #[error("this account has no refresh token")]
    NoRefreshToken,
    #[error("refreshing needs the app's client secret ({app})")]
    RefreshNeedsSecret { app: String },
    #[error("signing in with a code needs the client secret of {app}")]
    DeviceNeedsSecret { app: String },
    #[error("the sign-in code expired or is no longer valid")]
    DeviceCodeExpired,
    #[error("the pasted text is neither a confirmation code nor an address with an answer")]
    PastedUnreadable,
    #[error("port {port} of the app's Redirect URI is in use")]
    LoopbackBusy { port: u16 },
    #[error("no answer came from the browser in time")]
    BrowserSignInTimedOut,
    #[error("not a loopback Redirect URI: {value:?}")]
    InvalidRedirectUri { value: String },
    #[error("Yandex refused the refresh token (invalid_grant)")]
    RefreshRefused,
    #[error("no account matches {reference:?}")]
    UnknownAccount { reference: String },
    #[error("more than one account has the login {login}")]
    AmbiguousAccount { login: String, ids: Vec<String> },
    #[error("the token was issued to app {actual}, not {expected}")]
    TokenForOtherApp { expected: String, actual: String },
    #[error("{login} is not an agency representative (Direct error 54 on AgencyClients.get)")]
    NotAgency { login: String },
    #[error("not a Direct login: {value:?}")]
    InvalidLogin { value: String },
    #[error("{login} has no active client to act for")]
    NoActiveClient { login: String },
    #[error("Direct refused the agency's client list: {code} {detail}")]
    ClientListRefused { code: String, detail: String },
    #[error("Direct's client list stopped moving on at client {offset}")]
    ClientListStuck { offset: u64 },
    #[error("Direct's client list went on for {pages} pages and {clients} clients")]
    ClientListEndless { pages: u64, clients: usize },
    /// `value` has any password masked.
    #[error("the proxy {value:?} cannot be used: {problem:?}")]
    InvalidProxy {
        value: String,
        problem: ProxyProblem,
    },
    #[error("the login window cannot use the proxy {proxy}")]
    ProxyNotForWindow { proxy: String },
}

impl Error {
    /// A file of the profile that could not be read or written.
    pub fn storage(path: &std::path::Path, source: std::io::Error) -> Error {
        Error::Store(StoreError::Storage {
            path: path.display().to_string(),
            source,
        })
    }

    /// A stable name the window can switch on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Store(StoreError::Keychain(keychain)) => match keychain {
                KeychainError::Unavailable(_) => "keychain_unavailable",
                KeychainError::Locked(_) => "keychain_locked",
                KeychainError::Timeout(_) => "keychain_timeout",
                KeychainError::Failed(_) => "keychain_failed",
            },
            Error::Store(StoreError::Storage { .. }) => "storage",
            Error::Store(StoreError::IndexDamaged { .. }) => "index_damaged",
            Error::Store(StoreError::InvalidClientId { .. }) => "invalid_client_id",
            Error::Store(StoreError::AppExists { .. }) => "app_exists",
            Error::Store(StoreError::AppNotFound) => "app_not_found",
            Error::Store(StoreError::AppInUse { .. }) => "app_in_use",
            Error::Store(StoreError::AccountNotFound) => "account_not_found",
            Error::Store(StoreError::TokenMissing) => "token_missing",
            Error::Store(StoreError::IndexBusy { .. }) => "index_busy",
            Error::Store(StoreError::AccountBusy { .. }) => "account_busy",
            Error::SignInInProgress => "sign_in_in_progress",
            Error::SignInCancelled => "sign_in_cancelled",
            Error::AccessDenied => "access_denied",
            Error::AppNotApproved => "app_not_approved",
            Error::StateMismatch => "state_mismatch",
            Error::RedirectUnreadable => "redirect_unreadable",
            Error::SignInRefused { .. } => "sign_in_refused",
            Error::CodeExpired => "code_expired",
            Error::WrongClientSecret => "wrong_client_secret",
            Error::SecretNeeded => "secret_needed",
            Error::OAuthRefused { .. } => "oauth_refused",
            Error::TokenRejected => "token_rejected",
            Error::InfoUnavailable { .. } => "info_unavailable",
            Error::Network(HttpError::Timeout) => "timeout",
            Error::Network(HttpError::Network(_)) => "network",
            Error::Network(HttpError::Proxy { .. }) => "proxy_unreachable",
            Error::Network(HttpError::TooLarge { .. }) => "answer_too_large",
            Error::ImplausibleAccount { .. } => "implausible_account",
            Error::NothingPending => "nothing_pending",
            Error::Clipboard(ClipboardError::Empty) => "clipboard_empty",
            Error::Clipboard(ClipboardError::Unavailable(_)) => "clipboard_unavailable",
            Error::WindowFailed { .. } => "window_failed",
            Error::RevokeNeedsSecret { .. } => "revoke_needs_secret",
            Error::NotRevocable => "not_revocable",
            Error::RevokeOtherApp => "revoke_other_app",
            Error::RevokeStillAlive { .. } => "revoke_still_alive",
            Error::RevokeUnconfirmed { .. } => "revoke_unconfirmed",
            Error::NoRefreshToken => "no_refresh_token",
            Error::RefreshNeedsSecret { .. } => "refresh_needs_secret",
            Error::DeviceNeedsSecret { .. } => "device_needs_secret",
            Error::DeviceCodeExpired => "device_code_expired",
            Error::PastedUnreadable => "pasted_unreadable",
            Error::LoopbackBusy { .. } => "loopback_busy",
            Error::BrowserSignInTimedOut => "browser_timed_out",
            Error::InvalidRedirectUri { .. } => "invalid_redirect_uri",
            Error::RefreshRefused => "refresh_refused",
            Error::UnknownAccount { .. } => "unknown_account",
            Error::AmbiguousAccount { .. } => "ambiguous_account",
            Error::TokenForOtherApp { .. } => "token_for_other_app",
            Error::InvalidLogin { .. } => "invalid_login",
            Error::NotAgency { .. } => "not_agency",
            Error::NoActiveClient { .. } => "no_active_client",
            Error::ClientListRefused { .. } => "client_list_refused",
            Error::ClientListStuck { .. } => "client_list_stuck",
            Error::ClientListEndless { .. } => "client_list_endless",
            Error::InvalidProxy { .. } => "invalid_proxy",
            Error::ProxyNotForWindow { .. } => "proxy_not_for_window",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Error::Store(
                StoreError::Storage { path, .. }
                | StoreError::IndexDamaged { path, .. }
                | StoreError::IndexBusy { path },
            ) => {
                vec![("path", path.clone())]
            }
            Error::Store(StoreError::InvalidClientId { value })
            | Error::InvalidLogin { value }
            | Error::InvalidRedirectUri { value } => {
                vec![("value", value.clone())]
            }
            Error::Store(StoreError::AppExists { name }) => vec![("name", name.clone())],
            Error::RevokeNeedsSecret { app }
            | Error::RefreshNeedsSecret { app }
            | Error::DeviceNeedsSecret { app } => {
                vec![("app", app.clone())]
            }
            Error::UnknownAccount { reference } => vec![("reference", reference.clone())],
            Error::LoopbackBusy { port } => vec![("port", port.to_string())],
            Error::AmbiguousAccount { login, ids } => {
                vec![("login", login.clone()), ("ids", ids.join(", "))]
            }
            Error::TokenForOtherApp { expected, actual } => {
                vec![("expected", expected.clone()), ("actual", actual.clone())]
            }
            Error::Store(StoreError::AppInUse { name, logins }) => {
                vec![("name", name.clone()), ("logins", logins.join(", "))]
            }
            Error::SignInRefused { code } | Error::OAuthRefused { code } => {
                vec![("code", code.clone())]
            }
            Error::NotAgency { login }
            | Error::NoActiveClient { login }
            | Error::Store(StoreError::AccountBusy { login })
            | Error::RevokeStillAlive { login }
            | Error::RevokeUnconfirmed { login, .. } => {
                vec![("login", login.clone())]
            }
            Error::ClientListRefused { code, detail } => {
                vec![("code", code.clone()), ("detail", detail.clone())]
            }
            Error::Network(HttpError::Proxy { proxy, .. }) | Error::ProxyNotForWindow { proxy } => {
                vec![("proxy", proxy.clone())]
            }
            Error::InvalidProxy { value, .. } => vec![("value", value.clone())],
            Error::Network(HttpError::TooLarge { cap }) => {
                vec![("limit", crate::limits::size(*cap))]
            }
            Error::ImplausibleAccount { field } => vec![("field", field.clone())],
            Error::ClientListStuck { offset } => vec![("offset", offset.to_string())],
            Error::ClientListEndless { pages, clients } => {
                vec![
                    ("pages", pages.to_string()),
                    ("clients", clients.to_string()),
                ]
            }
            _ => Vec::new(),
        }
    }

    /// What happened and what to do, in `language`, with the technical detail where it helps.
    pub fn message(&self, language: Language) -> String {
        let key = format!("error.{}", self.kind());
        let mut args = self.args();
        if let Error::InvalidProxy { problem, .. } = self {
            args.push(("reason", language.text(problem.key()).to_string()));
        }
        let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let text = language.format(&key, &borrowed);
        match self {
            Error::Store(
                StoreError::Keychain(_)
                | StoreError::Storage { .. }
                | StoreError::IndexDamaged { .. },
            )
            | Error::Network(HttpError::Network(_) | HttpError::Proxy { .. })
            | Error::InfoUnavailable { .. }
            | Error::RevokeUnconfirmed { .. }
            | Error::Clipboard(ClipboardError::Unavailable(_))
            | Error::WindowFailed { .. } => format!("{text} ({self})"),
            _ => text,
        }
    }

    pub fn for_ui(&self, language: Language) -> UiError {
        UiError {
            kind: self.kind(),
            message: self.message(language),
        }
    }
}

/// An error as the window receives it.
#[derive(Debug, Clone, Serialize)]
pub struct UiError {
    pub kind: &'static str,
    pub message: String,
}

#[cfg(test)]
mod tests;
