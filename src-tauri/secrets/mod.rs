//! Secrets (access tokens, refresh tokens, client secrets) and the keychain that holds them.
//!
//! A secret is a [`Secret`]: its `Debug` prints `<redacted>`, it has no `Display` and no
//! `Serialize`, so it cannot reach a log, the index file or the window by accident. The keychain
//! has three verbs — persist, retrieve, delete — where a missing entry is `Ok(None)` and deleting
//! what is gone is a no-op.
//!
//! Keychain calls block, and a keychain daemon that stopped answering blocks them for ever. So
//! [`Keychain`] runs each on a thread of its own and waits a bounded time for it: a call still
//! blocked is left behind (nothing waits for it, not even the process's exit). A call that is
//! slow because the keychain asks the person to unlock it gets the time a person needs instead,
//! and whoever listens ([`Keychain::when_waiting`]) is told what is being waited for.

mod keychain;
mod memory;
mod system;

use std::fmt;
use std::time::Duration;

pub use keychain::Keychain;
pub use memory::MemoryStore;
pub use system::SystemStore;

/// A value that must never be shown, logged or written to a file. Its memory is overwritten
/// with zeros when it is dropped (each clone's own copy too), so a token does not linger in
/// freed memory for a later crash report or swap to find.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(zeroize::Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(zeroize::Zeroizing::new(value.into()))
    }

    /// The value itself: only to send it to Yandex, put it in the keychain or on the clipboard.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Why the keychain could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    /// No keychain service to talk to (on Linux: no Secret Service on the session bus).
    #[error("the system keychain is not available: {0}")]
    Unavailable(String),
    /// The keychain is there but locked, or access was refused.
    #[error("the system keychain is locked or refused access: {0}")]
    Locked(String),
    #[error("the system keychain did not answer within {0:?}")]
    Timeout(Duration),
    #[error("the system keychain failed: {0}")]
    Failed(String),
}

/// Whether the keychain answers: the window checks it at start, so a missing Secret Service is
/// explained before the first sign-in fails on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeychainStatus {
    Ready,
    Unavailable,
    Locked,
    NoAnswer,
    Failed,
}

impl From<Result<(), KeychainError>> for KeychainStatus {
    fn from(result: Result<(), KeychainError>) -> Self {
        match result {
            Ok(()) => Self::Ready,
            Err(KeychainError::Unavailable(_)) => Self::Unavailable,
            Err(KeychainError::Locked(_)) => Self::Locked,
            Err(KeychainError::Timeout(_)) => Self::NoAnswer,
            Err(KeychainError::Failed(_)) => Self::Failed,
        }
    }
}

/// Why a keychain call is taking long, as far as the store can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holdup {
    /// The keychain does not answer at all (its daemon is stopped or hung).
    NoAnswer,
    /// The keychain is locked and is asking the person to unlock it.
    Unlock,
}

/// What a [`Keychain`] tells its listener while a call waits for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeychainWait {
    /// Waiting for the keychain to be unlocked (for up to [`Keychain::UNLOCK_TIMEOUT`]).
    Unlock,
    /// The wait is over, answered or not.
    Done,
}

/// A place secrets can be kept, keyed by service and key. Calls block.
pub trait SecretStore: Send + Sync + 'static {
    fn persist(&self, service: &str, key: &str, secret: &Secret) -> Result<(), KeychainError>;
    fn retrieve(&self, service: &str, key: &str) -> Result<Option<Secret>, KeychainError>;
    fn delete(&self, service: &str, key: &str) -> Result<(), KeychainError>;

    /// Asked when a call has not answered within the keychain's timeout: whether it waits for a
    /// person or for nothing. Blocks too; the caller bounds it by [`Keychain::PROBE_TIMEOUT`].
    fn holdup(&self) -> Holdup {
        Holdup::NoAnswer
    }
}

#[cfg(test)]
mod tests;
