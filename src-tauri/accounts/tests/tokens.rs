//! Sign-ins stored, replaced and forgotten, with their tokens.

use super::*;

#[tokio::test]
async fn a_sign_in_stores_tokens_in_the_keychain_and_metadata_in_the_index() {
    let f = Fixture::new();
    let account = f
        .accounts
        .save_sign_in(signed_in(
            "1001",
            "client-a",
            "y0_access-token-a",
            Some("refresh-a"),
        ))
        .await
        .unwrap();
    assert_eq!(account.login, "client-a");
    assert_eq!(account.display_name, "client-a display");
    assert!(account.has_refresh_token);
    let expires = account.expires_at.unwrap() - account.issued_at;
    assert_eq!(expires.whole_seconds(), 31_536_000);
    assert_eq!(
        f.secret(&keys::access_token(&account.id)).await.as_deref(),
        Some("y0_access-token-a")
    );
    assert_eq!(
        f.secret(&keys::refresh_token(&account.id)).await.as_deref(),
        Some("refresh-a")
    );
    let text = f.index_text();
    assert!(text.contains("client-a"));
    assert!(!text.contains("y0_access-token-a") && !text.contains("refresh-a"));
}

#[tokio::test]
async fn signing_in_again_as_the_same_user_updates_the_same_account() {
    let f = Fixture::new();
    let first = f
        .accounts
        .save_sign_in(signed_in(
            "1001",
            "client-a",
            "old-token",
            Some("old-refresh"),
        ))
        .await
        .unwrap();
    let mut again = signed_in("1001", "client-a", "new-token", None);
    again.role = None;
    let second = f.accounts.save_sign_in(again).await.unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(
        second.role,
        Some(Role::Advertiser),
        "role kept when not given"
    );
    assert_eq!(f.accounts.load().unwrap().accounts.len(), 1, "no twin");
    assert_eq!(
        f.secret(&keys::access_token(&first.id)).await.as_deref(),
        Some("new-token")
    );
    assert_eq!(f.secret(&keys::refresh_token(&first.id)).await, None);
    assert!(!second.has_refresh_token);
}

#[tokio::test]
async fn a_failed_keychain_write_leaves_no_index_entry() {
    let f = Fixture::new();
    f.store.fail_writes.store(true, Ordering::SeqCst);
    let error = f
        .accounts
        .save_sign_in(signed_in("1", "a", "tok", None))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::Keychain(KeychainError::Locked(_))),
        "{error:?}"
    );
    assert!(f.accounts.load().unwrap().accounts.is_empty());
}

#[tokio::test]
async fn a_failed_index_write_removes_the_keychain_entries_it_just_made() {
    let f = Fixture::new();
    let id_probe = f.accounts.device_id().await.unwrap();
    assert!(!id_probe.is_empty());
    f.break_index_writes();
    let error = f
        .accounts
        .save_sign_in(signed_in("1", "a", "tok", Some("ref")))
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Storage { .. }), "{error:?}");
    let entries = f.store.inner.len();
    assert_eq!(entries, 0, "no keychain entry without metadata");
}

#[tokio::test]
async fn a_failed_index_write_on_re_sign_in_keeps_the_new_tokens() {
    let f = Fixture::new();
    let first = f
        .accounts
        .save_sign_in(signed_in("1", "a", "old-token", Some("old-refresh")))
        .await
        .unwrap();
    f.break_index_writes();
    f.accounts
        .save_sign_in(signed_in("1", "a", "new-token", Some("new-refresh")))
        .await
        .unwrap_err();
    // Yandex issued them: the old ones may already be dead.
    assert_eq!(
        f.secret(&keys::access_token(&first.id)).await.as_deref(),
        Some("new-token")
    );
    assert_eq!(
        f.secret(&keys::refresh_token(&first.id)).await.as_deref(),
        Some("new-refresh")
    );
    assert_eq!(f.accounts.load().unwrap().accounts.len(), 1);
}

#[tokio::test]
async fn a_failed_index_write_after_a_refresh_keeps_the_new_tokens() {
    let f = Fixture::new();
    let account = f
        .accounts
        .save_sign_in(signed_in("1", "a", "old-token-1111", Some("old-refresh")))
        .await
        .unwrap();
    f.break_index_writes();
    let failed = f
        .accounts
        .replace_tokens(
            &account.id,
            Secret::new("new-token-2222"),
            Some(Secret::new("new-refresh")),
            Some(3600),
        )
        .await;
    assert!(
        matches!(failed, Err(StoreError::Storage { .. })),
        "{failed:?}"
    );
    assert_eq!(
        f.secret(&keys::access_token(&account.id)).await.as_deref(),
        Some("new-token-2222")
    );
    assert_eq!(
        f.secret(&keys::refresh_token(&account.id)).await.as_deref(),
        Some("new-refresh")
    );
    assert_eq!(
        f.accounts.known_mask(&account.id),
        Some(mask("new-token-2222"))
    );
    assert_ne!(mask("new-token-2222"), mask("old-token-1111"));
}

#[tokio::test]
async fn removing_an_account_removes_its_secrets() {
    let f = Fixture::new();
    let account = f
        .accounts
        .save_sign_in(signed_in("1", "a", "tok", Some("ref")))
        .await
        .unwrap();
    f.accounts.remove_account(&account.id).await.unwrap();
    assert!(f.accounts.load().unwrap().accounts.is_empty());
    assert_eq!(f.store.inner.len(), 0);
    assert!(matches!(
        f.accounts.remove_account(&account.id).await.unwrap_err(),
        StoreError::AccountNotFound
    ));
}

#[tokio::test]
async fn a_sign_in_and_a_forget_that_finish_leave_nothing_listed() {
    let f = Fixture::new();
    let account = f
        .accounts
        .save_sign_in(signed_in("1", "a", "tok", Some("ref")))
        .await
        .unwrap();
    assert!(f.accounts.load().unwrap().leftovers.is_empty());
    assert!(!f.index_text().contains("leftovers"), "{}", f.index_text());
    f.accounts.remove_account(&account.id).await.unwrap();
    assert!(f.accounts.load().unwrap().leftovers.is_empty());
    assert_eq!(f.accounts.sweep_leftovers().await.unwrap(), 0);
}

#[tokio::test]
async fn entries_a_crash_left_without_their_account_are_swept_at_the_next_start() {
    let f = Fixture::new();
    let kept = f
        .accounts
        .save_sign_in(signed_in("1", "a", "tok-a", None))
        .await
        .unwrap();
    // What a crash between a new account's keychain writes and its index entry leaves: the
    // id listed, the entries there, no account.
    let keychain = f.accounts.keychain();
    keychain
        .persist(&keys::access_token("crashed"), Secret::new("orphan"))
        .await
        .unwrap();
    keychain
        .persist(
            &keys::refresh_token("crashed"),
            Secret::new("orphan-refresh"),
        )
        .await
        .unwrap();
    let mut index = f.accounts.load().unwrap();
    index.leftovers = vec!["crashed".into(), kept.id.clone()];
    f.accounts.save(&index).unwrap();

    assert_eq!(f.accounts.sweep_leftovers().await.unwrap(), 2);
    assert_eq!(f.secret(&keys::access_token("crashed")).await, None);
    assert_eq!(f.secret(&keys::refresh_token("crashed")).await, None);
    assert_eq!(
        f.secret(&keys::access_token(&kept.id)).await.as_deref(),
        Some("tok-a"),
        "a listed id that is an account keeps its token"
    );
    let index = f.accounts.load().unwrap();
    assert!(index.leftovers.is_empty());
    assert_eq!(index.accounts.len(), 1);
}

#[tokio::test]
async fn a_forget_the_keychain_cannot_finish_is_swept_once_it_can() {
    let f = Fixture::new();
    let account = f
        .accounts
        .save_sign_in(signed_in("1", "a", "tok", Some("ref")))
        .await
        .unwrap();
    f.store.fail_deletes.store(true, Ordering::SeqCst);
    f.accounts.remove_account(&account.id).await.unwrap();
    let index = f.accounts.load().unwrap();
    assert!(index.accounts.is_empty(), "the account is forgotten");
    assert_eq!(index.leftovers, std::slice::from_ref(&account.id));
    assert_eq!(f.store.inner.len(), 2, "its entries wait for the sweep");

    assert_eq!(
        f.accounts.sweep_leftovers().await.unwrap(),
        0,
        "still refused"
    );
    assert_eq!(f.accounts.load().unwrap().leftovers.len(), 1);
    f.store.fail_deletes.store(false, Ordering::SeqCst);
    assert_eq!(f.accounts.sweep_leftovers().await.unwrap(), 1);
    assert_eq!(f.store.inner.len(), 0);
    assert!(f.accounts.load().unwrap().leftovers.is_empty());
}
