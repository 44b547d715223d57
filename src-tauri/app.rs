//! One running YaToken: its configuration, profile, settings and keychain. The window's commands
//! and (later) the command line both work through this value, so neither depends on the other.

use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use crate::config::{ConfigError, Dirs, Endpoints, Profile};
use crate::error::Error;
use crate::i18n::Language;
use crate::secrets::{Keychain, SecretStore, SystemStore};
use crate::settings::{Settings, SettingsFile};

pub struct YaToken {
    endpoints: Endpoints,
    profile: Profile,
    dirs: Dirs,
    settings_file: SettingsFile,
    settings: Mutex<Settings>,
    system_language: Language,
    keychain: Keychain,
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
    pub keychain_service: String,
    pub keychain_kind: &'static str,
    pub data_dir: String,
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
        Self {
            endpoints,
            profile,
            dirs,
            settings_file,
            settings: Mutex::new(settings),
            system_language,
            keychain,
        }
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn dirs(&self) -> &Dirs {
        &self.dirs
    }

    pub fn keychain(&self) -> &Keychain {
        &self.keychain
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
            keychain_service: self.keychain.service().to_string(),
            keychain_kind: keychain_kind(),
            data_dir: self.dirs.data.display().to_string(),
        }
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
