//! The index itself: the device id, damage, metadata updates, and watching it for other writers.

use std::time::Duration;

use super::*;

#[tokio::test]
async fn the_device_id_is_created_once_and_kept() {
    let f = Fixture::new();
    let first = f.accounts.device_id().await.unwrap();
    let again = f.accounts.device_id().await.unwrap();
    assert_eq!(first, again);
    assert!((6..=50).contains(&first.len()));
    assert!(first.bytes().all(|b| (32..=126).contains(&b)));
}

#[tokio::test]
async fn a_damaged_index_is_reported_and_left_alone() {
    let f = Fixture::new();
    std::fs::create_dir_all(f.path.parent().unwrap()).unwrap();
    std::fs::write(&f.path, b"{ damaged").unwrap();
    let error = f
        .accounts
        .save_sign_in(signed_in("1", "a", "tok", None))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::IndexDamaged { .. }),
        "{error:?}"
    );
    assert_eq!(std::fs::read(&f.path).unwrap(), b"{ damaged");
    assert_eq!(f.store.inner.len(), 0);
}

#[tokio::test]
async fn update_changes_one_account_and_writes_only_when_it_exists() {
    let f = Fixture::new();
    f.accounts.add_app(new_app(None)).await.unwrap();
    let alice = f
        .accounts
        .save_sign_in(signed_in("1", "alice", "tok-a", None))
        .await
        .unwrap();
    let bob = f
        .accounts
        .save_sign_in(signed_in("2", "bob", "tok-b", None))
        .await
        .unwrap();
    let before = f.index_text();
    assert_eq!(
        f.accounts
            .update("gone", |a| a.label = "x".into())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        f.index_text(),
        before,
        "nothing written for a missing account"
    );

    let old = f
        .accounts
        .update(&alice.id, |a| {
            std::mem::replace(&mut a.label, "Group A".into())
        })
        .await
        .unwrap();
    assert_eq!(old, Some(String::new()), "the closure's result comes back");
    let index = f.accounts.load().unwrap();
    assert_eq!(index.account(&alice.id).unwrap().label, "Group A");
    assert_eq!(
        index.account(&bob.id).unwrap().label,
        "",
        "only that account"
    );
}

#[tokio::test]
async fn a_watch_reports_what_another_process_wrote_after_its_moment_even_before_it_started() {
    let f = Fixture::new();
    f.accounts
        .save_sign_in(signed_in("1", "alice", "token-a", None))
        .await
        .unwrap();
    let seen = f.accounts.seen_now();
    // Another process writes the index between that moment and the watch's start.
    let text = f.index_text();
    std::fs::write(&f.path, text).unwrap();
    let later = std::fs::metadata(&f.path).unwrap().modified().unwrap() + Duration::from_secs(1);
    std::fs::File::options()
        .write(true)
        .open(&f.path)
        .unwrap()
        .set_modified(later)
        .unwrap();

    let changes = std::sync::atomic::AtomicUsize::new(0);
    let watch = f.accounts.watch(seen, Duration::from_millis(10), || {
        changes.fetch_add(1, Ordering::SeqCst);
    });
    let _ = tokio::time::timeout(Duration::from_millis(200), watch).await;
    assert_eq!(
        changes.load(Ordering::SeqCst),
        1,
        "one change, reported once"
    );

    // The window's own writes are not reported.
    let own = f.accounts.seen_now();
    f.accounts
        .save_sign_in(signed_in("2", "bob", "token-b", None))
        .await
        .unwrap();
    let watch = f.accounts.watch(own, Duration::from_millis(10), || {
        changes.fetch_add(1, Ordering::SeqCst);
    });
    let _ = tokio::time::timeout(Duration::from_millis(200), watch).await;
    assert_eq!(changes.load(Ordering::SeqCst), 1);
}
