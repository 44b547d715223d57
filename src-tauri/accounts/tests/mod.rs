//! The accounts store's unit tests, over a memory keychain whose writes can be made to fail and
//! an index whose writes can be broken: nothing is ever half-saved.

mod apps;
mod index;
mod tokens;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::*;
use crate::secrets::{KeychainError, MemoryStore, SecretStore};

const CLIENT: &str = "0123456789abcdef0123456789abcdef";

/// A memory store whose writes, or deletes, can be made to fail.
#[derive(Default)]
struct Flaky {
    inner: MemoryStore,
    fail_writes: AtomicBool,
    fail_deletes: AtomicBool,
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
        if self.fail_deletes.load(Ordering::SeqCst) {
            return Err(KeychainError::Locked("test".into()));
        }
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
