//! The user's preferences for one profile, kept in `settings.json` in the config directory.
//!
//! Preferences only: never a token, never an account. A damaged file is replaced by defaults on
//! the next save rather than stopping the app.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atomic_file;
use crate::i18n::Language;
use crate::proxy::ProxyUrl;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The language chosen in the window; `None` follows the operating system.
    pub language: Option<Language>,
    /// Seconds until a copied token is cleared from the clipboard; 0 never clears.
    pub clipboard_clear_seconds: Option<u32>,
    /// The proxy for every call to Yandex and the login window (`http://host:port`,
    /// `socks5://host:port`, …, never with a password); `None` leaves it to the environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
}

impl Settings {
    pub const DEFAULT_CLIPBOARD_CLEAR_SECONDS: u32 = 30;

    pub fn clipboard_clear_seconds(&self) -> u32 {
        self.clipboard_clear_seconds
            .unwrap_or(Self::DEFAULT_CLIPBOARD_CLEAR_SECONDS)
    }

    pub fn language_or(&self, system: Language) -> Language {
        self.language.unwrap_or(system)
    }

    /// The proxy setting, when there is one that can be used. A hand-edited value that cannot
    /// be used counts as none, with a warning (which never repeats the value).
    pub fn proxy(&self) -> Option<ProxyUrl> {
        let text = self.proxy.as_deref()?;
        match ProxyUrl::parse_setting(text) {
            Ok(url) => Some(url),
            Err(problem) => {
                eprintln!(
                    "yatoken: ignoring the proxy setting: {}",
                    Language::En.text(problem.key())
                );
                None
            }
        }
    }
}

/// The settings file of one profile.
#[derive(Debug, Clone)]
pub struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn load(&self) -> Settings {
        match atomic_file::read(&self.path) {
            Ok(Some(bytes)) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                eprintln!("yatoken: ignoring unreadable {}: {e}", self.path.display());
                Settings::default()
            }),
            Ok(None) => Settings::default(),
            Err(e) => {
                eprintln!("yatoken: cannot read {}: {e}", self.path.display());
                Settings::default()
            }
        }
    }

    pub fn save(&self, settings: &Settings) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(settings).map_err(std::io::Error::other)?;
        atomic_file::write(&self.path, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_choice_persists() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::new(dir.path().join("settings.json"));
        assert_eq!(file.load(), Settings::default());
        file.save(&Settings {
            language: Some(Language::Ru),
            clipboard_clear_seconds: Some(0),
            proxy: Some("socks5://127.0.0.1:1080".into()),
        })
        .unwrap();
        let reloaded = SettingsFile::new(dir.path().join("settings.json")).load();
        assert_eq!(reloaded.language, Some(Language::Ru));
        assert_eq!(reloaded.language_or(Language::En), Language::Ru);
        assert_eq!(
            reloaded.clipboard_clear_seconds(),
            0,
            "0 means never, not the default"
        );
        assert_eq!(Settings::default().clipboard_clear_seconds(), 30);
        assert_eq!(
            reloaded.proxy().map(|p| p.shown()).as_deref(),
            Some("socks5://127.0.0.1:1080")
        );
    }

    #[test]
    fn no_proxy_by_default_and_an_unusable_one_counts_as_none() {
        assert_eq!(Settings::default().proxy(), None);
        let edited = Settings {
            proxy: Some("ftp://proxy:21".into()),
            ..Settings::default()
        };
        assert_eq!(edited.proxy(), None);
    }

    #[test]
    fn no_choice_follows_the_system() {
        assert_eq!(Settings::default().language_or(Language::Ru), Language::Ru);
    }

    #[test]
    fn damaged_file_falls_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"{ not json").unwrap();
        assert_eq!(SettingsFile::new(path).load(), Settings::default());
    }
}
