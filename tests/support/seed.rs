//! Apps and accounts seeded straight into a world's profile (the same library code the app
//! runs, the real keychain of the test session), for suites that need many accounts or
//! particular tokens without clicking through a sign-in for each: the actions, agency, list,
//! command-line and proxy suites, and the benchmarks.

use std::sync::Arc;

use fake_yandex::FakeYandex;
use yatoken::accounts::{Accounts, NewApp, OAuthHost, Role, SignedIn};
use yatoken::oauth::Flow;
use yatoken::secrets::{Keychain, Secret, SystemStore};
use yatoken::yandex::UserInfo;

use super::world::World;

/// A year in seconds: the lifetime of most seeded tokens (`expires_in` of [`World::seed`]).
pub const YEAR: u64 = 365 * 24 * 3600;

impl World {
    /// The profile's store, as the app itself will open it.
    pub fn accounts(&self) -> Accounts {
        Accounts::new(
            self.index_path(),
            Keychain::new(self.service(), Arc::new(SystemStore)),
        )
    }

    pub async fn add_app(&self, client_id: &str, secret: Option<&str>, scopes: &[&str]) {
        self.accounts()
            .add_app(NewApp {
                client_id: client_id.into(),
                name: format!("App {}", &client_id[..4]),
                host: OAuthHost::Com,
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
                flow: Flow::CodePkce,
                secret: secret.map(Secret::new),
            })
            .await
            .unwrap();
    }

    /// Stores an account for `login` with a token the fake minted, as a sign-in would.
    pub async fn seed(
        &self,
        login: &str,
        client_id: &str,
        device: bool,
        expires_in: u64,
    ) -> String {
        let (signed, token) = minted_sign_in(&self.fake, login, client_id, device);
        let signed = SignedIn {
            expires_in: Some(expires_in),
            ..signed
        };
        self.accounts().save_sign_in(signed).await.unwrap();
        token
    }

    /// Seeds `count` accounts at once (one index write), named `client-0000`…; those for which
    /// `with_token(n)` holds get a synthetic token `tok-<login>` in the keychain (gnome-keyring
    /// rewrites its file on every write, so a thousand entries take half a minute). For lists,
    /// not for calling Yandex.
    pub async fn seed_many(
        &self,
        client_id: &str,
        count: usize,
        with_token: impl Fn(usize) -> bool,
    ) {
        let accounts = self.accounts();
        let mut index = accounts.load().unwrap();
        let now = time::OffsetDateTime::now_utc();
        for n in 0..count {
            let login = format!("client-{n:04}");
            let id = format!("seed{n:04}");
            if with_token(n) {
                accounts
                    .keychain()
                    .persist(
                        &yatoken::accounts::keys::access_token(&id),
                        Secret::new(format!("tok-{login}")),
                    )
                    .await
                    .unwrap();
            }
            index.accounts.push(yatoken::accounts::Account {
                id,
                uid: format!("{}", 1_000_000 + n),
                display_name: format!("Client {n}"),
                login,
                role: Some(if n % 3 == 0 {
                    Role::AgencyRepresentative
                } else {
                    Role::Advertiser
                }),
                client_id: client_id.to_string(),
                requested_scopes: vec![],
                granted_scopes: None,
                device_bound: Some(true),
                has_refresh_token: false,
                issued_at: now,
                expires_at: Some(now + time::Duration::days(200 + (n as i64 % 100))),
                created_at: now,
                label: if n % 2 == 0 {
                    "Group A".into()
                } else {
                    "Group B".into()
                },
                notes: format!("note for account number {n}"),
                last_check: None,
                needs_sign_in: false,
                direct: None,
                active_client: None,
            });
        }
        index.save(&self.index_path()).unwrap();
    }
}

/// A finished sign-in of `login` through `client_id`, with a token the fake mints now
/// (device-bound when `device`, so Yandex can revoke it), ready for `Accounts::save_sign_in`;
/// and that token.
pub fn minted_sign_in(
    fake: &FakeYandex,
    login: &str,
    client_id: &str,
    device: bool,
) -> (SignedIn, String) {
    let device_id = format!("yatoken-test-device-{login}");
    let issued = fake.issue_token(login, client_id, device.then_some(device_id.as_str()));
    let signed = SignedIn {
        info: UserInfo {
            id: fake.uid(login).unwrap(),
            login: login.into(),
            client_id: Some(client_id.into()),
            display_name: Some(login.into()),
            real_name: None,
        },
        client_id: client_id.into(),
        role: Some(Role::Advertiser),
        requested_scopes: vec![],
        granted_scopes: None,
        device_bound: Some(device),
        access_token: Secret::new(issued.access_token.clone()),
        refresh_token: issued.refresh_token.map(Secret::new),
        expires_in: Some(issued.expires_in),
    };
    (signed, issued.access_token)
}
