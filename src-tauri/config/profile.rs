//! The profile (`YATOKEN_PROFILE`) and the folders it keeps things in.

use std::ffi::OsString;
use std::path::PathBuf;

use super::ConfigError;

/// A named, separate set of accounts: its own data directories and keychain service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    name: Option<String>,
}

impl Profile {
    pub fn default_profile() -> Self {
        Self { name: None }
    }

    /// `YATOKEN_PROFILE`, when set and not empty.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_value(std::env::var_os("YATOKEN_PROFILE"))
    }

    pub fn from_value(value: Option<OsString>) -> Result<Self, ConfigError> {
        let Some(value) = value else {
            return Ok(Self::default_profile());
        };
        let fail = |value: String| ConfigError {
            variable: "YATOKEN_PROFILE",
            value,
            reason: "use 1-40 letters, digits, '-' or '_'".to_string(),
        };
        let value = value
            .into_string()
            .map_err(|raw| fail(raw.to_string_lossy().into_owned()))?;
        if value.is_empty() {
            return Ok(Self::default_profile());
        }
        let valid = value.len() <= 40
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(fail(value));
        }
        Ok(Self { name: Some(value) })
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// `yatoken` for the default profile, `yatoken-<name>` otherwise. Used both as the keychain
    /// service and as the name of the data directories.
    pub fn namespace(&self) -> String {
        match &self.name {
            None => "yatoken".to_string(),
            Some(name) => format!("yatoken-{name}"),
        }
    }

    pub fn keychain_service(&self) -> String {
        self.namespace()
    }

    /// The platform's config and data directories for this profile (XDG on Linux).
    pub fn dirs(&self) -> Result<Dirs, ConfigError> {
        let project =
            directories::ProjectDirs::from("", "", &self.namespace()).ok_or_else(|| {
                ConfigError {
                    variable: "HOME",
                    value: String::new(),
                    reason: "no home directory: cannot place YaToken's data".to_string(),
                }
            })?;
        Ok(Dirs {
            config: project.config_dir().to_path_buf(),
            data: project.data_dir().to_path_buf(),
            cache: project.cache_dir().to_path_buf(),
        })
    }
}

/// Directories of one profile. None of them ever holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// Settings.
    pub config: PathBuf,
    /// The account index and the embedded browser's data.
    pub data: PathBuf,
    pub cache: PathBuf,
}

impl Dirs {
    pub fn settings_file(&self) -> PathBuf {
        self.config.join("settings.json")
    }

    /// The account index: metadata only.
    pub fn index_file(&self) -> PathBuf {
        self.data.join("accounts.json")
    }

    /// The audit log: what happened to which account, never a token.
    pub fn audit_file(&self) -> PathBuf {
        self.data.join("audit.jsonl")
    }

    /// Cookies and storage of the main window's web view. Login windows never use it.
    pub fn webview(&self) -> PathBuf {
        self.data.join("webview")
    }

    /// Creates the folders readable by their owner only (0700 on Unix), or takes group and
    /// other access away from folders an earlier version made: before anything is written in
    /// them, the web view's files included.
    pub fn make_private(&self) -> std::io::Result<()> {
        for dir in [&self.config, &self.data, &self.cache] {
            crate::atomic_file::make_private_dir(dir)?;
        }
        Ok(())
    }
}
