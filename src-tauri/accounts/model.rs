//! What YaToken knows about apps and accounts, apart from their secrets. These values are what
//! the index file holds and what the window shows; none of them may ever carry a secret.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::verdict::Checkup;
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
    /// Whom the token acts for in Direct, as Direct last said (`Clients.get`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct: Option<DirectIdentity>,
    /// For an agency representative: the client its Direct headers name (`Client-Login`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_client: Option<String>,
}

impl Account {
    /// Whether Direct said this token acts for an agency.
    pub fn is_agency(&self) -> bool {
        self.direct.as_ref().is_some_and(|d| d.agency)
    }
}

/// The Direct account a token acts for: the advertiser (for an advertiser or its
/// representative) or the agency (for an agency representative), named by its chief
/// representative's login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectIdentity {
    pub login: String,
    /// The name Direct keeps for it (`ClientInfo`); may be empty.
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<u64>,
    /// Whether it is an agency whose clients the token can act for.
    pub agency: bool,
}

impl DirectIdentity {
    /// The role this identity implies for the user whose login is `own_login`.
    pub fn role_of(&self, own_login: &str) -> Role {
        if self.agency {
            Role::AgencyRepresentative
        } else if same_login(&self.login, own_login) {
            Role::Advertiser
        } else {
            Role::AdvertiserRepresentative
        }
    }
}

/// A new account id: 16 base64url characters (96 random bits) that never start with `-`, so that
/// `yatoken token <id>`, with the id `yatoken list` shows, is never read as an option.
pub fn new_account_id() -> String {
    loop {
        let id = crate::oauth::random_url_safe(12);
        if !id.starts_with('-') {
            return id;
        }
    }
}

/// Yandex logins compare case-insensitively, `.` and `-` alike, with or without `@yandex.*`.
pub fn same_login(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s = s.trim().to_lowercase();
        let local = match s.split_once('@') {
            Some((local, domain)) if domain.starts_with("yandex.") || domain == "ya.ru" => {
                local.to_string()
            }
            _ => s,
        };
        local.replace('.', "-")
    };
    norm(a) == norm(b)
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

/// A login as Direct's `Client-Login` takes it, trimmed: letters, digits, `-`, `.`, `_` and
/// `@` only, so it can never smuggle a second header line. `None` when it is not one.
pub fn client_login(value: &str) -> Option<String> {
    let login = value.trim();
    let fits = !login.is_empty()
        && login.len() <= 100
        && login
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '@'));
    fits.then(|| login.to_string())
}

/// A ClientID as Yandex issues it: 32 hexadecimal characters.
pub fn is_client_id(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Scopes as stored: split on whitespace, sorted, each once.
pub(crate) fn normalize_scopes(scopes: &[String]) -> Vec<String> {
    let mut out: Vec<String> = scopes
        .iter()
        .flat_map(|s| s.split_whitespace())
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_never_look_like_an_option() {
        // One id in 64 would start with `-` if it were plain base64url.
        for _ in 0..5000 {
            let id = new_account_id();
            assert_eq!(id.len(), 16);
            assert!(!id.starts_with('-'), "{id}");
        }
    }

    #[test]
    fn mask_keeps_only_the_ends() {
        let token = "y0_AgAAAAAAbcdefghijklmnopqrstuvwxyz0123x9Qk";
        assert_eq!(mask(token), "y0_AgA…x9Qk");
        assert!(!mask("shorttoken12").contains("shorttok"));
        assert_eq!(mask(""), "…");
    }

    #[test]
    fn a_client_login_is_one_plain_word() {
        assert_eq!(client_login("  client-a \n").as_deref(), Some("client-a"));
        assert_eq!(
            client_login("ivan.petrov@yandex.ru").as_deref(),
            Some("ivan.petrov@yandex.ru")
        );
        assert_eq!(client_login("a\r\nAuthorization: x"), None);
        assert_eq!(client_login("two words"), None);
        assert_eq!(client_login(""), None);
    }

    #[test]
    fn logins_compare_the_way_yandex_does() {
        assert!(same_login("Ivan.Petrov", "ivan-petrov"));
        assert!(same_login("ivan-petrov@yandex.ru", "ivan.petrov"));
        assert!(same_login(" client-a ", "CLIENT-A"));
        assert!(!same_login("client-a", "client-b"));
        assert!(!same_login("ivan@gmail.com", "ivan"));
    }

    #[test]
    fn the_direct_identity_decides_the_role() {
        let identity = |login: &str, agency| DirectIdentity {
            login: login.into(),
            name: String::new(),
            client_id: None,
            agency,
        };
        assert_eq!(
            identity("Adv.Alice", false).role_of("adv-alice"),
            Role::Advertiser
        );
        assert_eq!(
            identity("adv-alice", false).role_of("rep-bob"),
            Role::AdvertiserRepresentative
        );
        assert_eq!(
            identity("agency-ann", true).role_of("agency-ann"),
            Role::AgencyRepresentative
        );
    }

    #[test]
    fn client_id_is_32_hex_characters() {
        assert!(is_client_id("0123456789abcdef0123456789ABCDEF"));
        assert!(!is_client_id("0123456789abcdef0123456789abcde"));
        assert!(!is_client_id("0123456789abcdef0123456789abcdeg"));
        assert!(!is_client_id(" 0123456789abcdef0123456789abcde"));
    }
}
