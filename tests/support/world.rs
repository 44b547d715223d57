//! A scripted world for the sign-in suites: the fake Yandex with two apps and three users, a
//! private home, and the steps a user takes in the window (add an app, sign in), plus what
//! tests check afterwards (the index, the keychain).

use fake_yandex::{AppSpec, FakeYandex, Service, UserKind, UserSpec};

use super::{AppWindow, Home};

pub const TOKEN_APP: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
pub const CODE_APP: &str = "f9e8d7c6b5a4938271605f4e3d2c1b0a";
pub const CODE_SECRET: &str = "c0de-app-secret-4f1d2a";

pub struct World {
    pub fake: FakeYandex,
    pub home: Home,
    pub profile: String,
}

impl World {
    pub fn new() -> Self {
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
        Self {
            fake,
            home: Home::new(),
            profile: super::unique_profile("signin"),
        }
    }

    pub fn env(&self) -> Vec<(String, String)> {
        let mut env = self.home.env();
        env.extend(self.fake.env());
        env.push(("LC_ALL".into(), "en_US.UTF-8".into()));
        env.push(("YATOKEN_PROFILE".into(), self.profile.clone()));
        env
    }

    pub fn service(&self) -> String {
        format!("yatoken-{}", self.profile)
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
}

/// Adds an app through the apps dialog, as a user would.
pub async fn add_app(
    app: &AppWindow,
    client_id: &str,
    name: &str,
    flow: &str,
    secret: Option<&str>,
) {
    let shown = |testid: &'static str| async move {
        app.by_testid(testid)
            .await
            .is_displayed()
            .await
            .unwrap_or(false)
    };
    if !shown("app-form").await {
        if !shown("apps-dialog").await {
            app.click("open-apps").await;
        }
        app.click("apps-add").await;
    }
    app.fill("app-client-id", client_id).await;
    app.fill("app-name", name).await;
    app.select("app-flow", flow).await;
    app.check("app-scope-direct:api", true).await;
    app.check("app-scope-login:info", true).await;
    if let Some(secret) = secret {
        super::set_clipboard(secret);
        app.click("app-paste-secret").await;
        let status = app
            .wait_text("app-secret-status", |t| t.contains("received"))
            .await;
        assert!(status.contains('…'), "the form shows only a mask: {status}");
        assert!(!status.contains(secret), "{status}");
        assert_eq!(
            super::read_clipboard(),
            "",
            "the pasted secret is cleared from the clipboard"
        );
    }
    app.click("app-save").await;
    app.wait_for(&format!(
        "[data-testid='app-row'][data-client-id='{client_id}']"
    ))
    .await;
}

pub async fn sign_in(app: &AppWindow, client_id: &str, hint: &str, role: &str) {
    app.click("add-account").await;
    app.select("signin-app", client_id).await;
    app.fill("signin-login-hint", hint).await;
    app.select("signin-role", role).await;
    app.click("signin-start").await;
}

pub async fn row_text(app: &AppWindow, login: &str, part: &str) -> String {
    app.text_of(&super::row(login, part)).await
}

pub fn stored_logins(world: &World) -> Vec<String> {
    let path = world
        .home
        .data()
        .join(world.service())
        .join("accounts.json");
    let Ok(text) = std::fs::read_to_string(path) else {
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

pub fn keychain_items(world: &World) -> usize {
    super::secret_tool_search(&world.service())
        .lines()
        .filter(|l| l.starts_with("attribute.username = account/"))
        .count()
}

/// The app with the token-flow app already added, ready to sign in.
pub async fn ready(world: &World) -> AppWindow {
    let app = AppWindow::launch(&world.env()).await;
    app.click("open-apps").await;
    add_app(&app, TOKEN_APP, "Direct token app", "token", None).await;
    app.click("apps-close").await;
    app
}

/// The access tokens in the keychain (each account may also have a refresh token there).
pub fn access_tokens(world: &World) -> usize {
    super::secret_tool_search(&world.service())
        .lines()
        .filter(|l| l.starts_with("attribute.username = account/"))
        .filter(|l| l.ends_with("/access-token"))
        .count()
}

pub async fn signin_error(app: &AppWindow) -> String {
    app.wait_text("signin-error", |t| !t.is_empty()).await
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

/// A stand-in for the system's `xdg-open` (the first launcher the opener tries): it notes what
/// it was asked to open instead of starting a browser on the test display.
pub struct Browser {
    bin: std::path::PathBuf,
    opened: std::path::PathBuf,
}

impl Browser {
    pub fn install(world: &World) -> Self {
        let bin = world.home.path().join("bin");
        std::fs::create_dir_all(&bin).expect("a bin directory");
        let opened = world.home.path().join("opened.txt");
        let script = bin.join("xdg-open");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
                opened.display()
            ),
        )
        .expect("write the stand-in xdg-open");
        let chmod = std::process::Command::new("chmod")
            .arg("+x")
            .arg(&script)
            .status();
        assert!(chmod.expect("chmod runs").success());
        Self { bin, opened }
    }

    pub fn env(&self, world: &World) -> Vec<(String, String)> {
        let mut env = world.env();
        let path = std::env::var("PATH").unwrap_or_default();
        env.push(("PATH".into(), format!("{}:{path}", self.bin.display())));
        env
    }

    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(&self.opened)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The `count`th address the app opened, once it has.
    pub async fn nth_opened(&self, count: usize) -> url::Url {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while self.opened().len() < count {
            assert!(
                std::time::Instant::now() < deadline,
                "the app opened {:?}, not {count} pages",
                self.opened()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        url::Url::parse(&self.opened()[count - 1]).expect("the app opened a URL")
    }
}
