//! The errors a person can meet, each saying what they can do next, in their language.
//!
//! The window receives `{ "kind": "...", "message": "..." }` (see [`UiError`]); the command line
//! prints the message. Neither ever carries a secret.

use serde::Serialize;

use crate::i18n::Language;
use crate::secrets::KeychainError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error("cannot write {path}: {source}")]
    Storage {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A stable name the window can switch on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Keychain(KeychainError::Unavailable(_)) => "keychain_unavailable",
            Error::Keychain(KeychainError::Locked(_)) => "keychain_locked",
            Error::Keychain(KeychainError::Timeout(_)) => "keychain_timeout",
            Error::Keychain(KeychainError::Failed(_)) => "keychain_failed",
            Error::Storage { .. } => "storage",
        }
    }

    /// What happened and what to do, in `language`, with the technical detail after it.
    pub fn message(&self, language: Language) -> String {
        let key = format!("error.{}", self.kind());
        let path = match self {
            Error::Storage { path, .. } => path.as_str(),
            _ => "",
        };
        let text = language.format(&key, &[("path", path)]);
        format!("{text} ({self})")
    }

    pub fn for_ui(&self, language: Language) -> UiError {
        UiError {
            kind: self.kind(),
            message: self.message(language),
        }
    }
}

/// An error as the window receives it.
#[derive(Debug, Clone, Serialize)]
pub struct UiError {
    pub kind: &'static str,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_message_in_both_languages() {
        let errors = [
            Error::Keychain(KeychainError::Unavailable("no bus".into())),
            Error::Keychain(KeychainError::Locked("locked".into())),
            Error::Keychain(KeychainError::Timeout(std::time::Duration::from_secs(3))),
            Error::Keychain(KeychainError::Failed("x".into())),
            Error::Storage {
                path: "/tmp/x".into(),
                source: std::io::Error::other("disk full"),
            },
        ];
        for error in errors {
            for language in Language::ALL {
                let key = format!("error.{}", error.kind());
                assert_ne!(language.text(&key), key, "{key} missing for {language:?}");
                assert!(!error.message(language).contains('{'), "{key}");
            }
        }
    }
}
