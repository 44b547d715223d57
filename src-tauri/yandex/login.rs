//! `login.yandex.ru/info`: whose token this is. Any valid token may call it.

use serde::Deserialize;

use crate::config::Endpoints;
use crate::http::HttpError;
use crate::secrets::Secret;

/// The account behind a token.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UserInfo {
    /// Yandex's stable user id (a string in the docs; a number is accepted too).
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    pub login: String,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub real_name: Option<String>,
}

impl UserInfo {
    /// The best name to show: display name, else real name, else the login.
    pub fn shown_name(&self) -> String {
        self.display_name
            .clone()
            .or_else(|| self.real_name.clone())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| self.login.clone())
    }
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(s) if !s.is_empty() => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!("unexpected id {other}"))),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InfoError {
    /// Yandex does not accept the token (revoked, expired, not a token).
    #[error("Yandex ID rejected the token (HTTP {status})")]
    Rejected { status: u16 },
    /// Yandex ID is having trouble (5xx, 429): nothing is known about the token.
    #[error("Yandex ID is unavailable (HTTP {status})")]
    Unavailable { status: u16 },
    #[error(transparent)]
    Http(#[from] HttpError),
    #[error("Yandex ID gave an answer YaToken does not understand (HTTP {status})")]
    Unexpected { status: u16 },
}

pub async fn user_info(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    token: &Secret,
) -> Result<UserInfo, InfoError> {
    let (status, bytes) =
        super::get_with_oauth(http, &endpoints.login, "info?format=json", token).await?;
    read_info(status, &bytes)
}

/// What `/info` answered, from its status and its body.
pub fn read_info(status: u16, bytes: &[u8]) -> Result<UserInfo, InfoError> {
    match status {
        200 => serde_json::from_slice(bytes).map_err(|_| InfoError::Unexpected { status }),
        400 | 401 | 403 => Err(InfoError::Rejected { status }),
        429 | 500..=599 => Err(InfoError::Unavailable { status }),
        _ => Err(InfoError::Unexpected { status }),
    }
}
