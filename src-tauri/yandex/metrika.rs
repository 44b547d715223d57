//! Yandex Metrica `management/v1/counters`: does this token work in Metrica. The docs disagree
//! on the status of a bad token (401 or 403), so answers are classified by `error_type`.

use serde_json::Value;

use crate::config::Endpoints;
use crate::http::{Client, HttpError};
use crate::limits::{clip, CODE_CHARS, MESSAGE_CHARS};
use crate::secrets::Secret;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetrikaAnswer {
    Counters {
        rows: u64,
    },
    Error {
        status: u16,
        error_type: Option<String>,
        message: String,
    },
}

pub async fn counters(
    http: &Client,
    endpoints: &Endpoints,
    token: &Secret,
) -> Result<MetrikaAnswer, HttpError> {
    let (status, body) = super::get_with_oauth(
        http,
        &endpoints.metrika,
        "management/v1/counters?per_page=1",
        token,
        crate::limits::METRIKA_ANSWER,
    )
    .await?;
    Ok(read_answer(status, &body))
}

pub fn read_answer(status: u16, body: &[u8]) -> MetrikaAnswer {
    let json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let first_error = json.pointer("/errors/0");
    if status == 200 && first_error.is_none() {
        let rows = json.get("rows").and_then(Value::as_u64).unwrap_or(0);
        return MetrikaAnswer::Counters { rows };
    }
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    MetrikaAnswer::Error {
        status,
        error_type: text(first_error.and_then(|e| e.get("error_type")))
            .map(|t| clip(t, CODE_CHARS)),
        message: text(first_error.and_then(|e| e.get("message")))
            .or_else(|| text(json.get("message")))
            .map(|m| clip(m, MESSAGE_CHARS))
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_type_is_read_from_the_body() {
        let body = br#"{"errors":[{"error_type":"invalid_token","message":"Invalid oauth_token"}],"code":403,"message":"Invalid oauth_token"}"#;
        assert_eq!(
            read_answer(403, body),
            MetrikaAnswer::Error {
                status: 403,
                error_type: Some("invalid_token".into()),
                message: "Invalid oauth_token".into()
            }
        );
        assert_eq!(
            read_answer(200, br#"{"rows":3,"counters":[]}"#),
            MetrikaAnswer::Counters { rows: 3 }
        );
        assert!(matches!(
            read_answer(502, b"Bad Gateway"),
            MetrikaAnswer::Error {
                status: 502,
                error_type: None,
                ..
            }
        ));
    }

    #[test]
    fn an_absurd_error_is_cut_to_size() {
        let body = serde_json::json!({"errors": [{
            "error_type": "t".repeat(10_000),
            "message": "м".repeat(100_000),
        }]});
        let MetrikaAnswer::Error {
            error_type,
            message,
            ..
        } = read_answer(403, body.to_string().as_bytes())
        else {
            panic!("not an error");
        };
        assert_eq!(error_type.unwrap().chars().count(), CODE_CHARS);
        assert_eq!(message.chars().count(), MESSAGE_CHARS);
    }
}
