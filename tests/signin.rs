//! Signing in through the Yandex page and keeping accounts, clicked through the real window
//! (WebDriver) against the fake Yandex, with tokens in a real Secret Service.

mod support;

use fake_yandex::{Decision, Service};
use support::steps::*;
use support::world::*;
use support::AppWindow;

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
    app.wait_for(
        "[data-testid='account-row'][data-login='rep-bob'] [data-testid='account-token'][data-mask='known']",
    )
    .await;
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

#[tokio::test]
async fn deny_on_the_yandex_page_is_explained_and_stores_nothing() {
    let world = World::new();
    let app = ready(&world).await;
    world.fake.next_sign_in("adv-alice", Decision::Deny);
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    let message = signin_error(&app).await;
    assert!(message.contains("Deny"), "{message}");
    assert!(message.contains("Nothing was saved"), "{message}");
    app.click("signin-cancel").await;
    assert!(stored_logins(&world).is_empty());
    assert_eq!(keychain_items(&world), 0);
    app.quit().await;
}

#[tokio::test]
async fn an_app_awaiting_moderation_is_explained() {
    let world = World::new();
    let app = ready(&world).await;
    world
        .fake
        .set_app_status(TOKEN_APP, fake_yandex::AppStatus::InModeration);
    sign_in(&app, TOKEN_APP, "", "").await;
    let message = signin_error(&app).await;
    assert!(message.contains("unauthorized_client"), "{message}");
    assert!(message.contains("moderation"), "{message}");
    assert!(stored_logins(&world).is_empty());
    app.quit().await;
}

#[tokio::test]
async fn a_redirect_with_a_forged_state_is_rejected_and_stores_nothing() {
    let world = World::new();
    let app = ready(&world).await;
    world
        .fake
        .next_sign_in_with_forged_state("adv-alice", "someone-elses-state");
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    let message = signin_error(&app).await;
    assert!(message.contains("state"), "{message}");
    assert!(stored_logins(&world).is_empty());
    assert_eq!(keychain_items(&world), 0);
    let asked_info = world
        .fake
        .requests()
        .iter()
        .any(|r| r.service == Service::Login);
    assert!(
        !asked_info,
        "a forged answer is dropped before anything is done with its token"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_token_for_another_login_is_not_saved_without_asking() {
    let world = World::new();
    let app = ready(&world).await;

    world.fake.next_sign_in("rep-bob", Decision::Allow);
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    let message = app
        .wait_text("wrong-account-message", |t| !t.is_empty())
        .await;
    assert!(
        message.contains("adv-alice") && message.contains("rep-bob"),
        "{message}"
    );
    assert!(
        stored_logins(&world).is_empty(),
        "nothing stored while asking"
    );
    app.click("wrong-account-discard").await;
    app.wait_gone("[data-testid='wrong-account-dialog']").await;
    assert!(stored_logins(&world).is_empty());
    assert_eq!(keychain_items(&world), 0);

    world.fake.next_sign_in("rep-bob", Decision::Allow);
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    app.wait_text("wrong-account-message", |t| !t.is_empty())
        .await;
    assert_eq!(app.text("wrong-account-keep").await, "Keep it as rep-bob");
    app.click("wrong-account-keep").await;
    assert_eq!(row_text(&app, "rep-bob", "account-login").await, "rep-bob");
    assert_eq!(stored_logins(&world), vec!["rep-bob"]);
    app.quit().await;
}

#[tokio::test]
async fn an_imported_token_is_verified_and_a_garbage_one_is_refused() {
    let world = World::new();
    let app = AppWindow::launch(&world.env()).await;

    support::set_clipboard("this is not a token");
    app.click("open-import").await;
    app.select("import-role", "advertiser").await;
    app.click("import-paste").await;
    let message = app.wait_text("import-error", |t| !t.is_empty()).await;
    assert!(message.contains("does not accept this token"), "{message}");
    assert!(stored_logins(&world).is_empty());

    let dead = world
        .fake
        .issue_token("rep-bob", TOKEN_APP, None)
        .access_token;
    world.fake.invalidate_user("rep-bob");
    support::set_clipboard(&dead);
    app.click("import-paste").await;
    app.wait_text("import-error", |t| t.contains("Nothing was saved"))
        .await;
    assert!(stored_logins(&world).is_empty());
    assert_eq!(keychain_items(&world), 0);

    let good = world
        .fake
        .issue_token("adv-alice", TOKEN_APP, None)
        .access_token;
    support::set_clipboard(&format!("  {good}\n"));
    app.click("import-paste").await;
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    assert_eq!(
        row_text(&app, "adv-alice", "account-revocable").await,
        "revocable: unknown"
    );
    assert_eq!(
        row_text(&app, "adv-alice", "account-role").await,
        "Advertiser"
    );
    assert_eq!(
        support::read_clipboard(),
        "",
        "the imported token is cleared from the clipboard"
    );
    assert_eq!(stored_logins(&world), vec!["adv-alice"]);
    let listing = support::secret_tool_search(&world.service());
    assert!(listing.contains(&good), "the token is in the keychain");
    assert!(support::files_containing(world.home.path(), &good).is_empty());
    app.quit().await;
}

#[tokio::test]
async fn removing_an_account_asks_first_and_then_forgets_it() {
    let world = World::new();
    let app = ready(&world).await;
    world.fake.next_sign_in("adv-alice", Decision::Allow);
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    row_text(&app, "adv-alice", "account-login").await;

    app.click("more-menu").await;
    app.click("forget-account").await;
    let question = app.text("confirm-message").await;
    assert!(question.contains("adv-alice"), "{question}");
    app.click("confirm-cancel").await;
    assert_eq!(stored_logins(&world), vec!["adv-alice"]);

    app.click("more-menu").await;
    app.click("forget-account").await;
    app.click("confirm-ok").await;
    app.wait_shown("[data-testid='empty-state']").await;
    assert!(stored_logins(&world).is_empty());
    assert_eq!(keychain_items(&world), 0);
    app.quit().await;
}

#[tokio::test]
async fn a_malformed_client_id_and_an_app_in_use_get_clear_messages() {
    let world = World::new();
    let app = ready(&world).await;
    app.click("open-apps").await;
    app.click("apps-add").await;
    app.fill("app-client-id", "12345").await;
    app.click("app-save").await;
    let message = app.wait_text("app-form-error", |t| !t.is_empty()).await;
    assert!(message.contains("32 characters"), "{message}");
    app.click("app-cancel").await;
    app.click("apps-close").await;

    world.fake.next_sign_in("adv-alice", Decision::Allow);
    sign_in(&app, TOKEN_APP, "adv-alice", "").await;
    row_text(&app, "adv-alice", "account-login").await;
    app.click("open-apps").await;
    app.click("app-delete").await;
    app.click("confirm-ok").await;
    let toast = app
        .wait_text("toast", |t| t.contains("cannot be deleted"))
        .await;
    assert!(toast.contains("adv-alice"), "{toast}");
    app.quit().await;
}

#[tokio::test]
async fn a_network_failure_while_identifying_the_token_stores_nothing() {
    let world = World::new();
    let app = ready(&world).await;
    world.fake.add_fault(fake_yandex::Fault::new(
        Service::Login,
        "/info",
        fake_yandex::FaultKind::Drop,
    ));
    world.fake.next_sign_in("adv-alice", Decision::Allow);
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    let message = signin_error(&app).await;
    assert!(message.contains("Could not reach Yandex"), "{message}");
    assert!(stored_logins(&world).is_empty());
    assert_eq!(keychain_items(&world), 0);
    app.quit().await;
}

#[tokio::test]
async fn a_wrong_client_secret_is_named_and_stores_nothing() {
    let world = World::new();
    let app = AppWindow::launch(&world.env()).await;
    add_app(
        &app,
        CODE_APP,
        "Agency app",
        "code_pkce",
        Some("an-outdated-secret"),
    )
    .await;
    app.click("apps-close").await;
    world.fake.next_sign_in("rep-bob", Decision::Allow);
    sign_in(&app, CODE_APP, "rep-bob", "agency_representative").await;
    let message = signin_error(&app).await;
    assert!(
        message.contains("client secret") && message.contains("invalid_client"),
        "{message}"
    );
    assert!(stored_logins(&world).is_empty());
    assert_eq!(keychain_items(&world), 0);
    app.quit().await;
}

#[tokio::test]
async fn without_a_keychain_nothing_is_saved_and_the_message_says_what_to_install() {
    let world = World::new();
    let mut env = world.env();
    // No Secret Service to talk to: a session bus address where nothing listens.
    env.push((
        "DBUS_SESSION_BUS_ADDRESS".into(),
        format!("unix:path={}/no-bus-here", world.home.path().display()),
    ));
    let app = AppWindow::launch(&env).await;

    app.click("open-apps").await;
    app.click("apps-add").await;
    app.fill("app-client-id", CODE_APP).await;
    support::set_clipboard("some-secret");
    app.click("app-paste-secret").await;
    app.wait_text("app-secret-status", |t| t.contains("received"))
        .await;
    app.click("app-save").await;
    let message = app.wait_text("app-form-error", |t| !t.is_empty()).await;
    assert!(message.contains("gnome-keyring"), "{message}");
    app.click("app-cancel").await;
    assert_eq!(
        app.texts("[data-testid='app-row']").await.len(),
        0,
        "no app saved without its secret"
    );
    app.click("apps-close").await;

    add_app(&app, TOKEN_APP, "Direct token app", "token", None).await;
    app.click("apps-close").await;
    world.fake.next_sign_in("adv-alice", Decision::Allow);
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    let message = signin_error(&app).await;
    assert!(message.contains("keychain is not available"), "{message}");
    assert!(
        stored_logins(&world).is_empty(),
        "no metadata without its keychain entry"
    );
    app.quit().await;
}
