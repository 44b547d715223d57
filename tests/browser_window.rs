//! "Sign in in my browser" clicked through the real window (WebDriver) against the fake Yandex,
//! with tokens in a real Secret Service. A stand-in `xdg-open` notes the page the app opens, and
//! the test plays the browser: the fake's scripted consent, then the redirect it answers with.
//! The answer comes back pasted (read from the X clipboard by the app) or to a loopback
//! Redirect URI; every way it ends is checked: stored, refused, cancelled, a busy port.

mod support;

use std::time::Duration;

use fake_yandex::AppSpec;
use fantoccini::key::Key;
use support::steps::*;
use support::world::*;
use support::{AppWindow, Browser};
use yatoken::i18n::Language;

/// The window with the code-flow app (and its client secret) added.
async fn ready_for_the_browser(world: &World) -> (AppWindow, Browser) {
    let browser = Browser::install(world);
    let app = AppWindow::launch(&browser.env(world)).await;
    app.click("open-apps").await;
    add_app(&app, CODE_APP, "Agency app", "code_pkce", Some(CODE_SECRET)).await;
    app.click("apps-close").await;
    (app, browser)
}

/// Opens "Add account", fills it in and clicks "In my browser"; or, with a loopback Redirect
/// URI, unfolds its field, types it and presses Enter there.
async fn start_in_browser(app: &AppWindow, hint: &str, redirect: Option<&str>) {
    app.click("add-account").await;
    app.select("signin-app", CODE_APP).await;
    app.fill("signin-login-hint", hint).await;
    let Some(redirect) = redirect else {
        app.click("signin-in-browser").await;
        return;
    };
    app.click_at("[data-testid='signin-redirect'] > summary")
        .await;
    app.fill("signin-redirect-uri", redirect).await;
    app.by_testid("signin-redirect-uri")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("press Enter");
}

/// Clicks "Paste the code" once `text` is on the clipboard.
async fn paste(app: &AppWindow, text: &str) {
    support::set_clipboard(text);
    app.click("browser-paste").await;
}

/// Asks Rust to take a paste as the button does, but straight through IPC (the button is gone
/// once nothing waits); the error's kind, or "ok".
async fn paste_through_ipc(app: &AppWindow) -> String {
    let script = "const done = arguments[arguments.length - 1]; \
                  window.__TAURI__.core.invoke('paste_browser_answer') \
                    .then(() => done('ok'), (error) => done(error.kind));";
    let answer = app
        .client
        .execute_async(script, vec![])
        .await
        .expect("run the paste");
    answer.as_str().unwrap_or_default().to_string()
}

fn exchanges(world: &World) -> Vec<Vec<(String, String)>> {
    world
        .fake
        .requests()
        .iter()
        .filter(|r| r.path == "/token")
        .map(|r| r.form())
        .collect()
}

fn not_stored(world: &World) {
    assert!(
        stored_logins(world).is_empty(),
        "{:?}",
        stored_logins(world)
    );
    assert_eq!(keychain_items(world), 0);
    assert!(exchanges(world).is_empty(), "no code was exchanged");
}

async fn saved(app: &AppWindow, login: &str) {
    let toast = app
        .wait_text("toast", |t| t.contains(&format!("{login} saved")))
        .await;
    assert!(toast.contains(&format!("{login} saved")), "{toast}");
    assert_eq!(row_text(app, login, "account-login").await, login);
}

#[tokio::test]
async fn the_dialog_offers_three_ways_each_saying_when_to_use_it_in_both_languages() {
    let world = World::new();
    let (app, _browser) = ready_for_the_browser(&world).await;
    for (language, ways) in [
        (
            "en",
            ["In the YaToken window", "With a code", "In my browser"],
        ),
        ("ru", ["В окне YaToken", "По коду", "В моём браузере"]),
    ] {
        app.select("language-select", language).await;
        // The switch re-renders the window: click once it shows the new language.
        let add = if language == "en" {
            Language::En
        } else {
            Language::Ru
        };
        let add = add.text("toolbar.add_account").to_string();
        app.wait_text("add-account", |t| t == add).await;
        app.click("add-account").await;
        app.wait_shown("[data-testid='signin-dialog']").await;
        let buttons = ["signin-start", "signin-with-code", "signin-in-browser"];
        for (button, way) in buttons.into_iter().zip(ways) {
            let text = app.wait_text(button, |t| t.starts_with(way)).await;
            let hint = text.strip_prefix(way).map(str::trim).unwrap_or_default();
            assert!(hint.len() > 20, "{button} says when to use it: {text:?}");
        }
        let summary = "[data-testid='signin-redirect'] > summary";
        assert!(!app.text_of(summary).await.is_empty());
        let folded = app.attr("[data-testid='signin-redirect']", "open").await;
        assert_eq!(folded, None, "the Redirect URI waits folded away");
        // A dialog that has just opened can be caught before it is painted.
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.screenshot(&format!("signin-ways-{language}")).await;
        app.click("signin-cancel").await;
    }
    app.quit().await;
}

#[tokio::test]
async fn the_authorize_page_opens_in_the_browser_and_the_pasted_code_stores_the_account() {
    let world = World::new();
    let (app, browser) = ready_for_the_browser(&world).await;
    start_in_browser(&app, "adv-alice", None).await;
    let page = browser.nth_opened(1).await;
    assert_eq!(
        page.as_str().split('?').next(),
        Some(format!("{}/authorize", world.fake.oauth_url()).as_str())
    );
    assert_eq!(support::query_param(&page, "response_type"), "code");
    assert_eq!(support::query_param(&page, "client_id"), CODE_APP);
    assert_eq!(support::query_param(&page, "code_challenge_method"), "S256");
    assert_eq!(
        support::query_param(&page, "code_challenge").len(),
        43,
        "{page}"
    );
    assert!(support::query_param(&page, "state").len() >= 16, "{page}");
    assert_eq!(support::query_param(&page, "login_hint"), "adv-alice");
    assert_eq!(
        support::query_param(&page, "redirect_uri"),
        format!("{}/verification_code", world.fake.oauth_url())
    );
    app.wait_shown("[data-testid='browser-waiting']").await;
    app.wait_gone("[data-testid='browser-listening']").await;
    app.screenshot("browser-waiting").await;

    // "Open again" opens the same page, and nothing else.
    app.click("browser-open-again").await;
    assert_eq!(browser.nth_opened(2).await, page);

    // Neither a code nor an address: explained, and the wait goes on.
    paste(&app, "not a code, sorry").await;
    let message = app.wait_text("browser-error", |t| !t.is_empty()).await;
    assert!(message.contains("neither the code"), "{message}");
    app.wait_shown("[data-testid='browser-waiting']").await;
    app.wait_gone("[data-testid='browser-back']").await;
    not_stored(&world);

    let answer = support::allow_in_browser(&world.fake, page.as_str(), "adv-alice");
    let code = support::query_param(&answer, "code");
    assert!(!code.is_empty(), "{answer}");
    paste(&app, &code).await;
    saved(&app, "adv-alice").await;
    assert_eq!(stored_logins(&world), vec!["adv-alice"]);
    assert_eq!(access_tokens(&world), 1, "the token is in the keychain");
    assert_eq!(support::read_clipboard(), "", "the pasted code is cleared");

    let exchange = exchanges(&world).pop().expect("the code was exchanged");
    let field = |key: &str| {
        exchange
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(field("code").as_deref(), Some(code.as_str()));
    assert!(field("code_verifier").is_some_and(|v| v.len() >= 43));
    assert_eq!(field("client_secret").as_deref(), Some(CODE_SECRET));

    // The code never reached the window, nor any file of the app's.
    assert!(!app.page_html().await.contains(&code));
    let leaks = support::files_containing(world.home.path(), &code);
    assert!(leaks.is_empty(), "the code leaked into {leaks:?}");
    app.quit().await;
}

#[tokio::test]
async fn the_whole_address_pasted_from_the_address_bar_stores_the_account() {
    let world = World::new();
    let (app, browser) = ready_for_the_browser(&world).await;
    start_in_browser(&app, "", None).await;
    let page = browser.nth_opened(1).await;
    let answer = support::allow_in_browser(&world.fake, page.as_str(), "adv-alice");
    assert_eq!(
        support::query_param(&answer, "state"),
        support::query_param(&page, "state")
    );
    paste(&app, answer.as_str()).await;
    saved(&app, "adv-alice").await;
    assert_eq!(access_tokens(&world), 1);
    assert_eq!(
        support::read_clipboard(),
        "",
        "the pasted address is cleared"
    );
    app.quit().await;
}

#[tokio::test]
async fn an_address_from_another_sign_in_is_refused_and_nothing_is_stored() {
    let world = World::new();
    let (app, browser) = ready_for_the_browser(&world).await;
    start_in_browser(&app, "adv-alice", None).await;
    let page = browser.nth_opened(1).await;
    let mut answer = support::allow_in_browser(&world.fake, page.as_str(), "adv-alice");
    let code = support::query_param(&answer, "code");
    answer
        .query_pairs_mut()
        .clear()
        .append_pair("code", &code)
        .append_pair("state", "someone-elses-state");
    paste(&app, answer.as_str()).await;
    let message = app.wait_text("browser-error", |t| !t.is_empty()).await;
    assert!(message.contains("did not belong"), "{message}");
    app.wait_gone("[data-testid='browser-pane']").await;
    app.wait_shown("[data-testid='browser-back']").await;
    app.wait_shown("[data-testid='browser-again']").await;
    app.screenshot("browser-refused").await;
    not_stored(&world);

    // The way back is the form, as it was.
    app.click("browser-back").await;
    app.wait_shown("[data-testid='signin-form']").await;
    app.wait_gone("[data-testid='browser-view']").await;
    app.quit().await;
}

#[tokio::test]
async fn cancel_and_closing_the_dialog_store_nothing_and_a_later_paste_does_nothing() {
    let world = World::new();
    let (app, browser) = ready_for_the_browser(&world).await;

    // Cancel: back to the form once Rust has stopped waiting.
    start_in_browser(&app, "adv-alice", None).await;
    let page = browser.nth_opened(1).await;
    app.click("browser-cancel").await;
    app.wait_shown("[data-testid='signin-form']").await;
    app.wait_gone("[data-testid='browser-view']").await;
    let code = support::query_param(
        &support::allow_in_browser(&world.fake, page.as_str(), "adv-alice"),
        "code",
    );
    support::set_clipboard(&code);
    assert_eq!(paste_through_ipc(&app).await, "nothing_pending");
    assert_eq!(
        support::read_clipboard(),
        code,
        "with nothing waiting, the clipboard is not even read"
    );
    not_stored(&world);

    // Closing the dialog (Escape) ends it too; and the next one can start.
    app.click("signin-in-browser").await;
    let page = browser.nth_opened(2).await;
    app.by_testid("browser-cancel")
        .await
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("press Escape");
    app.wait_gone("[data-testid='signin-dialog']").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let answer = support::allow_in_browser(&world.fake, page.as_str(), "adv-alice");
    support::set_clipboard(answer.as_str());
    assert_eq!(paste_through_ipc(&app).await, "nothing_pending");
    assert_eq!(support::read_clipboard(), answer.as_str());
    not_stored(&world);
    app.quit().await;
}

#[tokio::test]
async fn a_loopback_redirect_uri_is_caught_without_a_paste_and_its_port_is_closed_after() {
    let world = World::new();
    let port = support::free_port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    world.fake.add_app(AppSpec {
        redirect_uris: vec![
            format!("{}/verification_code", world.fake.oauth_url()),
            redirect.clone(),
        ],
        secretless_pkce: false,
        ..AppSpec::new(CODE_APP, CODE_SECRET, &["login:info", "direct:api"])
    });
    let (app, browser) = ready_for_the_browser(&world).await;
    support::set_clipboard("something else the person copied");
    start_in_browser(&app, "adv-alice", Some(&redirect)).await;
    let page = browser.nth_opened(1).await;
    assert_eq!(support::query_param(&page, "redirect_uri"), redirect);
    let listening = app
        .wait_text("browser-listening", |t| t.contains(&redirect))
        .await;
    assert!(listening.contains(&redirect), "{listening}");

    let answer = support::allow_in_browser(&world.fake, page.as_str(), "adv-alice");
    assert!(answer.as_str().starts_with(&redirect), "{answer}");
    // The browser follows the redirect to YaToken's listener.
    let tab = reqwest::get(answer)
        .await
        .expect("the listener answers")
        .text()
        .await
        .expect("its page");
    assert!(tab.contains("close this tab"), "{tab}");
    saved(&app, "adv-alice").await;
    assert_eq!(access_tokens(&world), 1);
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the listener is gone"
    );
    assert_eq!(
        support::read_clipboard(),
        "something else the person copied",
        "nothing was pasted"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_busy_port_or_a_redirect_uri_that_is_not_loopback_is_explained_before_opening() {
    let world = World::new();
    let (app, browser) = ready_for_the_browser(&world).await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port to hold");
    let port = taken.local_addr().expect("its address").port();
    start_in_browser(&app, "", Some(&format!("http://127.0.0.1:{port}/callback"))).await;
    let message = app.wait_text("browser-error", |t| !t.is_empty()).await;
    assert!(
        message.contains(&format!("Port {port}")) && message.contains("in use"),
        "{message}"
    );
    app.wait_shown("[data-testid='browser-back']").await;
    assert!(browser.opened().is_empty(), "{:?}", browser.opened());

    app.click("browser-back").await;
    app.wait_shown("[data-testid='signin-form']").await;
    app.fill("signin-redirect-uri", "https://example.com/callback")
        .await;
    app.click("signin-in-browser").await;
    let message = signin_error(&app).await;
    assert!(message.contains("not a loopback"), "{message}");
    app.wait_shown("[data-testid='signin-redirect-uri']").await;
    app.screenshot("signin-redirect-uri-refused").await;
    assert!(browser.opened().is_empty(), "{:?}", browser.opened());
    not_stored(&world);
    drop(taken);
    app.quit().await;
}
