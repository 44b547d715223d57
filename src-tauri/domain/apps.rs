//! The Yandex apps people sign in through: listed with the accounts that use them, added,
//! edited and deleted. A client secret pasted into the app form waits in Rust
//! ([`StagedSecret`]) until Save, and is never sent to the window.

use std::sync::{Mutex, MutexGuard};

use crate::accounts::{mask, App, NewApp, SecretChange};
use crate::app::YaToken;
use crate::domain::views::{AppForm, AppView, SecretAction};
use crate::error::Error;
use crate::secrets::Secret;

pub fn list(cx: &YaToken) -> Result<Vec<AppView>, Error> {
    let index = cx.accounts().load()?;
    Ok(index
        .apps
        .iter()
        .map(|app| AppView {
            app: app.clone(),
            used_by: index
                .accounts
                .iter()
                .filter(|a| a.client_id == app.client_id)
                .map(|a| a.login.clone())
                .collect(),
        })
        .collect())
}

/// Adds an app (the command line's `app add`; the window's form goes through
/// [`StagedSecret::add`]).
pub async fn add(cx: &YaToken, new: NewApp) -> Result<App, Error> {
    Ok(cx.accounts().add_app(new).await?)
}

pub async fn delete(cx: &YaToken, client_id: &str) -> Result<(), Error> {
    Ok(cx.accounts().delete_app(client_id).await?)
}

/// The client secret pasted for the app form, waiting for Save (one per window).
#[derive(Default)]
pub struct StagedSecret(Mutex<Option<Secret>>);

impl StagedSecret {
    /// Reads the client secret from the clipboard and keeps it for the form's Save. Returns its
    /// mask so the form can show that a secret was received.
    pub fn stage(&self, cx: &YaToken) -> Result<String, Error> {
        let secret = cx.clipboard().take_secret()?;
        let masked = mask(secret.expose());
        *self.slot() = Some(secret);
        Ok(masked)
    }

    pub fn discard(&self) {
        *self.slot() = None;
    }

    fn slot(&self) -> MutexGuard<'_, Option<Secret>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds the app in `form`, with the staged secret unless the form says none.
    pub async fn add(&self, cx: &YaToken, form: AppForm) -> Result<App, Error> {
        let secret = match form.secret {
            SecretAction::Remove => None,
            SecretAction::Keep | SecretAction::Staged => self.slot().clone(),
        };
        let new = NewApp {
            client_id: form.client_id,
            name: form.name,
            host: form.host,
            scopes: form.scopes,
            flow: form.flow,
            secret,
        };
        let app = add(cx, new).await?;
        self.discard();
        Ok(app)
    }

    /// Saves the edited app; its secret is kept, replaced by the staged one, or removed.
    pub async fn update(&self, cx: &YaToken, form: AppForm) -> Result<App, Error> {
        let change = match form.secret {
            SecretAction::Keep => SecretChange::Keep,
            SecretAction::Remove => SecretChange::Remove,
            SecretAction::Staged => match self.slot().clone() {
                Some(secret) => SecretChange::Set(secret),
                None => SecretChange::Keep,
            },
        };
        let app = cx
            .accounts()
            .update_app(
                &form.client_id,
                form.name,
                form.host,
                form.scopes,
                form.flow,
                change,
            )
            .await?;
        self.discard();
        Ok(app)
    }
}
