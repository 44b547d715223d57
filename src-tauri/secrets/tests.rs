//! The keychain's bounds: timeouts, the unlock wait, and shutting down past a hung call.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::*;

#[test]
fn secret_debug_is_redacted() {
    let secret = Secret::new("y0_AgAAAAAAsecretvalue");
    let printed = format!("{secret:?} {:?}", Some(&secret));
    assert!(!printed.contains("y0_"), "{printed}");
    assert!(printed.contains("<redacted>"));
}

#[tokio::test]
async fn missing_entry_is_none_and_deleting_it_is_a_no_op() {
    let keychain = Keychain::new("yatoken-unit", Arc::new(MemoryStore::default()));
    assert_eq!(keychain.retrieve("absent").await, Ok(None));
    assert_eq!(keychain.delete("absent").await, Ok(()));
}

#[tokio::test]
async fn services_do_not_see_each_other() {
    let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::default());
    let a = Keychain::new("yatoken-a", Arc::clone(&store));
    let b = Keychain::new("yatoken-b", store);
    a.persist("k", Secret::new("one")).await.unwrap();
    assert_eq!(b.retrieve("k").await, Ok(None));
    assert_eq!(a.retrieve("k").await, Ok(Some(Secret::new("one"))));
}

/// A store whose every call blocks for `delay` and which says `holdup` when asked why.
struct SlowStore {
    delay: Duration,
    holdup: Holdup,
    probe_delay: Duration,
}

impl SlowStore {
    fn hung() -> Self {
        Self {
            delay: Duration::from_secs(3600),
            holdup: Holdup::NoAnswer,
            probe_delay: Duration::from_secs(3600),
        }
    }

    fn prompting(delay: Duration) -> Self {
        Self {
            delay,
            holdup: Holdup::Unlock,
            probe_delay: Duration::ZERO,
        }
    }
}

impl SecretStore for SlowStore {
    fn persist(&self, _: &str, _: &str, _: &Secret) -> Result<(), KeychainError> {
        std::thread::sleep(self.delay);
        Ok(())
    }
    fn retrieve(&self, _: &str, _: &str) -> Result<Option<Secret>, KeychainError> {
        std::thread::sleep(self.delay);
        Ok(Some(Secret::new("unlocked")))
    }
    fn delete(&self, _: &str, _: &str) -> Result<(), KeychainError> {
        std::thread::sleep(self.delay);
        Ok(())
    }
    fn holdup(&self) -> Holdup {
        std::thread::sleep(self.probe_delay);
        self.holdup
    }
}

#[tokio::test]
async fn status_says_what_the_keychain_answered() {
    let ready = Keychain::new("yatoken-unit", Arc::new(MemoryStore::default()));
    assert_eq!(ready.status().await, KeychainStatus::Ready);
    let stuck = Keychain::new("yatoken-unit", Arc::new(SlowStore::hung()))
        .with_timeout(Duration::from_millis(50));
    assert_eq!(stuck.status().await, KeychainStatus::NoAnswer);
    assert_eq!(
        KeychainStatus::from(Err(KeychainError::Unavailable("no bus".into()))),
        KeychainStatus::Unavailable
    );
}

#[tokio::test]
async fn a_keychain_that_does_not_answer_times_out_even_when_asking_why_hangs_too() {
    let keychain = Keychain::new("yatoken-unit", Arc::new(SlowStore::hung()))
        .with_timeout(Duration::from_millis(50));
    let started = std::time::Instant::now();
    assert_eq!(
        keychain.retrieve("k").await,
        Err(KeychainError::Timeout(Duration::from_millis(50)))
    );
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_millis(50) + Keychain::PROBE_TIMEOUT + Duration::from_millis(500),
        "{waited:?}"
    );
}

#[test]
fn a_hung_keychain_call_does_not_keep_the_runtime_from_shutting_down() {
    // The command line's bug: its timeout fired, then dropping the runtime waited for the
    // blocked call for ever.
    let started = std::time::Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let keychain = Keychain::new("yatoken-unit", Arc::new(SlowStore::hung()))
        .with_timeout(Duration::from_millis(50));
    let answer = runtime.block_on(keychain.retrieve("k"));
    drop(runtime);
    assert!(
        matches!(answer, Err(KeychainError::Timeout(_))),
        "{answer:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_keychain_asking_to_be_unlocked_gets_the_time_a_person_needs_and_says_so() {
    let keychain = Keychain::new(
        "yatoken-unit",
        Arc::new(SlowStore::prompting(Duration::from_millis(400))),
    )
    .with_timeout(Duration::from_millis(50));
    let told = Arc::new(Mutex::new(Vec::new()));
    let heard = Arc::clone(&told);
    keychain.when_waiting(move |wait| heard.lock().unwrap().push(wait));
    assert_eq!(
        keychain.retrieve("k").await,
        Ok(Some(Secret::new("unlocked")))
    );
    assert_eq!(
        *told.lock().unwrap(),
        [KeychainWait::Unlock, KeychainWait::Done]
    );
}

#[tokio::test]
async fn an_unlock_nobody_answers_ends_too() {
    let keychain = Keychain::new(
        "yatoken-unit",
        Arc::new(SlowStore::prompting(Duration::from_secs(3600))),
    )
    .with_timeout(Duration::from_millis(50))
    .with_unlock_timeout(Duration::from_millis(100));
    assert_eq!(
        keychain.retrieve("k").await,
        Err(KeychainError::Timeout(Duration::from_millis(150)))
    );
}
