//! Proxies: the setting, then the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
//! `NO_PROXY`), then none; for every call to Yandex (the command line here) and for the login
//! window. A proxy written in the test (`support/proxy.rs`) records what passes through it, and
//! the fake Yandex records what arrived: every request the fake saw must have come through the
//! proxy, or none may have.

mod support;

use fake_yandex::{Decision, RecordedRequest};
use support::cli::CliRun;
use support::proxy::{closed_port, Seen, TestProxy};
use support::seed::YEAR;
use support::world::{World, APP, SECRET};

const SCOPES: &[&str] = &["login:info", "direct:api", "metrika:read"];

/// `yatoken args…` on the world's profile with `extra` added to its (otherwise empty) environment.
fn yatoken(world: &World, extra: &[(&str, String)], args: &[&str], stdin: &str) -> CliRun {
    let mut command = world.command(std::path::Path::new(support::app_binary()), args);
    command.envs(extra.iter().map(|(k, v)| (*k, v.as_str())));
    World::run(command, stdin)
}

/// Sets the profile's proxy as the Settings dialog would have saved it.
fn set_proxy_setting(world: &World, proxy: &str) {
    let dir = world.home.config().join(world.service());
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("settings.json"),
        serde_json::json!({ "proxy": proxy }).to_string(),
    )
    .unwrap();
}

/// A request as an HTTP proxy is asked for it: `GET http://127.0.0.1:PORT/path?query`.
fn absolute(fake: &fake_yandex::FakeYandex, request: &RecordedRequest) -> String {
    let query = request
        .query
        .as_ref()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    format!(
        "{} {}{}{query}",
        request.method,
        fake.url(request.service),
        request.path
    )
}

/// Every request the fake received came through `proxy` (and there were some).
fn assert_all_came_through(fake: &fake_yandex::FakeYandex, proxy: &TestProxy) {
    // The fake first: the proxy records a request before forwarding it.
    let arrived: Vec<String> = fake.requests().iter().map(|r| absolute(fake, r)).collect();
    let mut forwarded = proxy.requests();
    assert!(!arrived.is_empty(), "the scenario called Yandex");
    for request in &arrived {
        let Some(at) = forwarded.iter().position(|f| f == request) else {
            panic!(
                "{request} reached the fake without the proxy\nproxy saw: {:#?}",
                proxy.seen()
            );
        };
        forwarded.remove(at);
    }
}

/// Imports a token, then tests the account: Yandex ID, Direct (whom it acts for, and the
/// test), Metrica. Both must succeed.
async fn import_and_test(world: &World, extra: &[(&str, String)]) {
    world.add_app(APP, Some(SECRET), SCOPES).await;
    let token = world.fake.issue_token("adv-alice", APP, None).access_token;
    let imported = yatoken(world, extra, &["import", "--client-id", APP], &token);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(imported.stdout, "adv-alice\n");
    let tested = yatoken(world, extra, &["test", "--all", "--json"], "");
    assert_eq!(tested.code, 0, "{}\n{}", tested.stdout, tested.stderr);
    let paths: Vec<String> = world
        .fake
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    for path in ["/info", "/json/v5/clients", "/management/v1/counters"] {
        assert!(paths.iter().any(|p| p == path), "{path} in {paths:?}");
    }
}

#[tokio::test]
async fn with_the_setting_every_call_goes_through_the_proxy() {
    let world = World::seeded();
    let proxy = TestProxy::start();
    set_proxy_setting(&world, &proxy.http_url());
    import_and_test(&world, &[]).await;
    assert_all_came_through(&world.fake, &proxy);
}

#[tokio::test]
async fn a_socks5_setting_carries_every_connection() {
    let world = World::seeded();
    let proxy = TestProxy::start();
    set_proxy_setting(&world, &proxy.socks_url());
    import_and_test(&world, &[]).await;
    let tunnels: Vec<String> = proxy
        .seen()
        .into_iter()
        .map(|seen| match seen {
            Seen::Socks(target) => target,
            other => panic!("not through SOCKS: {other:?}"),
        })
        .collect();
    for request in world.fake.requests() {
        let host = world.fake.url(request.service).replace("http://", "");
        assert!(
            tunnels.contains(&host),
            "{} {} reached {host} without the SOCKS proxy; it saw {tunnels:?}",
            request.method,
            request.path
        );
    }
}

#[tokio::test]
async fn without_the_setting_the_environment_s_proxy_applies() {
    for variable in ["ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"] {
        let world = World::seeded();
        let proxy = TestProxy::start();
        import_and_test(&world, &[(variable, proxy.http_url())]).await;
        assert_all_came_through(&world.fake, &proxy);
    }
}

#[tokio::test]
async fn https_proxy_is_for_https_destinations_and_tunnels_with_connect() {
    // The fake speaks plain http: HTTPS_PROXY is not for it.
    let world = World::seeded();
    let proxy = TestProxy::start();
    import_and_test(&world, &[("HTTPS_PROXY", proxy.http_url())]).await;
    assert_eq!(proxy.seen(), vec![]);

    // An https Yandex ID is reached with CONNECT through HTTPS_PROXY. This one does not exist,
    // so the proxy answers 502, and the message names the proxy and where it came from.
    let world = World::seeded();
    let token = world.fake.issue_token("adv-alice", APP, None).access_token;
    let env = [
        ("HTTPS_PROXY", proxy.http_url()),
        ("YATOKEN_LOGIN_URL", "https://login.yandex.test".to_string()),
    ];
    let imported = yatoken(&world, &env, &["import", "--client-id", APP], &token);
    assert_eq!(imported.code, 5, "{}", imported.stderr);
    assert!(
        proxy
            .seen()
            .contains(&Seen::Connect("login.yandex.test:443".into())),
        "{:?}",
        proxy.seen()
    );
    let named = format!("through the proxy {} (HTTPS_PROXY)", proxy.http_url());
    assert!(imported.stderr.contains(&named), "{}", imported.stderr);
}

#[tokio::test]
async fn no_proxy_covering_the_host_sends_nothing_through_the_proxy() {
    for no_proxy in [
        ("NO_PROXY", "127.0.0.1"),
        ("no_proxy", "localhost, 127.0.0.0/8"),
    ] {
        let world = World::seeded();
        let proxy = TestProxy::start();
        let env = [
            ("ALL_PROXY", proxy.http_url()),
            (no_proxy.0, no_proxy.1.to_string()),
        ];
        import_and_test(&world, &env).await;
        assert_eq!(proxy.seen(), vec![], "{no_proxy:?}");
    }
}

#[tokio::test]
async fn with_neither_nothing_is_proxied() {
    let world = World::seeded();
    let proxy = TestProxy::start();
    import_and_test(&world, &[]).await;
    assert_eq!(proxy.seen(), vec![]);
}

#[tokio::test]
async fn the_setting_wins_over_the_environment() {
    let world = World::seeded();
    let (chosen, ambient) = (TestProxy::start(), TestProxy::start());
    set_proxy_setting(&world, &chosen.http_url());
    let env = [
        ("ALL_PROXY", ambient.http_url()),
        ("HTTP_PROXY", ambient.http_url()),
        ("NO_PROXY", "127.0.0.1".to_string()),
    ];
    import_and_test(&world, &env).await;
    assert_all_came_through(&world.fake, &chosen);
    assert_eq!(ambient.seen(), vec![]);
}

#[tokio::test]
async fn a_proxy_that_is_down_is_named_in_the_message() {
    let world = World::seeded();
    world.add_app(APP, Some(SECRET), SCOPES).await;
    world.seed("adv-alice", APP, true, YEAR).await;
    let down = format!("http://127.0.0.1:{}", closed_port());
    set_proxy_setting(&world, &down);
    let token = world
        .fake
        .issue_token("nodirect-nick", APP, None)
        .access_token;

    let imported = yatoken(&world, &[], &["import", "--client-id", APP], &token);
    assert_eq!(imported.code, 5, "could not finish: {}", imported.stderr);
    assert!(
        imported
            .stderr
            .contains(&format!("Could not reach Yandex through the proxy {down}")),
        "{}",
        imported.stderr
    );
    assert!(
        !imported.stderr.contains("internet connection"),
        "not the generic network error: {}",
        imported.stderr
    );
    let russian = yatoken(
        &world,
        &[("LC_ALL", "ru_RU.UTF-8".into())],
        &["import", "--client-id", APP],
        &token,
    );
    assert!(
        russian.stderr.contains(&format!("через прокси {down}")),
        "{}",
        russian.stderr
    );

    let tested = yatoken(&world, &[], &["test", "adv-alice", "--json"], "");
    assert_eq!(tested.code, 1, "{}", tested.stderr);
    let result: serde_json::Value = serde_json::from_str(&tested.stdout).unwrap();
    let check = &result[0]["checks"][0];
    assert_eq!(check["api"], "identity");
    assert_eq!(
        result[0]["status"], "error",
        "a proxy's failure is no verdict"
    );
    let message = check["message"].as_str().unwrap();
    assert!(
        message.contains("through the proxy") && message.contains(&down),
        "{message}"
    );
    assert!(world.fake.requests().is_empty(), "nothing went around it");

    std::fs::remove_file(
        world
            .home
            .config()
            .join(world.service())
            .join("settings.json"),
    )
    .unwrap();
    let from_env = yatoken(
        &world,
        &[("ALL_PROXY", down.clone())],
        &["import", "--client-id", APP],
        &token,
    );
    assert!(
        from_env
            .stderr
            .contains(&format!("through the proxy {down} (ALL_PROXY)")),
        "{}",
        from_env.stderr
    );
}

#[tokio::test]
async fn an_unusable_proxy_variable_stops_the_start_without_showing_its_password() {
    let world = World::seeded();
    let run = yatoken(
        &world,
        &[("HTTPS_PROXY", "ftp://me:s3cret@proxy.corp:21".into())],
        &["list"],
        "",
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("HTTPS_PROXY"), "{}", run.stderr);
    assert!(!run.stderr.contains("s3cret"), "{}", run.stderr);
}

mod window {
    use super::*;
    use support::steps::{ready, row_text, sign_in};
    use support::world::{World, TOKEN_APP};
    use support::AppWindow;

    async fn sign_in_alice(world: &World, app: &AppWindow) {
        world.fake.next_sign_in("adv-alice", Decision::Allow);
        sign_in(app, TOKEN_APP, "adv-alice", "advertiser").await;
        assert_eq!(
            row_text(app, "adv-alice", "account-login").await,
            "adv-alice"
        );
        let authorizes = world
            .fake
            .requests()
            .iter()
            .filter(|r| r.path == "/authorize")
            .count();
        assert_eq!(authorizes, 1, "the login window opened the page");
    }

    #[tokio::test]
    async fn a_proxy_set_in_settings_carries_the_next_window_sign_in() {
        let world = World::new();
        let proxy = TestProxy::start();
        let app = ready(&world).await;

        app.click("open-settings").await;
        app.fill("settings-proxy", "proxy.corp:3128").await;
        app.click("settings-save").await;
        let error = app.wait_text("settings-error", |t| !t.is_empty()).await;
        assert!(error.contains("start it with http://"), "{error}");
        app.wait_shown("[data-testid='settings-dialog']").await;

        app.fill("settings-proxy", &proxy.http_url()).await;
        app.click("settings-save").await;
        app.wait_gone("[data-testid='settings-dialog']").await;
        world.fake.clear_requests();

        sign_in_alice(&world, &app).await;
        assert_all_came_through(&world.fake, &proxy);
        let seen = proxy.requests();
        assert!(
            seen.iter().any(|r| r.contains("/authorize?")),
            "the login window's page came through the proxy: {seen:?}"
        );
        app.quit().await;
    }

    #[tokio::test]
    async fn the_login_window_follows_the_environment_s_proxy_too() {
        // ALL_PROXY, which WebKitGTK's own lookup (libproxy) would not read.
        let world = World::new();
        let proxy = TestProxy::start();
        let mut env = world.env();
        env.push(("ALL_PROXY".into(), proxy.http_url()));
        let app = AppWindow::launch(&env).await;
        app.click("open-apps").await;
        support::steps::add_app(&app, TOKEN_APP, "Direct token app", "token", None).await;
        app.click("apps-close").await;

        sign_in_alice(&world, &app).await;
        assert_all_came_through(&world.fake, &proxy);
        app.quit().await;
    }
}
