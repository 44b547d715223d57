//! What a test of a token found, as it is kept with its account: a verdict (valid, invalid,
//! no access, error) and one line per API behind it. Running a test is `checkup.rs`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::DirectIdentity;
use crate::i18n::Language;
use crate::limits::{clip, CODE_CHARS, MESSAGE_CHARS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Valid,
    /// Dead: revoked, expired, password changed.
    Invalid,
    /// Alive, but not usable there.
    NoAccess,
    /// Could not tell: network, timeout, 5xx, quota.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Api {
    Identity,
    Direct,
    Metrika,
    Courier,
}

/// One API's answer. `code` is Yandex's (a Direct error code, a Metrica `error_type`, an HTTP
/// status); `detail` is Yandex's wording, the login, or the points left. Never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub api: Api,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The agency's client this Direct check acted for (`Client-Login`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// Made in an agency's name: its client list, or an agency representative's own login.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub agency: bool,
}

impl Check {
    pub(crate) fn new(api: Api, status: Status) -> Self {
        Self {
            api,
            status,
            code: None,
            detail: None,
            client: None,
            agency: false,
        }
    }

    /// Yandex's code, cut to [`CODE_CHARS`]: whatever an answer held, a check stays small.
    pub(crate) fn code(mut self, code: impl ToString) -> Self {
        self.code = Some(clip(code.to_string(), CODE_CHARS));
        self
    }

    /// Yandex's wording, cut to [`MESSAGE_CHARS`].
    pub(crate) fn detail(mut self, detail: impl Into<String>) -> Self {
        let detail = clip(detail, MESSAGE_CHARS);
        self.detail = (!detail.is_empty()).then_some(detail);
        self
    }

    /// What the check found and what to do next, in `language`: the most specific message
    /// there is, for this client or this agency first, then for this code, then the status.
    pub fn message(&self, language: Language) -> String {
        let api = match self.api {
            Api::Identity => "identity",
            Api::Direct => "direct",
            Api::Metrika => "metrika",
            Api::Courier => "courier",
        };
        let status = status_name(self.status);
        let code = self.code.as_deref().unwrap_or_default();
        let detail = self.detail.as_deref().unwrap_or_default();
        let client = self.client.as_deref().unwrap_or_default();
        let numeric = !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit());
        let valid_key = if detail.is_empty() {
            "valid"
        } else {
            "valid_units"
        };
        let mut keys = Vec::new();
        if self.client.is_some() {
            keys.push(format!("check.{api}.client.{code}"));
            if self.status == Status::Valid {
                keys.push(format!("check.{api}.client.{valid_key}"));
            }
        }
        if self.agency {
            keys.push(format!("check.{api}.agency.{code}"));
            if self.status == Status::Valid {
                keys.push(format!("check.{api}.agency.{valid_key}"));
            }
        }
        if !code.is_empty() {
            keys.push(format!("check.{api}.{code}"));
        }
        if self.api == Api::Direct && self.status == Status::Error && numeric {
            keys.push("check.direct.busy".into());
        }
        if self.api == Api::Direct && self.status == Status::Valid {
            keys.push(format!("check.direct.{valid_key}"));
        }
        let fallback = format!("check.{api}.{status}");
        let key = keys
            .into_iter()
            .find(|key| language.text(key) != key)
            .unwrap_or(fallback);
        language.format(
            &key,
            &[("code", code), ("detail", detail), ("client", client)],
        )
    }
}

pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Valid => "valid",
        Status::Invalid => "invalid",
        Status::NoAccess => "no_access",
        Status::Error => "error",
    }
}

/// One test of one token: the verdict and the line per API behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkup {
    pub status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub checked_at: OffsetDateTime,
    pub checks: Vec<Check>,
    /// Whom the token acts for in Direct, when `Clients.get` said (kept on the account, not
    /// with the test).
    #[serde(skip)]
    pub direct: Option<DirectIdentity>,
}

/// Dead beats everything; then "could not tell"; then "not usable somewhere".
pub fn verdict(checks: &[Check]) -> Status {
    [Status::Invalid, Status::Error, Status::NoAccess]
        .into_iter()
        .find(|s| checks.iter().any(|c| c.status == *s))
        .unwrap_or(Status::Valid)
}
