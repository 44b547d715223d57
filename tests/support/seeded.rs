//! Accounts seeded straight into a profile's store (the same code the app runs, the real
//! keychain of the test session), for suites that need many accounts or particular tokens
//! without clicking through a sign-in for each: the actions suite and the command line.

use std::sync::Arc;

use fake_yandex::{AppSpec, FakeYandex, UserKind, UserSpec};
use yatoken::accounts::{Accounts, NewApp, OAuthHost, Role, SignedIn};
use yatoken::oauth::Flow;
use yatoken::secrets::{Keychain, Secret, SystemStore};
use yatoken::yandex::UserInfo;

use super::Home;

/// What one run of the command line printed, and how it exited.
pub struct CliRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub const APP: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
pub const SECRET: &str = "app-secret-for-revoke";
pub const UNAPPROVED: &str = "11112222333344445555666677778888";

pub struct World {
    pub fake: FakeYandex,
    pub home: Home,
    pub profile: String,
}

impl World {
    pub fn new() -> Self {
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
        Self {
            fake,
            home: Home::new(),
            profile: super::unique_profile("actions"),
        }
    }

    pub fn service(&self) -> String {
        format!("yatoken-{}", self.profile)
    }

    pub fn env(&self) -> Vec<(String, String)> {
        let mut env = self.home.env();
        env.extend(self.fake.env());
        env.push(("LC_ALL".into(), "en_US.UTF-8".into()));
        env.push(("YATOKEN_PROFILE".into(), self.profile.clone()));
        env
    }

    /// The profile's store, as the app itself will open it.
    pub fn accounts(&self) -> Accounts {
        let index = self.home.data().join(self.service()).join("accounts.json");
        Accounts::new(index, Keychain::new(self.service(), Arc::new(SystemStore)))
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
        let device_id = format!("yatoken-test-device-{login}");
        let issued = self
            .fake
            .issue_token(login, client_id, device.then_some(device_id.as_str()));
        self.accounts()
            .save_sign_in(SignedIn {
                info: UserInfo {
                    id: self.fake.uid(login).unwrap(),
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
                expires_in: Some(expires_in),
            })
            .await
            .unwrap();
        issued.access_token
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
        index
            .save(&self.home.data().join(self.service()).join("accounts.json"))
            .unwrap();
    }

    /// Runs `yatoken args…` headless on this world's profile, with `stdin` as its input.
    pub fn cli(&self, args: &[&str], stdin: &str) -> CliRun {
        self.cli_of(std::path::Path::new(super::app_binary()), args, stdin)
    }

    /// `binary args…` with only this world's environment (its home, profile and the fake) and
    /// the session's PATH and D-Bus: what [`World::cli`] runs.
    pub fn command(&self, binary: &std::path::Path, args: &[&str]) -> std::process::Command {
        super::session();
        let mut command = std::process::Command::new(binary);
        command
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                std::env::var_os("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default(),
            )
            .envs(self.env());
        command
    }

    /// Runs `binary args…` (an installed `yatoken`, say) as [`World::cli`] does.
    pub fn cli_of(&self, binary: &std::path::Path, args: &[&str], stdin: &str) -> CliRun {
        Self::run(self.command(binary, args), stdin)
    }

    /// Runs `command` (from [`World::command`], perhaps with more environment) with `stdin` as
    /// its input, within [`super::CLI_WAIT`].
    pub fn run(mut command: std::process::Command, stdin: &str) -> CliRun {
        use std::io::Write;
        use std::process::Stdio;

        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run yatoken");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        let output = super::output_within(child, super::CLI_WAIT);
        CliRun {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn stored_token(&self, login: &str) -> Option<String> {
        let index: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(self.home.data().join(self.service()).join("accounts.json"))
                .ok()?,
        )
        .ok()?;
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

pub const YEAR: u64 = 365 * 24 * 3600;
