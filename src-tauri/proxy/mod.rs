//! The proxy that every call to Yandex and the login window go through, if any.
//!
//! Which proxy, in this order:
//! 1. The profile's proxy setting (Settings, `settings.json`): every request, to every host.
//! 2. Otherwise the environment, read as curl reads it: `HTTPS_PROXY` for https destinations,
//!    `HTTP_PROXY` for http ones, `ALL_PROXY` for either when the specific one is unset (each
//!    upper or lower case); `NO_PROXY` lists hosts reached directly. `localhost` and `127.0.0.1`
//!    are proxied like any other host unless `NO_PROXY` names them.
//! 3. Otherwise nothing is proxied: the desktop's proxy settings are not consulted.
//!
//! The setting refuses a user name or password (there is no safe place for it in a settings
//! file); a proxy URL in the environment may carry them. Either way this module shows a proxy as
//! `scheme://host:port` only: a proxy password is never displayed, logged or put in a message.

mod address;
mod env;
mod route;
mod tag;

use std::time::Duration;

pub use address::{ProxyProblem, ProxyUrl};
pub use env::ProxyEnv;
pub use route::Route;
pub(crate) use tag::{is_tag, through_proxy};

/// How long a connection (to Yandex, or to the proxy and through it) may take to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Where a proxy in force came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The profile's proxy setting.
    Setting,
    /// This environment variable.
    Variable(&'static str),
}

/// A proxy in force, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    pub url: ProxyUrl,
    pub source: Source,
}

impl Proxy {
    /// `http://host:port`, or `http://host:port (HTTPS_PROXY)` when it came from a variable.
    pub fn described(&self) -> String {
        match self.source {
            Source::Setting => self.url.shown(),
            Source::Variable(name) => format!("{} ({name})", self.url.shown()),
        }
    }
}

/// A proxy value with any `user:password@` masked, for a message.
pub(crate) fn redacted(value: &str) -> String {
    let (scheme, rest) = value.split_once("://").unwrap_or(("", value));
    match rest.rsplit_once('@') {
        Some((_, host)) if scheme.is_empty() => format!("***@{host}"),
        Some((_, host)) => format!("{scheme}://***@{host}"),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests;
