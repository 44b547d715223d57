use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::*;
use crate::secrets::{KeychainError, MemoryStore, SecretStore};

const CLIENT: &str = "0123456789abcdef0123456789abcdef";

/// A memory store whose writes can be made to fail.
#[derive(Default)]
struct Flaky {
    inner: MemoryStore,
    fail_writes: AtomicBool,
}

impl SecretStore for Flaky {
    fn persist(&self, service: &str, key: &str, secret: &Secret) -> Result<(), KeychainError> {
        if self.fail_writes.load(Ordering::SeqCst) {
            return Err(KeychainError::Locked("test".into()));
        }
        self.inner.persist(service, key, secret)
    }
    fn retrieve(&self, service: &str, key: &str) -> Result<Option<Secret>, KeychainError> {
        self.inner.retrieve(service, key)
    }
    fn delete(&self, service: &str, key: &str) -> Result<(), KeychainError> {
        self.inner.delete(service, key)
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Arc<Flaky>,
    accounts: Accounts,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/accounts.json");
        let store = Arc::new(Flaky::default());
        let keychain = Keychain::new("yatoken-unit", store.clone() as Arc<dyn SecretStore>);
        Self {
            accounts: Accounts::new(path.clone(), keychain),
            _dir: dir,
            path,
            store,
        }
    }

    /// Makes the next index writes fail: a directory where the temporary file must go.
    fn break_index_writes(&self) {
        let name = format!(".accounts.json.{}.tmp", std::process::id());
        std::fs::create_dir_all(self.path.parent().unwrap().join(name)).unwrap();
    }

    async fn secret(&self, key: &str) -> Option<String> {
        self.accounts
            .keychain()
            .retrieve(key)
            .await
            .unwrap()
            .map(|s| s.expose().to_string())
    }

    fn index_text(&self) -> String {
        std::fs::read_to_string(&self.path).unwrap_or_default()
    }
}

fn new_app(secret: Option<&str>) -> NewApp {
    NewApp {
        client_id: CLIENT.to_uppercase(),
        name: " Direct reports ".into(),
        host: OAuthHost::Com,
        scopes: vec!["direct:api login:info".into(), "direct:api".into()],
        flow: Flow::CodePkce,
        secret: secret.map(Secret::new),
    }
}

fn signed_in(uid: &str, login: &str, token: &str, refresh: Option<&str>) -> SignedIn {
    SignedIn {
        info: UserInfo {
            id: uid.into(),
            login: login.into(),
            client_id: Some(CLIENT.into()),
            display_name: Some(format!("{login} display")),
            real_name: None,
        },
        client_id: CLIENT.into(),
        role: Some(Role::Advertiser),
        requested_scopes: vec![],
        granted_scopes: None,
        device_bound: Some(true),
        access_token: Secret::new(token),
        refresh_token: refresh.map(Secret::new),
        expires_in: Some(31_536_000),
    }
}

#[tokio::test]
async fn an_app_is_added_with_its_secret_in_the_keychain_only() {
    let f = Fixture::new();
    let app = f
        .accounts
        .add_app(new_app(Some("s3cret-value")))
        .await
        .unwrap();
    assert_eq!(app.client_id, CLIENT, "stored lower-case");
    assert_eq!(app.name, "Direct reports");
    assert_eq!(app.scopes, vec!["direct:api", "login:info"]);
    assert!(app.has_secret);
    assert_eq!(
        f.secret(&keys::client_secret(CLIENT)).await.as_deref(),
        Some("s3cret-value")
    );
    assert!(!f.index_text().contains("s3cret-value"));
    assert_eq!(f.accounts.load().unwrap().apps, vec![app]);
}

#[tokio::test]
async fn a_bad_client_id_is_refused_with_the_value() {
    let f = Fixture::new();
    let mut app = new_app(None);
    app.client_id = "not-a-client-id".into();
    let error = f.accounts.add_app(app).await.unwrap_err();
    assert!(
        matches!(error, StoreError::InvalidClientId { ref value } if value == "not-a-client-id")
    );
    assert!(f.index_text().is_empty(), "nothing written");
}

#[tokio::test]
async fn the_same_client_id_cannot_be_added_twice() {
    let f = Fixture::new();
    f.accounts.add_app(new_app(None)).await.unwrap();
    let error = f.accounts.add_app(new_app(None)).await.unwrap_err();
    assert!(matches!(error, StoreError::AppExists { .. }), "{error:?}");
}

#[tokio::test]
async fn a_failed_index_write_takes_the_new_app_secret_back_out() {
    let f = Fixture::new();
    f.break_index_writes();
    let error = f
        .accounts
        .add_app(new_app(Some("s3cret")))
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Storage { .. }), "{error:?}");
    assert_eq!(f.secret(&keys::client_secret(CLIENT)).await, None);
}

#[tokio::test]
async fn an_app_in_use_cannot_be_deleted_and_the_message_names_the_logins() {
    let f = Fixture::new();
    f.accounts.add_app(new_app(Some("s"))).await.unwrap();
    f.accounts
        .save_sign_in(signed_in("1", "client-a", "tok-a", None))
        .await
        .unwrap();
    let error = f.accounts.delete_app(CLIENT).await.unwrap_err();
    assert!(matches!(error, StoreError::AppInUse { ref logins, .. } if logins == &["client-a"]));
    let account = f.accounts.load().unwrap().accounts[0].id.clone();
    f.accounts.remove_account(&account).await.unwrap();
    f.accounts.delete_app(CLIENT).await.unwrap();
    assert!(f.accounts.load().unwrap().apps.is_empty());
    assert_eq!(f.secret(&keys::client_secret(CLIENT)).await, None);
}

#[tokio::test]
async fn editing_an_app_can_replace_or_remove_its_secret() {
    let f = Fixture::new();
    f.accounts.add_app(new_app(Some("old"))).await.unwrap();
    let key = keys::client_secret(CLIENT);
    let app = f
        .accounts
        .update_app(
            CLIENT,
            "Renamed".into(),
            OAuthHost::Ru,
            vec!["metrika:read".into()],
            Flow::Token,
            SecretChange::Set(Secret::new("new")),
        )
        .await
        .unwrap();
    assert_eq!(
        (app.name.as_str(), app.host, app.flow),
        ("Renamed", OAuthHost::Ru, Flow::Token)
    );
    assert_eq!(f.secret(&key).await.as_deref(), Some("new"));
    let app = f
        .accounts
        .update_app(
            CLIENT,
            "".into(),
            OAuthHost::Ru,
            vec![],
            Flow::Token,
            SecretChange::Remove,
        )
        .await
        .unwrap();
    assert_eq!(app.name, "Renamed", "an empty name keeps the old one");
    assert!(!app.has_secret);
    assert_eq!(f.secret(&key).await, None);
}

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
async fn a_failed_index_write_on_re_sign_in_restores_the_old_tokens() {
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
    assert_eq!(
        f.secret(&keys::access_token(&first.id)).await.as_deref(),
        Some("old-token")
    );
    assert_eq!(
        f.secret(&keys::refresh_token(&first.id)).await.as_deref(),
        Some("old-refresh")
    );
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
