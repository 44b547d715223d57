//! Yandex Direct API v5: `Clients.get` (does this token work in Direct, and for whom) and
//! `AgencyClients.get` (an agency's clients, a page at a time: `agency_clients.rs`). Answers
//! are read up to [`DIRECT_ANSWER`]; logins no account can have are skipped, names cut.
//!
//! Direct reports errors inside HTTP 200 bodies (`{"error":{"error_code":53,...}}`), and the
//! legacy flat shape (`{"error_code":53,...}`) is seen too: the body decides, not the status.

use serde_json::{json, Value};

pub use super::agency_clients::{agency_clients_all, agency_clients_page, ListError, PAGE_LIMIT};
use crate::config::Endpoints;
use crate::http::{Client, HttpError};
use crate::limits::{clip, plausible, CODE_CHARS, DIRECT_ANSWER, LOGIN_CHARS};
use crate::limits::{MESSAGE_CHARS, NAME_CHARS};
use crate::secrets::Secret;

/// What a Direct error code says (the fact sheet, §9a). Every caller reads codes through this,
/// so each code is classified once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 53: the token is not accepted (revoked, expired, not a token).
    TokenRejected,
    /// 54: no rights for this method as this login; on `AgencyClients.get`, not an agency's.
    NoRights,
    /// 58 (the app is not approved for the API), 513 (no Direct account), 3000 and 3001 (no
    /// API access): the token is alive but cannot be used in Direct.
    NoAccess,
    /// Anything else (busy, out of points, a server error): says nothing about the token.
    Other,
}

impl Refusal {
    pub fn of(code: i64) -> Refusal {
        match code {
            53 => Refusal::TokenRejected,
            54 => Refusal::NoRights,
            58 | 513 | 3000 | 3001 => Refusal::NoAccess,
            _ => Refusal::Other,
        }
    }
}

/// What Direct answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectAnswer {
    /// The accounts the call returned (the advertiser or the agency itself for `Clients.get`,
    /// a page of the agency's clients for `AgencyClients.get`).
    Clients {
        clients: Vec<DirectClient>,
        /// Set when more are left: the offset of the next page.
        limited_by: Option<u64>,
        units: Option<Units>,
    },
    /// A Direct error code with Yandex's own wording.
    Error {
        code: i64,
        text: String,
        units: Option<Units>,
    },
    /// An HTTP answer without a Direct body (a proxy's 502 page, say).
    Unreadable { status: u16 },
}

/// One account in a Direct answer. Only `Login` is relied on; the rest is shown when present.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DirectClient {
    pub login: String,
    pub client_id: Option<u64>,
    /// `ClientInfo`: the name Direct keeps for the account.
    pub name: String,
    /// `Type` (`CLIENT`, `AGENCY`, `SUBCLIENT`), when Direct sent it.
    pub kind: Option<String>,
    pub archived: bool,
}

impl DirectClient {
    pub fn is_agency(&self) -> bool {
        self.kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("AGENCY"))
    }
}

/// The `Units` header: points spent by this call, left today, and the daily limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Units {
    pub spent: u64,
    pub remaining: u64,
    pub limit: u64,
}

impl Units {
    pub fn parse(header: &str) -> Option<Self> {
        let mut parts = header.trim().split('/').map(|p| p.trim().parse::<u64>());
        let units = Units {
            spent: parts.next()?.ok()?,
            remaining: parts.next()?.ok()?,
            limit: parts.next()?.ok()?,
        };
        parts.next().is_none().then_some(units)
    }
}

/// `POST json/v5/clients` with `Authorization: Bearer`; `client_login` sets `Client-Login`
/// (an agency acting for its client).
pub async fn clients_get(
    http: &Client,
    endpoints: &Endpoints,
    token: &Secret,
    client_login: Option<&str>,
) -> Result<DirectAnswer, HttpError> {
    let params = json!({"FieldNames": ["ClientId", "Login", "ClientInfo", "Type"]});
    call(http, endpoints, "clients", token, params, client_login).await
}

/// `POST json/v5/<service>` with `{"method":"get","params":...}`, its answer read.
pub(super) async fn call(
    http: &Client,
    endpoints: &Endpoints,
    service: &str,
    token: &Secret,
    params: Value,
    client_login: Option<&str>,
) -> Result<DirectAnswer, HttpError> {
    let url = endpoints
        .direct
        .join(&format!("json/v5/{service}"))
        .expect("a base URL joins a relative path");
    let mut request = http
        .post(url)
        .header("Authorization", format!("Bearer {}", token.expose()))
        .json(&json!({"method": "get", "params": params}));
    if let Some(login) = client_login {
        request = request.header("Client-Login", login);
    }
    let answer = http.fetch(request, DIRECT_ANSWER).await?;
    let units = answer
        .headers
        .get("Units")
        .and_then(|v| v.to_str().ok())
        .and_then(Units::parse);
    Ok(read_answer(answer.status, &answer.body, units))
}

pub fn read_answer(status: u16, body: &[u8], units: Option<Units>) -> DirectAnswer {
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return DirectAnswer::Unreadable { status };
    };
    let error = json.get("error").filter(|e| e.is_object()).unwrap_or(&json);
    if let Some(code) = error.get("error_code").and_then(number) {
        let text = ["error_string", "error_str", "error_detail"]
            .iter()
            .filter_map(|k| error.get(*k).and_then(Value::as_str))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(": ");
        let text = clip(text, MESSAGE_CHARS);
        return DirectAnswer::Error { code, text, units };
    }
    let Some(clients) = json.pointer("/result/Clients").and_then(Value::as_array) else {
        return DirectAnswer::Unreadable { status };
    };
    DirectAnswer::Clients {
        clients: clients.iter().filter_map(read_client).collect(),
        limited_by: json
            .pointer("/result/LimitedBy")
            .and_then(number)
            .and_then(|n| u64::try_from(n).ok()),
        units,
    }
}

/// A number Direct may send as a JSON number or as a string.
fn number(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

/// One client of a list; `None` (skipped) without a login a real account can have. The name
/// is cut to [`NAME_CHARS`]; a `Type` no real one is long is dropped.
fn read_client(item: &Value) -> Option<DirectClient> {
    let text = |key: &str| item.get(key).and_then(Value::as_str);
    Some(DirectClient {
        login: text("Login")
            .filter(|l| plausible(l, LOGIN_CHARS))?
            .to_string(),
        client_id: item
            .get("ClientId")
            .and_then(number)
            .and_then(|n| u64::try_from(n).ok()),
        name: clip(text("ClientInfo").unwrap_or_default(), NAME_CHARS),
        kind: text("Type")
            .filter(|t| t.len() <= CODE_CHARS)
            .map(str::to_string),
        archived: text("Archived").is_some_and(|a| a.eq_ignore_ascii_case("YES")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_header_is_spent_remaining_limit() {
        assert_eq!(
            Units::parse("10/63990/64000"),
            Some(Units {
                spent: 10,
                remaining: 63990,
                limit: 64000
            })
        );
        assert_eq!(Units::parse("10/x/64000"), None);
        assert_eq!(Units::parse("10/20"), None);
        assert_eq!(Units::parse("1/2/3/4"), None);
    }

    #[test]
    fn errors_are_read_from_the_body_whatever_the_status() {
        let body = br#"{"error":{"request_id":"1","error_code":53,"error_string":"Authorization error","error_detail":"Invalid OAuth token"}}"#;
        assert_eq!(
            read_answer(200, body, None),
            DirectAnswer::Error {
                code: 53,
                text: "Authorization error: Invalid OAuth token".into(),
                units: None
            }
        );
        let legacy = br#"{"error_code":"513","error_str":"Not enabled"}"#;
        assert!(matches!(
            read_answer(200, legacy, None),
            DirectAnswer::Error { code: 513, .. }
        ));
    }

    #[test]
    fn a_result_lists_the_clients() {
        let body = br#"{"result":{"Clients":[{"ClientId":1,"Login":"adv","ClientInfo":"Adv LLC","Type":"AGENCY"},{"ClientId":"2","Login":"old","Archived":"YES"},{"ClientId":3}],"LimitedBy":2}}"#;
        let DirectAnswer::Clients {
            clients,
            limited_by,
            ..
        } = read_answer(200, body, None)
        else {
            panic!("not a list");
        };
        assert_eq!(limited_by, Some(2));
        assert_eq!(clients.len(), 2, "an item without a login is skipped");
        assert_eq!(clients[0].name, "Adv LLC");
        assert!(clients[0].is_agency() && !clients[0].archived);
        assert_eq!(clients[1].client_id, Some(2));
        assert!(clients[1].archived && !clients[1].is_agency());
    }

    #[test]
    fn absurd_text_in_a_list_is_cut_or_skipped() {
        let body = json!({"result": {"Clients": [
            {"Login": "a".repeat(LOGIN_CHARS + 1), "ClientInfo": "skipped"},
            {"Login": "evil\u{1b}[2J", "ClientInfo": "skipped"},
            {"Login": "ok", "ClientInfo": "Я".repeat(10_000), "Type": "X".repeat(1000)},
        ]}});
        let DirectAnswer::Clients { clients, .. } =
            read_answer(200, body.to_string().as_bytes(), None)
        else {
            panic!("not a list");
        };
        assert_eq!(clients.len(), 1, "{clients:?}");
        assert_eq!(clients[0].login, "ok");
        assert_eq!(clients[0].name.chars().count(), NAME_CHARS);
        assert_eq!(clients[0].kind, None);
        let error = json!({"error": {"error_code": 1000, "error_string": "x".repeat(100_000)}});
        let DirectAnswer::Error { text, .. } = read_answer(200, error.to_string().as_bytes(), None)
        else {
            panic!("not an error");
        };
        assert_eq!(text.chars().count(), MESSAGE_CHARS);
    }

    #[test]
    fn a_proxy_page_is_unreadable() {
        assert_eq!(
            read_answer(502, b"<html>Bad Gateway</html>", None),
            DirectAnswer::Unreadable { status: 502 }
        );
        assert_eq!(
            read_answer(200, b"{}", None),
            DirectAnswer::Unreadable { status: 200 }
        );
    }
}
