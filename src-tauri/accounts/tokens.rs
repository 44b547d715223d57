//! An account's tokens: storing a sign-in, replacing tokens after a refresh, forgetting an
//! account, reading its tokens, and the masked token the list shows (cached, so listing does
//! not read every keychain entry each time).

use time::OffsetDateTime;

use super::StoreError;
use super::{keys, mask, model, normalize_scopes, Account, Accounts, Index, SignedIn};
use crate::pause::pause_point;
use crate::secrets::Secret;

impl Accounts {
    /// Stores a sign-in: a new account, or — same Yandex user, same app — new tokens for the
    /// existing one (same id, label and notes kept, under the account's lock).
    ///
    /// A new account's id goes into the index's leftovers before its keychain entries are
    /// written, and out again with the account itself: a crash in between leaves entries the
    /// next start sweeps away, never entries nobody knows of.
    pub async fn save_sign_in(&self, signed: SignedIn) -> Result<Account, StoreError> {
        let known = self
            .load()?
            .accounts
            .into_iter()
            .find(|a| a.uid == signed.info.id && a.client_id == signed.client_id);
        let _changing = match &known {
            Some(account) => Some(self.lock_account(account).await?),
            None => None,
        };
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
        // A new account's entries go again if a later step fails: no keychain entry without its
        // account. An existing account's new tokens stay whatever fails after they are written:
        // they are the live ones, and the account already points to its entries.
        let is_new = previous.is_none();
        if is_new {
            index.leftovers.push(id.clone());
            self.save(&index)?;
        }
        self.keychain
            .persist(&access_key, signed.access_token.clone())
            .await?;
        if previous.is_some() {
            self.remember_mask(&id, &signed.access_token);
        }
        let refresh_written = match &signed.refresh_token {
            Some(token) => self.keychain.persist(&refresh_key, token.clone()).await,
            None => Ok(()),
        };
        if let Err(error) = refresh_written {
            if is_new {
                self.undo_new_account(&id, index).await;
            }
            return Err(error.into());
        }
        pause_point("sign-in:tokens-stored");
        match existing {
            Some(i) => index.accounts[i] = account.clone(),
            None => {
                index.accounts.push(account.clone());
                index.leftovers.retain(|left| *left != account.id);
            }
        }
        if let Err(error) = self.save(&index) {
            if is_new {
                self.undo_new_account(&id, index).await;
            }
            return Err(error);
        }
        if signed.refresh_token.is_none() && previous.as_ref().is_some_and(|a| a.has_refresh_token)
        {
            // The new token has no refresh token: the old one belongs to a token now replaced.
            let _ = self.keychain.delete(&refresh_key).await;
        }
        self.remember_mask(&id, &signed.access_token);
        Ok(account)
    }

    /// Takes back a new account whose saving failed: its entries go, and so does its id from
    /// the leftovers once they are gone. Best effort: the original error is what is reported,
    /// and what stays listed is swept at the next start.
    async fn undo_new_account(&self, id: &str, mut index: Index) {
        let gone = self.delete_entries(id).await;
        index.accounts.retain(|a| a.id != id);
        if gone {
            index.leftovers.retain(|left| left != id);
        }
        let _ = self.save(&index);
    }

    /// Forgets an account here (its token stays valid at Yandex), under its lock when the
    /// caller holds it. The account leaves the index first, with its id among the leftovers;
    /// then its keychain entries go, then the id. Entries the keychain would not delete now
    /// stay listed and are swept at the next start.
    pub async fn remove_account(&self, id: &str) -> Result<Account, StoreError> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let position = index.position_of(id)?;
        let account = index.accounts.remove(position);
        index.leftovers.push(account.id.clone());
        self.save(&index)?;
        self.masks().remove(id);
        self.remove_agency_clients(id);
        pause_point("forget:account-removed");
        if self.delete_entries(id).await {
            // The account is gone either way; an id left listed only costs the next start a
            // delete of what is already gone.
            index.leftovers.retain(|left| left != id);
            let _ = self.save(&index);
        }
        self.drop_account_lock(id);
        Ok(account)
    }

    /// Deletes what a crash or a failed delete left behind: the keychain entries of the ids
    /// among the index's leftovers that are no account. Returns how many ids were swept; an
    /// entry the keychain would not delete now stays listed for the next time.
    pub async fn sweep_leftovers(&self) -> Result<usize, StoreError> {
        if self.load()?.leftovers.is_empty() {
            return Ok(0);
        }
        let (_writer, mut index) = self.lock_and_load().await?;
        let mut swept = Vec::new();
        for id in &index.leftovers {
            if index.account(id).is_some() || self.delete_entries(id).await {
                swept.push(id.clone());
            }
        }
        if swept.is_empty() {
            return Ok(0);
        }
        index.leftovers.retain(|left| !swept.contains(left));
        self.save(&index)?;
        Ok(swept.len())
    }

    /// Deletes both keychain entries of `id`; whether both are gone now.
    async fn delete_entries(&self, id: &str) -> bool {
        let access = self.keychain.delete(&keys::access_token(id)).await;
        let refresh = self.keychain.delete(&keys::refresh_token(id)).await;
        access.is_ok() && refresh.is_ok()
    }

    /// Replaces an account's tokens after a refresh: both keychain entries first (the refresh
    /// token, then the access token), then the index. Yandex has issued the new tokens by now,
    /// and the old ones may be dead: what is written stays, whatever fails after it (the other
    /// write, the index), and the error says what did not finish.
    pub async fn replace_tokens(
        &self,
        id: &str,
        access_token: Secret,
        refresh_token: Option<Secret>,
        expires_in: Option<u64>,
    ) -> Result<Account, StoreError> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let position = index.position_of(id)?;
        let access_key = keys::access_token(id);
        let refresh_key = keys::refresh_token(id);
        // The refresh token first: stopped between the two writes, the account keeps a live
        // refresh token, and the next refresh brings everything back.
        let has_refresh = refresh_token.is_some() || index.accounts[position].has_refresh_token;
        if let Some(refresh) = refresh_token {
            self.keychain.persist(&refresh_key, refresh).await?;
        }
        pause_point("refresh:refresh-token-stored");
        self.keychain
            .persist(&access_key, access_token.clone())
            .await?;
        self.remember_mask(id, &access_token);
        pause_point("refresh:tokens-stored");
        let now = OffsetDateTime::now_utc();
        let account = &mut index.accounts[position];
        account.issued_at = now;
        if let Some(seconds) = expires_in.and_then(|s| i64::try_from(s).ok()) {
            account.expires_at = Some(now + time::Duration::seconds(seconds));
        }
        account.has_refresh_token = has_refresh;
        account.needs_sign_in = false;
        let updated = account.clone();
        self.save(&index)?;
        Ok(updated)
    }

    pub async fn refresh_token(&self, id: &str) -> Result<Option<Secret>, StoreError> {
        Ok(self.keychain.retrieve(&keys::refresh_token(id)).await?)
    }

    /// The account's access token, from the keychain. A token found missing (removed behind
    /// YaToken's back) is no longer shown masked either.
    pub async fn access_token(&self, id: &str) -> Result<Secret, StoreError> {
        let token = self.keychain.retrieve(&keys::access_token(id)).await?;
        token.ok_or_else(|| {
            self.masks().remove(id);
            StoreError::TokenMissing
        })
    }

    /// The masked token the list shows (`y0_AgA…x9Qk`) when already known, without reading the
    /// keychain.
    pub fn known_mask(&self, id: &str) -> Option<String> {
        self.masks().get(id).cloned()
    }

    /// The masked token, read from the keychain once and then remembered; `None` where the
    /// keychain has no token.
    pub async fn masked_token(&self, id: &str) -> Result<Option<String>, StoreError> {
        if let Some(masked) = self.known_mask(id) {
            return Ok(Some(masked));
        }
        let token = self.keychain.retrieve(&keys::access_token(id)).await?;
        Ok(token.map(|token| self.remember_mask(id, &token)))
    }

    fn remember_mask(&self, id: &str, token: &Secret) -> String {
        let masked = mask(token.expose());
        self.masks().insert(id.to_string(), masked.clone());
        masked
    }

    fn masks(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, String>> {
        self.masks.lock().unwrap_or_else(|p| p.into_inner())
    }
}
