//! The two locks of a profile, both held with a bounded wait and released by a crash:
//!
//! - the index lock, for one read-change-write of the index (short: never across a call to
//!   Yandex);
//! - an account's lock, for one change of its tokens (refresh, revoke, sign-in again,
//!   forget), held across the call to Yandex, so two processes never change one account at
//!   once. Always taken before the index lock, never while holding it.

use std::time::Duration;

use super::{Account, Accounts, StoreError};
use crate::file_lock::{self, LockError};

/// How long a change waits for another process's change of the index.
const INDEX_WAIT: Duration = Duration::from_secs(10);

/// How long a change of an account waits for another one under way (a refresh or a revoke
/// takes one call to Yandex, at most [`crate::http::REQUEST_TIMEOUT`], and a few keychain
/// calls).
const ACCOUNT_WAIT: Duration = Duration::from_secs(30);

/// Held while one process reads, changes and writes the index: the window and any number of
/// command-line processes share the file, and none may lose another's change.
pub(super) struct IndexGuard<'a> {
    _file: file_lock::Held,
    _in_process: tokio::sync::MutexGuard<'a, ()>,
}

/// Held while one change of an account's tokens is under way.
#[derive(Debug)]
pub struct AccountGuard {
    _file: file_lock::Held,
}

impl Accounts {
    /// The index's lock file sits beside it.
    pub(super) async fn lock(&self) -> Result<IndexGuard<'_>, StoreError> {
        let lock_path = self.path.with_extension("lock");
        let busy = || StoreError::IndexBusy {
            path: self.path.display().to_string(),
        };
        let in_process = tokio::time::timeout(INDEX_WAIT, self.writer.lock())
            .await
            .map_err(|_| busy())?;
        let file = file_lock::lock(&lock_path, INDEX_WAIT)
            .await
            .map_err(|error| match error {
                LockError::Busy { .. } => busy(),
                LockError::Io { path, source } => StoreError::Storage {
                    path: path.display().to_string(),
                    source,
                },
            })?;
        Ok(IndexGuard {
            _file: file,
            _in_process: in_process,
        })
    }

    /// Takes `account`'s lock: `locks/<id>.lock` beside the index.
    pub async fn lock_account(&self, account: &Account) -> Result<AccountGuard, StoreError> {
        let path = self.account_lock_path(&account.id);
        match file_lock::lock(&path, ACCOUNT_WAIT).await {
            Ok(file) => Ok(AccountGuard { _file: file }),
            Err(LockError::Busy { .. }) => Err(StoreError::AccountBusy {
                login: account.login.clone(),
            }),
            Err(LockError::Io { path, source }) => Err(StoreError::Storage {
                path: path.display().to_string(),
                source,
            }),
        }
    }

    /// Removes a forgotten account's lock file, while its lock is still held. Whoever waits on
    /// it then finds the account gone.
    pub(super) fn drop_account_lock(&self, id: &str) {
        let _ = std::fs::remove_file(self.account_lock_path(id));
    }

    /// The id names the file as it is; one with other characters than an id of ours has (a
    /// hand-edited index) is named by its SHA-256 instead, so it can never name another path.
    fn account_lock_path(&self, id: &str) -> std::path::PathBuf {
        let plain = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let name = if plain {
            id.to_string()
        } else {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(id.as_bytes());
            digest.iter().map(|b| format!("{b:02x}")).collect()
        };
        let dir = self.path.parent().unwrap_or(std::path::Path::new("."));
        dir.join("locks").join(format!("{name}.lock"))
    }
}
