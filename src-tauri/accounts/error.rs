//! What can go wrong in the accounts store. The verbs turn these into the errors a person
//! meets (`error.rs`), which have a message for each.

use crate::secrets::KeychainError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error("cannot write {path}: {source}")]
    Storage {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the account index {path}: {reason}")]
    IndexDamaged { path: String, reason: String },
    #[error("not a ClientID: {value:?}")]
    InvalidClientId { value: String },
    #[error("an app with this ClientID is already added ({name})")]
    AppExists { name: String },
    #[error("no such app")]
    AppNotFound,
    #[error("app {name} is used by {logins:?}")]
    AppInUse { name: String, logins: Vec<String> },
    #[error("no such account")]
    AccountNotFound,
    #[error("the account's token is missing from the keychain")]
    TokenMissing,
    /// Another process held the index for the whole bounded wait.
    #[error("{path} is being changed by another YaToken")]
    IndexBusy { path: String },
    /// Another change of this account (a refresh, a revoke) was still under way.
    #[error("{login} is being changed by another YaToken")]
    AccountBusy { login: String },
}
