//! Testing a token, honestly: `/info` for identity and, at the same time, each API the token's
//! rights cover, each classified into valid, invalid (dead), no access (alive but not usable
//! there) or error (could not tell). A checkup only reads: it never changes or deletes a token.

use time::OffsetDateTime;

pub use crate::accounts::verdict::{status_name, verdict, Api, Check, Checkup, Status};
use crate::accounts::{same_login, DirectIdentity};
use crate::config::Endpoints;
use crate::http::{Client, HttpError};
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

/// The verdict on a token YaToken could not read from the keychain: one identity line with
/// `code` (`token_missing`, `keychain_locked`, …) and the keychain's own words, so the person
/// learns why and what to do.
pub fn unreadable_token(code: &str, detail: String) -> Checkup {
    let check = Check::new(Api::Identity, Status::Error)
        .code(code)
        .detail(detail);
    checkup(vec![check], None)
}

/// Runs the checkup: identity and each API in `apis` at once; Direct in the name of `target`.
/// A token identity finds dead gets only its identity line, as if nothing else was asked: the
/// other requests still under way are dropped, their answers not waited for.
pub async fn run(
    http: &Client,
    endpoints: &Endpoints,
    token: &Secret,
    apis: &[Api],
    target: DirectTarget<'_>,
) -> Checkup {
    use futures_util::future::{self, Either, OptionFuture};

    let asked = |api| apis.contains(&api);
    let clients =
        asked(Api::Direct).then(|| direct::clients_get(http, endpoints, token, target.client));
    let metrika = asked(Api::Metrika).then(|| metrika_check(http, endpoints, token));
    let courier = asked(Api::Courier).then(|| courier_check(http, endpoints, token));
    let others = future::join3(
        OptionFuture::from(clients),
        OptionFuture::from(metrika),
        OptionFuture::from(courier),
    );
    let identity = std::pin::pin!(identity(http, endpoints, token));
    let (identity, (mut clients, mut metrika, mut courier)) =
        match future::select(identity, std::pin::pin!(others)).await {
            Either::Left((identity, _)) if identity.status == Status::Invalid => {
                return checkup(vec![identity], None);
            }
            Either::Left((identity, others)) => (identity, others.await),
            Either::Right((answers, identity)) => (identity.await, answers),
        };
    if identity.status == Status::Invalid {
        return checkup(vec![identity], None);
    }
    // The identity's detail is the login only when Yandex ID answered; otherwise it is the
    // error ("HTTP 503"), which must not pass for a login someone else's.
    let own_login = (identity.status == Status::Valid)
        .then(|| identity.detail.clone())
        .flatten();
    let mut checks = vec![identity];
    let mut direct = None;
    for api in apis {
        match api {
            Api::Direct => {
                if let Some(answer) = clients.take() {
                    let own_login = own_login.as_deref();
                    let found =
                        direct_checks(http, endpoints, token, answer, own_login, target).await;
                    checks.extend(found.0);
                    direct = found.1;
                }
            }
            Api::Metrika => checks.extend(metrika.take()),
            Api::Courier => checks.extend(courier.take()),
            Api::Identity => {}
        }
    }
    checkup(checks, direct)
}

fn checkup(checks: Vec<Check>, direct: Option<DirectIdentity>) -> Checkup {
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
        HttpError::TooLarge { cap } => {
            let check = Check::new(api, Status::Error).code("too_large");
            return check.detail(crate::limits::size(cap));
        }
    };
    Check::new(api, Status::Error)
        .code(code)
        .detail(error.to_string())
}

async fn identity(http: &Client, endpoints: &Endpoints, token: &Secret) -> Check {
    match user_info(http, endpoints, token).await {
        Ok(info) => Check::new(Api::Identity, Status::Valid).detail(info.login),
        Err(InfoError::Rejected { status }) => {
            Check::new(Api::Identity, Status::Invalid).code(status)
        }
        Err(InfoError::Http(error)) => unreachable(Api::Identity, error),
        Err(InfoError::Implausible { field }) => Check::new(Api::Identity, Status::Error)
            .code("implausible")
            .detail(field),
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
    http: &Client,
    endpoints: &Endpoints,
    token: &Secret,
    own_login: &str,
    target: DirectTarget<'_>,
) -> Option<DirectIdentity> {
    let answer = direct::clients_get(http, endpoints, token, target.client).await;
    direct_checks(http, endpoints, token, answer, Some(own_login), target)
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

/// The answer to `Clients.get` in the name of `target`. Without a client, it also finds whom
/// the token acts for, and whether that is an agency: by `Type` when Direct sends it, else (a
/// login other than the user's own) by asking for one client of the agency's list. An account
/// expected to be an agency's gets that list check as a line of its own, so a role mismatch
/// (54) is explained.
async fn direct_checks(
    http: &Client,
    endpoints: &Endpoints,
    token: &Secret,
    answer: Result<DirectAnswer, HttpError>,
    own_login: Option<&str>,
    target: DirectTarget<'_>,
) -> (Vec<Check>, Option<DirectIdentity>) {
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

async fn metrika_check(http: &Client, endpoints: &Endpoints, token: &Secret) -> Check {
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

async fn courier_check(http: &Client, endpoints: &Endpoints, token: &Secret) -> Check {
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
mod tests;
