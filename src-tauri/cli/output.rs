//! What the command line prints for scripts: the `--json` shapes, each a struct serialised by
//! serde, so the contract is written down once and never carries a token. Field names are
//! snake_case, as the README documents them.

use serde::Serialize;

use crate::accounts::{Account, Role};
use crate::app::rfc3339;
use crate::checkup::{Api, Status};
use crate::domain::views::{AccountTest, AppView, ClientsView};

/// An account as `list --json` and `login --json` print it.
#[derive(Serialize)]
pub struct AccountJson<'a> {
    pub id: &'a str,
    pub login: &'a str,
    pub uid: &'a str,
    pub display_name: &'a str,
    pub client_id: &'a str,
    pub role: Option<Role>,
    pub expires_at: Option<String>,
    /// Whether Yandex can revoke the token (issued with a device id); `null` when unknown.
    pub revocable: Option<bool>,
    pub has_refresh_token: bool,
    pub needs_sign_in: bool,
    pub last_test: Option<LastTestJson>,
    pub label: &'a str,
    pub direct: Option<DirectJson<'a>>,
    pub active_client: Option<&'a str>,
}

#[derive(Serialize)]
pub struct LastTestJson {
    pub status: Status,
    pub checked_at: String,
}

/// Whom the token acts for in Direct.
#[derive(Serialize)]
pub struct DirectJson<'a> {
    pub login: &'a str,
    pub name: &'a str,
    pub agency: bool,
}

impl<'a> From<&'a Account> for AccountJson<'a> {
    fn from(a: &'a Account) -> Self {
        AccountJson {
            id: &a.id,
            login: &a.login,
            uid: &a.uid,
            display_name: &a.display_name,
            client_id: &a.client_id,
            role: a.role,
            expires_at: a.expires_at.map(rfc3339),
            revocable: a.device_bound,
            has_refresh_token: a.has_refresh_token,
            needs_sign_in: a.needs_sign_in,
            last_test: a.last_check.as_ref().map(|c| LastTestJson {
                status: c.status,
                checked_at: rfc3339(c.checked_at),
            }),
            label: &a.label,
            direct: a.direct.as_ref().map(|d| DirectJson {
                login: &d.login,
                name: &d.name,
                agency: d.agency,
            }),
            active_client: a.active_client.as_deref(),
        }
    }
}

/// An app as `app list --json` prints it.
#[derive(Serialize)]
pub struct AppJson<'a> {
    pub client_id: &'a str,
    pub name: &'a str,
    pub host: crate::accounts::OAuthHost,
    pub scopes: &'a [String],
    pub flow: crate::oauth::Flow,
    pub has_secret: bool,
    /// Logins of the accounts signed in through it.
    pub accounts: &'a [String],
}

impl<'a> From<&'a AppView> for AppJson<'a> {
    fn from(v: &'a AppView) -> Self {
        AppJson {
            client_id: &v.app.client_id,
            name: &v.app.name,
            host: v.app.host,
            scopes: &v.app.scopes,
            flow: v.app.flow,
            has_secret: v.app.has_secret,
            accounts: &v.used_by,
        }
    }
}

/// One test as `test --json` prints it.
#[derive(Serialize)]
pub struct TestJson<'a> {
    pub id: &'a str,
    pub login: Option<&'a str>,
    pub status: Status,
    pub checks: Vec<CheckJson<'a>>,
}

/// One API's check in a test.
#[derive(Serialize)]
pub struct CheckJson<'a> {
    pub api: Api,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'a str>,
    /// The client a check made for an agency's client was for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<&'a str>,
    pub message: &'a str,
}

impl<'a> TestJson<'a> {
    pub fn new(id: &'a str, login: Option<&'a str>, result: &'a AccountTest) -> Self {
        TestJson {
            id,
            login,
            status: result.status,
            checks: result
                .checks
                .iter()
                .map(|c| CheckJson {
                    api: c.check.api,
                    status: c.check.status,
                    code: c.check.code.as_deref(),
                    client: c.check.client.as_deref(),
                    message: &c.message,
                })
                .collect(),
        }
    }
}

/// An agency's client as `clients --json` prints it.
#[derive(Serialize)]
pub struct ClientJson<'a> {
    pub login: &'a str,
    pub name: &'a str,
    pub client_id: Option<u64>,
    pub archived: bool,
    /// Whether the agency account acts for this client now.
    pub active: bool,
    pub last_test: Option<LastTestJson>,
}

impl<'a> ClientJson<'a> {
    pub fn all(view: &'a ClientsView) -> Vec<Self> {
        view.clients
            .iter()
            .map(|c| ClientJson {
                login: &c.login,
                name: &c.name,
                client_id: c.client_id,
                archived: c.archived,
                active: view.active_client.as_deref() == Some(c.login.as_str()),
                last_test: c.last_test.as_ref().map(|t| LastTestJson {
                    status: t.status,
                    checked_at: t.checked_at.clone(),
                }),
            })
            .collect()
    }
}

/// Text as a terminal may show it: control characters (escape sequences, bells, carriage
/// returns, in names and error texts that come from Yandex) written out as `\u{1b}` instead of
/// being acted on. Line breaks and tabs stay: they only move the cursor on, and messages of
/// several lines use them. JSON output needs none of this: serde escapes them.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let acts = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(acts) {
        return std::borrow::Cow::Borrowed(text);
    }
    let escaped = text.chars().map(|c| {
        if acts(c) {
            c.escape_unicode().to_string()
        } else {
            c.to_string()
        }
    });
    std::borrow::Cow::Owned(escaped.collect())
}

/// `println!` for a line of text meant for a person: see [`terminal_safe`].
macro_rules! show {
    ($($arg:tt)*) => {
        println!("{}", $crate::cli::output::terminal_safe(&format!($($arg)*)))
    };
}

/// `eprintln!` for a message meant for a person: see [`terminal_safe`].
macro_rules! tell {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::cli::output::terminal_safe(&format!($($arg)*)))
    };
}

pub(crate) use {show, tell};

/// Prints `value` as indented JSON.
pub fn print_json(value: &impl Serialize) {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "[]".into());
    println!("{text}");
}
