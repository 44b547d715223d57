//! What YaToken knows about apps and accounts, apart from their secrets. These values are what
//! the index file holds and what the window shows; none of them may ever carry a secret.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::checkup::Checkup;
use crate::oauth::Flow;

/// Which OAuth host an app signs in through. Both serve the same accounts; the Russian one
/// shows Russian pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OAuthHost {
    Com,
    Ru,
}

/// A Yandex OAuth app the user registered, as YaToken keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct App {
    pub client_id: String,
    pub name: String,
    pub host: OAuthHost,
    /// The rights chosen when the app was registered.
    pub scopes: Vec<String>,
    pub flow: Flow,
    /// Whether the client secret is in the keychain.
    pub has_secret: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Who an account is in Yandex Direct, as the user told YaToken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Advertiser,
    AdvertiserRepresentative,
    AgencyRepresentative,
}

/// One signed-in Yandex account and its token's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// YaToken's own stable id; names the keychain entries.
    pub id: String,
    /// Yandex's user id.
    pub uid: String,
    pub login: String,
    pub display_name: String,
    pub role: Option<Role>,
    /// The app the token was issued to.
    pub client_id: String,
    /// Rights asked for; empty means all the app's registered rights.
    #[serde(default)]
    pub requested_scopes: Vec<String>,
    /// Rights granted, when Yandex said (only when fewer than requested).
    #[serde(default)]
    pub granted_scopes: Option<Vec<String>>,
    /// Issued with a device id (so `/revoke_token` works); `None` when unknown (imported).
    pub device_bound: Option<bool>,
    #[serde(default)]
    pub has_refresh_token: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub notes: String,
    /// The last test and its time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_check: Option<Checkup>,
    /// A refresh was refused (`invalid_grant`): the user has to sign in again.
    #[serde(default)]
    pub needs_sign_in: bool,
}

/// Keychain entry names. The index never holds these values, only the accounts they belong to.
pub mod keys {
    pub fn access_token(account_id: &str) -> String {
        format!("account/{account_id}/access-token")
    }

    pub fn refresh_token(account_id: &str) -> String {
        format!("account/{account_id}/refresh-token")
    }

    pub fn client_secret(client_id: &str) -> String {
        format!("app/{client_id}/client-secret")
    }
}

/// `y0_AgAA…x9Qk`: enough to tell tokens apart, never enough to use one.
pub fn mask(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() >= 20 {
        let head: String = chars[..6].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}…{tail}")
    } else {
        let tail: String = chars[chars.len().saturating_sub(chars.len() / 4)..]
            .iter()
            .collect();
        format!("…{tail}")
    }
}

/// A ClientID as Yandex issues it: 32 hexadecimal characters.
pub fn is_client_id(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_only_the_ends() {
        let token = "y0_AgAAAAAAbcdefghijklmnopqrstuvwxyz0123x9Qk";
        assert_eq!(mask(token), "y0_AgA…x9Qk");
        assert!(!mask("shorttoken12").contains("shorttok"));
        assert_eq!(mask(""), "…");
    }

    #[test]
    fn client_id_is_32_hex_characters() {
        assert!(is_client_id("0123456789abcdef0123456789ABCDEF"));
        assert!(!is_client_id("0123456789abcdef0123456789abcde"));
        assert!(!is_client_id("0123456789abcdef0123456789abcdeg"));
        assert!(!is_client_id(" 0123456789abcdef0123456789abcde"));
    }
}
