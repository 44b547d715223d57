//! The one sign-in of a kind the window runs at a time ("with a code", "in my browser"), so
//! that the dialog's buttons reach it: Cancel, and whatever `T` it keeps for them (the device
//! page, the paste channel).
//!
//! Cancel can overtake the sign-in it stops: the window starts a sign-in and may cancel it at
//! once (Escape right after the click) with separate commands, so Cancel can reach Rust before
//! the sign-in has claimed the slot. Each attempt therefore carries an id the window made up,
//! and a Cancel for an id not yet running is kept until that attempt starts, which it then
//! does not.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

use crate::error::Error;

/// How many early cancels are kept: the window has one sign-in of a kind at a time.
const EARLY_KEPT: usize = 8;

pub struct Slot<T> {
    running: Mutex<Option<Running<T>>>,
    early: Mutex<Vec<String>>,
}

struct Running<T> {
    attempt: String,
    cancel: Arc<Notify>,
    state: T,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self {
            running: Mutex::new(None),
            early: Mutex::new(Vec::new()),
        }
    }
}

impl<T> Slot<T> {
    /// Claims the slot for `attempt`, keeping `state` for the buttons; it is free again when the
    /// ticket drops. An attempt cancelled before it got here does not start.
    pub fn start(&self, attempt: &str, state: T) -> Result<Ticket<'_, T>, Error> {
        let mut running = self.lock();
        if running.is_some() {
            return Err(Error::SignInInProgress);
        }
        let mut early = lock(&self.early);
        if let Some(i) = early.iter().position(|a| a == attempt) {
            early.remove(i);
            return Err(Error::SignInCancelled);
        }
        let cancel = Arc::new(Notify::new());
        *running = Some(Running {
            attempt: attempt.to_string(),
            cancel: cancel.clone(),
            state,
        });
        Ok(Ticket {
            owner: self,
            cancel,
        })
    }

    /// Stops `attempt`; one that has not started yet will not.
    pub fn cancel(&self, attempt: &str) {
        match self.lock().as_ref() {
            // A stored permit: a cancel that comes before the sign-in waits still counts.
            Some(running) if running.attempt == attempt => running.cancel.notify_one(),
            _ => {
                let mut early = lock(&self.early);
                if early.len() >= EARLY_KEPT {
                    early.remove(0);
                }
                early.push(attempt.to_string());
            }
        }
    }

    /// `f` on the running sign-in's state; `None` when none runs.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.lock().as_mut().map(|running| f(&mut running.state))
    }

    fn lock(&self) -> MutexGuard<'_, Option<Running<T>>> {
        lock(&self.running)
    }
}

fn lock<V>(mutex: &Mutex<V>) -> MutexGuard<'_, V> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// One sign-in's hold on the slot.
pub struct Ticket<'a, T> {
    owner: &'a Slot<T>,
    cancel: Arc<Notify>,
}

impl<T> Ticket<'_, T> {
    /// `f` on this sign-in's state.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.owner.with(f)
    }

    /// Ends when Cancel is asked for.
    pub async fn cancelled(&self) {
        self.cancel.notified().await;
    }
}

impl<T> Drop for Ticket<'_, T> {
    fn drop(&mut self) {
        *self.owner.lock() = None;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn one_at_a_time_and_the_slot_frees_when_the_ticket_drops() {
        let slot = Slot::<u32>::default();
        let ticket = slot.start("a1", 1).unwrap();
        assert!(matches!(slot.start("a2", 2), Err(Error::SignInInProgress)));
        ticket.with(|n| *n = 5);
        assert_eq!(slot.with(|n| *n), Some(5));
        drop(ticket);
        assert_eq!(slot.with(|n| *n), None);
        assert!(slot.start("a3", 3).is_ok());
    }

    #[tokio::test]
    async fn a_cancel_before_the_wait_still_cancels_it() {
        let slot = Slot::<()>::default();
        slot.cancel("earlier"); // another attempt's: it does not touch this one
        let ticket = slot.start("this", ()).unwrap();
        let waiting = tokio::time::timeout(Duration::from_millis(50), ticket.cancelled());
        assert!(waiting.await.is_err(), "not cancelled yet");
        slot.cancel("this");
        let waiting = tokio::time::timeout(Duration::from_secs(5), ticket.cancelled());
        assert!(waiting.await.is_ok(), "cancelled");
    }

    #[test]
    fn a_cancel_that_overtakes_its_start_stops_it_from_starting_once() {
        let slot = Slot::<()>::default();
        slot.cancel("quick");
        assert!(matches!(
            slot.start("quick", ()),
            Err(Error::SignInCancelled)
        ));
        let ticket = slot.start("quick", ()).unwrap();
        drop(ticket);
        for n in 0..20 {
            slot.cancel(&n.to_string());
        }
        assert!(slot.start("0", ()).is_ok(), "only the last few are kept");
        assert!(matches!(slot.start("19", ()), Err(Error::SignInCancelled)));
    }
}
