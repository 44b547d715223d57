//! The index file (`accounts.json` in the profile's data directory): apps and accounts, never a
//! secret. Written atomically; a file that cannot be read is reported, never overwritten.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::model::{Account, App};
use super::StoreError;
use crate::atomic_file;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub version: u32,
    /// This installation's device id for the profile, sent as `device_id` so tokens can be revoked.
    #[serde(default)]
    pub device_id: String,
    #[serde(default)]
    pub apps: Vec<App>,
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// Account ids whose keychain entries may be there without the account: written before a
    /// new account's entries, and when an account is removed before its entries are deleted,
    /// cleared once both are done. What a crash in between leaves here is swept at the next
    /// start ([`super::Accounts::sweep_leftovers`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leftovers: Vec<String>,
}

impl Index {
    pub const VERSION: u32 = 1;

    pub fn load(path: &Path) -> Result<Self, StoreError> {
        let damaged = |reason: String| StoreError::IndexDamaged {
            path: path.display().to_string(),
            reason,
        };
        let Some(bytes) = atomic_file::read(path).map_err(|e| damaged(e.to_string()))? else {
            return Ok(Self {
                version: Self::VERSION,
                ..Self::default()
            });
        };
        Self::from_bytes(&bytes).map_err(damaged)
    }

    /// What the index file's bytes say, or why they cannot be used.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let index: Index = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if index.version > Self::VERSION {
            return Err(format!(
                "written by a newer YaToken (format {})",
                index.version
            ));
        }
        Ok(index)
    }

    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        atomic_file::write(path, &self.to_bytes()).map_err(|source| StoreError::Storage {
            path: path.display().to_string(),
            source,
        })
    }

    /// The index file's bytes: pretty JSON and a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec_pretty(self).expect("the index serialises");
        json.push(b'\n');
        json
    }

    pub fn app(&self, client_id: &str) -> Option<&App> {
        self.apps.iter().find(|a| a.client_id == client_id)
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// Where the account is in `accounts`, or `AccountNotFound`.
    pub fn position_of(&self, id: &str) -> Result<usize, StoreError> {
        self.accounts
            .iter()
            .position(|a| a.id == id)
            .ok_or(StoreError::AccountNotFound)
    }
}
