//! Testing a token, honestly: `/info` for identity, then each API the token's rights cover,
//! each classified into valid, invalid (dead), no access (alive but not usable there) or error
//! (could not tell). A checkup only reads: it never changes or deletes a token.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::config::Endpoints;
use crate::i18n::Language;
use crate::secrets::Secret;
use crate::yandex::direct::{self, DirectAnswer};
use crate::yandex::metrika::{self, MetrikaAnswer};
use crate::yandex::{courier, user_info, HttpError, InfoError};

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
}

impl Check {
    fn new(api: Api, status: Status) -> Self {
        Self {
            api,
            status,
            code: None,
            detail: None,
        }
    }

    fn code(mut self, code: impl ToString) -> Self {
        self.code = Some(code.to_string());
        self
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        self.detail = (!detail.is_empty()).then_some(detail);
        self
    }

    /// What the check found and what to do next, in `language`.
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
        let by_code = format!("check.{api}.{code}");
        let numeric = !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit());
        let key = if !code.is_empty() && language.text(&by_code) != by_code {
            by_code
        } else if self.api == Api::Direct && self.status == Status::Error && numeric {
            "check.direct.busy".to_string()
        } else if self.api == Api::Direct && self.status == Status::Valid && !detail.is_empty() {
            "check.direct.valid_units".to_string()
        } else {
            format!("check.{api}.{status}")
        };
        language.format(&key, &[("code", code), ("detail", detail)])
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
}

/// Dead beats everything; then "could not tell"; then "not usable somewhere".
pub fn verdict(checks: &[Check]) -> Status {
    [Status::Invalid, Status::Error, Status::NoAccess]
        .into_iter()
        .find(|s| checks.iter().any(|c| c.status == *s))
        .unwrap_or(Status::Valid)
}

/// Which APIs a token with these rights can be tested against, besides identity.
pub fn apis_for(scopes: &[String]) -> Vec<Api> {
    let has = |p: &dyn Fn(&str) -> bool| scopes.iter().any(|s| p(s));
    let mut apis = Vec::new();
    if has(&|s| s == "direct:api") {
        apis.push(Api::Direct);
    }
    if has(&|s| s.starts_with("metrika:")) {
        apis.push(Api::Metrika);
    }
    if has(&|s| s == "courier:logistician") {
        apis.push(Api::Courier);
    }
    apis
}

/// Runs the checkup. `client_login` is sent to Direct as `Client-Login` (an agency's client).
pub async fn run(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    token: &Secret,
    apis: &[Api],
    client_login: Option<&str>,
    language: Language,
) -> Checkup {
    let mut checks = vec![identity(http, endpoints, token).await];
    if checks[0].status != Status::Invalid {
        for api in apis {
            checks.push(match api {
                Api::Direct => direct_check(http, endpoints, token, client_login, language).await,
                Api::Metrika => metrika_check(http, endpoints, token).await,
                Api::Courier => courier_check(http, endpoints, token).await,
                Api::Identity => continue,
            });
        }
    }
    Checkup {
        status: verdict(&checks),
        checked_at: OffsetDateTime::now_utc(),
        checks,
    }
}

fn unreachable(api: Api, error: HttpError) -> Check {
    let code = match error {
        HttpError::Timeout => "timeout",
        HttpError::Network(_) => "network",
    };
    Check::new(api, Status::Error)
        .code(code)
        .detail(error.to_string())
}

async fn identity(http: &reqwest::Client, endpoints: &Endpoints, token: &Secret) -> Check {
    match user_info(http, endpoints, token).await {
        Ok(info) => Check::new(Api::Identity, Status::Valid).detail(info.login),
        Err(InfoError::Rejected { status }) => {
            Check::new(Api::Identity, Status::Invalid).code(status)
        }
        Err(InfoError::Http(error)) => unreachable(Api::Identity, error),
        Err(InfoError::Unavailable { status } | InfoError::Unexpected { status }) => {
            Check::new(Api::Identity, Status::Error)
                .code(status)
                .detail(format!("HTTP {status}"))
        }
    }
}

/// Direct error codes: what each says about the token (see the fact sheet, §9a).
pub fn direct_status(code: i64) -> Status {
    match code {
        53 => Status::Invalid,
        54 | 58 | 513 | 3000 | 3001 => Status::NoAccess,
        _ => Status::Error,
    }
}

async fn direct_check(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    token: &Secret,
    client_login: Option<&str>,
    language: Language,
) -> Check {
    let answer = match direct::clients_get(http, endpoints, token, client_login, language).await {
        Ok(answer) => answer,
        Err(error) => return unreachable(Api::Direct, error),
    };
    let units = |units: Option<direct::Units>| {
        units
            .map(|u| format!("{}/{}", u.remaining, u.limit))
            .unwrap_or_default()
    };
    match answer {
        DirectAnswer::Clients { units: u, .. } => {
            Check::new(Api::Direct, Status::Valid).detail(units(u))
        }
        DirectAnswer::Error { code, text, .. } => Check::new(Api::Direct, direct_status(code))
            .code(code)
            .detail(text),
        DirectAnswer::Unreadable { status } => Check::new(Api::Direct, Status::Error)
            .code(format!("http-{status}"))
            .detail(format!("HTTP {status}")),
    }
}

/// Metrica: by `error_type` first, the HTTP status only when there is none.
pub fn metrika_status(status: u16, error_type: Option<&str>) -> Status {
    match error_type {
        Some("invalid_token" | "unauthorized") => Status::Invalid,
        Some("access_denied") => Status::NoAccess,
        Some(t) if t.starts_with("quota_") || t == "backend_error" => Status::Error,
        _ => match status {
            401 => Status::Invalid,
            403 => Status::NoAccess,
            _ => Status::Error,
        },
    }
}

async fn metrika_check(http: &reqwest::Client, endpoints: &Endpoints, token: &Secret) -> Check {
    match metrika::counters(http, endpoints, token).await {
        Ok(MetrikaAnswer::Counters { rows }) => {
            Check::new(Api::Metrika, Status::Valid).detail(rows.to_string())
        }
        Ok(MetrikaAnswer::Error {
            status,
            error_type,
            message,
        }) => Check::new(Api::Metrika, metrika_status(status, error_type.as_deref()))
            .code(error_type.unwrap_or_else(|| format!("http-{status}")))
            .detail(if message.is_empty() {
                format!("HTTP {status}")
            } else {
                message
            }),
        Err(error) => unreachable(Api::Metrika, error),
    }
}

async fn courier_check(http: &reqwest::Client, endpoints: &Endpoints, token: &Secret) -> Check {
    match courier::test(http, endpoints, token).await {
        Ok(200) => Check::new(Api::Courier, Status::Valid),
        Ok(401) => Check::new(Api::Courier, Status::Invalid).code(401),
        Ok(403) => Check::new(Api::Courier, Status::NoAccess).code(403),
        Ok(status) => Check::new(Api::Courier, Status::Error)
            .code(format!("http-{status}"))
            .detail(format!("HTTP {status}")),
        Err(error) => unreachable(Api::Courier, error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(status: Status) -> Check {
        Check::new(Api::Direct, status)
    }

    #[test]
    fn the_verdict_puts_dead_first_then_unknown_then_no_access() {
        use Status::*;
        assert_eq!(verdict(&[check(Valid)]), Valid);
        assert_eq!(verdict(&[check(Valid), check(NoAccess)]), NoAccess);
        assert_eq!(verdict(&[check(NoAccess), check(Error)]), Error);
        assert_eq!(
            verdict(&[check(Error), check(Invalid), check(Valid)]),
            Invalid
        );
    }

    #[test]
    fn direct_codes_are_classified() {
        assert_eq!(direct_status(53), Status::Invalid);
        for code in [54, 58, 513] {
            assert_eq!(direct_status(code), Status::NoAccess, "{code}");
        }
        for code in [52, 152, 506, 1000, 1001, 1002, 8000] {
            assert_eq!(direct_status(code), Status::Error, "{code}");
        }
    }

    #[test]
    fn metrika_is_classified_by_error_type_not_status() {
        assert_eq!(metrika_status(403, Some("invalid_token")), Status::Invalid);
        assert_eq!(metrika_status(401, Some("unauthorized")), Status::Invalid);
        assert_eq!(metrika_status(403, Some("access_denied")), Status::NoAccess);
        assert_eq!(
            metrika_status(429, Some("quota_requests_by_uid")),
            Status::Error
        );
        assert_eq!(metrika_status(401, None), Status::Invalid);
        assert_eq!(metrika_status(503, None), Status::Error);
    }

    #[test]
    fn apis_follow_the_rights() {
        let scopes = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            apis_for(&scopes(&[
                "login:info",
                "direct:api",
                "metrika:read",
                "courier:logistician"
            ])),
            vec![Api::Direct, Api::Metrika, Api::Courier]
        );
        assert_eq!(apis_for(&scopes(&["metrika:write"])), vec![Api::Metrika]);
        assert!(apis_for(&scopes(&["login:info"])).is_empty());
    }

    #[test]
    fn every_message_is_translated_and_filled() {
        let cases = [
            Check::new(Api::Identity, Status::Valid).detail("adv"),
            Check::new(Api::Identity, Status::Invalid).code(401),
            Check::new(Api::Identity, Status::Error)
                .code("timeout")
                .detail("t"),
            Check::new(Api::Direct, Status::Valid),
            Check::new(Api::Direct, Status::Valid).detail("63990/64000"),
            Check::new(Api::Direct, Status::Invalid).code(53),
            Check::new(Api::Direct, Status::NoAccess).code(513),
            Check::new(Api::Direct, Status::NoAccess).code(58),
            Check::new(Api::Direct, Status::NoAccess).code(54),
            Check::new(Api::Direct, Status::NoAccess)
                .code(3000)
                .detail("No API access"),
            Check::new(Api::Direct, Status::Error)
                .code(152)
                .detail("Not enough units"),
            Check::new(Api::Direct, Status::Error)
                .code("timeout")
                .detail("t"),
            Check::new(Api::Metrika, Status::Valid).detail("2"),
            Check::new(Api::Metrika, Status::Invalid).code("invalid_token"),
            Check::new(Api::Metrika, Status::NoAccess).code("access_denied"),
            Check::new(Api::Metrika, Status::Error).code("quota_requests_by_uid"),
            Check::new(Api::Courier, Status::Valid),
            Check::new(Api::Courier, Status::Invalid).code(401),
            Check::new(Api::Courier, Status::NoAccess).code(403),
            Check::new(Api::Courier, Status::Error)
                .code("http-502")
                .detail("HTTP 502"),
            Check::new(Api::Identity, Status::Error)
                .code("timeout")
                .detail("t"),
            Check::new(Api::Direct, Status::Error)
                .code("network")
                .detail("refused"),
            Check::new(Api::Metrika, Status::Error)
                .code("timeout")
                .detail("t"),
            Check::new(Api::Courier, Status::Error)
                .code("timeout")
                .detail("t"),
        ];
        for check in cases {
            for language in Language::ALL {
                let message = check.message(language);
                assert!(!message.starts_with("check."), "untranslated: {message}");
                assert!(!message.contains('{'), "unfilled: {message}");
            }
        }
        let units = Check::new(Api::Direct, Status::Valid).detail("63990/64000");
        assert!(units.message(Language::En).contains("63990/64000"));
        let no_direct = Check::new(Api::Direct, Status::NoAccess).code(513);
        assert!(no_direct.message(Language::En).contains("513"));
        let dropped = Check::new(Api::Direct, Status::Error)
            .code("network")
            .detail("refused");
        assert!(dropped
            .message(Language::En)
            .starts_with("Direct could not be asked"));
        let slow = Check::new(Api::Metrika, Status::Error)
            .code("timeout")
            .detail("t");
        assert!(slow.message(Language::Ru).contains("вовремя"));
    }
}
