//! The fake oauth.yandex.com: authorize, consent, token, device flow and revoke.

#[path = "../common/mod.rs"]
mod common;

mod authorize;
mod consent;
mod device;
mod revoke;
mod token;
