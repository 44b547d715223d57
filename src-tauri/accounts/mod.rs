//! The accounts and apps of one profile: metadata in an index file, secrets in the keychain, and
//! the operations that keep the two in step.
//!
//! The rule is "nothing half-saved": a secret is written to the keychain before the index entry
//! that points to it, and removed again if the index cannot be written; an index entry is removed
//! before its secrets. The index is the source of truth (the keychain cannot be listed), and is
//! never silently replaced when it cannot be read.

mod apps;
mod clients;
mod error;
mod index;
mod locks;
pub mod model;
mod tokens;
pub mod verdict;
mod watch;
pub use watch::Seen;

use std::path::PathBuf;

pub use clients::{AgencyClient, ClientList};
pub use error::StoreError;
pub use index::Index;
pub use locks::AccountGuard;
use locks::IndexGuard;
use model::normalize_scopes;
pub use model::{keys, mask, same_login, Account, App, DirectIdentity, OAuthHost, Role};

use crate::oauth::Flow;
use crate::secrets::{Keychain, Secret};
use crate::yandex::UserInfo;

/// A new app as the user entered it.
#[derive(Debug, Clone)]
pub struct NewApp {
    pub client_id: String,
    pub name: String,
    pub host: OAuthHost,
    pub scopes: Vec<String>,
    pub flow: Flow,
    pub secret: Option<Secret>,
}

/// What to do with an app's stored client secret when editing it.
#[derive(Debug, Clone)]
pub enum SecretChange {
    Keep,
    Set(Secret),
    Remove,
}

/// A finished sign-in (or import), ready to be stored.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub info: UserInfo,
    pub client_id: String,
    pub role: Option<Role>,
    pub requested_scopes: Vec<String>,
    pub granted_scopes: Option<Vec<String>>,
    pub device_bound: Option<bool>,
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub expires_in: Option<u64>,
}

/// The accounts store of one profile.
pub struct Accounts {
    path: PathBuf,
    keychain: Keychain,
    writer: tokio::sync::Mutex<()>,
    /// The index's modification time right after this process last wrote it, so a watcher
    /// can tell other processes' changes from its own.
    own_write: std::sync::Mutex<Option<std::time::SystemTime>>,
    /// Masked tokens by account id, kept in step with every token write (see `tokens.rs`).
    masks: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl Accounts {
    pub fn new(path: PathBuf, keychain: Keychain) -> Self {
        Self {
            path,
            keychain,
            writer: tokio::sync::Mutex::new(()),
            own_write: std::sync::Mutex::new(None),
            masks: std::sync::Mutex::default(),
        }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Whether the index, as modified at `modified`, is this process's own last write.
    pub fn is_own_write(&self, modified: Option<std::time::SystemTime>) -> bool {
        modified.is_some() && *self.own_write.lock().unwrap_or_else(|p| p.into_inner()) == modified
    }

    pub fn keychain(&self) -> &Keychain {
        &self.keychain
    }

    /// Takes the lock, then reads the index: the start of every read-change-write.
    async fn lock_and_load(&self) -> Result<(IndexGuard<'_>, Index), StoreError> {
        let guard = self.lock().await?;
        Ok((guard, self.load()?))
    }

    /// The index as it is on disk now.
    pub fn load(&self) -> Result<Index, StoreError> {
        Index::load(&self.path)
    }

    fn save(&self, index: &Index) -> Result<(), StoreError> {
        index.save(&self.path)?;
        let modified = std::fs::metadata(&self.path)
            .and_then(|m| m.modified())
            .ok();
        *self.own_write.lock().unwrap_or_else(|p| p.into_inner()) = modified;
        Ok(())
    }

    /// Undoes a keychain write after a later step failed: the previous secret goes back, or the
    /// entry goes away if there was none. Best effort: the original error is what is reported.
    async fn put_back(&self, key: &str, previous: &Option<Secret>) {
        let _ = match previous {
            Some(old) => self.keychain.persist(key, old.clone()).await,
            None => self.keychain.delete(key).await,
        };
    }

    /// This installation's device id for the profile, created and saved on first use.
    pub async fn device_id(&self) -> Result<String, StoreError> {
        let (_writer, mut index) = self.lock_and_load().await?;
        if index.device_id.is_empty() {
            index.device_id = format!("yatoken-{}", crate::oauth::random_url_safe(18));
            self.save(&index)?;
        }
        Ok(index.device_id)
    }

    /// Applies `change` to the accounts named in it and writes the index once. Accounts that are
    /// gone meanwhile are skipped. Only metadata changes here, never a secret.
    pub async fn update_metadata(
        &self,
        mut change: impl FnMut(&mut Account) -> bool,
    ) -> Result<(), StoreError> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let mut changed = false;
        for account in &mut index.accounts {
            changed |= change(account);
        }
        if changed {
            self.save(&index)?;
        }
        Ok(())
    }

    /// Applies `change` to account `id` and writes the index once: `change`'s result, or `None`
    /// when there is no such account (nothing is written then). Metadata only, never a secret.
    pub async fn update<R>(
        &self,
        id: &str,
        change: impl FnOnce(&mut Account) -> R,
    ) -> Result<Option<R>, StoreError> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let Some(account) = index.accounts.iter_mut().find(|a| a.id == id) else {
            return Ok(None);
        };
        let result = change(account);
        self.save(&index)?;
        Ok(Some(result))
    }
}

#[cfg(test)]
mod tests;
