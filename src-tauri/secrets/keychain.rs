//! [`Keychain`]: one profile's secrets in a store, every call bounded in time (see the module
//! above for why a call runs on a thread of its own).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{Holdup, KeychainError, KeychainStatus, KeychainWait, Secret, SecretStore};

/// Told what a slow keychain call waits for.
type WaitListener = Arc<dyn Fn(KeychainWait) + Send + Sync>;

/// The keychain of one profile: a service name and a store, with every call bounded in time.
#[derive(Clone)]
pub struct Keychain {
    service: String,
    store: Arc<dyn SecretStore>,
    timeout: Duration,
    unlock_timeout: Duration,
    listener: Arc<std::sync::OnceLock<WaitListener>>,
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
    /// How long a call may take before the keychain is asked why it is slow.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);
    /// How long the keychain may take to say why a call is slow; no answer means it hangs.
    pub const PROBE_TIMEOUT: Duration = Duration::from_secs(1);
    /// How long a person has to unlock the keychain when it asks them to.
    pub const UNLOCK_TIMEOUT: Duration = Duration::from_secs(120);

    pub fn new(service: impl Into<String>, store: Arc<dyn SecretStore>) -> Self {
        Self {
            service: service.into(),
            store,
            timeout: Self::DEFAULT_TIMEOUT,
            unlock_timeout: Self::UNLOCK_TIMEOUT,
            listener: Arc::default(),
        }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn with_unlock_timeout(mut self, timeout: Duration) -> Self {
        self.unlock_timeout = timeout;
        self
    }

    /// Sets who is told while a call waits for the person to unlock the keychain (the window
    /// shows a notice, the command line a line on stderr). The first listener set stays.
    pub fn when_waiting(&self, listener: impl Fn(KeychainWait) + Send + Sync + 'static) {
        let _ = self.listener.set(Arc::new(listener));
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

    /// Runs `op` on a thread of its own and waits for it: [`Self::DEFAULT_TIMEOUT`], then, if
    /// the keychain says it is asking the person to unlock it, [`Self::UNLOCK_TIMEOUT`] more.
    async fn call<T: Send + 'static>(
        &self,
        key: &str,
        op: impl FnOnce(&dyn SecretStore, &str, &str) -> Result<T, KeychainError> + Send + 'static,
    ) -> Result<T, KeychainError> {
        let store = Arc::clone(&self.store);
        let service = self.service.clone();
        let key = key.to_string();
        let mut answer = detached(move || op(store.as_ref(), &service, &key))?;
        if let Ok(result) = tokio::time::timeout(self.timeout, &mut answer).await {
            return result.unwrap_or_else(|_| Err(ended_without_answer()));
        }
        let store = Arc::clone(&self.store);
        let holdup = match detached(move || store.holdup()) {
            Ok(probe) => tokio::time::timeout(Self::PROBE_TIMEOUT, probe).await,
            Err(_) => Ok(Ok(Holdup::NoAnswer)),
        };
        if !matches!(holdup, Ok(Ok(Holdup::Unlock))) {
            return Err(KeychainError::Timeout(self.timeout));
        }
        self.tell(KeychainWait::Unlock);
        let result = tokio::time::timeout(self.unlock_timeout, answer).await;
        self.tell(KeychainWait::Done);
        match result {
            Ok(result) => result.unwrap_or_else(|_| Err(ended_without_answer())),
            Err(_) => Err(KeychainError::Timeout(self.timeout + self.unlock_timeout)),
        }
    }

    fn tell(&self, wait: KeychainWait) {
        if let Some(listener) = self.listener.get() {
            listener(wait);
        }
    }
}

/// Runs `work` on a new thread that nobody joins: a keychain call that never returns holds only
/// that thread, and the process still exits when it is done.
fn detached<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<tokio::sync::oneshot::Receiver<T>, KeychainError> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("keychain".into())
        .spawn(move || {
            let _ = sender.send(work());
        })
        .map_err(|error| KeychainError::Failed(format!("cannot start a thread: {error}")))?;
    Ok(receiver)
}

fn ended_without_answer() -> KeychainError {
    KeychainError::Failed("the keychain call ended without an answer".into())
}
