//! The in-memory secret store, for tests that do not exercise the real keychain.

use std::collections::HashMap;
use std::sync::Mutex;

use super::{KeychainError, Secret, SecretStore};

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
