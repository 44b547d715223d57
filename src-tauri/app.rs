//! One running YaToken: its configuration, profile, settings and keychain. The window's commands
//! and (later) the command line both work through this value, so neither depends on the other.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::accounts::{mask, Account, Accounts, App, NewApp, OAuthHost, Role, SecretChange};
use crate::clipboard;
use crate::config::{ConfigError, Dirs, Endpoints, Profile};
use crate::error::Error;
use crate::i18n::Language;
use crate::oauth::{Flow, Redirect, RedirectError};
use crate::secrets::{Keychain, Secret, SecretStore, SystemStore};
use crate::settings::{Settings, SettingsFile};
use crate::signin::{self, Attempt, Pending, SignInOutcome, SignInRequest};
use crate::yandex;

pub struct YaToken {
    endpoints: Endpoints,
    profile: Profile,
    dirs: Dirs,
    settings_file: SettingsFile,
    settings: Mutex<Settings>,
    system_language: Language,
    accounts: Accounts,
    http: reqwest::Client,
    pending: Pending,
    /// A client secret pasted for the app form, waiting for Save. Never sent to the window.
    staged_secret: Mutex<Option<Secret>>,
    /// Masked tokens by account id, so listing does not read every keychain entry each time.
    masks: Mutex<HashMap<String, String>>,
    /// Held while a login window is open: one sign-in at a time.
    signing_in: tokio::sync::Mutex<()>,
}

/// What the window needs to know about this installation. No secrets.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: &'static str,
    pub profile: Option<String>,
    /// The language in use.
    pub language: Language,
    /// The language picked in the window, or `None` when following the system.
    pub chosen_language: Option<Language>,
    pub system_language: Language,
    /// The Redirect URI to register for a Yandex app.
    pub redirect_uri: String,
    /// Yandex's page for registering a new app.
    pub create_app_url: String,
    pub keychain_service: String,
    pub keychain_kind: &'static str,
    pub data_dir: String,
}

/// An app as the window shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppView {
    #[serde(flatten)]
    pub app: App,
    /// Logins of the accounts signed in through this app.
    pub used_by: Vec<String>,
}

/// An account as the window shows it: metadata and a masked token, never the token.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    #[serde(flatten)]
    pub account: Account,
    pub app_name: Option<String>,
    /// `y0_AgA…x9Qk`, or `None` when the keychain entry is missing.
    pub masked_token: Option<String>,
}

/// The app form as the window sends it. The client secret is not in it: it is pasted into
/// Rust from the clipboard (`stage_client_secret`) and used from there.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppForm {
    pub client_id: String,
    pub name: String,
    pub host: OAuthHost,
    pub scopes: Vec<String>,
    pub flow: Flow,
    /// `keep` (or use the staged one, when adding), `staged`, or `remove`.
    pub secret: SecretAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretAction {
    Keep,
    Staged,
    Remove,
}

impl YaToken {
    /// Reads the configuration from the environment and opens the platform keychain.
    pub fn from_env() -> Result<Self, ConfigError> {
        let endpoints = Endpoints::from_env()?;
        let profile = Profile::from_env()?;
        let dirs = profile.dirs()?;
        Ok(Self::new(
            endpoints,
            profile,
            dirs,
            Language::system(),
            Arc::new(SystemStore),
        ))
    }

    pub fn new(
        endpoints: Endpoints,
        profile: Profile,
        dirs: Dirs,
        system_language: Language,
        store: Arc<dyn SecretStore>,
    ) -> Self {
        let settings_file = SettingsFile::new(dirs.settings_file());
        let settings = settings_file.load();
        let keychain = Keychain::new(profile.keychain_service(), store);
        let accounts = Accounts::new(dirs.index_file(), keychain);
        Self {
            endpoints,
            profile,
            dirs,
            settings_file,
            settings: Mutex::new(settings),
            system_language,
            accounts,
            http: yandex::http_client(),
            pending: Pending::default(),
            staged_secret: Mutex::new(None),
            masks: Mutex::new(HashMap::new()),
            signing_in: tokio::sync::Mutex::new(()),
        }
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn dirs(&self) -> &Dirs {
        &self.dirs
    }

    pub fn keychain(&self) -> &Keychain {
        self.accounts.keychain()
    }

    pub fn accounts(&self) -> &Accounts {
        &self.accounts
    }

    fn settings(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn language(&self) -> Language {
        self.settings().language_or(self.system_language)
    }

    /// Remembers the language chosen in the window; `None` goes back to following the system.
    pub fn set_language(&self, language: Option<Language>) -> Result<Language, Error> {
        let mut settings = self.settings();
        let mut updated = settings.clone();
        updated.language = language;
        self.settings_file
            .save(&updated)
            .map_err(|source| Error::Storage {
                path: self.settings_file.path().display().to_string(),
                source,
            })?;
        *settings = updated;
        Ok(settings.language_or(self.system_language))
    }

    pub fn info(&self) -> AppInfo {
        let chosen_language = self.settings().language;
        AppInfo {
            version: env!("CARGO_PKG_VERSION"),
            profile: self.profile.name().map(str::to_string),
            language: chosen_language.unwrap_or(self.system_language),
            chosen_language,
            system_language: self.system_language,
            redirect_uri: self.endpoints.verification_code_url().to_string(),
            create_app_url: self.endpoints.create_app_url().to_string(),
            keychain_service: self.keychain().service().to_string(),
            keychain_kind: keychain_kind(),
            data_dir: self.dirs.data.display().to_string(),
        }
    }

    // ---- apps ----

    pub fn list_apps(&self) -> Result<Vec<AppView>, Error> {
        let index = self.accounts.load()?;
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

    /// Reads the client secret from the clipboard and keeps it for the app form's Save.
    /// Returns its mask so the form can show that a secret was received.
    pub fn stage_client_secret(&self) -> Result<String, Error> {
        let secret = clipboard::take_secret()?;
        let masked = mask(secret.expose());
        *self.staged() = Some(secret);
        Ok(masked)
    }

    pub fn discard_staged_secret(&self) {
        *self.staged() = None;
    }

    fn staged(&self) -> MutexGuard<'_, Option<Secret>> {
        self.staged_secret.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub async fn add_app(&self, form: AppForm) -> Result<App, Error> {
        let secret = match form.secret {
            SecretAction::Remove => None,
            SecretAction::Keep | SecretAction::Staged => self.staged().clone(),
        };
        let app = self
            .accounts
            .add_app(NewApp {
                client_id: form.client_id,
                name: form.name,
                host: form.host,
                scopes: form.scopes,
                flow: form.flow,
                secret,
            })
            .await?;
        self.discard_staged_secret();
        Ok(app)
    }

    pub async fn update_app(&self, form: AppForm) -> Result<App, Error> {
        let change = match form.secret {
            SecretAction::Keep => SecretChange::Keep,
            SecretAction::Remove => SecretChange::Remove,
            SecretAction::Staged => match self.staged().clone() {
                Some(secret) => SecretChange::Set(secret),
                None => SecretChange::Keep,
            },
        };
        let app = self
            .accounts
            .update_app(
                &form.client_id,
                form.name,
                form.host,
                form.scopes,
                form.flow,
                change,
            )
            .await?;
        self.discard_staged_secret();
        Ok(app)
    }

    pub async fn delete_app(&self, client_id: &str) -> Result<(), Error> {
        self.accounts.delete_app(client_id).await
    }

    // ---- accounts ----

    pub async fn list_accounts(&self) -> Result<Vec<AccountView>, Error> {
        let index = self.accounts.load()?;
        let mut views = Vec::with_capacity(index.accounts.len());
        for account in &index.accounts {
            let masked_token = self.masked_token(&account.id).await?;
            views.push(AccountView {
                app_name: index.app(&account.client_id).map(|a| a.name.clone()),
                account: account.clone(),
                masked_token,
            });
        }
        Ok(views)
    }

    async fn masked_token(&self, id: &str) -> Result<Option<String>, Error> {
        if let Some(masked) = self.mask_cache().get(id) {
            return Ok(Some(masked.clone()));
        }
        let token = self
            .keychain()
            .retrieve(&crate::accounts::keys::access_token(id))
            .await?;
        Ok(token.map(|token| self.remember_mask(id, &token)))
    }

    fn remember_mask(&self, id: &str, token: &Secret) -> String {
        let masked = mask(token.expose());
        self.mask_cache().insert(id.to_string(), masked.clone());
        masked
    }

    fn mask_cache(&self) -> MutexGuard<'_, HashMap<String, String>> {
        self.masks.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Forgets an account here; its token stays valid at Yandex.
    pub async fn remove_account(&self, id: &str) -> Result<Account, Error> {
        let account = self.accounts.remove_account(id).await?;
        self.mask_cache().remove(id);
        Ok(account)
    }

    /// Prepares a sign-in through `request.client_id`'s app. Holds the sign-in slot until the
    /// returned guard is dropped, so only one login window is open at a time.
    pub async fn begin_sign_in(
        &self,
        request: SignInRequest,
    ) -> Result<(Attempt, tokio::sync::MutexGuard<'_, ()>), Error> {
        let guard = self
            .signing_in
            .try_lock()
            .map_err(|_| Error::SignInInProgress)?;
        let index = self.accounts.load()?;
        let app = index
            .app(&request.client_id)
            .cloned()
            .ok_or(Error::AppNotFound)?;
        let device_id = self.accounts.device_id().await?;
        let host = gethostname::gethostname().to_string_lossy().into_owned();
        Ok((
            Attempt::new(&self.endpoints, app, request, device_id, &host),
            guard,
        ))
    }

    /// Finishes a sign-in with the redirect the login window caught.
    pub async fn finish_sign_in(
        &self,
        attempt: &Attempt,
        redirect: Result<Redirect, RedirectError>,
    ) -> Result<SignInOutcome, Error> {
        let secret = self.accounts.client_secret(attempt.client_id()).await?;
        let tokens = attempt.tokens(&self.http, redirect, secret).await?;
        let info = yandex::user_info(&self.http, &self.endpoints, &tokens.access_token).await?;
        let mismatch = attempt.hint_mismatch(&info);
        let actual = info.login.clone();
        let signed = attempt.signed_in(info, tokens);
        if let Some(expected) = mismatch {
            let pending = self.pending.park(signed);
            return Ok(SignInOutcome::WrongAccount {
                pending,
                expected,
                actual,
            });
        }
        self.save(signed).await
    }

    /// The user's answer to a token that belongs to someone other than the hinted login:
    /// keep it under its real login, or discard it.
    pub async fn confirm_sign_in(
        &self,
        pending: &str,
        keep: bool,
    ) -> Result<Option<Account>, Error> {
        let signed = self.pending.take(pending).ok_or(Error::NothingPending)?;
        if !keep {
            return Ok(None);
        }
        match self.save(signed).await? {
            SignInOutcome::Saved { account } => Ok(Some(account)),
            SignInOutcome::WrongAccount { .. } => Err(Error::NothingPending),
        }
    }

    /// Imports the token on the clipboard, verified with `/info` first.
    pub async fn import_from_clipboard(&self, role: Option<Role>) -> Result<Account, Error> {
        let token = clipboard::take_secret()?;
        self.import_token(token, role).await
    }

    pub async fn import_token(&self, token: Secret, role: Option<Role>) -> Result<Account, Error> {
        let signed = signin::verify_import(&self.http, &self.endpoints, token, role).await?;
        match self.save(signed).await? {
            SignInOutcome::Saved { account } => Ok(account),
            SignInOutcome::WrongAccount { .. } => Err(Error::NothingPending),
        }
    }

    async fn save(&self, signed: crate::accounts::SignedIn) -> Result<SignInOutcome, Error> {
        let token = signed.access_token.clone();
        let account = self.accounts.save_sign_in(signed).await?;
        self.remember_mask(&account.id, &token);
        Ok(SignInOutcome::Saved { account })
    }
}

fn keychain_kind() -> &'static str {
    if cfg!(target_os = "macos") {
        "macos"
    } else if cfg!(windows) {
        "windows"
    } else {
        "secret-service"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;

    fn yatoken(dir: &std::path::Path, system: Language) -> YaToken {
        let dirs = Dirs {
            config: dir.join("config"),
            data: dir.join("data"),
            cache: dir.join("cache"),
        };
        let endpoints = Endpoints::from_lookup(|_| None).unwrap();
        let profile = Profile::from_value(Some("unit".into())).unwrap();
        YaToken::new(
            endpoints,
            profile,
            dirs,
            system,
            Arc::new(MemoryStore::default()),
        )
    }

    #[test]
    fn language_follows_the_system_until_chosen_and_the_choice_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let app = yatoken(dir.path(), Language::Ru);
        assert_eq!(app.language(), Language::Ru);
        assert_eq!(app.set_language(Some(Language::En)).unwrap(), Language::En);
        drop(app);
        let restarted = yatoken(dir.path(), Language::Ru);
        assert_eq!(restarted.language(), Language::En);
        assert_eq!(restarted.set_language(None).unwrap(), Language::Ru);
    }

    #[test]
    fn info_names_the_profile_service_and_redirect_uri() {
        let dir = tempfile::tempdir().unwrap();
        let info = yatoken(dir.path(), Language::En).info();
        assert_eq!(info.profile.as_deref(), Some("unit"));
        assert_eq!(info.keychain_service, "yatoken-unit");
        assert_eq!(
            info.redirect_uri,
            "https://oauth.yandex.com/verification_code"
        );
    }

    #[test]
    fn a_failed_save_keeps_the_previous_language() {
        let dir = tempfile::tempdir().unwrap();
        let app = yatoken(dir.path(), Language::En);
        // A file where the config directory should be makes every save fail.
        std::fs::write(dir.path().join("config"), b"").unwrap();
        let error = app.set_language(Some(Language::Ru)).unwrap_err();
        assert_eq!(error.kind(), "storage");
        assert_eq!(app.language(), Language::En);
    }
}
