//! The accounts and apps of one profile: metadata in an index file, secrets in the keychain, and
//! the operations that keep the two in step.
//!
//! The rule is "nothing half-saved": a secret is written to the keychain before the index entry
//! that points to it, and removed again if the index cannot be written; an index entry is removed
//! before its secrets. The index is the source of truth (the keychain cannot be listed), and is
//! never silently replaced when it cannot be read.

mod clients;
mod index;
pub mod model;

use std::path::PathBuf;

use time::OffsetDateTime;

pub use clients::{AgencyClient, ClientList};
pub use index::Index;
pub use model::{keys, mask, same_login, Account, App, DirectIdentity, OAuthHost, Role};

use crate::error::Error;
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
}

/// Held while one process reads, changes and writes the index: the window and any number of
/// command-line processes share the file, and none may lose another's change.
struct IndexGuard<'a> {
    _file: std::fs::File,
    _in_process: tokio::sync::MutexGuard<'a, ()>,
}

impl Accounts {
    pub fn new(path: PathBuf, keychain: Keychain) -> Self {
        Self {
            path,
            keychain,
            writer: tokio::sync::Mutex::new(()),
            own_write: std::sync::Mutex::new(None),
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

    /// The index's lock file sits beside it; an exclusive advisory lock (flock) on it is held
    /// for a whole read-change-write, and released when the guard drops (or the process dies).
    async fn lock(&self) -> Result<IndexGuard<'_>, Error> {
        let in_process = self.writer.lock().await;
        let lock_path = self.path.with_extension("lock");
        let file = tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
            if let Some(dir) = lock_path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)?;
            file.lock()?;
            Ok(file)
        })
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))
        .and_then(|r| r)
        .map_err(|source| Error::Storage {
            path: self.path.with_extension("lock").display().to_string(),
            source,
        })?;
        Ok(IndexGuard {
            _file: file,
            _in_process: in_process,
        })
    }

    /// Takes the lock, then reads the index: the start of every read-change-write.
    async fn lock_and_load(&self) -> Result<(IndexGuard<'_>, Index), Error> {
        let guard = self.lock().await?;
        Ok((guard, self.load()?))
    }

    /// The index as it is on disk now.
    pub fn load(&self) -> Result<Index, Error> {
        Index::load(&self.path)
    }

    fn save(&self, index: &Index) -> Result<(), Error> {
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
    pub async fn device_id(&self) -> Result<String, Error> {
        let (_writer, mut index) = self.lock_and_load().await?;
        if index.device_id.is_empty() {
            index.device_id = format!("yatoken-{}", crate::oauth::random_url_safe(18));
            self.save(&index)?;
        }
        Ok(index.device_id)
    }

    pub async fn add_app(&self, new: NewApp) -> Result<App, Error> {
        let client_id = new.client_id.trim().to_ascii_lowercase();
        if !model::is_client_id(&client_id) {
            return Err(Error::InvalidClientId {
                value: new.client_id,
            });
        }
        let name = match new.name.trim() {
            "" => client_id[..8].to_string(),
            name => name.to_string(),
        };
        let (_writer, mut index) = self.lock_and_load().await?;
        if let Some(existing) = index.app(&client_id) {
            return Err(Error::AppExists {
                name: existing.name.clone(),
            });
        }
        let app = App {
            client_id: client_id.clone(),
            name,
            host: new.host,
            scopes: normalize_scopes(&new.scopes),
            flow: new.flow,
            has_secret: new.secret.is_some(),
            created_at: OffsetDateTime::now_utc(),
        };
        let secret_key = keys::client_secret(&client_id);
        if let Some(secret) = new.secret {
            self.keychain.persist(&secret_key, secret).await?;
        }
        index.apps.push(app.clone());
        if let Err(error) = self.save(&index) {
            if app.has_secret {
                let _ = self.keychain.delete(&secret_key).await;
            }
            return Err(error);
        }
        Ok(app)
    }

    pub async fn update_app(
        &self,
        client_id: &str,
        name: String,
        host: OAuthHost,
        scopes: Vec<String>,
        flow: Flow,
        secret: SecretChange,
    ) -> Result<App, Error> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let position = index
            .apps
            .iter()
            .position(|a| a.client_id == client_id)
            .ok_or(Error::AppNotFound)?;
        let secret_key = keys::client_secret(client_id);
        let previous_secret = self.keychain.retrieve(&secret_key).await?;
        let app = &mut index.apps[position];
        if !name.trim().is_empty() {
            app.name = name.trim().to_string();
        }
        app.host = host;
        app.scopes = normalize_scopes(&scopes);
        app.flow = flow;
        match &secret {
            SecretChange::Keep => {}
            SecretChange::Set(value) => {
                self.keychain.persist(&secret_key, value.clone()).await?;
                app.has_secret = true;
            }
            SecretChange::Remove => app.has_secret = false,
        }
        let updated = app.clone();
        if let Err(error) = self.save(&index) {
            if let SecretChange::Set(_) = secret {
                self.put_back(&secret_key, &previous_secret).await;
            }
            return Err(error);
        }
        if let SecretChange::Remove = secret {
            self.keychain.delete(&secret_key).await?;
        }
        Ok(updated)
    }

    /// Removes an app and its secret; refused while accounts use it.
    pub async fn delete_app(&self, client_id: &str) -> Result<(), Error> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let app = index.app(client_id).ok_or(Error::AppNotFound)?.clone();
        let users: Vec<String> = index
            .accounts
            .iter()
            .filter(|a| a.client_id == client_id)
            .map(|a| a.login.clone())
            .collect();
        if !users.is_empty() {
            return Err(Error::AppInUse {
                name: app.name,
                logins: users,
            });
        }
        index.apps.retain(|a| a.client_id != client_id);
        self.save(&index)?;
        self.keychain
            .delete(&keys::client_secret(client_id))
            .await?;
        Ok(())
    }

    pub async fn client_secret(&self, client_id: &str) -> Result<Option<Secret>, Error> {
        Ok(self
            .keychain
            .retrieve(&keys::client_secret(client_id))
            .await?)
    }

    /// Stores a sign-in: a new account, or — same Yandex user, same app — new tokens for the
    /// existing one (same id, label and notes kept).
    pub async fn save_sign_in(&self, signed: SignedIn) -> Result<Account, Error> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let now = OffsetDateTime::now_utc();
        let existing = index
            .accounts
            .iter()
            .position(|a| a.uid == signed.info.id && a.client_id == signed.client_id);
        let previous = match existing {
            Some(i) => Some(index.accounts[i].clone()),
            None => None,
        };
        let id = previous
            .as_ref()
            .map(|a| a.id.clone())
            .unwrap_or_else(model::new_account_id);
        let account = Account {
            id: id.clone(),
            uid: signed.info.id.clone(),
            login: signed.info.login.clone(),
            display_name: signed.info.shown_name(),
            role: signed.role.or(previous.as_ref().and_then(|a| a.role)),
            client_id: signed.client_id.clone(),
            requested_scopes: normalize_scopes(&signed.requested_scopes),
            granted_scopes: signed.granted_scopes.as_deref().map(normalize_scopes),
            device_bound: signed.device_bound,
            has_refresh_token: signed.refresh_token.is_some(),
            issued_at: now,
            expires_at: signed
                .expires_in
                .and_then(|s| i64::try_from(s).ok())
                .map(|s| now + time::Duration::seconds(s)),
            created_at: previous.as_ref().map(|a| a.created_at).unwrap_or(now),
            label: previous
                .as_ref()
                .map(|a| a.label.clone())
                .unwrap_or_default(),
            notes: previous
                .as_ref()
                .map(|a| a.notes.clone())
                .unwrap_or_default(),
            last_check: None,
            needs_sign_in: false,
            direct: previous.as_ref().and_then(|a| a.direct.clone()),
            active_client: previous.as_ref().and_then(|a| a.active_client.clone()),
        };

        let access_key = keys::access_token(&id);
        let refresh_key = keys::refresh_token(&id);
        let old_access = match previous {
            Some(_) => self.keychain.retrieve(&access_key).await?,
            None => None,
        };
        let old_refresh = match previous {
            Some(_) => self.keychain.retrieve(&refresh_key).await?,
            None => None,
        };
        let restore = || async {
            self.put_back(&access_key, &old_access).await;
            self.put_back(&refresh_key, &old_refresh).await;
        };

        self.keychain
            .persist(&access_key, signed.access_token.clone())
            .await?;
        let refresh_written = match &signed.refresh_token {
            Some(token) => self.keychain.persist(&refresh_key, token.clone()).await,
            None => Ok(()),
        };
        if let Err(error) = refresh_written {
            restore().await;
            return Err(error.into());
        }
        match existing {
            Some(i) => index.accounts[i] = account.clone(),
            None => index.accounts.push(account.clone()),
        }
        if let Err(error) = self.save(&index) {
            restore().await;
            return Err(error);
        }
        if signed.refresh_token.is_none() && old_refresh.is_some() {
            // The new token has no refresh token: the old one belongs to a token now replaced.
            let _ = self.keychain.delete(&refresh_key).await;
        }
        Ok(account)
    }

    /// Forgets an account here (its token stays valid at Yandex).
    pub async fn remove_account(&self, id: &str) -> Result<Account, Error> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let position = index.position_of(id)?;
        let account = index.accounts.remove(position);
        self.save(&index)?;
        self.remove_agency_clients(id);
        self.keychain.delete(&keys::access_token(id)).await?;
        self.keychain.delete(&keys::refresh_token(id)).await?;
        Ok(account)
    }

    /// Applies `change` to the accounts named in it and writes the index once. Accounts that are
    /// gone meanwhile are skipped. Only metadata changes here, never a secret.
    pub async fn update_metadata(
        &self,
        mut change: impl FnMut(&mut Account) -> bool,
    ) -> Result<(), Error> {
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
    ) -> Result<Option<R>, Error> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let Some(account) = index.accounts.iter_mut().find(|a| a.id == id) else {
            return Ok(None);
        };
        let result = change(account);
        self.save(&index)?;
        Ok(Some(result))
    }

    /// Replaces an account's tokens after a refresh: both keychain entries first (restoring the
    /// old ones if either write fails), then the index.
    pub async fn replace_tokens(
        &self,
        id: &str,
        access_token: Secret,
        refresh_token: Option<Secret>,
        expires_in: Option<u64>,
    ) -> Result<Account, Error> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let position = index.position_of(id)?;
        let access_key = keys::access_token(id);
        let refresh_key = keys::refresh_token(id);
        let old_access = self.keychain.retrieve(&access_key).await?;
        let old_refresh = self.keychain.retrieve(&refresh_key).await?;
        let restore = || async {
            self.put_back(&access_key, &old_access).await;
            self.put_back(&refresh_key, &old_refresh).await;
        };
        self.keychain.persist(&access_key, access_token).await?;
        let has_refresh = refresh_token.is_some() || old_refresh.is_some();
        if let Some(refresh) = refresh_token {
            if let Err(error) = self.keychain.persist(&refresh_key, refresh).await {
                restore().await;
                return Err(error.into());
            }
        }
        let now = OffsetDateTime::now_utc();
        let account = &mut index.accounts[position];
        account.issued_at = now;
        if let Some(seconds) = expires_in.and_then(|s| i64::try_from(s).ok()) {
            account.expires_at = Some(now + time::Duration::seconds(seconds));
        }
        account.has_refresh_token = has_refresh;
        account.needs_sign_in = false;
        let updated = account.clone();
        if let Err(error) = self.save(&index) {
            restore().await;
            return Err(error);
        }
        Ok(updated)
    }

    pub async fn refresh_token(&self, id: &str) -> Result<Option<Secret>, Error> {
        Ok(self.keychain.retrieve(&keys::refresh_token(id)).await?)
    }

    /// The account's access token, from the keychain.
    pub async fn access_token(&self, id: &str) -> Result<Secret, Error> {
        self.keychain
            .retrieve(&keys::access_token(id))
            .await?
            .ok_or(Error::TokenMissing)
    }
}

fn normalize_scopes(scopes: &[String]) -> Vec<String> {
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
mod tests;
