//! Cancel that can overtake the sign-in it stops. The window starts a sign-in and may cancel it
//! at once (Escape right after the click); both are separate commands, so Cancel can reach Rust
//! before the sign-in has claimed its slot. Each attempt carries an id the window made up, and
//! a Cancel for an id not yet running is kept here until that attempt starts.

use std::sync::Mutex;

/// How many early cancels are kept: the window has one sign-in of a kind at a time.
const KEPT: usize = 8;

#[derive(Debug, Default)]
pub struct EarlyCancels(Mutex<Vec<String>>);

impl EarlyCancels {
    /// Remembers that `attempt` was cancelled before it started.
    pub fn note(&self, attempt: &str) {
        let mut cancelled = self.lock();
        if cancelled.len() >= KEPT {
            cancelled.remove(0);
        }
        cancelled.push(attempt.to_string());
    }

    /// Whether `attempt` was cancelled before it started (and forgets it).
    pub fn take(&self, attempt: &str) -> bool {
        let mut cancelled = self.lock();
        let found = cancelled.iter().position(|a| a == attempt);
        found.map(|i| cancelled.remove(i)).is_some()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_early_cancel_is_kept_for_its_attempt_only_and_only_once() {
        let early = EarlyCancels::default();
        early.note("a");
        assert!(!early.take("b"));
        assert!(early.take("a"));
        assert!(!early.take("a"));
        for n in 0..20 {
            early.note(&n.to_string());
        }
        assert!(!early.take("0"), "only the last few are kept");
        assert!(early.take("19"));
    }
}
