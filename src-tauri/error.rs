//! The errors a person can meet, each saying what they can do next, in their language.
//!
//! The window receives `{ "kind": "...", "message": "..." }` (see [`UiError`]); the command line
//! prints the message. Neither ever carries a secret: variants hold logins, paths and Yandex's
//! error codes, never tokens, codes or client secrets.

use serde::Serialize;

use crate::accounts::StoreError;
use crate::clipboard::ClipboardError;
use crate::http::HttpError;
use crate::i18n::Language;
use crate::oauth::OAuthError;
use crate::proxy::ProxyProblem;
use crate::secrets::KeychainError;
use crate::yandex::InfoError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error("cannot write {path}: {source}")]
    Storage {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the account index {path}: {reason}")]
    IndexDamaged { path: String, reason: String },
    #[error("not a ClientID: {value:?}")]
    InvalidClientId { value: String },
    #[error("an app with this ClientID is already added ({name})")]
    AppExists { name: String },
    #[error("no such app")]
    AppNotFound,
    #[error("app {name} is used by {logins:?}")]
    AppInUse { name: String, logins: Vec<String> },
    #[error("no such account")]
    AccountNotFound,
    #[error("the account's token is missing from the keychain")]
    TokenMissing,
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
    /// A stable name the window can switch on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Keychain(KeychainError::Unavailable(_)) => "keychain_unavailable",
            Error::Keychain(KeychainError::Locked(_)) => "keychain_locked",
            Error::Keychain(KeychainError::Timeout(_)) => "keychain_timeout",
            Error::Keychain(KeychainError::Failed(_)) => "keychain_failed",
            Error::Storage { .. } => "storage",
            Error::IndexDamaged { .. } => "index_damaged",
            Error::InvalidClientId { .. } => "invalid_client_id",
            Error::AppExists { .. } => "app_exists",
            Error::AppNotFound => "app_not_found",
            Error::AppInUse { .. } => "app_in_use",
            Error::AccountNotFound => "account_not_found",
            Error::TokenMissing => "token_missing",
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
            Error::NothingPending => "nothing_pending",
            Error::Clipboard(ClipboardError::Empty) => "clipboard_empty",
            Error::Clipboard(ClipboardError::Unavailable(_)) => "clipboard_unavailable",
            Error::WindowFailed { .. } => "window_failed",
            Error::RevokeNeedsSecret { .. } => "revoke_needs_secret",
            Error::NotRevocable => "not_revocable",
            Error::RevokeOtherApp => "revoke_other_app",
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
            Error::InvalidProxy { .. } => "invalid_proxy",
            Error::ProxyNotForWindow { .. } => "proxy_not_for_window",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Error::Storage { path, .. } | Error::IndexDamaged { path, .. } => {
                vec![("path", path.clone())]
            }
            Error::InvalidClientId { value }
            | Error::InvalidLogin { value }
            | Error::InvalidRedirectUri { value } => {
                vec![("value", value.clone())]
            }
            Error::AppExists { name } => vec![("name", name.clone())],
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
            Error::AppInUse { name, logins } => {
                vec![("name", name.clone()), ("logins", logins.join(", "))]
            }
            Error::SignInRefused { code } | Error::OAuthRefused { code } => {
                vec![("code", code.clone())]
            }
            Error::NotAgency { login } | Error::NoActiveClient { login } => {
                vec![("login", login.clone())]
            }
            Error::ClientListRefused { code, detail } => {
                vec![("code", code.clone()), ("detail", detail.clone())]
            }
            Error::Network(HttpError::Proxy { proxy, .. }) | Error::ProxyNotForWindow { proxy } => {
                vec![("proxy", proxy.clone())]
            }
            Error::InvalidProxy { value, .. } => vec![("value", value.clone())],
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
            Error::Keychain(_)
            | Error::Storage { .. }
            | Error::IndexDamaged { .. }
            | Error::Network(HttpError::Network(_) | HttpError::Proxy { .. })
            | Error::InfoUnavailable { .. }
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

/// Which OAuth request Yandex answered: the same code means different things to each (an
/// `invalid_grant` is an expired code in a sign-in, a dead refresh token in a refresh, another
/// app's token in a revoke).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthStep {
    /// Exchanging a confirmation code (or a device code) for tokens.
    SignIn,
    Refresh,
    Revoke,
}

impl Error {
    /// Yandex OAuth's answer to `step`, as the person meets it.
    pub fn from_oauth(step: OAuthStep, error: OAuthError) -> Error {
        let code = match error {
            OAuthError::Http(http) => return Error::Network(http),
            OAuthError::Unexpected { status } => {
                return Error::OAuthRefused {
                    code: format!("HTTP {status}"),
                }
            }
            OAuthError::Refused { code, .. } => code,
        };
        match (step, code.as_str()) {
            (_, "invalid_client") => Error::WrongClientSecret,
            (_, "unauthorized_client") => Error::AppNotApproved,
            (OAuthStep::SignIn, "invalid_grant" | "bad_verification_code") => Error::CodeExpired,
            (OAuthStep::Refresh, "invalid_grant") => Error::RefreshRefused,
            (OAuthStep::Revoke, "invalid_grant") => Error::RevokeOtherApp,
            (OAuthStep::Revoke, "unsupported_token_type") => Error::NotRevocable,
            _ => Error::OAuthRefused { code },
        }
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Keychain(error) => Error::Keychain(error),
            StoreError::Storage { path, source } => Error::Storage { path, source },
            StoreError::IndexDamaged { path, reason } => Error::IndexDamaged { path, reason },
            StoreError::InvalidClientId { value } => Error::InvalidClientId { value },
            StoreError::AppExists { name } => Error::AppExists { name },
            StoreError::AppNotFound => Error::AppNotFound,
            StoreError::AppInUse { name, logins } => Error::AppInUse { name, logins },
            StoreError::AccountNotFound => Error::AccountNotFound,
            StoreError::TokenMissing => Error::TokenMissing,
        }
    }
}

impl From<InfoError> for Error {
    fn from(error: InfoError) -> Self {
        match error {
            InfoError::Rejected { .. } => Error::TokenRejected,
            InfoError::Http(http) => Error::Network(http),
            other => Error::InfoUnavailable {
                detail: other.to_string(),
            },
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
mod tests {
    use super::*;

    fn all_errors() -> Vec<Error> {
        vec![
            Error::Keychain(KeychainError::Unavailable("no bus".into())),
            Error::Keychain(KeychainError::Locked("locked".into())),
            Error::Keychain(KeychainError::Timeout(std::time::Duration::from_secs(3))),
            Error::Keychain(KeychainError::Failed("x".into())),
            Error::Storage {
                path: "/tmp/x".into(),
                source: std::io::Error::other("disk full"),
            },
            Error::IndexDamaged {
                path: "/tmp/accounts.json".into(),
                reason: "bad json".into(),
            },
            Error::InvalidClientId {
                value: "abc".into(),
            },
            Error::AppExists {
                name: "Direct".into(),
            },
            Error::AppNotFound,
            Error::AppInUse {
                name: "Direct".into(),
                logins: vec!["a".into(), "b".into()],
            },
            Error::AccountNotFound,
            Error::TokenMissing,
            Error::SignInInProgress,
            Error::SignInCancelled,
            Error::AccessDenied,
            Error::AppNotApproved,
            Error::StateMismatch,
            Error::RedirectUnreadable,
            Error::SignInRefused { code: "x".into() },
            Error::CodeExpired,
            Error::WrongClientSecret,
            Error::SecretNeeded,
            Error::OAuthRefused { code: "x".into() },
            Error::TokenRejected,
            Error::InfoUnavailable {
                detail: "503".into(),
            },
            Error::Network(HttpError::Timeout),
            Error::Network(HttpError::Network("refused".into())),
            Error::NothingPending,
            Error::Clipboard(ClipboardError::Empty),
            Error::Clipboard(ClipboardError::Unavailable("no display".into())),
            Error::WindowFailed { detail: "x".into() },
            Error::RevokeNeedsSecret { app: "A".into() },
            Error::NotRevocable,
            Error::RevokeOtherApp,
            Error::NoRefreshToken,
            Error::RefreshNeedsSecret { app: "A".into() },
            Error::DeviceNeedsSecret { app: "A".into() },
            Error::DeviceCodeExpired,
            Error::PastedUnreadable,
            Error::LoopbackBusy { port: 8765 },
            Error::BrowserSignInTimedOut,
            Error::InvalidRedirectUri { value: "x".into() },
            Error::RefreshRefused,
            Error::UnknownAccount {
                reference: "x".into(),
            },
            Error::AmbiguousAccount {
                login: "a".into(),
                ids: vec!["1".into(), "2".into()],
            },
            Error::TokenForOtherApp {
                expected: "a".into(),
                actual: "b".into(),
            },
            Error::InvalidLogin {
                value: "a b".into(),
            },
            Error::NotAgency { login: "a".into() },
            Error::NoActiveClient { login: "a".into() },
            Error::ClientListRefused {
                code: "1000".into(),
                detail: "Server error".into(),
            },
            Error::Network(HttpError::Proxy {
                proxy: "http://127.0.0.1:9".into(),
                detail: "tcp connect error".into(),
            }),
            Error::InvalidProxy {
                value: "ftp://proxy:21".into(),
                problem: ProxyProblem::Scheme,
            },
            Error::ProxyNotForWindow {
                proxy: "https://proxy:443".into(),
            },
        ]
    }

    #[test]
    fn every_kind_has_a_message_in_both_languages() {
        for error in all_errors() {
            for language in Language::ALL {
                let key = format!("error.{}", error.kind());
                assert_ne!(language.text(&key), key, "{key} missing for {language:?}");
                let message = error.message(language);
                assert!(!message.contains('{'), "{key}: {message}");
            }
        }
    }

    #[test]
    fn proxy_errors_name_the_proxy_and_say_why_in_each_language() {
        let down = Error::Network(HttpError::Proxy {
            proxy: "http://127.0.0.1:9 (HTTPS_PROXY)".into(),
            detail: "tcp connect error".into(),
        });
        for language in Language::ALL {
            let message = down.message(language);
            assert!(
                message.contains("http://127.0.0.1:9 (HTTPS_PROXY)"),
                "{message}"
            );
        }
        let invalid = Error::InvalidProxy {
            value: "proxy:3128".into(),
            problem: ProxyProblem::Scheme,
        };
        assert!(invalid.message(Language::En).contains("http://"));
        assert!(invalid.message(Language::Ru).contains("http://"));
        assert_ne!(invalid.message(Language::En), invalid.message(Language::Ru));
    }

    #[test]
    fn app_in_use_names_the_logins() {
        let error = Error::AppInUse {
            name: "Direct".into(),
            logins: vec!["client-a".into(), "client-b".into()],
        };
        let message = error.message(Language::En);
        assert!(message.contains("client-a, client-b"), "{message}");
    }

    #[test]
    fn oauth_codes_become_actionable_errors_by_what_was_asked() {
        let refused = |code: &str| OAuthError::Refused {
            code: code.into(),
            description: None,
            status: 400,
        };
        let kind = |step, code| Error::from_oauth(step, refused(code)).kind();
        for step in [OAuthStep::SignIn, OAuthStep::Refresh, OAuthStep::Revoke] {
            assert_eq!(kind(step, "invalid_client"), "wrong_client_secret");
            assert_eq!(kind(step, "unauthorized_client"), "app_not_approved");
            assert_eq!(kind(step, "invalid_scope"), "oauth_refused");
        }
        assert_eq!(kind(OAuthStep::SignIn, "invalid_grant"), "code_expired");
        assert_eq!(
            kind(OAuthStep::SignIn, "bad_verification_code"),
            "code_expired"
        );
        assert_eq!(kind(OAuthStep::Refresh, "invalid_grant"), "refresh_refused");
        assert_eq!(kind(OAuthStep::Revoke, "invalid_grant"), "revoke_other_app");
        assert_eq!(
            kind(OAuthStep::Revoke, "unsupported_token_type"),
            "not_revocable"
        );
        assert_eq!(
            kind(OAuthStep::SignIn, "unsupported_token_type"),
            "oauth_refused"
        );
    }
}
