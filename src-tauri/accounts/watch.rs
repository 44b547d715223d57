//! Noticing changes other processes (the command line) make to the index and the agency client
//! lists, so the window can reload.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::Accounts;

/// When the index and the client lists folder were last written, as seen at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    index: Option<SystemTime>,
    lists: Option<SystemTime>,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Accounts {
    /// The index and the client lists as they are now: a watch started from here reports every
    /// change after this moment (the window takes it before it reads what its page first shows).
    pub fn seen_now(&self) -> Seen {
        Seen {
            index: modified(self.path()),
            lists: modified(&self.agency_clients_dir()),
        }
    }

    /// Calls `changed` whenever another process has written the index (this process's own
    /// writes are already on screen), or any client list changed (a reload costs one file read
    /// each), since `seen`, checking every `interval`. Never returns.
    pub async fn watch(&self, mut seen: Seen, interval: Duration, changed: impl Fn()) {
        loop {
            tokio::time::sleep(interval).await;
            let now = self.seen_now();
            let mut change = now.lists != seen.lists;
            if now.index != seen.index {
                change |= !self.is_own_write(now.index);
            }
            seen = now;
            if change {
                changed();
            }
        }
    }
}
