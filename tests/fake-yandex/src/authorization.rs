//! Reading a token from `Authorization: <scheme> <token>`. Each Yandex API documents one
//! scheme (`OAuth` for login, Metrica and Track & Trace, `Bearer` for Direct). INFERRED: the
//! fake accepts only the documented one (scheme name case-insensitive), so an app that sends
//! the wrong one finds out here rather than in production.

use axum::http::{header, HeaderMap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Presented {
    Missing,
    /// A header with another scheme, or with no scheme at all.
    WrongScheme,
    Token(String),
}

pub(crate) fn token(headers: &HeaderMap, scheme: &str) -> Presented {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Presented::Missing;
    };
    let value = String::from_utf8_lossy(value.as_bytes());
    match value.trim().split_once(' ') {
        Some((given, token)) if given.eq_ignore_ascii_case(scheme) && !token.trim().is_empty() => {
            Presented::Token(token.trim().to_string())
        }
        _ => Presented::WrongScheme,
    }
}
