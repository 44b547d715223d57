//! Secrets (access tokens, refresh tokens, client secrets) and the keychain that holds them.
//!
//! A secret is a [`Secret`]: its `Debug` prints `<redacted>`, it has no `Display` and no
//! `Serialize`, so it cannot reach a log, the index file or the window by accident. The keychain
//! has three verbs — persist, retrieve, delete — where a missing entry is `Ok(None)` and deleting
//! what is gone is a no-op. Keychain calls block, so [`Keychain`] runs them off the async runtime
//! with a timeout.

mod system;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use system::SystemStore;

/// A value that must never be shown, logged or written to a file.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
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

/// A place secrets can be kept, keyed by service and key. Calls block.
pub trait SecretStore: Send + Sync + 'static {
    fn persist(&self, service: &str, key: &str, secret: &Secret) -> Result<(), KeychainError>;
    fn retrieve(&self, service: &str, key: &str) -> Result<Option<Secret>, KeychainError>;
    fn delete(&self, service: &str, key: &str) -> Result<(), KeychainError>;
}

/// An in-process store for unit and integration tests that do not exercise the real keychain.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<(String, String), Secret>>,
}

impl MemoryStore {
    /// How many secrets it holds (for tests that check nothing was left behind).
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<(String, String), Secret>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl SecretStore for MemoryStore {
    fn persist(&self, service: &str, key: &str, secret: &Secret) -> Result<(), KeychainError> {
        self.entries()
            .insert((service.to_string(), key.to_string()), secret.clone());
        Ok(())
    }

    fn retrieve(&self, service: &str, key: &str) -> Result<Option<Secret>, KeychainError> {
        Ok(self
            .entries()
            .get(&(service.to_string(), key.to_string()))
            .cloned())
    }

    fn delete(&self, service: &str, key: &str) -> Result<(), KeychainError> {
        self.entries()
            .remove(&(service.to_string(), key.to_string()));
        Ok(())
    }
}

/// The keychain of one profile: a service name and a store, with every call bounded in time.
#[derive(Clone)]
pub struct Keychain {
    service: String,
    store: Arc<dyn SecretStore>,
    timeout: Duration,
}

impl fmt::Debug for Keychain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keychain")
            .field("service", &self.service)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Keychain {
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);

    pub fn new(service: impl Into<String>, store: Arc<dyn SecretStore>) -> Self {
        Self {
            service: service.into(),
            store,
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    pub async fn persist(&self, key: &str, secret: Secret) -> Result<(), KeychainError> {
        self.call(key, move |store, service, key| {
            store.persist(service, key, &secret)
        })
        .await
    }

    pub async fn retrieve(&self, key: &str) -> Result<Option<Secret>, KeychainError> {
        self.call(key, |store, service, key| store.retrieve(service, key))
            .await
    }

    pub async fn delete(&self, key: &str) -> Result<(), KeychainError> {
        self.call(key, |store, service, key| store.delete(service, key))
            .await
    }

    /// Asks the keychain for an entry that is never written: it answers `None` when it is there
    /// and usable, and says why not otherwise. Writes nothing and shows no prompt.
    pub async fn status(&self) -> KeychainStatus {
        self.retrieve("keychain-probe").await.map(|_| ()).into()
    }

    async fn call<T: Send + 'static>(
        &self,
        key: &str,
        op: impl FnOnce(&dyn SecretStore, &str, &str) -> Result<T, KeychainError> + Send + 'static,
    ) -> Result<T, KeychainError> {
        let store = Arc::clone(&self.store);
        let service = self.service.clone();
        let key = key.to_string();
        let task = tokio::task::spawn_blocking(move || op(store.as_ref(), &service, &key));
        match tokio::time::timeout(self.timeout, task).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) => Err(KeychainError::Failed(join.to_string())),
            Err(_) => Err(KeychainError::Timeout(self.timeout)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_redacted() {
        let secret = Secret::new("y0_AgAAAAAAsecretvalue");
        let printed = format!("{secret:?} {:?}", Some(&secret));
        assert!(!printed.contains("y0_"), "{printed}");
        assert!(printed.contains("<redacted>"));
    }

    #[tokio::test]
    async fn missing_entry_is_none_and_deleting_it_is_a_no_op() {
        let keychain = Keychain::new("yatoken-unit", Arc::new(MemoryStore::default()));
        assert_eq!(keychain.retrieve("absent").await, Ok(None));
        assert_eq!(keychain.delete("absent").await, Ok(()));
    }

    #[tokio::test]
    async fn services_do_not_see_each_other() {
        let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::default());
        let a = Keychain::new("yatoken-a", Arc::clone(&store));
        let b = Keychain::new("yatoken-b", store);
        a.persist("k", Secret::new("one")).await.unwrap();
        assert_eq!(b.retrieve("k").await, Ok(None));
        assert_eq!(a.retrieve("k").await, Ok(Some(Secret::new("one"))));
    }

    struct StuckStore;
    impl SecretStore for StuckStore {
        fn persist(&self, _: &str, _: &str, _: &Secret) -> Result<(), KeychainError> {
            std::thread::sleep(Duration::from_millis(500));
            Ok(())
        }
        fn retrieve(&self, _: &str, _: &str) -> Result<Option<Secret>, KeychainError> {
            std::thread::sleep(Duration::from_millis(500));
            Ok(None)
        }
        fn delete(&self, _: &str, _: &str) -> Result<(), KeychainError> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn status_says_what_the_keychain_answered() {
        let ready = Keychain::new("yatoken-unit", Arc::new(MemoryStore::default()));
        assert_eq!(ready.status().await, KeychainStatus::Ready);
        let stuck = Keychain::new("yatoken-unit", Arc::new(StuckStore))
            .with_timeout(Duration::from_millis(50));
        assert_eq!(stuck.status().await, KeychainStatus::NoAnswer);
        assert_eq!(
            KeychainStatus::from(Err(KeychainError::Unavailable("no bus".into()))),
            KeychainStatus::Unavailable
        );
    }

    #[tokio::test]
    async fn a_keychain_that_does_not_answer_times_out() {
        let keychain = Keychain::new("yatoken-unit", Arc::new(StuckStore))
            .with_timeout(Duration::from_millis(50));
        assert_eq!(
            keychain.retrieve("k").await,
            Err(KeychainError::Timeout(Duration::from_millis(50)))
        );
    }
}
