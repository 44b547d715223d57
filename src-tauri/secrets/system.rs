//! The operating system's keychain through the `keyring` crate: Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows.
//!
//! `keyring` sets its default store up once per process. If the Secret Service was unreachable at
//! that moment (keyring daemon not started yet), every later call would fail until restart; this
//! module sets the store up again on the next call instead, so "start your keyring and retry"
//! works without restarting YaToken.

use std::collections::HashMap;

use keyring_core::Error;

use super::{Holdup, KeychainError, Secret, SecretStore};

/// The platform keychain.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemStore;

impl SystemStore {
    fn entry(service: &str, key: &str) -> Result<keyring_core::Entry, KeychainError> {
        ensure_default_store()?;
        let label = format!("YaToken: {key} ({service})");
        let modifiers = HashMap::from([("label", label.as_str())]);
        keyring_core::Entry::new_with_modifiers(service, key, &modifiers).map_err(classify)
    }
}

impl SecretStore for SystemStore {
    fn persist(&self, service: &str, key: &str, secret: &Secret) -> Result<(), KeychainError> {
        Self::entry(service, key)?
            .set_password(secret.expose())
            .map_err(classify)
    }

    fn retrieve(&self, service: &str, key: &str) -> Result<Option<Secret>, KeychainError> {
        match Self::entry(service, key)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(classify(e)),
        }
    }

    fn delete(&self, service: &str, key: &str) -> Result<(), KeychainError> {
        match Self::entry(service, key)?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(e) => Err(classify(e)),
        }
    }

    fn holdup(&self) -> Holdup {
        holdup()
    }
}

/// Asks the Secret Service whether the default collection is locked: a slow call then waits
/// for the person to answer its unlock prompt. A service that does not answer this either is
/// stopped or hung.
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
fn holdup() -> Holdup {
    let locked = zbus::blocking::Connection::session().and_then(|bus| {
        let reply = bus.call_method(
            Some("org.freedesktop.secrets"),
            "/org/freedesktop/secrets/aliases/default",
            Some("org.freedesktop.DBus.Properties"),
            "Get",
            &("org.freedesktop.Secret.Collection", "Locked"),
        )?;
        let value: zbus::zvariant::OwnedValue = reply.body().deserialize()?;
        Ok(bool::try_from(value).unwrap_or(false))
    });
    match locked {
        Ok(true) => Holdup::Unlock,
        _ => Holdup::NoAnswer,
    }
}

/// The macOS Keychain and Windows Credential Manager are slow only while they show the person a
/// dialog (a password, an "allow access" question).
#[cfg(not(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
)))]
fn holdup() -> Holdup {
    Holdup::Unlock
}

fn ensure_default_store() -> Result<(), KeychainError> {
    if keyring_core::get_default_store().is_some() {
        return Ok(());
    }
    if keyring::Entry::store_status().is_ok() {
        return Ok(());
    }
    set_up_store_again()
}

#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
fn set_up_store_again() -> Result<(), KeychainError> {
    let store = zbus_secret_service_keyring_store::Store::new().map_err(classify)?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(not(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
)))]
fn set_up_store_again() -> Result<(), KeychainError> {
    match keyring::Entry::store_status() {
        Ok(()) => Ok(()),
        Err(e) => Err(KeychainError::Unavailable(e.to_string())),
    }
}

fn classify(error: Error) -> KeychainError {
    // Messages from the store never contain the secret: they describe the platform call.
    let text = error.to_string();
    match error {
        Error::NoDefaultStore | Error::PlatformFailure(_) => KeychainError::Unavailable(text),
        Error::NoStorageAccess(_) => KeychainError::Locked(text),
        _ => KeychainError::Failed(text),
    }
}
