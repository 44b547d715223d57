//! "Sign in with a code" clicked through the real window (WebDriver) against the fake Yandex,
//! with tokens in a real Secret Service: the code, the device page and its QR code on screen,
//! and every way it ends (confirmed, refused, expired, cancelled, no client secret).

mod support;

use std::process::Command;
use std::time::Duration;

use fake_yandex::Service;
use fantoccini::key::Key;
use support::steps::*;
use support::world::*;
use support::{AppWindow, Browser};

/// The window with the code-flow app added (with `secret`, if any), polls a second apart.
async fn ready_for_codes(world: &World, secret: Option<&str>) -> (AppWindow, Browser) {
    world.fake.set_device_polling(1, None);
    let browser = Browser::install(world);
    let app = AppWindow::launch(&browser.env(world)).await;
    app.click("open-apps").await;
    add_app(&app, CODE_APP, "Agency app", "code_pkce", secret).await;
    app.click("apps-close").await;
    (app, browser)
}

/// Opens "Add account", fills it in and clicks "Sign in with a code".
async fn start_with_code(app: &AppWindow, hint: &str, role: &str) {
    app.click("add-account").await;
    app.select("signin-app", CODE_APP).await;
    app.fill("signin-login-hint", hint).await;
    app.select("signin-role", role).await;
    app.click("signin-with-code").await;
}

/// The user code, once the window shows it.
async fn shown_code(app: &AppWindow) -> String {
    let code = app
        .wait_text("device-user-code", |t| t.trim().len() == 8)
        .await;
    assert_eq!(code.trim().len(), 8, "the window shows the code: {code:?}");
    code.trim().to_string()
}

fn token_polls(world: &World) -> usize {
    world
        .fake
        .requests()
        .iter()
        .filter(|r| r.service == Service::OAuth && r.path == "/token")
        .count()
}

fn device_codes_requested(world: &World) -> usize {
    world
        .fake
        .requests()
        .iter()
        .filter(|r| r.path == "/device/code")
        .count()
}

/// The device code the app polled with (the fake saw it in the form body).
fn polled_device_code(world: &World) -> String {
    world
        .fake
        .requests()
        .iter()
        .filter(|r| r.path == "/token")
        .flat_map(|r| r.form())
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v)
        .expect("the app polled /token with its device code")
}

/// What `zbarimg` reads in the QR code as the window draws it: the window's screenshot cut to
/// the image's place. (WebKitWebDriver's own element screenshot of the image comes out black.)
/// A dialog that has just changed can be caught before it is painted, so it looks again for a
/// few seconds, as a person would.
async fn decode_shown_qr(app: &AppWindow) -> String {
    let (x, y, width, height) = app
        .by_testid("device-qr")
        .await
        .rectangle()
        .await
        .expect("where the QR code is");
    let qr = support::screenshot_dir().join("device-qr.png");
    let mut failure = String::new();
    for _ in 0..20 {
        let window = app.screenshot("device-code").await;
        let crop = Command::new("convert")
            .arg(&window)
            .args([
                "-crop",
                &format!("{width:.0}x{height:.0}+{x:.0}+{y:.0}"),
                "+repage",
            ])
            .arg(&qr)
            .status()
            .expect("imagemagick's convert runs");
        assert!(
            crop.success(),
            "cut the QR code out of {}",
            window.display()
        );
        let output = Command::new("zbarimg")
            .args(["--quiet", "--raw"])
            .arg(&qr)
            .output()
            .expect("zbarimg is installed (zbar-tools)");
        if output.status.success() {
            return String::from_utf8_lossy(&output.stdout).trim().to_string();
        }
        failure = String::from_utf8_lossy(&output.stderr).into_owned();
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("zbarimg found no code in {}: {failure}", qr.display());
}

/// Waits until the fake has seen at least `count` polls.
async fn polled(world: &World, count: usize) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while token_polls(world) < count {
        assert!(
            std::time::Instant::now() < deadline,
            "the app stopped polling"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Asserts the app polls no more: the count stays put over several intervals, even though the
/// person now confirms the code.
async fn polls_no_more(world: &World, code: &str) {
    let before = token_polls(world);
    world.fake.approve_device_code(code, "adv-alice");
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(token_polls(world), before, "no /token poll after it ended");
}

fn not_stored(world: &World) {
    assert!(
        stored_logins(world).is_empty(),
        "{:?}",
        stored_logins(world)
    );
    assert_eq!(keychain_items(world), 0);
}

#[tokio::test]
async fn a_confirmed_code_is_stored_and_the_page_is_shown_as_text_link_and_qr_code() {
    let world = World::new();
    let (app, browser) = ready_for_codes(&world, Some(CODE_SECRET)).await;
    start_with_code(&app, "adv-alice", "advertiser").await;
    let code = shown_code(&app).await;
    let page = format!("{}/device", world.fake.oauth_url());
    assert_eq!(app.text("device-url").await, page);
    let valid = app.text("device-valid").await;
    assert!(
        valid.contains("valid for 5:00") || valid.contains("valid for 4:5"),
        "{valid}"
    );
    assert!(!app.text("device-waiting").await.is_empty());

    // The QR code is the device page, read from what the window draws.
    let qr = app.attr("[data-testid='device-qr']", "src").await;
    assert!(
        qr.as_deref()
            .is_some_and(|s| s.starts_with("data:image/svg+xml")),
        "{qr:?}"
    );
    assert_eq!(decode_shown_qr(&app).await, page);

    // "Open in browser" hands the page (and nothing else) to the system's opener.
    app.click("device-open").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while browser.opened().is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(browser.opened(), vec![page.clone()]);

    polled(&world, 1).await;
    world.fake.approve_device_code(&code, "adv-alice");
    let toast = app
        .wait_text("toast", |t| t.contains("adv-alice saved"))
        .await;
    assert!(toast.contains("adv-alice saved"), "{toast}");
    assert_eq!(
        row_text(&app, "adv-alice", "account-role").await,
        "Advertiser"
    );
    assert_eq!(
        row_text(&app, "adv-alice", "account-app").await,
        "Agency app"
    );
    assert_eq!(stored_logins(&world), vec!["adv-alice"]);
    assert_eq!(access_tokens(&world), 1, "the token is in the keychain");
    let polls = world.fake.requests();
    let poll = polls
        .iter()
        .rev()
        .find(|r| r.path == "/token")
        .expect("a poll");
    let form = poll.form();
    let field = |key: &str| form.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    assert_eq!(field("grant_type"), Some("device_code"));
    assert_eq!(field("client_secret"), Some(CODE_SECRET));

    // The device code never reached the window, nor any file of the app's.
    let device_code = polled_device_code(&world);
    assert!(!app.page_html().await.contains(&device_code));
    let leaks = support::files_containing(world.home.path(), &device_code);
    assert!(leaks.is_empty(), "the device code leaked into {leaks:?}");
    app.quit().await;
}

#[tokio::test]
async fn a_code_confirmed_by_another_login_asks_before_saving() {
    let world = World::new();
    let (app, _browser) = ready_for_codes(&world, Some(CODE_SECRET)).await;
    start_with_code(&app, "rep-bob", "").await;
    let code = shown_code(&app).await;
    world.fake.approve_device_code(&code, "adv-alice");
    let message = app
        .wait_text("wrong-account-message", |t| t.contains("rep-bob"))
        .await;
    assert!(
        message.contains("rep-bob") && message.contains("adv-alice"),
        "{message}"
    );
    assert!(stored_logins(&world).is_empty(), "nothing saved yet");
    app.click("wrong-account-keep").await;
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    assert_eq!(access_tokens(&world), 1);
    app.quit().await;
}

#[tokio::test]
async fn a_refused_code_is_explained_and_stores_nothing() {
    let world = World::new();
    let (app, _browser) = ready_for_codes(&world, Some(CODE_SECRET)).await;
    start_with_code(&app, "", "").await;
    let code = shown_code(&app).await;
    polled(&world, 1).await;
    world.fake.deny_device_code(&code);
    let message = app.wait_text("device-error", |t| !t.is_empty()).await;
    assert!(message.contains("Deny"), "{message}");
    assert!(message.contains("Nothing was saved"), "{message}");
    app.wait_shown("[data-testid='device-new-code']").await;
    let polls = token_polls(&world);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(token_polls(&world), polls, "no poll after the refusal");
    not_stored(&world);
    app.quit().await;
}

#[tokio::test]
async fn slow_down_is_handled_without_a_word_and_the_account_is_stored() {
    let world = World::new();
    let (app, _browser) = ready_for_codes(&world, Some(CODE_SECRET)).await;
    // Advertises one second, but wants two between polls: the second poll gets slow_down.
    world
        .fake
        .set_device_polling(1, Some(Duration::from_secs(2)));
    start_with_code(&app, "adv-alice", "").await;
    let code = shown_code(&app).await;
    polled(&world, 2).await;
    world.fake.approve_device_code(&code, "adv-alice");
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    assert_eq!(
        token_polls(&world),
        3,
        "pending at 1 s, slow_down at 2 s, then the token 5 s later"
    );
    assert_eq!(
        app.text_at("[data-testid='device-error']").await.as_deref(),
        Some(""),
        "slow_down is not shown"
    );
    assert_eq!(access_tokens(&world), 1);
    app.quit().await;
}

#[tokio::test]
async fn an_expired_code_says_so_and_offers_a_new_one() {
    let world = World::new();
    let (app, _browser) = ready_for_codes(&world, Some(CODE_SECRET)).await;
    start_with_code(&app, "adv-alice", "").await;
    let first = shown_code(&app).await;
    world.fake.advance_clock(Duration::from_secs(301));
    let message = app.wait_text("device-error", |t| !t.is_empty()).await;
    assert!(message.contains("expired"), "{message}");
    app.wait_gone("[data-testid='device-code-pane']").await;
    not_stored(&world);

    app.click("device-new-code").await;
    let second = app
        .wait_text("device-user-code", |t| {
            t.trim().len() == 8 && t.trim() != first
        })
        .await;
    assert_ne!(second.trim(), first, "a new code");
    assert_eq!(device_codes_requested(&world), 2);
    world.fake.approve_device_code(second.trim(), "adv-alice");
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    assert_eq!(access_tokens(&world), 1);
    app.quit().await;
}

#[tokio::test]
async fn cancel_and_closing_the_dialog_stop_polling_and_store_nothing() {
    let world = World::new();
    let (app, _browser) = ready_for_codes(&world, Some(CODE_SECRET)).await;

    // Cancel: back to the form once Rust has stopped waiting.
    start_with_code(&app, "adv-alice", "").await;
    let code = shown_code(&app).await;
    polled(&world, 1).await;
    app.click("device-cancel").await;
    app.wait_shown("[data-testid='signin-form']").await;
    app.wait_gone("[data-testid='device-view']").await;
    polls_no_more(&world, &code).await;
    not_stored(&world);

    // Closing the dialog (Escape) cancels too; and the next code sign-in can start.
    app.click("signin-with-code").await;
    let code = app
        .wait_text("device-user-code", |t| {
            t.trim().len() == 8 && t.trim() != code
        })
        .await
        .trim()
        .to_string();
    polled(&world, token_polls(&world) + 1).await;
    app.by_testid("device-cancel")
        .await
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("press Escape");
    app.wait_gone("[data-testid='signin-dialog']").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    polls_no_more(&world, &code).await;
    not_stored(&world);
    app.quit().await;
}

#[tokio::test]
async fn without_the_client_secret_it_says_so_and_leads_to_where_it_is_added() {
    let world = World::new();
    let (app, _browser) = ready_for_codes(&world, None).await;
    start_with_code(&app, "adv-alice", "").await;
    let message = app.wait_text("device-error", |t| !t.is_empty()).await;
    assert!(message.contains("client secret"), "{message}");
    assert!(message.contains("Agency app"), "{message}");
    app.wait_shown("[data-testid='device-add-secret']").await;
    app.wait_gone("[data-testid='device-new-code']").await;
    assert_eq!(
        device_codes_requested(&world),
        0,
        "no code without a secret"
    );
    assert_eq!(token_polls(&world), 0);

    // The offer opens the app's form at its secret; with the secret added, it works.
    app.click("device-add-secret").await;
    app.wait_gone("[data-testid='signin-dialog']").await;
    app.wait_shown("[data-testid='app-form']").await;
    assert_eq!(
        app.by_testid("app-client-id")
            .await
            .prop("value")
            .await
            .expect("the ClientID field")
            .as_deref(),
        Some(CODE_APP)
    );
    support::set_clipboard(CODE_SECRET);
    app.click("app-paste-secret").await;
    app.wait_text("app-secret-status", |t| t.contains("received"))
        .await;
    app.click("app-save").await;
    app.wait_shown("[data-testid='apps-list-view']").await;
    app.click("apps-close").await;

    start_with_code(&app, "adv-alice", "").await;
    let code = shown_code(&app).await;
    world.fake.approve_device_code(&code, "adv-alice");
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    assert_eq!(access_tokens(&world), 1);
    app.quit().await;
}
