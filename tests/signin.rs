//! Signing in through the Yandex page and keeping accounts, clicked through the real window
//! (WebDriver) against the fake Yandex, with tokens in a real Secret Service.

mod support;

use fake_yandex::{AppSpec, Decision, FakeYandex, Service, UserKind, UserSpec};
use support::{AppWindow, Home};

const TOKEN_APP: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const CODE_APP: &str = "f9e8d7c6b5a4938271605f4e3d2c1b0a";
const CODE_SECRET: &str = "c0de-app-secret-4f1d2a";

struct World {
    fake: FakeYandex,
    home: Home,
    profile: String,
}

impl World {
    fn new() -> Self {
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
            profile: support::unique_profile("signin"),
        }
    }

    fn env(&self) -> Vec<(String, String)> {
        let mut env = self.home.env();
        env.extend(self.fake.env());
        env.push(("LC_ALL".into(), "en_US.UTF-8".into()));
        env.push(("YATOKEN_PROFILE".into(), self.profile.clone()));
        env
    }

    fn service(&self) -> String {
        format!("yatoken-{}", self.profile)
    }

    /// Every access token the app presented to `/info`.
    fn tokens_seen(&self) -> Vec<String> {
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
async fn add_app(app: &AppWindow, client_id: &str, name: &str, flow: &str, secret: Option<&str>) {
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
        support::set_clipboard(secret);
        app.click("app-paste-secret").await;
        let status = app
            .wait_text("app-secret-status", |t| t.contains("received"))
            .await;
        assert!(status.contains('…'), "the form shows only a mask: {status}");
        assert!(!status.contains(secret), "{status}");
        assert_eq!(
            support::read_clipboard(),
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

async fn sign_in(app: &AppWindow, client_id: &str, hint: &str, role: &str) {
    app.click("add-account").await;
    app.select("signin-app", client_id).await;
    app.fill("signin-login-hint", hint).await;
    app.select("signin-role", role).await;
    app.click("signin-start").await;
}

async fn row_text(app: &AppWindow, login: &str, part: &str) -> String {
    app.wait_for(&format!(
        "[data-testid='account-row'][data-login='{login}'] [data-testid='{part}']"
    ))
    .await
    .text()
    .await
    .unwrap()
}

#[tokio::test]
async fn two_accounts_sign_in_by_token_and_by_code_and_survive_a_restart() {
    let world = World::new();
    let app = AppWindow::launch(&world.env()).await;

    app.click("empty-add-app").await;
    add_app(&app, TOKEN_APP, "Direct token app", "token", None).await;
    add_app(&app, CODE_APP, "Agency app", "code_pkce", Some(CODE_SECRET)).await;
    app.click("apps-close").await;

    world.fake.next_sign_in("adv-alice", Decision::Allow);
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );

    world.fake.next_sign_in("rep-bob", Decision::Allow);
    sign_in(&app, CODE_APP, "rep-bob", "agency_representative").await;
    assert_eq!(
        row_text(&app, "rep-bob", "account-role").await,
        "Agency representative"
    );
    assert_eq!(row_text(&app, "rep-bob", "account-app").await, "Agency app");
    assert_eq!(
        row_text(&app, "adv-alice", "account-role").await,
        "Advertiser"
    );
    assert_eq!(
        row_text(&app, "adv-alice", "account-app").await,
        "Direct token app"
    );
    assert!(row_text(&app, "adv-alice", "account-expires")
        .await
        .contains("year"));
    app.screenshot("accounts-two").await;

    // What the app sent to Yandex.
    let requests = world.fake.requests();
    let authorizes: Vec<_> = requests.iter().filter(|r| r.path == "/authorize").collect();
    assert_eq!(authorizes.len(), 2);
    for (request, (response_type, hint)) in authorizes
        .iter()
        .zip([("token", "adv-alice"), ("code", "rep-bob")])
    {
        let query = request.query_pairs();
        let get = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        assert_eq!(get("response_type").as_deref(), Some(response_type));
        assert_eq!(get("force_confirm").as_deref(), Some("yes"));
        assert_eq!(get("login_hint").as_deref(), Some(hint));
        assert!(
            get("state").is_some_and(|s| s.len() >= 22),
            "state of >= 128 bits"
        );
        let device = get("device_id").expect("device_id");
        assert!((6..=50).contains(&device.len()));
        assert!(get("device_name").is_some_and(|n| n.starts_with("YaToken on ")));
        assert_eq!(
            get("redirect_uri"),
            Some(format!("{}/verification_code", world.fake.oauth_url()))
        );
        assert_eq!(
            request.cookie("Session_id"),
            None,
            "every sign-in starts with a fresh cookie store"
        );
    }
    let code_authorize = authorizes[1].query_pairs();
    assert!(code_authorize.contains(&("code_challenge_method".into(), "S256".into())));
    let states: Vec<_> = authorizes
        .iter()
        .map(|r| r.query_pairs().into_iter().find(|(k, _)| k == "state"))
        .collect();
    assert_ne!(states[0], states[1], "a new state for every sign-in");
    let token_calls: Vec<_> = requests.iter().filter(|r| r.path == "/token").collect();
    assert_eq!(token_calls.len(), 1, "only the code flow exchanges a code");
    let form = token_calls[0].form();
    let field = |key: &str| form.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    assert_eq!(field("grant_type"), Some("authorization_code"));
    assert!(field("code_verifier").is_some_and(|v| v.len() >= 43));
    assert_eq!(field("client_secret"), Some(CODE_SECRET));
    assert_eq!(token_calls[0].query, None);
    for request in &requests {
        let query = request.query.clone().unwrap_or_default();
        assert!(
            !query.contains("oauth_token"),
            "no token in a URL: {}",
            request.path
        );
    }

    let tokens = world.tokens_seen();
    assert!(tokens.len() >= 2, "/info was asked about both tokens");
    app.quit().await;

    // Restart: both accounts are still there.
    let app = AppWindow::launch(&world.env()).await;
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    assert_eq!(row_text(&app, "rep-bob", "account-login").await, "rep-bob");
    let masked = row_text(&app, "rep-bob", "account-token").await;
    assert!(masked.contains('…'), "{masked}");
    app.quit().await;

    // The keychain holds the secrets under the profile's service ...
    let listing = support::secret_tool_search(&world.service());
    let items = |suffix: &str| {
        listing
            .lines()
            .filter(|l| l.starts_with("attribute.username = ") && l.ends_with(suffix))
            .count()
    };
    assert_eq!(items("/access-token"), 2, "{listing}");
    assert_eq!(items("/refresh-token"), 1, "{listing}");
    assert_eq!(items("/client-secret"), 1, "{listing}");
    for token in &tokens {
        assert!(
            listing.contains(token.as_str()),
            "the token is in the keychain"
        );
    }
    // ... and no file of the app's holds a token or the client secret.
    for secret in tokens.iter().map(String::as_str).chain([CODE_SECRET]) {
        let leaks = support::files_containing(world.home.path(), secret);
        assert!(leaks.is_empty(), "a secret leaked into {leaks:?}");
    }
    let index = std::fs::read_to_string(
        world
            .home
            .data()
            .join(world.service())
            .join("accounts.json"),
    )
    .expect("the index exists");
    assert!(index.contains("adv-alice") && index.contains("rep-bob"));
}
