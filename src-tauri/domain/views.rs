//! What the verbs hand to the window and the command line, in one place. Every type is
//! serialised in snake_case across the IPC boundary (its Rust field names, like the stored
//! types it wraps), and none carries a secret.

use serde::{Deserialize, Serialize};

use crate::accounts::{Account, App, OAuthHost};
use crate::checkup;
use crate::i18n::Language;
use crate::oauth::Flow;

/// One finished test in "test all", as the window is told about it.
#[derive(Debug, Clone, Serialize)]
pub struct TestProgress {
    pub done: usize,
    pub total: usize,
    pub id: String,
    pub result: AccountTest,
}

/// A test's verdict with a translated line per check.
#[derive(Debug, Clone, Serialize)]
pub struct AccountTest {
    pub status: checkup::Status,
    pub checked_at: String,
    pub checks: Vec<CheckLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckLine {
    #[serde(flatten)]
    pub check: checkup::Check,
    pub message: String,
}

/// What Copy put on the clipboard, and when it will be cleared.
#[derive(Debug, Clone, Serialize)]
pub struct CopyReceipt {
    /// Seconds until the clipboard is cleared (if still ours); `None` never.
    pub clears_in: Option<u32>,
}

/// What Revoke did: the token of `login` is dead (Yandex ID confirmed it) and the account gone.
#[derive(Debug, Clone, Serialize)]
pub struct RevokeOutcome {
    pub login: String,
}

/// What the window needs to know about this installation. No secrets.
#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub profile: Option<String>,
    /// The language in use.
    pub language: Language,
    /// The language picked in the window, or `None` when following the system.
    pub chosen_language: Option<Language>,
    pub system_language: Language,
    /// The Redirect URI to register for a Yandex app.
    pub redirect_uri: String,
    /// Yandex's page for registering a new app.
    pub create_app_url: String,
    pub keychain_service: String,
    pub keychain_kind: &'static str,
    pub data_dir: String,
    pub clipboard_clear_seconds: u32,
    /// The proxy setting (`scheme://host:port`), or `None`.
    pub proxy: Option<String>,
    /// The environment's proxy for Yandex, used while there is no setting: `http://host:port
    /// (HTTPS_PROXY)`. Never a password.
    pub environment_proxy: Option<String>,
    /// The numbers the window shares with Rust, so they are written once.
    pub limits: Limits,
}

/// Numbers both Rust and the window use.
#[derive(Debug, Clone, Serialize)]
pub struct Limits {
    /// [`TESTS_AT_ONCE`](crate::domain::testing::TESTS_AT_ONCE): accounts "test all" has in
    /// progress at once.
    pub tests_at_once: usize,
    /// [`REQUESTS_PER_HOST`](crate::http::REQUESTS_PER_HOST): the most requests in flight to
    /// one Yandex host, whatever the app does.
    pub requests_per_host: usize,
    /// [`REFRESH_WITHIN_DAYS`](crate::domain::tokens::REFRESH_WITHIN_DAYS): the window marks these accounts as expiring soon.
    pub refresh_within_days: i64,
}

/// An app as the window shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AppView {
    #[serde(flatten)]
    pub app: App,
    /// Logins of the accounts signed in through this app.
    pub used_by: Vec<String>,
}

/// An account as the window shows it: metadata and a masked token, never the token.
#[derive(Debug, Clone, Serialize)]
pub struct AccountView {
    #[serde(flatten)]
    pub account: Account,
    pub app_name: Option<String>,
    /// `y0_AgA…x9Qk` when already known; the window asks for the rest (`masked_tokens`).
    pub masked_token: Option<String>,
    /// The last test, with its lines in the window's language.
    pub last_test: Option<AccountTest>,
}

/// An agency account's clients as the window shows them.
#[derive(Debug, Clone, Serialize)]
pub struct ClientsView {
    /// When Direct last listed them; `None` when never.
    pub fetched_at: Option<String>,
    pub clients: Vec<ClientView>,
    pub active_client: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientView {
    pub login: String,
    pub name: String,
    pub client_id: Option<u64>,
    pub archived: bool,
    pub last_test: Option<AccountTest>,
}

/// The app form as the window sends it. The client secret is not in it: it is pasted into
/// Rust from the clipboard (`stage_client_secret`) and used from there.
#[derive(Debug, Clone, Deserialize)]
pub struct AppForm {
    pub client_id: String,
    pub name: String,
    pub host: OAuthHost,
    pub scopes: Vec<String>,
    pub flow: Flow,
    /// `keep` (or use the staged one, when adding), `staged`, or `remove`.
    pub secret: SecretAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretAction {
    Keep,
    Staged,
    Remove,
}
