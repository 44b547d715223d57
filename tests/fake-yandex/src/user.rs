//! Yandex accounts the fake knows, and the Direct role each one plays.
//!
//! Logins are matched the way Yandex matches them: case-insensitively, with `.` and `-`
//! interchangeable, and a `@yandex.ru`-style mail address standing for its login.

/// A Yandex account to add with [`crate::FakeYandex::add_user`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSpec {
    pub login: String,
    pub display_name: String,
    pub kind: UserKind,
    /// Whether the account owns Metrica counters (two of them) or none.
    pub metrika: bool,
    /// Whether the account is a company administrator in Track & Trace (courier.yandex.ru).
    pub courier_admin: bool,
}

impl UserSpec {
    /// A user whose display name is the login, with Metrica counters and no courier rights.
    pub fn new(login: impl Into<String>, kind: UserKind) -> UserSpec {
        let login = login.into();
        UserSpec {
            display_name: login.clone(),
            login,
            kind,
            metrika: true,
            courier_admin: false,
        }
    }
}

/// The role an account plays in Yandex Direct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserKind {
    /// Chief representative of an advertiser: the advertiser's login is this user's login.
    Advertiser,
    /// A representative acting for the advertiser whose chief has that login.
    AdvertiserRepresentative { advertiser: String },
    /// Chief representative of an agency with these clients (advertiser logins; they need not
    /// be added as users).
    Agency { clients: Vec<String> },
    /// A representative of the agency whose chief has that login; sees the agency's clients.
    AgencyRepresentative { agency: String },
    /// A Yandex user with no Direct account (Direct answers error 513).
    NoDirect,
}

/// A user as stored: the spec plus the uid Yandex gave it.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub uid: String,
    pub spec: UserSpec,
}

/// All known users, in the order they were added.
#[derive(Debug, Default)]
pub(crate) struct Users {
    users: Vec<User>,
    next_uid: u64,
}

impl Users {
    /// Adds or replaces (same login) a user and returns its uid.
    pub fn add(&mut self, spec: UserSpec) -> String {
        if let Some(existing) = self
            .users
            .iter_mut()
            .find(|u| same_login(&u.spec.login, &spec.login))
        {
            existing.spec = spec;
            return existing.uid.clone();
        }
        self.next_uid += 1;
        let uid = (1_130_000_000_000_000 + self.next_uid * 7_919).to_string();
        self.users.push(User {
            uid: uid.clone(),
            spec,
        });
        uid
    }

    pub fn find(&self, login: &str) -> Option<&User> {
        self.users.iter().find(|u| same_login(&u.spec.login, login))
    }

    pub fn by_uid(&self, uid: &str) -> Option<&User> {
        self.users.iter().find(|u| u.uid == uid)
    }
}

/// Yandex login equality: case-insensitive, `.` equals `-`, mail addresses reduced to logins.
pub(crate) fn same_login(a: &str, b: &str) -> bool {
    normalize_login(a) == normalize_login(b)
}

pub(crate) fn normalize_login(login: &str) -> String {
    let login = login.trim();
    let local = match login.rsplit_once('@') {
        Some((local, domain)) if domain.starts_with("yandex.") || domain.starts_with("ya.") => {
            local
        }
        _ => login,
    };
    local.to_lowercase().replace('.', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_match_like_yandex() {
        assert!(same_login("Ivan.Petrov", "ivan-petrov"));
        assert!(same_login("ivan-petrov@yandex.ru", "ivan-petrov"));
        assert!(!same_login("ivan", "ivan2"));
    }
}
