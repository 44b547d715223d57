//! The apps of a profile: added, edited and deleted in the index, with their client secrets in
//! the keychain, in the same "nothing half-saved" order as the accounts.

use time::OffsetDateTime;

use super::StoreError;
use super::{keys, model, normalize_scopes, Accounts, App, NewApp, OAuthHost, SecretChange};
use crate::oauth::Flow;
use crate::secrets::Secret;

impl Accounts {
    pub async fn add_app(&self, new: NewApp) -> Result<App, StoreError> {
        let client_id = new.client_id.trim().to_ascii_lowercase();
        if !model::is_client_id(&client_id) {
            return Err(StoreError::InvalidClientId {
                value: new.client_id,
            });
        }
        let name = match new.name.trim() {
            "" => client_id[..8].to_string(),
            name => name.to_string(),
        };
        let (_writer, mut index) = self.lock_and_load().await?;
        if let Some(existing) = index.app(&client_id) {
            return Err(StoreError::AppExists {
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
    ) -> Result<App, StoreError> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let position = index
            .apps
            .iter()
            .position(|a| a.client_id == client_id)
            .ok_or(StoreError::AppNotFound)?;
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
    pub async fn delete_app(&self, client_id: &str) -> Result<(), StoreError> {
        let (_writer, mut index) = self.lock_and_load().await?;
        let app = index.app(client_id).ok_or(StoreError::AppNotFound)?.clone();
        let users: Vec<String> = index
            .accounts
            .iter()
            .filter(|a| a.client_id == client_id)
            .map(|a| a.login.clone())
            .collect();
        if !users.is_empty() {
            return Err(StoreError::AppInUse {
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

    pub async fn client_secret(&self, client_id: &str) -> Result<Option<Secret>, StoreError> {
        Ok(self
            .keychain
            .retrieve(&keys::client_secret(client_id))
            .await?)
    }
}
