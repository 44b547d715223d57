//! OAuth tokens: how they are issued, which ones are alive, and how they die.
//!
//! This is where the uniqueness quirks live (fact sheet §6): one app+user pair gets the same
//! token again instead of a second one, device-bound tokens are distinct per device and capped
//! at 30 per user per app, and a new token with different rights kills the pair's other ones.
//! Every service asks this store whether a token is good; none keeps its own list.

use crate::mint;

/// Lifetime of every token the fake issues: one year, as observed for typical apps.
pub(crate) const TOKEN_LIFETIME: u64 = 31_536_000;

/// The current docs' cap on device-bound tokens per user per app (older docs said 20).
pub(crate) const DEVICE_TOKENS_PER_APP: usize = 30;

/// A token as the fake hands it out to a test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    pub access_token: String,
    pub refresh_token: Option<String>,
    /// Seconds left, on the fake clock.
    pub expires_in: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub access: String,
    pub refresh: Option<String>,
    pub client_id: String,
    pub uid: String,
    pub scopes: Vec<String>,
    pub device_id: Option<String>,
    pub issued_at: u64,
    pub alive: bool,
}

impl Token {
    pub fn is_valid(&self, now: u64) -> bool {
        self.alive && now < self.issued_at + TOKEN_LIFETIME
    }

    pub fn expires_in(&self, now: u64) -> u64 {
        (self.issued_at + TOKEN_LIFETIME).saturating_sub(now)
    }

    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    pub fn issued(&self, now: u64) -> IssuedToken {
        IssuedToken {
            access_token: self.access.clone(),
            refresh_token: self.refresh.clone(),
            expires_in: self.expires_in(now),
        }
    }
}

/// What a token is for: who, which app, which rights, which device.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub client_id: String,
    pub uid: String,
    pub scopes: Vec<String>,
    pub device_id: Option<String>,
}

/// Every token ever issued, oldest first (dead ones stay, so a revoke of a dead token can
/// still tell whose it was).
#[derive(Debug, Default)]
pub(crate) struct TokenStore {
    tokens: Vec<Token>,
}

impl TokenStore {
    /// Issues a token for the grant, or hands back the pair's (or device's) existing one when
    /// it is still alive and carries the same rights. `with_refresh` is false for the implicit
    /// flow, which has no refresh token.
    pub fn issue(&mut self, now: u64, grant: Grant, with_refresh: bool) -> IssuedToken {
        let same_pair = |t: &Token| t.client_id == grant.client_id && t.uid == grant.uid;
        for token in self.tokens.iter_mut() {
            if same_pair(token) && token.is_valid(now) && !same_rights(&token.scopes, &grant.scopes)
            {
                token.alive = false;
            }
        }
        if let Some(existing) = self
            .tokens
            .iter_mut()
            .find(|t| same_pair(t) && t.device_id == grant.device_id && t.is_valid(now))
        {
            if with_refresh && existing.refresh.is_none() {
                existing.refresh = Some(mint::refresh_token());
            }
            return existing.issued(now);
        }
        let token = Token {
            access: mint::access_token(),
            refresh: with_refresh.then(mint::refresh_token),
            client_id: grant.client_id.clone(),
            uid: grant.uid.clone(),
            scopes: grant.scopes,
            device_id: grant.device_id,
            issued_at: now,
            alive: true,
        };
        let issued = token.issued(now);
        let is_device_token = token.device_id.is_some();
        self.tokens.push(token);
        if is_device_token {
            self.evict_excess_device_tokens(now, &grant.client_id, &grant.uid);
        }
        issued
    }

    fn evict_excess_device_tokens(&mut self, now: u64, client_id: &str, uid: &str) {
        let mut live: Vec<&mut Token> = self
            .tokens
            .iter_mut()
            .filter(|t| {
                t.client_id == client_id && t.uid == uid && t.device_id.is_some() && t.is_valid(now)
            })
            .collect();
        let excess = live.len().saturating_sub(DEVICE_TOKENS_PER_APP);
        for token in live.iter_mut().take(excess) {
            token.alive = false;
        }
    }

    pub fn find(&self, access: &str) -> Option<&Token> {
        self.tokens.iter().find(|t| t.access == access)
    }

    /// The token if it is alive and unexpired.
    pub fn valid(&self, access: &str, now: u64) -> Option<&Token> {
        self.find(access).filter(|t| t.is_valid(now))
    }

    /// How many of the user's tokens for the app are alive and unexpired.
    pub fn live_of(&self, uid: &str, client_id: &str, now: u64) -> usize {
        self.tokens
            .iter()
            .filter(|t| t.uid == uid && t.client_id == client_id && t.is_valid(now))
            .count()
    }

    pub fn find_by_refresh(&self, refresh: &str) -> Option<&Token> {
        self.tokens
            .iter()
            .find(|t| t.refresh.as_deref() == Some(refresh))
    }

    /// Kills the token with this refresh token and issues a fresh pair with the same grant.
    pub fn rotate(&mut self, now: u64, refresh: &str) -> Option<IssuedToken> {
        let old = self
            .tokens
            .iter_mut()
            .find(|t| t.refresh.as_deref() == Some(refresh) && t.is_valid(now))?;
        old.alive = false;
        let grant = Grant {
            client_id: old.client_id.clone(),
            uid: old.uid.clone(),
            scopes: old.scopes.clone(),
            device_id: old.device_id.clone(),
        };
        Some(self.issue(now, grant, true))
    }

    /// Kills one token (and so its refresh token). Returns whether it was alive.
    pub fn revoke(&mut self, access: &str) -> bool {
        match self.tokens.iter_mut().find(|t| t.access == access) {
            Some(token) if token.alive => {
                token.alive = false;
                true
            }
            _ => false,
        }
    }

    pub fn revoke_user(&mut self, uid: &str) {
        self.tokens
            .iter_mut()
            .filter(|t| t.uid == uid)
            .for_each(|t| t.alive = false);
    }

    pub fn revoke_app(&mut self, client_id: &str) {
        self.tokens
            .iter_mut()
            .filter(|t| t.client_id == client_id)
            .for_each(|t| t.alive = false);
    }
}

/// Rights compared as sets.
pub(crate) fn same_rights(a: &[String], b: &[String]) -> bool {
    a.iter().all(|s| b.contains(s)) && b.iter().all(|s| a.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(device: Option<&str>, scopes: &[&str]) -> Grant {
        Grant {
            client_id: "app".into(),
            uid: "1".into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            device_id: device.map(str::to_string),
        }
    }

    #[test]
    fn same_pair_without_device_gets_the_same_token() {
        let mut store = TokenStore::default();
        let a = store.issue(0, grant(None, &["login:info"]), false);
        let b = store.issue(100, grant(None, &["login:info"]), true);
        assert_eq!(a.access_token, b.access_token);
        assert_eq!(b.expires_in, TOKEN_LIFETIME - 100);
        assert!(b.refresh_token.is_some());
    }

    #[test]
    fn different_rights_kill_the_old_token() {
        let mut store = TokenStore::default();
        let a = store.issue(0, grant(None, &["login:info"]), false);
        let b = store.issue(0, grant(Some("device-1"), &["direct:api"]), false);
        assert_ne!(a.access_token, b.access_token);
        assert!(store.valid(&a.access_token, 0).is_none());
        assert!(store.valid(&b.access_token, 0).is_some());
    }

    #[test]
    fn the_31st_device_evicts_the_oldest() {
        let mut store = TokenStore::default();
        let issued: Vec<_> = (0..=DEVICE_TOKENS_PER_APP)
            .map(|i| store.issue(0, grant(Some(&format!("device-{i:02}")), &["x"]), false))
            .collect();
        assert!(store.valid(&issued[0].access_token, 0).is_none());
        assert!(issued[1..]
            .iter()
            .all(|t| store.valid(&t.access_token, 0).is_some()));
    }
}
