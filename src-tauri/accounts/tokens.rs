//! An account's tokens: storing a sign-in, replacing tokens after a refresh, forgetting an
//! account, reading its tokens, and the masked token the list shows (cached, so listing does
//! not read every keychain entry each time).

use time::OffsetDateTime;

use super::StoreError;
use super::{keys, mask, model, normalize_scopes, Account, Accounts, SignedIn};
use crate::secrets::Secret;

impl Accounts {
    /// Stores a sign-in: a new account, or — same Yandex user, same app — new tokens for the
    /// existing one (same id, label and notes kept).
    pub async fn save_sign_in(&self, signed: SignedIn) -> Result<Account, StoreError> {
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
        let undo_new = || async {
            if previous.is_none() {
                self.put_back(&access_key, &None).await;
                self.put_back(&refresh_key, &None).await;
            }
        };

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
            undo_new().await;
            return Err(error.into());
        }
        match existing {
            Some(i) => index.accounts[i] = account.clone(),
            None => index.accounts.push(account.clone()),
        }
        if let Err(error) = self.save(&index) {
            undo_new().await;
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

    /// Forgets an account here (its token stays valid at Yandex).
    pub async fn remove_account(&self, id: &str) -> Result<Account, StoreError> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let position = index.position_of(id)?;
        let account = index.accounts.remove(position);
        self.save(&index)?;
        self.masks().remove(id);
        self.remove_agency_clients(id);
        self.keychain.delete(&keys::access_token(id)).await?;
        self.keychain.delete(&keys::refresh_token(id)).await?;
        Ok(account)
    }

    /// Replaces an account's tokens after a refresh: both keychain entries first, then the
    /// index. Yandex has issued the new tokens by now, and the old ones may be dead: once the new
    /// access token is written it stays, whatever fails after it (the refresh token's write, the
    /// index), and the error says what did not finish.
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
        self.keychain
            .persist(&access_key, access_token.clone())
            .await?;
        self.remember_mask(id, &access_token);
        let has_refresh = refresh_token.is_some() || index.accounts[position].has_refresh_token;
        if let Some(refresh) = refresh_token {
            self.keychain.persist(&refresh_key, refresh).await?;
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
