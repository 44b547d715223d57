//! Noticing changes other processes (the command line) make to the index and the agency client
//! lists, so the window can reload.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::Accounts;

impl Accounts {
    /// Calls `changed` whenever another process has written the index (this process's own
    /// writes are already on screen), or any client list changed (a reload costs one file read
    /// each), checking every `interval`. Never returns.
    pub async fn watch(&self, interval: Duration, changed: impl Fn()) {
        let modified = |path: &Path| -> Option<SystemTime> {
            std::fs::metadata(path).and_then(|m| m.modified()).ok()
        };
        let lists = self.agency_clients_dir();
        let mut seen = modified(self.path());
        let mut seen_lists = modified(&lists);
        loop {
            tokio::time::sleep(interval).await;
            let now = modified(self.path());
            let lists_now = modified(&lists);
            let mut change = lists_now != seen_lists;
            seen_lists = lists_now;
            if now != seen {
                seen = now;
                change |= !self.is_own_write(now);
            }
            if change {
                changed();
            }
        }
    }
}
