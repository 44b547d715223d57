//! Yandex Direct API v5 `Clients.get`: does this token work in Direct, and for whom.
//!
//! Direct reports errors inside HTTP 200 bodies (`{"error":{"error_code":53,...}}`), and the
//! legacy flat shape (`{"error_code":53,...}`) is seen too: the body decides, not the status.

use serde_json::{json, Value};

use super::HttpError;
use crate::config::Endpoints;
use crate::i18n::Language;
use crate::secrets::Secret;

/// What Direct said to `Clients.get`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectAnswer {
    /// The logins the call returned (the advertiser, or the agency itself).
    Clients {
        logins: Vec<String>,
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

/// `POST json/v5/clients` with `Authorization: Bearer`; `client_login` sets `Client-Login`.
pub async fn clients_get(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    token: &Secret,
    client_login: Option<&str>,
    language: Language,
) -> Result<DirectAnswer, HttpError> {
    let url = endpoints
        .direct
        .join("json/v5/clients")
        .expect("a base URL joins a relative path");
    let mut request = http
        .post(url)
        .header("Authorization", format!("Bearer {}", token.expose()))
        .header("Accept-Language", language.code())
        .json(&json!({"method": "get", "params": {"FieldNames": ["ClientId", "Login"]}}));
    if let Some(login) = client_login {
        request = request.header("Client-Login", login);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let units = response
        .headers()
        .get("Units")
        .and_then(|v| v.to_str().ok())
        .and_then(Units::parse);
    let bytes = response.bytes().await?;
    Ok(read_answer(status, &bytes, units))
}

fn read_answer(status: u16, body: &[u8], units: Option<Units>) -> DirectAnswer {
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return DirectAnswer::Unreadable { status };
    };
    let error = json.get("error").filter(|e| e.is_object()).unwrap_or(&json);
    if let Some(code) = error.get("error_code").and_then(|c| {
        c.as_i64()
            .or_else(|| c.as_str().and_then(|s| s.trim().parse().ok()))
    }) {
        let text = ["error_string", "error_str", "error_detail"]
            .iter()
            .filter_map(|k| error.get(*k).and_then(Value::as_str))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(": ");
        return DirectAnswer::Error { code, text, units };
    }
    match json.pointer("/result/Clients").and_then(Value::as_array) {
        Some(clients) => DirectAnswer::Clients {
            logins: clients
                .iter()
                .filter_map(|c| c.get("Login").and_then(Value::as_str).map(str::to_string))
                .collect(),
            units,
        },
        None => DirectAnswer::Unreadable { status },
    }
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
    fn a_result_lists_the_logins() {
        let body = br#"{"result":{"Clients":[{"ClientId":1,"Login":"adv"}]}}"#;
        assert_eq!(
            read_answer(200, body, None),
            DirectAnswer::Clients {
                logins: vec!["adv".into()],
                units: None
            }
        );
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
