//! Politeness towards each Yandex host: at most [`REQUESTS_PER_HOST`] requests in flight to one
//! host (Yandex ID, Direct, Metrica, Track & Trace, OAuth), whatever the running app is doing
//! at once — a "Test all", a sign-in, an agency's client list. Direct answers "too many
//! concurrent connections" (506) to a client that floods it; the others are owed the same.
//!
//! A permit is held for one request only, from sending it to the last byte of its answer, and
//! never across two requests, so no caller can end up waiting for itself.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use url::Url;

/// At most this many requests in flight to one host.
pub const REQUESTS_PER_HOST: usize = 8;

/// A limit of requests in flight per host (`host:port`), shared by every request the running
/// app makes; the clients built for a new proxy setting share the one of the old.
#[derive(Debug)]
pub struct HostLimits {
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Default for HostLimits {
    fn default() -> Self {
        Self::new(REQUESTS_PER_HOST)
    }
}

impl HostLimits {
    pub fn new(per_host: usize) -> Self {
        Self {
            per_host: per_host.max(1),
            hosts: Mutex::default(),
        }
    }

    /// The most requests in flight to one host.
    pub fn per_host(&self) -> usize {
        self.per_host
    }

    /// Waits for a turn to send a request to `url`'s host (first come, first served); the turn
    /// ends when the permit drops.
    pub async fn permit(&self, url: &Url) -> OwnedSemaphorePermit {
        let host = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or_default()
        );
        let semaphore = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            let semaphore = hosts
                .entry(host)
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)));
            semaphore.clone()
        };
        semaphore
            .acquire_owned()
            .await
            .expect("a host's semaphore is never closed")
    }
}
