//! One running YaToken: its configuration, profile, settings and keychain. The window's commands
//! and (later) the command line both work through this value, so neither depends on the other.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use serde::{Deserialize, Serialize};

use crate::accounts::model::client_login;
use crate::accounts::{
    mask, Account, Accounts, AgencyClient, App, ClientList, NewApp, OAuthHost, Role, SecretChange,
};
use crate::audit::{self, Action, AuditLog, Source};
use crate::checkup::{self, Checkup, DirectTarget};
use crate::clipboard::{Clipboard, CopyFormat};
use crate::config::{ConfigError, Dirs, Endpoints, Profile};
use crate::error::Error;
use crate::i18n::Language;
use crate::oauth::{self, ClientCredentials, DeviceCode, Flow, Redirect, RedirectError};
use crate::proxy::{ProxyEnv, ProxyUrl, Route};
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
    /// Rebuilt when the proxy setting changes (see [`crate::proxy`] for which proxy wins).
    http: RwLock<yandex::Http>,
    /// The environment's proxy variables, read at start.
    proxy_env: ProxyEnv,
    pending: Pending,
    /// A client secret pasted for the app form, waiting for Save. Never sent to the window.
    staged_secret: Mutex<Option<Secret>>,
    /// Masked tokens by account id, so listing does not read every keychain entry each time.
    masks: Mutex<HashMap<String, String>>,
    /// Held while a login window is open: one sign-in at a time.
    signing_in: tokio::sync::Mutex<()>,
    clipboard: Clipboard,
    /// Set to stop the "test all" that is running.
    cancel_tests: Arc<std::sync::atomic::AtomicBool>,
    audit: AuditLog,
    /// Who acts: the window or the command line (recorded in the audit log).
    source: Source,
}

/// At most this many tests run at once in "test all".
pub const TEST_CONCURRENCY: usize = 8;

/// Accounts with fewer days left than this are refreshed automatically.
pub const REFRESH_WITHIN_DAYS: i64 = 30;

/// One finished test in "test all", as the window is told about it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestProgress {
    pub done: usize,
    pub total: usize,
    pub id: String,
    pub result: AccountTest,
}

/// A test's verdict with a translated line per check.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountTest {
    pub status: checkup::Status,
    pub checked_at: String,
    pub checks: Vec<CheckLine>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckLine {
    #[serde(flatten)]
    pub check: checkup::Check,
    pub message: String,
}

/// What Copy put on the clipboard, and when it will be cleared.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CopyReceipt {
    /// Seconds until the clipboard is cleared (if still ours); `None` never.
    pub clears_in: Option<u32>,
}

/// What Revoke did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevokeOutcome {
    pub login: String,
    /// Whether `/info` confirmed the token is dead; `None` when Yandex could not be asked.
    pub confirmed_dead: Option<bool>,
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
    pub clipboard_clear_seconds: u32,
    /// The proxy setting (`scheme://host:port`), or `None`.
    pub proxy: Option<String>,
    /// The environment's proxy for Yandex, used while there is no setting: `http://host:port
    /// (HTTPS_PROXY)`. Never a password.
    pub environment_proxy: Option<String>,
    /// The numbers the window shares with Rust, so they are written once.
    pub limits: Limits,
}

/// Numbers both Rust and the window use.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// [`TEST_CONCURRENCY`].
    pub test_concurrency: usize,
    /// [`REFRESH_WITHIN_DAYS`]: the window marks these accounts as expiring soon.
    pub refresh_within_days: i64,
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
    /// `y0_AgA…x9Qk` when already known; the window asks for the rest (`masked_tokens`).
    pub masked_token: Option<String>,
    /// The last test, with its lines in the window's language.
    pub last_test: Option<AccountTest>,
}

/// An agency account's clients as the window shows them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientsView {
    /// When Direct last listed them; `None` when never.
    pub fetched_at: Option<String>,
    pub clients: Vec<ClientView>,
    pub active_client: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientView {
    pub login: String,
    pub name: String,
    pub client_id: Option<u64>,
    pub archived: bool,
    pub last_test: Option<AccountTest>,
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
        let proxy_env = ProxyEnv::from_process()?;
        Ok(Self::new(
            endpoints,
            profile,
            dirs,
            Language::system(),
            Arc::new(SystemStore),
        )
        .with_proxy_env(proxy_env))
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
        let audit = AuditLog::new(dirs.audit_file());
        let route = Route::new(settings.proxy().as_ref(), &ProxyEnv::none());
        Self {
            endpoints,
            profile,
            dirs,
            settings_file,
            settings: Mutex::new(settings),
            system_language,
            accounts,
            http: RwLock::new(yandex::Http::new(route)),
            proxy_env: ProxyEnv::none(),
            pending: Pending::default(),
            staged_secret: Mutex::new(None),
            masks: Mutex::new(HashMap::new()),
            signing_in: tokio::sync::Mutex::new(()),
            clipboard: Clipboard::default(),
            cancel_tests: Arc::new(std::sync::atomic::AtomicBool::new(false)),
            audit,
            source: Source::Window,
        }
    }

    /// The same app with the environment's proxy variables (used while no proxy is set).
    pub fn with_proxy_env(mut self, proxy_env: ProxyEnv) -> Self {
        self.proxy_env = proxy_env;
        self.reroute();
        self
    }

    /// The HTTP client for the proxy in force now.
    fn http(&self) -> reqwest::Client {
        self.http
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .client
            .clone()
    }

    /// Which proxy each request takes now.
    pub fn route(&self) -> Route {
        self.http
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .route
            .clone()
    }

    /// A new client for the current setting and environment. Requests already under way
    /// finish on the old one.
    fn reroute(&self) {
        let route = Route::new(self.settings().proxy().as_ref(), &self.proxy_env);
        *self.http.write().unwrap_or_else(|p| p.into_inner()) = yandex::Http::new(route);
    }

    /// Sets the proxy for every call to Yandex and the login window (`None` or blank: the
    /// environment's, else none). Takes effect for the next request.
    pub fn set_proxy(&self, text: Option<&str>) -> Result<(), Error> {
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        let proxy = text
            .map(|text| {
                ProxyUrl::parse_setting(text).map_err(|problem| Error::InvalidProxy {
                    value: crate::proxy::redacted(text),
                    problem,
                })
            })
            .transpose()?;
        self.update_settings(|s| s.proxy = proxy.map(|p| p.shown()))?;
        self.reroute();
        Ok(())
    }

    /// The proxy for a login window opening on `url`, as the web view takes it.
    pub fn window_proxy(&self, url: &url::Url) -> Result<Option<url::Url>, Error> {
        self.route()
            .for_window(url)
            .map_err(|proxy| Error::ProxyNotForWindow {
                proxy: proxy.described(),
            })
    }

    /// The same app acting for the command line (as the audit log records it).
    pub fn for_cli(mut self) -> Self {
        self.source = Source::Cli;
        self
    }

    /// Records what happened to an account. A log that cannot be written does not stop the
    /// action itself; it is reported on stderr.
    fn note(&self, action: Action, account: &Account, detail: Option<&str>) {
        let entry = audit::Entry {
            at: time::OffsetDateTime::now_utc(),
            action,
            source: self.source,
            account_id: account.id.clone(),
            login: account.login.clone(),
            detail: detail.map(str::to_string),
        };
        if let Err(error) = self.audit.append(&entry) {
            eprintln!(
                "yatoken: cannot write the audit log {}: {error}",
                self.audit.path().display()
            );
        }
    }

    /// Writes the audit log as CSV into the Downloads folder (else the data folder) and
    /// returns the file's path.
    pub fn export_audit_csv(&self) -> Result<std::path::PathBuf, Error> {
        let entries = self.audit_entries()?;
        let dir = directories::UserDirs::new()
            .and_then(|d| d.download_dir().map(std::path::Path::to_path_buf))
            .filter(|d| d.is_dir())
            .unwrap_or_else(|| self.dirs.data.clone());
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]-[hour][minute][second]"
            ))
            .unwrap_or_default();
        let path = dir.join(format!("yatoken-audit-{stamp}.csv"));
        crate::atomic_file::write(&path, audit::to_csv(&entries).as_bytes()).map_err(|source| {
            Error::Storage {
                path: path.display().to_string(),
                source,
            }
        })?;
        Ok(path)
    }

    pub fn audit_entries(&self) -> Result<Vec<audit::Entry>, Error> {
        self.audit.read().map_err(|source| Error::Storage {
            path: self.audit.path().display().to_string(),
            source,
        })
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn dirs(&self) -> &Dirs {
        &self.dirs
    }

    /// The clipboard, for pastes read in Rust ("sign in in my browser").
    pub fn clipboard(&self) -> &Clipboard {
        &self.clipboard
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
        let settings = self.update_settings(|s| s.language = language)?;
        Ok(settings.language_or(self.system_language))
    }

    /// Saves changed settings; the ones in memory change only once the file is written.
    fn update_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<Settings, Error> {
        let mut settings = self.settings();
        let mut updated = settings.clone();
        change(&mut updated);
        self.settings_file
            .save(&updated)
            .map_err(|source| Error::Storage {
                path: self.settings_file.path().display().to_string(),
                source,
            })?;
        *settings = updated.clone();
        Ok(updated)
    }

    pub fn info(&self) -> AppInfo {
        // One copy: a guard taken inside the struct literal lives to its end, and a second
        // `self.settings()` there would wait on it for ever.
        let settings = self.settings().clone();
        let chosen_language = settings.language;
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
            clipboard_clear_seconds: settings.clipboard_clear_seconds(),
            proxy: settings.proxy().map(|p| p.shown()),
            environment_proxy: self.proxy_env.for_https().map(|p| p.described()),
            limits: Limits {
                test_concurrency: TEST_CONCURRENCY,
                refresh_within_days: REFRESH_WITHIN_DAYS,
            },
        }
    }

    /// Seconds until a copied token is cleared (0 = never).
    pub fn set_clipboard_clear_seconds(&self, seconds: u32) -> Result<(), Error> {
        self.update_settings(|s| s.clipboard_clear_seconds = Some(seconds.min(24 * 3600)))?;
        Ok(())
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
        let secret = self.clipboard.take_secret()?;
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

    /// The accounts, at once: masked tokens only where already known. The window asks for
    /// the rest with [`masked_tokens`](Self::masked_tokens) for the rows it shows, so a long
    /// list does not wait for a keychain read per account.
    pub fn list_accounts(&self) -> Result<Vec<AccountView>, Error> {
        let index = self.accounts.load()?;
        let masks = self.mask_cache();
        Ok(index
            .accounts
            .iter()
            .map(|account| AccountView {
                app_name: index.app(&account.client_id).map(|a| a.name.clone()),
                last_test: account.last_check.as_ref().map(|c| self.describe(c)),
                masked_token: masks.get(&account.id).cloned(),
                account: account.clone(),
            })
            .collect())
    }

    /// Masked tokens for these accounts (`None` where the keychain has no token).
    pub async fn masked_tokens(
        &self,
        ids: Vec<String>,
    ) -> Result<HashMap<String, Option<String>>, Error> {
        let mut masks = HashMap::with_capacity(ids.len());
        for id in ids {
            let mask = self.masked_token(&id).await?;
            masks.insert(id, mask);
        }
        Ok(masks)
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

    /// Sets an account's label and notes (metadata only).
    pub async fn set_account_details(
        &self,
        id: &str,
        label: String,
        notes: String,
    ) -> Result<(), Error> {
        let (label, notes) = (label.trim().to_string(), notes.trim().to_string());
        self.accounts
            .update(id, |account| {
                account.label = label;
                account.notes = notes;
            })
            .await?
            .ok_or(Error::AccountNotFound)
    }

    /// Forgets an account here; its token stays valid at Yandex.
    pub async fn remove_account(&self, id: &str) -> Result<Account, Error> {
        let account = self.forget(id).await?;
        self.note(Action::Forgotten, &account, None);
        Ok(account)
    }

    async fn forget(&self, id: &str) -> Result<Account, Error> {
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
        self.begin(request, None).await
    }

    /// `begin_sign_in` for the system browser (`Attempt::in_browser`) when `browser` is set.
    async fn begin(
        &self,
        request: SignInRequest,
        browser: Option<Option<url::Url>>,
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
        let attempt = match browser {
            None => Attempt::new(&self.endpoints, app, request, device_id, &host),
            Some(redirect) => {
                Attempt::in_browser(&self.endpoints, app, request, device_id, &host, redirect)
            }
        };
        Ok((attempt, guard))
    }

    /// Finishes a sign-in with the redirect the login window caught.
    pub async fn finish_sign_in(
        &self,
        attempt: &Attempt,
        redirect: Result<Redirect, RedirectError>,
    ) -> Result<SignInOutcome, Error> {
        let secret = self.accounts.client_secret(attempt.client_id()).await?;
        let tokens = attempt.tokens(&self.http(), redirect, secret).await?;
        self.finish_with_tokens(attempt, tokens).await
    }

    /// Signs in with a code (the device flow): `show` gets the code pair to show the person, who
    /// confirms it on Yandex's device page in any browser; then it finishes like a window
    /// sign-in. Without the app's client secret it stops before asking for a code. When
    /// `cancelled` ends first it stops waiting and stores nothing; a save under way finishes.
    pub async fn sign_in_with_code(
        &self,
        request: SignInRequest,
        show: impl FnOnce(&DeviceCode),
        cancelled: impl std::future::Future<Output = ()>,
    ) -> Result<SignInOutcome, Error> {
        let (attempt, _one_at_a_time) = self.begin_sign_in(request).await?;
        let Some(secret) = self.accounts.client_secret(attempt.client_id()).await? else {
            return Err(attempt.device_needs_secret());
        };
        let confirmed = async {
            let code = attempt.device_code(&self.http()).await?;
            show(&code);
            attempt
                .device_tokens(&self.http(), &code, Some(secret))
                .await
        };
        let tokens = tokio::select! {
            tokens = confirmed => tokens?,
            () = cancelled => return Err(Error::SignInCancelled),
        };
        self.finish_with_tokens(&attempt, tokens).await
    }

    /// Signs in in the system browser (`browser_signin`): `open` shows the authorize page, the
    /// answer comes pasted through `pasted` or to a loopback `redirect`; then it finishes like
    /// a window sign-in.
    pub async fn sign_in_in_browser(
        &self,
        request: SignInRequest,
        redirect: Option<url::Url>,
        open: impl FnOnce(&url::Url) -> Result<(), Error>,
        pasted: tokio::sync::mpsc::Receiver<crate::browser_signin::Pasted>,
        cancelled: impl std::future::Future<Output = ()>,
    ) -> Result<SignInOutcome, Error> {
        let (attempt, _one_at_a_time) = self.begin(request, Some(redirect)).await?;
        let language = self.language();
        let answer =
            crate::browser_signin::wait_for_answer(&attempt, open, pasted, cancelled, language)
                .await?;
        let secret = self.accounts.client_secret(attempt.client_id()).await?;
        let tokens = attempt.tokens(&self.http(), Ok(answer), secret).await?;
        self.finish_with_tokens(&attempt, tokens).await
    }

    /// What every way of signing in ends with: whose token it is (`/info`), the wrong-account
    /// question, storage and the activity log.
    async fn finish_with_tokens(
        &self,
        attempt: &Attempt,
        tokens: crate::oauth::TokenResponse,
    ) -> Result<SignInOutcome, Error> {
        let info = yandex::user_info(&self.http(), &self.endpoints, &tokens.access_token).await?;
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
        let account = self.save(signed).await?;
        self.note(Action::SignedIn, &account, None);
        Ok(SignInOutcome::Saved {
            account: Box::new(account),
        })
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
        let account = self.save(signed).await?;
        self.note(Action::SignedIn, &account, None);
        Ok(Some(account))
    }

    /// Imports the token on the clipboard, verified with `/info` first.
    pub async fn import_from_clipboard(&self, role: Option<Role>) -> Result<Account, Error> {
        let token = self.clipboard.take_secret()?;
        self.import_token(token, role).await
    }

    pub async fn import_token(&self, token: Secret, role: Option<Role>) -> Result<Account, Error> {
        let signed = signin::verify_import(&self.http(), &self.endpoints, token, role).await?;
        let account = self.save(signed).await?;
        self.note(Action::Imported, &account, Some("revocable: unknown"));
        Ok(account)
    }

    // ---- test, copy, revoke, refresh, reveal ----

    fn account_and_app(&self, id: &str) -> Result<(Account, Option<App>), Error> {
        let index = self.accounts.load()?;
        let account = index.account(id).cloned().ok_or(Error::AccountNotFound)?;
        let app = index.app(&account.client_id).cloned();
        Ok((account, app))
    }

    /// The rights a token is known to carry: granted, else requested, else the app's.
    fn scopes_of(account: &Account, app: Option<&App>) -> Vec<String> {
        account
            .granted_scopes
            .clone()
            .filter(|s| !s.is_empty())
            .or_else(|| Some(account.requested_scopes.clone()).filter(|s| !s.is_empty()))
            .or_else(|| app.map(|a| a.scopes.clone()))
            .unwrap_or_default()
    }

    fn describe(&self, checkup: &Checkup) -> AccountTest {
        let language = self.language();
        AccountTest {
            status: checkup.status,
            checked_at: rfc3339(checkup.checked_at),
            checks: checkup
                .checks
                .iter()
                .map(|check| CheckLine {
                    message: check.message(language),
                    check: check.clone(),
                })
                .collect(),
        }
    }

    /// Runs a test without recording it. Never changes or deletes a token.
    async fn run_checkup(&self, account: &Account, app: Option<&App>) -> Result<Checkup, Error> {
        let token = self.accounts.access_token(&account.id).await?;
        let apis = checkup::apis_for(&Self::scopes_of(account, app));
        let target = DirectTarget {
            client: None,
            agency: Self::agency_expected(account),
        };
        Ok(checkup::run(
            &self.http(),
            &self.endpoints,
            &token,
            &apis,
            target,
            self.language(),
        )
        .await)
    }

    /// Whether the account is thought to act for an agency: Direct said so, or the user did.
    fn agency_expected(account: &Account) -> bool {
        account.is_agency() || account.role == Some(Role::AgencyRepresentative)
    }

    async fn record(&self, results: Vec<(String, Checkup)>) -> Result<(), Error> {
        let mut results: HashMap<String, Checkup> = results.into_iter().collect();
        let mut tested = Vec::new();
        self.accounts
            .update_metadata(|account| match results.remove(&account.id) {
                Some(mut checkup) => {
                    if let Some(identity) = checkup.direct.take() {
                        account.role = Some(identity.role_of(&account.login));
                        account.direct = Some(identity);
                    }
                    tested.push((account.clone(), checkup.status));
                    account.last_check = Some(checkup);
                    true
                }
                None => false,
            })
            .await?;
        for (account, status) in tested {
            self.note(Action::Tested, &account, Some(checkup::status_name(status)));
        }
        Ok(())
    }

    /// Tests one account and keeps the verdict in the index.
    pub async fn test_account(&self, id: &str) -> Result<AccountTest, Error> {
        let (account, app) = self.account_and_app(id)?;
        let checkup = self.run_checkup(&account, app.as_ref()).await?;
        let result = self.describe(&checkup);
        self.record(vec![(id.to_string(), checkup)]).await?;
        Ok(result)
    }

    /// Tests accounts, at most [`TEST_CONCURRENCY`] at once, reporting each as it finishes.
    /// [`cancel_tests`](Self::cancel_tests) stops it; what finished is kept.
    pub async fn test_accounts(
        &self,
        ids: Vec<String>,
        progress: impl Fn(TestProgress),
    ) -> Result<usize, Error> {
        use futures_util::StreamExt as _;
        use std::sync::atomic::Ordering;

        self.cancel_tests.store(false, Ordering::SeqCst);
        let total = ids.len();
        let cancelled = || self.cancel_tests.load(Ordering::SeqCst);
        // One read of the index for the whole run, not one per account.
        let index = self.accounts.load()?;
        let index = &index;
        let tests = futures_util::stream::iter(ids)
            .map(|id| async move {
                let checkup = match index.account(&id) {
                    Some(account) => {
                        self.run_checkup(account, index.app(&account.client_id))
                            .await
                    }
                    None => Err(Error::AccountNotFound),
                };
                (id, checkup)
            })
            .buffer_unordered(TEST_CONCURRENCY);
        tokio::pin!(tests);
        let mut results = Vec::new();
        while let Some((id, checkup)) = tests.next().await {
            if let Ok(checkup) = checkup {
                progress(TestProgress {
                    done: results.len() + 1,
                    total,
                    id: id.clone(),
                    result: self.describe(&checkup),
                });
                results.push((id, checkup));
            }
            if cancelled() {
                break;
            }
        }
        let done = results.len();
        self.record(results).await?;
        Ok(done)
    }

    pub fn cancel_tests(&self) {
        self.cancel_tests
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Copies the token in `format`; Rust writes the clipboard, the window never sees the token.
    /// Direct headers name `client_login`, else an agency account's active client, else the
    /// account's own login.
    pub async fn copy_token(
        &self,
        id: &str,
        format: CopyFormat,
        client_login: Option<String>,
    ) -> Result<CopyReceipt, Error> {
        let (account, _) = self.account_and_app(id)?;
        let client = match client_login {
            Some(login) => Some(Self::checked_login(&login)?),
            None if format == CopyFormat::DirectHeaders && account.is_agency() => Some(
                account
                    .active_client
                    .clone()
                    .ok_or_else(|| Error::NoActiveClient {
                        login: account.login.clone(),
                    })?,
            ),
            None => None,
        };
        let token = self.accounts.access_token(id).await?;
        let seconds = self.settings().clipboard_clear_seconds();
        let delay = (seconds > 0).then(|| std::time::Duration::from_secs(seconds.into()));
        let login = client.as_deref().unwrap_or(&account.login);
        self.clipboard
            .copy_secret(format.render(&token, login), delay)?;
        let detail = match (&client, format) {
            (Some(client), CopyFormat::DirectHeaders) => {
                format!("{} (client {client})", format.name())
            }
            _ => format.name().to_string(),
        };
        self.note(Action::Copied, &account, Some(&detail));
        Ok(CopyReceipt {
            clears_in: (seconds > 0).then_some(seconds),
        })
    }

    fn checked_login(value: &str) -> Result<String, Error> {
        client_login(value).ok_or_else(|| Error::InvalidLogin {
            value: value.trim().chars().take(100).collect(),
        })
    }

    // ---- agencies ----

    /// The agency account's clients as last fetched, with the active one.
    pub fn agency_clients(&self, id: &str) -> Result<ClientsView, Error> {
        let (account, _) = self.account_and_app(id)?;
        let list = self.accounts.agency_clients(id);
        Ok(self.clients_view(&account, list))
    }

    fn clients_view(&self, account: &Account, list: Option<ClientList>) -> ClientsView {
        let (fetched_at, clients) = match list {
            Some(list) => (Some(rfc3339(list.fetched_at)), list.clients),
            None => (None, Vec::new()),
        };
        ClientsView {
            fetched_at,
            clients: clients
                .into_iter()
                .map(|c: AgencyClient| ClientView {
                    last_test: c.last_check.as_ref().map(|check| self.describe(check)),
                    login: c.login,
                    name: c.name,
                    client_id: c.client_id,
                    archived: c.archived,
                })
                .collect(),
            active_client: account.active_client.clone(),
        }
    }

    /// Asks Direct for the agency's clients (`AgencyClients.get`, every page, never with
    /// `Client-Login`) and keeps the list. A refusal changes nothing.
    pub async fn refresh_agency_clients(&self, id: &str) -> Result<ClientsView, Error> {
        use crate::yandex::direct::{self, DirectAnswer};

        let (account, _) = self.account_and_app(id)?;
        let token = self.accounts.access_token(id).await?;
        let answer =
            direct::agency_clients_all(&self.http(), &self.endpoints, &token, self.language())
                .await?;
        let fresh = match answer {
            DirectAnswer::Clients { clients, .. } => clients,
            DirectAnswer::Error { code: 54, .. } => {
                return Err(Error::NotAgency {
                    login: account.login,
                })
            }
            DirectAnswer::Error { code: 53, .. } => return Err(Error::TokenRejected),
            DirectAnswer::Error { code, text, .. } => {
                return Err(Error::ClientListRefused {
                    code: code.to_string(),
                    detail: text,
                })
            }
            DirectAnswer::Unreadable { status } => {
                return Err(Error::ClientListRefused {
                    code: format!("http-{status}"),
                    detail: format!("HTTP {status}"),
                })
            }
        };
        let list = self.accounts.save_agency_clients(id, fresh).await?;
        if !account.is_agency() {
            // Direct just listed clients for it: whatever was thought before, it is an agency's.
            self.accounts
                .update(id, |a| {
                    a.role = Some(Role::AgencyRepresentative);
                    if let Some(direct) = &mut a.direct {
                        direct.agency = true;
                    }
                })
                .await?;
        }
        let (account, _) = self.account_and_app(id)?;
        Ok(self.clients_view(&account, Some(list)))
    }

    /// Sets (or clears, with `None`) the client an agency account acts for.
    pub async fn set_active_client(&self, id: &str, login: Option<String>) -> Result<(), Error> {
        let login = login.map(|l| Self::checked_login(&l)).transpose()?;
        let account = self
            .accounts
            .update(id, |account| {
                let before = account.clone();
                account.active_client = login.clone();
                before
            })
            .await?
            .ok_or(Error::AccountNotFound)?;
        self.note(Action::ClientChosen, &account, login.as_deref());
        Ok(())
    }

    /// Tests the token for one client of the agency: identity, then `Clients.get` with the
    /// client's `Client-Login`. The result is kept with the client (if it is on the list).
    pub async fn test_client(&self, id: &str, login: &str) -> Result<AccountTest, Error> {
        let login = Self::checked_login(login)?;
        let (account, _) = self.account_and_app(id)?;
        let token = self.accounts.access_token(id).await?;
        let target = DirectTarget {
            client: Some(&login),
            agency: true,
        };
        let checkup = checkup::run(
            &self.http(),
            &self.endpoints,
            &token,
            &[checkup::Api::Direct],
            target,
            self.language(),
        )
        .await;
        let result = self.describe(&checkup);
        let status = checkup::status_name(checkup.status);
        self.accounts
            .record_client_check(id, &login, checkup)
            .await?;
        self.note(
            Action::Tested,
            &account,
            Some(&format!("{status} (client {login})")),
        );
        Ok(result)
    }

    /// After a sign-in or import: asks Direct whom the token acts for, and for an agency's
    /// token fetches its clients. Returns whether the account changed. Best effort: a failure
    /// leaves the account as it was, and Test says why. The sign-in does not wait for it.
    pub async fn discover_direct(&self, id: &str) -> bool {
        let Ok((account, app)) = self.account_and_app(id) else {
            return false;
        };
        let scopes = Self::scopes_of(&account, app.as_ref());
        if !checkup::apis_for(&scopes).contains(&checkup::Api::Direct) {
            return false;
        }
        let Ok(token) = self.accounts.access_token(id).await else {
            return false;
        };
        let target = DirectTarget {
            client: None,
            agency: Self::agency_expected(&account),
        };
        let identity = checkup::direct_identity(
            &self.http(),
            &self.endpoints,
            &token,
            &account.login,
            target,
            self.language(),
        )
        .await;
        let Some(identity) = identity else {
            return false;
        };
        let agency = identity.agency;
        let stored = self
            .accounts
            .update(id, |a| {
                a.role = Some(identity.role_of(&a.login));
                a.direct = Some(identity.clone());
            })
            .await;
        if stored.is_err() {
            return false;
        }
        if agency {
            let _ = self.refresh_agency_clients(id).await;
        }
        true
    }

    /// The full token, for Reveal: the one moment it is handed to the window.
    pub async fn reveal_token(&self, id: &str) -> Result<Secret, Error> {
        let (account, _) = self.account_and_app(id)?;
        let token = self.accounts.access_token(id).await?;
        self.note(Action::Revealed, &account, None);
        Ok(token)
    }

    fn credentials(&self, app: &App, secret: Option<Secret>) -> ClientCredentials {
        ClientCredentials {
            client_id: app.client_id.clone(),
            secret,
        }
    }

    fn oauth_base(&self, app: &App) -> &url::Url {
        match app.host {
            OAuthHost::Com => &self.endpoints.oauth,
            OAuthHost::Ru => &self.endpoints.oauth_ru,
        }
    }

    /// Revokes the token at Yandex, then forgets the account, then asks `/info` whether the
    /// token is really dead. When Yandex cannot revoke it (no device id, no or wrong secret) or
    /// cannot be reached, nothing is deleted.
    pub async fn revoke_account(&self, id: &str) -> Result<RevokeOutcome, Error> {
        let (account, app) = self.account_and_app(id)?;
        let app = app.ok_or_else(|| Error::RevokeNeedsSecret {
            app: account.client_id.clone(),
        })?;
        let secret = self
            .accounts
            .client_secret(&app.client_id)
            .await?
            .ok_or_else(|| Error::RevokeNeedsSecret {
                app: app.name.clone(),
            })?;
        let token = self.accounts.access_token(id).await?;
        let revoked = oauth::revoke(
            &self.http(),
            self.oauth_base(&app),
            &token,
            &self.credentials(&app, Some(secret)),
        )
        .await;
        if let Err(error) = revoked {
            if error.code() == Some("unsupported_token_type") {
                self.accounts
                    .update(id, |a| a.device_bound = Some(false))
                    .await?;
                return Err(Error::NotRevocable);
            }
            if error.code() == Some("invalid_grant") {
                return Err(Error::RevokeOtherApp);
            }
            return Err(error.into());
        }
        self.forget(id).await?;
        self.note(Action::Revoked, &account, None);
        let confirmed_dead = match yandex::user_info(&self.http(), &self.endpoints, &token).await {
            Ok(_) => Some(false),
            Err(yandex::InfoError::Rejected { .. }) => Some(true),
            Err(_) => None,
        };
        Ok(RevokeOutcome {
            login: account.login,
            confirmed_dead,
        })
    }

    /// Exchanges the refresh token for new tokens. `invalid_grant` marks the account "sign in
    /// again" and deletes nothing.
    pub async fn refresh_account(&self, id: &str) -> Result<Account, Error> {
        let (account, app) = self.account_and_app(id)?;
        let refresh_token = self
            .accounts
            .refresh_token(id)
            .await?
            .ok_or(Error::NoRefreshToken)?;
        let app = app.ok_or_else(|| Error::RefreshNeedsSecret {
            app: account.client_id.clone(),
        })?;
        let secret = self.accounts.client_secret(&app.client_id).await?;
        if secret.is_none() {
            return Err(Error::RefreshNeedsSecret {
                app: app.name.clone(),
            });
        }
        let answer = oauth::refresh(
            &self.http(),
            self.oauth_base(&app),
            &refresh_token,
            &self.credentials(&app, secret),
        )
        .await;
        let tokens = match answer {
            Ok(tokens) => tokens,
            Err(error) if error.code() == Some("invalid_grant") => {
                self.accounts.update(id, |a| a.needs_sign_in = true).await?;
                self.note(Action::RefreshRefused, &account, Some("invalid_grant"));
                return Err(Error::RefreshRefused);
            }
            Err(error) => return Err(error.into()),
        };
        let token = tokens.access_token.clone();
        let account = self
            .accounts
            .replace_tokens(
                id,
                tokens.access_token,
                tokens.refresh_token,
                tokens.expires_in,
            )
            .await?;
        self.remember_mask(id, &token);
        self.note(Action::Refreshed, &account, None);
        Ok(account)
    }

    /// Refreshes every account that can be refreshed and has fewer than
    /// [`REFRESH_WITHIN_DAYS`] left. Failures are left on the accounts (marked or untouched).
    pub async fn refresh_due(&self) -> Result<usize, Error> {
        let soon = time::OffsetDateTime::now_utc() + time::Duration::days(REFRESH_WITHIN_DAYS);
        let due: Vec<String> = self
            .accounts
            .load()?
            .accounts
            .into_iter()
            .filter(|a| a.has_refresh_token && !a.needs_sign_in)
            .filter(|a| a.expires_at.is_some_and(|e| e < soon))
            .map(|a| a.id)
            .collect();
        let mut refreshed = 0;
        for id in due {
            if self.refresh_account(&id).await.is_ok() {
                refreshed += 1;
            }
        }
        Ok(refreshed)
    }

    /// Imports a token that must have been issued to `client_id` (the command line's import).
    pub async fn import_token_for(
        &self,
        token: Secret,
        role: Option<Role>,
        client_id: &str,
    ) -> Result<Account, Error> {
        let expected = client_id.trim().to_ascii_lowercase();
        if !crate::accounts::model::is_client_id(&expected) {
            return Err(Error::InvalidClientId {
                value: client_id.to_string(),
            });
        }
        let mut signed = signin::verify_import(&self.http(), &self.endpoints, token, role).await?;
        if !signed.client_id.is_empty() && signed.client_id != expected {
            return Err(Error::TokenForOtherApp {
                expected,
                actual: signed.client_id,
            });
        }
        signed.client_id = expected;
        let account = self.save(signed).await?;
        self.note(Action::Imported, &account, Some("revocable: unknown"));
        Ok(account)
    }

    /// The token for a script (`yatoken token`), recorded in the audit log like a copy.
    pub async fn token_for_script(&self, id: &str) -> Result<Secret, Error> {
        let (account, _) = self.account_and_app(id)?;
        let token = self.accounts.access_token(id).await?;
        self.note(Action::Copied, &account, Some("stdout"));
        Ok(token)
    }

    async fn save(&self, signed: crate::accounts::SignedIn) -> Result<Account, Error> {
        let token = signed.access_token.clone();
        let account = self.accounts.save_sign_in(signed).await?;
        self.remember_mask(&account.id, &token);
        Ok(account)
    }
}

pub(crate) fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
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

    #[test]
    fn a_proxy_setting_takes_effect_at_once_survives_a_restart_and_wins_over_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let yandex = url::Url::parse("https://oauth.yandex.com/token").unwrap();
        let env = ProxyEnv::from_lookup(|name| {
            (name == "HTTPS_PROXY").then(|| "http://proxy.corp:3128".to_string())
        })
        .unwrap();
        let app = yatoken(dir.path(), Language::En).with_proxy_env(env.clone());
        let through = |app: &YaToken| app.route().proxy_for(&yandex).map(|p| p.described());
        assert_eq!(
            through(&app).as_deref(),
            Some("http://proxy.corp:3128 (HTTPS_PROXY)")
        );
        assert_eq!(
            app.info().environment_proxy.as_deref(),
            Some("http://proxy.corp:3128 (HTTPS_PROXY)")
        );

        app.set_proxy(Some(" socks5://127.0.0.1:1080 ")).unwrap();
        assert_eq!(through(&app).as_deref(), Some("socks5://127.0.0.1:1080"));
        assert_eq!(app.info().proxy.as_deref(), Some("socks5://127.0.0.1:1080"));
        drop(app);
        let restarted = yatoken(dir.path(), Language::En).with_proxy_env(env);
        assert_eq!(
            through(&restarted).as_deref(),
            Some("socks5://127.0.0.1:1080")
        );

        let refused = restarted
            .set_proxy(Some("http://me:s3cret@proxy.corp:3128"))
            .unwrap_err();
        assert_eq!(refused.kind(), "invalid_proxy");
        for language in Language::ALL {
            assert!(!refused.message(language).contains("s3cret"));
        }
        assert_eq!(
            through(&restarted).as_deref(),
            Some("socks5://127.0.0.1:1080")
        );

        restarted.set_proxy(Some("")).unwrap();
        assert_eq!(
            through(&restarted).as_deref(),
            Some("http://proxy.corp:3128 (HTTPS_PROXY)"),
            "no setting: the environment's again"
        );
        assert_eq!(
            through(&yatoken(dir.path(), Language::En)).as_deref(),
            None,
            "no setting and no variables: no proxy"
        );
    }
}
