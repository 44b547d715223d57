//! `login.yandex.ru/info`: whose token this is. Any valid token may call it.
//!
//! What it answers is kept in the index, so it is checked first ([`crate::limits`]): a login,
//! user id or ClientID that cannot be a real one (too long, empty, control characters) refuses
//! the answer whole; names are cut.

use serde::Deserialize;

use crate::config::Endpoints;
use crate::http::{Client, HttpError};
use crate::limits::{clip, plausible, ID_CHARS, INFO_ANSWER, LOGIN_CHARS, NAME_CHARS};
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

impl UserInfo {
    /// The answer as YaToken takes it: refused when the login, the id or the ClientID cannot be
    /// a real one, names cut to [`NAME_CHARS`].
    fn checked(self) -> Result<UserInfo, InfoError> {
        let client_id_ok = self
            .client_id
            .as_deref()
            .is_none_or(|c| plausible(c, ID_CHARS));
        let field = if !plausible(&self.login, LOGIN_CHARS) {
            "login"
        } else if !plausible(&self.id, ID_CHARS) {
            "id"
        } else if !client_id_ok {
            "client_id"
        } else {
            let name = |n: Option<String>| n.map(|n| clip(n, NAME_CHARS));
            return Ok(UserInfo {
                display_name: name(self.display_name),
                real_name: name(self.real_name),
                ..self
            });
        };
        Err(InfoError::Implausible { field })
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
    /// The answer names an owner no real account can have: its `field` (`login`, `id`,
    /// `client_id`) is too long, empty or has control characters.
    #[error("Yandex ID named an owner that cannot be a real account (its {field})")]
    Implausible { field: &'static str },
}

pub async fn user_info(
    http: &Client,
    endpoints: &Endpoints,
    token: &Secret,
) -> Result<UserInfo, InfoError> {
    let path = "info?format=json";
    let (status, bytes) =
        super::get_with_oauth(http, &endpoints.login, path, token, INFO_ANSWER).await?;
    read_info(status, &bytes)
}

/// What `/info` answered, from its status and its body: the owner, checked to be plausible.
pub fn read_info(status: u16, bytes: &[u8]) -> Result<UserInfo, InfoError> {
    match status {
        200 => serde_json::from_slice::<UserInfo>(bytes)
            .map_err(|_| InfoError::Unexpected { status })?
            .checked(),
        400 | 401 | 403 => Err(InfoError::Rejected { status }),
        429 | 500..=599 => Err(InfoError::Unavailable { status }),
        _ => Err(InfoError::Unexpected { status }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(login: &str) -> UserInfo {
        UserInfo {
            id: "1130000000000001".into(),
            login: login.into(),
            client_id: Some("0a1b2c3d4e5f60718293a4b5c6d7e8f9".into()),
            display_name: Some("Alice".into()),
            real_name: None,
        }
    }

    #[test]
    fn real_logins_pass_and_mail_addresses_too() {
        for login in ["adv-alice", "ivan.petrov", "uid-abc123", "boss@company.ru"] {
            assert_eq!(info(login).checked(), Ok(info(login)), "{login}");
        }
        let longest = format!("{}@x.ru", "a".repeat(LOGIN_CHARS - 5));
        assert!(info(&longest).checked().is_ok());
    }

    #[test]
    fn a_login_no_account_can_have_refuses_the_answer() {
        let refused = Err(InfoError::Implausible { field: "login" });
        for login in [
            "a".repeat(LOGIN_CHARS + 1),
            "a".repeat(64 * 1024),
            String::new(),
            "   ".into(),
            "alice\u{1b}[2J".into(),
            "alice\nbob".into(),
        ] {
            assert_eq!(info(&login).checked(), refused, "{login:?}");
        }
    }

    #[test]
    fn an_absurd_id_or_client_id_refuses_the_answer() {
        let long_id = UserInfo {
            id: "1".repeat(ID_CHARS + 1),
            ..info("alice")
        };
        assert_eq!(
            long_id.checked(),
            Err(InfoError::Implausible { field: "id" })
        );
        let long_app = UserInfo {
            client_id: Some("f".repeat(ID_CHARS + 1)),
            ..info("alice")
        };
        let refused = Err(InfoError::Implausible { field: "client_id" });
        assert_eq!(long_app.checked(), refused);
        let no_app = UserInfo {
            client_id: None,
            ..info("alice")
        };
        assert!(no_app.checked().is_ok());
    }

    #[test]
    fn long_names_are_cut_not_refused() {
        let long = UserInfo {
            display_name: Some("Я".repeat(100_000)),
            real_name: Some("b".repeat(NAME_CHARS)),
            ..info("alice")
        };
        let checked = long.checked().unwrap();
        let display = checked.display_name.unwrap();
        assert_eq!(display.chars().count(), NAME_CHARS);
        assert!(display.ends_with('…'));
        assert_eq!(
            checked.real_name.unwrap(),
            "b".repeat(NAME_CHARS),
            "at the cap: kept"
        );
    }
}
