//! Testing a token, honestly: `/info` for identity, then each API the token's rights cover,
//! each classified into valid, invalid (dead), no access (alive but not usable there) or error
//! (could not tell). A checkup only reads: it never changes or deletes a token.

use time::OffsetDateTime;

pub use crate::accounts::verdict::{status_name, verdict, Api, Check, Checkup, Status};
use crate::accounts::{same_login, DirectIdentity};
use crate::config::Endpoints;
use crate::http::HttpError;
use crate::secrets::Secret;
use crate::yandex::direct::{self, DirectAnswer, Refusal};
use crate::yandex::metrika::{self, MetrikaAnswer};
use crate::yandex::{courier, user_info, InfoError};

/// Whom a checkup speaks for in Direct.
#[derive(Debug, Clone, Copy, Default)]
pub struct DirectTarget<'a> {
    /// An agency's client, sent as `Client-Login`.
    pub client: Option<&'a str>,
    /// The account is thought to be an agency representative's (its role, or Direct said so
    /// before): its access to the agency's client list is checked too.
    pub agency: bool,
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

/// Runs the checkup: identity, then each API in `apis`; Direct in the name of `target`.
pub async fn run(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    token: &Secret,
    apis: &[Api],
    target: DirectTarget<'_>,
) -> Checkup {
    let mut checks = vec![identity(http, endpoints, token).await];
    let mut direct = None;
    if checks[0].status != Status::Invalid {
        let own_login = checks[0].detail.clone();
        for api in apis {
            match api {
                Api::Direct => {
                    let found =
                        direct_checks(http, endpoints, token, own_login.as_deref(), target).await;
                    checks.extend(found.0);
                    direct = found.1;
                }
                Api::Metrika => checks.push(metrika_check(http, endpoints, token).await),
                Api::Courier => checks.push(courier_check(http, endpoints, token).await),
                Api::Identity => {}
            }
        }
    }
    Checkup {
        status: verdict(&checks),
        checked_at: OffsetDateTime::now_utc(),
        checks,
        direct,
    }
}

fn unreachable(api: Api, error: HttpError) -> Check {
    let code = match error {
        HttpError::Timeout => "timeout",
        HttpError::Network(_) => "network",
        HttpError::Proxy { .. } => "proxy",
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
    match Refusal::of(code) {
        Refusal::TokenRejected => Status::Invalid,
        Refusal::NoRights | Refusal::NoAccess => Status::NoAccess,
        Refusal::Other => Status::Error,
    }
}

/// Whom the token acts for in Direct (and whether that is an agency), without a test.
pub async fn direct_identity(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    token: &Secret,
    own_login: &str,
    target: DirectTarget<'_>,
) -> Option<DirectIdentity> {
    direct_checks(http, endpoints, token, Some(own_login), target)
        .await
        .1
}

/// A Direct answer as a check (the caller sets whom it was made for).
fn direct_check(answer: Result<DirectAnswer, HttpError>) -> Check {
    match answer {
        Ok(DirectAnswer::Clients { units, .. }) => Check::new(Api::Direct, Status::Valid).detail(
            units
                .map(|u| format!("{}/{}", u.remaining, u.limit))
                .unwrap_or_default(),
        ),
        Ok(DirectAnswer::Error { code, text, .. }) => Check::new(Api::Direct, direct_status(code))
            .code(code)
            .detail(text),
        Ok(DirectAnswer::Unreadable { status }) => Check::new(Api::Direct, Status::Error)
            .code(format!("http-{status}"))
            .detail(format!("HTTP {status}")),
        Err(error) => unreachable(Api::Direct, error),
    }
}

/// `Clients.get` in the name of `target`. Without a client, it also finds whom the token acts
/// for, and whether that is an agency: by `Type` when Direct sends it, else (a login other than
/// the user's own) by asking for one client of the agency's list. An account expected to be
/// an agency's gets that list check as a line of its own, so a role mismatch (54) is explained.
async fn direct_checks(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    token: &Secret,
    own_login: Option<&str>,
    target: DirectTarget<'_>,
) -> (Vec<Check>, Option<DirectIdentity>) {
    let answer = direct::clients_get(http, endpoints, token, target.client).await;
    let first = match &answer {
        Ok(DirectAnswer::Clients { clients, .. }) => clients.first().cloned(),
        _ => None,
    };
    let mut check = direct_check(answer);
    if let Some(client) = target.client {
        check.client = Some(client.to_string());
        return (vec![check], None);
    }
    check.agency = target.agency;
    let Some(first) = first else {
        return (vec![check], None);
    };
    let mut identity = DirectIdentity {
        login: first.login.clone(),
        name: first.name.clone(),
        client_id: first.client_id,
        agency: first.is_agency(),
    };
    let someone_else = own_login.is_some_and(|own| !same_login(own, &first.login));
    let expected = target.agency || first.is_agency();
    let mut checks = vec![check];
    if expected || (first.kind.is_none() && someone_else) {
        let list = direct::agency_clients_page(http, endpoints, token, 1, 0).await;
        let listed = matches!(list, Ok(DirectAnswer::Clients { .. }));
        let refused = matches!(list, Ok(DirectAnswer::Error { .. }));
        identity.agency = listed || (first.is_agency() && !refused);
        if expected && !listed {
            let mut list_check = direct_check(list);
            list_check.agency = true;
            checks.push(list_check);
        }
    }
    checks[0].agency = identity.agency;
    (checks, Some(identity))
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
    use crate::i18n::Language;

    fn check(status: Status) -> Check {
        Check::new(Api::Direct, status)
    }

    fn check_without_context(check: &Check) -> Check {
        Check {
            client: None,
            agency: false,
            ..check.clone()
        }
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
        let for_client = |status, code: Option<i64>| {
            let mut check = Check::new(Api::Direct, status).detail("63990/64000");
            check.code = code.map(|c| c.to_string());
            check.client = Some("client-zed".into());
            check
        };
        let as_agency = |status, code: i64| {
            let mut check = Check::new(Api::Direct, status).code(code);
            check.agency = true;
            check
        };
        for language in Language::ALL {
            for check in [
                for_client(Status::Valid, None),
                for_client(Status::NoAccess, Some(54)),
                for_client(Status::NoAccess, Some(513)),
            ] {
                let message = check.message(language);
                assert!(message.contains("client-zed"), "{message}");
                assert!(!message.contains('{'), "unfilled: {message}");
            }
            for check in [
                as_agency(Status::NoAccess, 54),
                as_agency(Status::NoAccess, 513),
            ] {
                let message = check.message(language);
                assert_ne!(message, check_without_context(&check).message(language));
            }
        }
        assert!(for_client(Status::NoAccess, Some(54))
            .message(Language::En)
            .contains("not a client of this agency"));
        assert!(for_client(Status::Invalid, Some(53))
            .message(Language::En)
            .contains("error 53"));
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
        for api in [Api::Identity, Api::Direct, Api::Metrika, Api::Courier] {
            let proxied = unreachable(
                api,
                HttpError::Proxy {
                    proxy: "http://127.0.0.1:9".into(),
                    detail: "refused".into(),
                },
            );
            for language in Language::ALL {
                let message = proxied.message(language);
                assert!(message.contains("http://127.0.0.1:9"), "{message}");
                assert!(!message.contains('{'), "unfilled: {message}");
                assert_ne!(
                    message,
                    Check::new(api, Status::Error).message(language),
                    "a proxy's failure reads differently from Yandex's"
                );
            }
        }
    }
}
