//! One running YaToken: what every verb works with. Where Yandex is, the profile with its
//! folders and settings, the HTTP client and its turns per Yandex host, the accounts store, the
//! clipboard and the audit log.
//!
//! The window's commands and the command line each hold one and call the verbs in `domain/`
//! with it; neither depends on the other, and this module knows none of them.

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use crate::accounts::{Account, Accounts, App, StoreError};
use crate::audit::{self, Action, AuditLog, Source};
use crate::clipboard::Clipboard;
use crate::config::{ConfigError, Dirs, Endpoints, Profile};
use crate::error::Error;
use crate::http::{self, HostLimits, Http};
use crate::i18n::Language;
use crate::proxy::{ProxyEnv, Route};
use crate::secrets::{Keychain, SecretStore, SystemStore};
use crate::settings::{Settings, SettingsFile};

pub struct YaToken {
    endpoints: Endpoints,
    profile: Profile,
    dirs: Dirs,
    settings_file: SettingsFile,
    settings: Mutex<Settings>,
    system_language: Language,
    accounts: Accounts,
    /// Rebuilt when the proxy setting or the language changes (see [`crate::proxy`] for which
    /// proxy wins).
    http: RwLock<Http>,
    /// The turns per Yandex host, shared by every request this app makes at once, across
    /// proxy changes.
    hosts: Arc<HostLimits>,
    /// The environment's proxy variables, read at start.
    proxy_env: ProxyEnv,
    clipboard: Clipboard,
    audit: AuditLog,
    /// Who acts: the window or the command line (recorded in the audit log).
    source: Source,
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
        let language = settings.language_or(system_language);
        let hosts = Arc::new(HostLimits::default());
        Self {
            endpoints,
            profile,
            dirs,
            settings_file,
            settings: Mutex::new(settings),
            system_language,
            accounts,
            http: RwLock::new(Http::new(route, language.code(), hosts.clone())),
            hosts,
            proxy_env: ProxyEnv::none(),
            clipboard: Clipboard::default(),
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

    /// The same app with `clipboard` instead of the system's ([`Clipboard::in_memory`] runs the
    /// verbs without a desktop).
    pub fn with_clipboard(mut self, clipboard: Clipboard) -> Self {
        self.clipboard = clipboard;
        self
    }

    /// The same app acting for the command line (as the audit log records it).
    pub fn for_cli(mut self) -> Self {
        self.source = Source::Cli;
        self
    }

    /// The HTTP client for the proxy in force now.
    pub fn http(&self) -> http::Client {
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

    /// A new client for the current proxy setting, environment and language. Requests
    /// already under way finish on the old one.
    pub fn reroute(&self) {
        let route = Route::new(self.settings().proxy().as_ref(), &self.proxy_env);
        let client = Http::new(route, self.language().code(), self.hosts.clone());
        *self.http.write().unwrap_or_else(|p| p.into_inner()) = client;
    }

    /// The most requests in flight to one Yandex host.
    pub fn requests_per_host(&self) -> usize {
        self.hosts.per_host()
    }

    pub fn proxy_env(&self) -> &ProxyEnv {
        &self.proxy_env
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn dirs(&self) -> &Dirs {
        &self.dirs
    }

    pub fn clipboard(&self) -> &Clipboard {
        &self.clipboard
    }

    pub fn keychain(&self) -> &Keychain {
        self.accounts.keychain()
    }

    pub fn accounts(&self) -> &Accounts {
        &self.accounts
    }

    pub fn audit(&self) -> &AuditLog {
        &self.audit
    }

    /// The settings as they are now (a copy: holding a guard across an `await` or a second
    /// lock would wait for ever).
    pub fn settings(&self) -> Settings {
        self.settings_guard().clone()
    }

    fn settings_guard(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn system_language(&self) -> Language {
        self.system_language
    }

    /// The language in use: the one chosen in the window, else the system's.
    pub fn language(&self) -> Language {
        self.settings_guard().language_or(self.system_language)
    }

    /// Saves changed settings; the ones in memory change only once the file is written.
    pub fn update_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<Settings, Error> {
        let mut settings = self.settings_guard();
        let mut updated = settings.clone();
        change(&mut updated);
        self.settings_file
            .save(&updated)
            .map_err(|source| Error::storage(self.settings_file.path(), source))?;
        *settings = updated.clone();
        Ok(updated)
    }

    /// An account and its app (`None` when the app was deleted) as the index has them now.
    pub fn account_and_app(&self, id: &str) -> Result<(Account, Option<App>), Error> {
        let index = self.accounts.load()?;
        let account = index.account(id).cloned();
        let account = account.ok_or(StoreError::AccountNotFound)?;
        let app = index.app(&account.client_id).cloned();
        Ok((account, app))
    }

    /// Records what happened to an account. A log that cannot be written does not stop the
    /// action itself; it is reported on stderr.
    pub fn note(&self, action: Action, account: &Account, detail: Option<&str>) {
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
}

/// A moment as the window and the JSON output show it.
pub(crate) fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A context over a throwaway folder, the in-memory keychain and the real Yandex addresses
/// (never called), for unit tests of the verbs.
#[cfg(test)]
pub(crate) fn for_tests(dir: &std::path::Path, system: Language) -> YaToken {
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
        Arc::new(crate::secrets::MemoryStore::default()),
    )
}
