//! What Yandex answers, read as YaToken reads it: `/token` (and its error answers), `/info`,
//! Direct (the body and the `Units` header) and Metrica. Each input is `STATUS\nBODY`; Direct's
//! is `STATUS\nUNITS\nBODY`.

use serde_json::Value;
use yatoken::oauth::{read_token_answer, OAuthError};
use yatoken::yandex::direct::{self, DirectAnswer, Refusal, Units};
use yatoken::yandex::metrika::{self, MetrikaAnswer};
use yatoken::yandex::{read_info, InfoError};

use crate::{answer, first_line};

/// `/token`: the body is read as JSON as `post_form` reads it, then as the exchange, the refresh
/// and the device flow read it.
pub fn token(data: &[u8]) {
    let (status, body) = answer(data);
    let json = serde_json::from_slice::<Value>(body).ok();
    let read = read_token_answer(status, json.clone());
    let _ = format!("{read:?}");
    match read {
        Ok(token) => {
            let json = json.expect("a token comes from JSON");
            assert!(
                json.get("error").is_none(),
                "an error answer is never a token"
            );
            assert!(!token.access_token.expose().is_empty());
            assert_eq!(
                json.get("access_token").and_then(Value::as_str),
                Some(token.access_token.expose())
            );
            if let Some(refresh) = &token.refresh_token {
                assert!(!refresh.expose().is_empty());
            }
            for word in token.scope.iter().flatten() {
                assert!(!word.is_empty() && !word.contains(char::is_whitespace));
            }
        }
        Err(error) => {
            let _ = error.to_string();
            match error {
                OAuthError::Refused {
                    status: refused, ..
                } => {
                    assert_eq!(refused, status);
                    assert!(json.is_some_and(|j| j.get("error").is_some()));
                }
                OAuthError::Unexpected { status: unexpected } => assert_eq!(unexpected, status),
                OAuthError::Http(_) => panic!("reading an answer is not HTTP"),
            }
        }
    }
}

/// `login.yandex.ru/info`: only a 200 names an account, and a plausible one: an id and a login
/// within their caps, without control characters.
pub fn info(data: &[u8]) {
    let (status, body) = answer(data);
    match read_info(status, body) {
        Ok(info) => {
            assert_eq!(status, 200);
            assert!(!info.id.is_empty());
            assert!(!info.login.is_empty());
            assert!(info.login.chars().count() <= yatoken::limits::LOGIN_CHARS);
            assert!(!info.login.chars().any(char::is_control));
            let shown = info.shown_name();
            assert!(
                [&info.display_name, &info.real_name].contains(&&Some(shown.clone()))
                    || shown == info.login,
                "{shown:?} is none of the names"
            );
        }
        Err(InfoError::Rejected { status: rejected }) => {
            assert_eq!(rejected, status);
            assert!([400, 401, 403].contains(&status));
        }
        Err(InfoError::Unavailable {
            status: unavailable,
        }) => {
            assert_eq!(unavailable, status);
            assert!(status == 429 || (500..=599).contains(&status));
        }
        Err(InfoError::Unexpected { status: unexpected }) => assert_eq!(unexpected, status),
        Err(InfoError::Implausible { .. }) => assert_eq!(status, 200),
        Err(InfoError::Http(_)) => panic!("reading an answer is not HTTP"),
    }
}

/// Direct: the `Units` header, then the body with it. The header's points print back to
/// themselves; a list has no client without a login; the status and units pass through.
pub fn direct(data: &[u8]) {
    let (status, rest) = answer(data);
    let (header, body) = first_line(rest);
    let units = std::str::from_utf8(header).ok().and_then(Units::parse);
    if let Some(units) = units {
        let printed = format!("{}/{}/{}", units.spent, units.remaining, units.limit);
        assert_eq!(Units::parse(&printed), Some(units));
    }
    let json = serde_json::from_slice::<Value>(body).is_ok();
    match direct::read_answer(status, body, units) {
        DirectAnswer::Clients {
            clients,
            units: read,
            ..
        } => {
            assert!(json);
            assert_eq!(read, units);
            for client in &clients {
                assert!(!client.login.is_empty());
            }
        }
        DirectAnswer::Error {
            code, units: read, ..
        } => {
            assert!(json);
            assert_eq!(read, units);
            let _ = Refusal::of(code);
        }
        DirectAnswer::Unreadable { status: unreadable } => assert_eq!(unreadable, status),
    }
}

/// Metrica: counters only from a 200; an error keeps the status.
pub fn metrika(data: &[u8]) {
    let (status, body) = answer(data);
    match metrika::read_answer(status, body) {
        MetrikaAnswer::Counters { .. } => assert_eq!(status, 200),
        MetrikaAnswer::Error {
            status: error_status,
            ..
        } => assert_eq!(error_status, status),
    }
}
