//! Where YaToken talks to and where it keeps things: the Yandex base URLs (`Endpoints`) and the
//! profile that namespaces the data directories and the keychain service.
//!
//! This is the only module that spells a Yandex host. Everything else receives an `Endpoints`
//! value. A malformed variable is an error naming the variable, never a silent fallback.

mod endpoints;
mod profile;

pub use endpoints::{is_yandex_host, Endpoints};
pub use profile::{Dirs, Profile};

/// A configuration value that cannot be used; the app refuses to start with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}={value:?} is not usable: {reason}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub reason: String,
}

#[cfg(test)]
mod tests;
