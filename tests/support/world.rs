//! The one world a suite builds: the fake Yandex with a cast of apps and users, a private
//! home, a unique keychain profile, and the environment that points the app at all three; and
//! what tests read back from it afterwards (what the fake saw, the index, the keychain).
//!
//! Two casts: [`World::new`] for the suites that add apps and sign in through the window, and
//! [`World::seeded`] for those that seed apps and accounts through the library (`seed.rs`) and
//! run the command line (`cli.rs`). The steps a person takes in the window are in `steps.rs`.

use fake_yandex::{AppSpec, FakeYandex, Service, UserKind, UserSpec};

use super::dbus::secret_tool_search;
use super::session::{unique_profile, Home};

/// The sign-in cast's token-flow app (the same client id as [`APP`]).
pub const TOKEN_APP: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
/// The sign-in cast's code-flow app, which needs its client secret.
pub const CODE_APP: &str = "f9e8d7c6b5a4938271605f4e3d2c1b0a";
pub const CODE_SECRET: &str = "c0de-app-secret-4f1d2a";

/// The seeded cast's app, approved for Direct, with [`SECRET`] (refreshes and revokes).
pub const APP: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
pub const SECRET: &str = "app-secret-for-revoke";
/// The seeded cast's app that Direct has not approved.
pub const UNAPPROVED: &str = "11112222333344445555666677778888";

pub struct World {
    pub fake: FakeYandex,
    pub home: Home,
    pub profile: String,
}

impl World {
    /// For signing in through the window: the [`sign_in_cast`].
    pub fn new() -> Self {
        Self::of(sign_in_cast(), "signin")
    }

    /// For accounts seeded through the library and the command line: the [`seeded_cast`].
    pub fn seeded() -> Self {
        Self::of(seeded_cast(), "actions")
    }

    /// `fake` with a new home and a unique profile named after `prefix`.
    fn of(fake: FakeYandex, prefix: &str) -> Self {
        Self {
            fake,
            home: Home::new(),
            profile: unique_profile(prefix),
        }
    }

    /// The app's environment: the home, the fake's addresses, English, the profile.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env = self.home.env();
        env.extend(self.fake.env());
        env.push(("LC_ALL".into(), "en_US.UTF-8".into()));
        env.push(("YATOKEN_PROFILE".into(), self.profile.clone()));
        env
    }

    /// The profile's keychain service (and the name of its data directory).
    pub fn service(&self) -> String {
        format!("yatoken-{}", self.profile)
    }

    /// The profile's index of apps and accounts.
    pub fn index_path(&self) -> std::path::PathBuf {
        self.home.data().join(self.service()).join("accounts.json")
    }

    /// Every access token the app presented to `/info`.
    pub fn tokens_seen(&self) -> Vec<String> {
        self.fake
            .requests()
            .iter()
            .filter(|r| r.service == Service::Login)
            .filter_map(|r| r.header("authorization").map(str::to_string))
            .filter_map(|h| h.strip_prefix("OAuth ").map(str::to_string))
            .collect()
    }

    /// The access token the keychain holds for `login`'s account, if the index has one.
    pub fn stored_token(&self, login: &str) -> Option<String> {
        let index: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(self.index_path()).ok()?).ok()?;
        let id = index["accounts"]
            .as_array()?
            .iter()
            .find(|a| a["login"] == login)?["id"]
            .as_str()?
            .to_string();
        let output = std::process::Command::new("secret-tool")
            .args([
                "lookup",
                "service",
                &self.service(),
                "username",
                &format!("account/{id}/access-token"),
            ])
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

/// The logins in the profile's index, in order.
pub fn stored_logins(world: &World) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(world.index_path()) else {
        return Vec::new();
    };
    let index: serde_json::Value = serde_json::from_str(&text).expect("the index is JSON");
    index["accounts"]
        .as_array()
        .map(|accounts| {
            accounts
                .iter()
                .map(|a| a["login"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The accounts' items in the keychain (access and refresh tokens).
pub fn keychain_items(world: &World) -> usize {
    secret_tool_search(&world.service())
        .lines()
        .filter(|l| l.starts_with("attribute.username = account/"))
        .count()
}

/// The access tokens in the keychain (each account may also have a refresh token there).
pub fn access_tokens(world: &World) -> usize {
    secret_tool_search(&world.service())
        .lines()
        .filter(|l| l.starts_with("attribute.username = account/"))
        .filter(|l| l.ends_with("/access-token"))
        .count()
}

/// Waits until the fake has served the consent page `count` times.
pub async fn page_requested(world: &World, count: usize) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let pages = world
            .fake
            .requests()
            .iter()
            .filter(|r| r.path == "/authorize")
            .count();
        if pages >= count {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the consent page was not requested"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The logins the consent page was submitted with, in order.
pub fn confirmed_logins(world: &World) -> Vec<String> {
    world
        .fake
        .requests()
        .iter()
        .filter(|r| r.path == "/authorize/confirm")
        .map(|r| {
            r.form()
                .into_iter()
                .find(|(k, _)| k == "login")
                .map(|(_, v)| v)
                .unwrap_or_default()
        })
        .collect()
}

/// The fake for signing in: the token-flow app ([`TOKEN_APP`]) and the code-flow app
/// ([`CODE_APP`], which needs [`CODE_SECRET`]), an advertiser (`adv-alice`), an agency with two
/// clients (`agency-one`: `client-x`, `client-y`) and its representative (`rep-bob`). The window
/// suites sign in through it; `flows.rs` runs the verbs against it in-process.
pub fn sign_in_cast() -> FakeYandex {
    let fake = FakeYandex::start();
    fake.add_app(AppSpec::new(
        TOKEN_APP,
        "token-app-secret",
        &["login:info", "direct:api", "metrika:read"],
    ));
    fake.add_app(AppSpec {
        secretless_pkce: false,
        ..AppSpec::new(CODE_APP, CODE_SECRET, &["login:info", "direct:api"])
    });
    fake.add_user(UserSpec::new("adv-alice", UserKind::Advertiser));
    fake.add_user(UserSpec::new(
        "agency-one",
        UserKind::Agency {
            clients: vec!["client-x".into(), "client-y".into()],
        },
    ));
    fake.add_user(UserSpec::new(
        "rep-bob",
        UserKind::AgencyRepresentative {
            agency: "agency-one".into(),
        },
    ));
    fake
}

/// The fake for seeded accounts: [`APP`] (with [`SECRET`]) and [`UNAPPROVED`], an advertiser
/// (`adv-alice`) and a user without Direct (`nodirect-nick`).
pub fn seeded_cast() -> FakeYandex {
    let fake = FakeYandex::start();
    fake.add_app(AppSpec::new(
        APP,
        SECRET,
        &["login:info", "direct:api", "metrika:read"],
    ));
    fake.add_app(AppSpec {
        direct_api_approved: false,
        ..AppSpec::new(UNAPPROVED, "s2", &["login:info", "direct:api"])
    });
    fake.add_user(UserSpec::new("adv-alice", UserKind::Advertiser));
    fake.add_user(UserSpec::new("nodirect-nick", UserKind::NoDirect));
    fake
}
