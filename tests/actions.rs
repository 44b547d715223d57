//! Test, Copy, Revoke, Refresh, expiry and Reveal, clicked through the real window (WebDriver)
//! against the fake Yandex, with tokens in a real Secret Service and the real X clipboard.

mod support;

use std::io::Write;

use std::time::{Duration, Instant};

use fake_yandex::{Decision, Fault, FaultKind, Service, UserKind, UserSpec};
use support::seed::YEAR;
use support::world::*;
use support::{row, AppWindow};

/// Clicks a control in an account's row, finding it again if the list re-rendered meanwhile.
async fn click_in_row(app: &AppWindow, login: &str, part: &str) {
    app.click_at(&row(login, part)).await;
}

async fn verdict_after_test(app: &AppWindow, login: &str) -> (String, Vec<String>) {
    let css = row(login, "account-verdict");
    app.wait_for(&css).await;
    let before = app.attr(&css, "data-checked-at").await;
    click_in_row(app, login, "test-account").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.attr(&css, "data-checked-at").await == before {
        assert!(Instant::now() < deadline, "no new verdict for {login}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = app.attr(&css, "data-status").await.unwrap_or_default();
    let lines = app
        .texts(&format!(
            "[data-testid='account-row'][data-login='{login}'] [data-testid='check-line']"
        ))
        .await;
    (status, lines)
}

/// A world with the Direct app and adv-alice's token (bound to a device or not), and a window
/// on it.
async fn alice_window(device_bound: bool) -> (World, String, AppWindow) {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let token = world.seed("adv-alice", APP, device_bound, YEAR).await;
    let app = AppWindow::launch(&world.env()).await;
    (world, token, app)
}

#[tokio::test]
async fn each_verdict_comes_from_its_scenario_and_the_token_never_changes() {
    let world = World::seeded();
    world
        .add_app(
            APP,
            Some(SECRET),
            &["login:info", "direct:api", "metrika:read"],
        )
        .await;
    world
        .add_app(UNAPPROVED, None, &["login:info", "direct:api"])
        .await;
    let alice = world.seed("adv-alice", APP, true, YEAR).await;
    let nick = world.seed("nodirect-nick", APP, true, YEAR).await;
    let app = AppWindow::launch(&world.env()).await;

    let (status, lines) = verdict_after_test(&app, "adv-alice").await;
    assert_eq!(status, "valid", "{lines:?}");
    assert_eq!(lines.len(), 3, "identity, Direct and Metrica: {lines:?}");
    assert!(
        lines.iter().any(|l| l.contains("Points left today")),
        "{lines:?}"
    );

    let (status, lines) = verdict_after_test(&app, "nodirect-nick").await;
    assert_eq!(status, "no_access", "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("error 513")), "{lines:?}");
    app.screenshot("accounts-tested").await;

    world
        .fake
        .add_fault(Fault::new(Service::Direct, "/json", FaultKind::Status(503)).times(1));
    let (status, lines) = verdict_after_test(&app, "adv-alice").await;
    assert_eq!(status, "error", "5xx: {lines:?}");

    world
        .fake
        .add_fault(Fault::new(Service::Direct, "/json", FaultKind::Drop).times(1));
    let (status, lines) = verdict_after_test(&app, "adv-alice").await;
    assert_eq!(status, "error", "dropped connection: {lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Direct could not be asked")),
        "{lines:?}"
    );

    world
        .fake
        .add_fault(Fault::new(Service::Metrika, "/management", FaultKind::Hang).times(1));
    let started = Instant::now();
    let (status, lines) = verdict_after_test(&app, "adv-alice").await;
    assert_eq!(status, "error", "hang: {lines:?}");
    assert!(
        started.elapsed() >= Duration::from_secs(9),
        "ended by the 10 s request timeout"
    );
    assert!(
        lines.iter().any(|l| l.contains("did not answer in time")),
        "{lines:?}"
    );

    world.fake.invalidate_user("adv-alice");
    let (status, lines) = verdict_after_test(&app, "adv-alice").await;
    assert_eq!(status, "invalid", "after a password change: {lines:?}");
    assert!(
        lines.iter().any(|l| l.contains("Sign in again")),
        "{lines:?}"
    );
    app.wait_for(&row("adv-alice", "row-sign-in-again")).await;

    assert_eq!(
        world.stored_token("adv-alice").as_deref(),
        Some(alice.as_str())
    );
    assert_eq!(
        world.stored_token("nodirect-nick").as_deref(),
        Some(nick.as_str())
    );
    app.quit().await;

    // The last verdict is kept in the index and shown after a restart.
    let app = AppWindow::launch(&world.env()).await;
    let status = app
        .wait_for(&row("adv-alice", "account-verdict"))
        .await
        .attr("data-status")
        .await
        .unwrap();
    assert_eq!(status.as_deref(), Some("invalid"));
    app.quit().await;
}

#[tokio::test]
async fn an_app_not_approved_for_direct_is_no_access() {
    let world = World::seeded();
    world
        .add_app(UNAPPROVED, None, &["login:info", "direct:api"])
        .await;
    world.seed("adv-alice", UNAPPROVED, true, YEAR).await;
    let app = AppWindow::launch(&world.env()).await;
    let (status, lines) = verdict_after_test(&app, "adv-alice").await;
    assert_eq!(status, "no_access", "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("error 58")), "{lines:?}");
    app.quit().await;
}

async fn set_clipboard_delay(app: &AppWindow, seconds: u32) {
    app.click("open-settings").await;
    app.fill("settings-clipboard-seconds", &seconds.to_string())
        .await;
    app.click("settings-save").await;
    app.wait_gone("[data-testid='settings-dialog']").await;
}

async fn wait_clipboard(expected: &str, within: Duration) -> String {
    let deadline = Instant::now() + within;
    loop {
        let now = support::read_clipboard();
        if now == expected || Instant::now() > deadline {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn copy_puts_the_token_on_the_clipboard_and_clears_only_its_own_copy() {
    let (_world, token, app) = alice_window(true).await;
    set_clipboard_delay(&app, 2).await;

    click_in_row(&app, "adv-alice", "copy-menu").await;
    click_in_row(&app, "adv-alice", "copy-token").await;
    assert_eq!(wait_clipboard(&token, Duration::from_secs(5)).await, token);
    let countdown = app
        .wait_text("clipboard-countdown", |t| t.contains("cleared in"))
        .await;
    assert!(
        countdown.contains("2 s") || countdown.contains("1 s"),
        "{countdown}"
    );
    assert_eq!(
        wait_clipboard("", Duration::from_secs(6)).await,
        "",
        "cleared after the delay"
    );

    // Something else copied meanwhile is left alone.
    click_in_row(&app, "adv-alice", "copy-menu").await;
    click_in_row(&app, "adv-alice", "copy-token").await;
    assert_eq!(wait_clipboard(&token, Duration::from_secs(5)).await, token);
    support::set_clipboard("the user's own text");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(support::read_clipboard(), "the user's own text");

    click_in_row(&app, "adv-alice", "copy-menu").await;
    click_in_row(&app, "adv-alice", "copy-direct").await;
    let expected = format!("Authorization: Bearer {token}\nClient-Login: adv-alice");
    assert_eq!(
        wait_clipboard(&expected, Duration::from_secs(5)).await,
        expected
    );

    let targets = std::process::Command::new("xclip")
        .args(["-selection", "clipboard", "-o", "-t", "TARGETS"])
        .output()
        .unwrap();
    let targets = String::from_utf8_lossy(&targets.stdout);
    assert!(
        targets.contains("x-kde-passwordManagerHint"),
        "marked as a secret: {targets}"
    );

    click_in_row(&app, "adv-alice", "copy-menu").await;
    click_in_row(&app, "adv-alice", "copy-oauth").await;
    let header = format!("Authorization: OAuth {token}");
    assert_eq!(
        wait_clipboard(&header, Duration::from_secs(5)).await,
        header
    );
    app.quit().await;
}

#[tokio::test]
async fn revoking_a_device_bound_token_kills_it_and_forgets_the_account() {
    let (world, token, app) = alice_window(true).await;

    click_in_row(&app, "adv-alice", "more-menu").await;
    click_in_row(&app, "adv-alice", "revoke-account").await;
    let question = app.text("confirm-message").await;
    assert!(
        question.contains("adv-alice") && question.contains("stops working"),
        "{question}"
    );
    app.click("confirm-ok").await;
    let toast = app.wait_text("toast", |t| t.contains("revoked")).await;
    assert!(toast.contains("no longer works"), "{toast}");
    app.wait_shown("[data-testid='empty-state']").await;

    let revokes: Vec<_> = world
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/revoke_token")
        .collect();
    assert_eq!(revokes.len(), 1);
    assert!(
        revokes[0]
            .form()
            .contains(&("access_token".into(), token.clone())),
        "the token travels in the body"
    );
    assert_eq!(revokes[0].query, None, "never in the URL");
    assert!(
        !world.fake.token_is_valid(&token),
        "the token fails /info now"
    );
    assert_eq!(world.stored_token("adv-alice"), None);
    let listing = support::secret_tool_search(&world.service());
    assert!(
        !listing.contains("/access-token"),
        "gone from the keychain: {listing}"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_token_without_a_device_id_is_kept_with_the_reason_and_can_be_forgotten() {
    let (world, token, app) = alice_window(false).await;

    click_in_row(&app, "adv-alice", "more-menu").await;
    click_in_row(&app, "adv-alice", "revoke-account").await;
    app.click("confirm-ok").await;
    let toast = app
        .wait_text("toast", |t| t.contains("unsupported_token_type"))
        .await;
    assert!(toast.contains("Forget locally"), "{toast}");
    assert_eq!(
        world.stored_token("adv-alice").as_deref(),
        Some(token.as_str())
    );
    assert!(world.fake.token_is_valid(&token));

    world
        .fake
        .add_fault(Fault::new(Service::OAuth, "/revoke_token", FaultKind::Drop).times(1));
    click_in_row(&app, "adv-alice", "more-menu").await;
    click_in_row(&app, "adv-alice", "revoke-account").await;
    app.click("confirm-ok").await;
    app.wait_text("toast", |t| t.contains("Could not reach Yandex"))
        .await;
    assert_eq!(
        world.stored_token("adv-alice").as_deref(),
        Some(token.as_str()),
        "a network failure deletes nothing"
    );

    click_in_row(&app, "adv-alice", "more-menu").await;
    click_in_row(&app, "adv-alice", "forget-account").await;
    app.click("confirm-ok").await;
    app.wait_shown("[data-testid='empty-state']").await;
    assert_eq!(world.stored_token("adv-alice"), None);
    assert!(
        world.fake.token_is_valid(&token),
        "forgetting does not revoke"
    );
    app.quit().await;
}

#[tokio::test]
async fn refresh_replaces_the_token_and_a_refused_refresh_keeps_the_old_one() {
    let (world, first, app) = alice_window(true).await;

    click_in_row(&app, "adv-alice", "more-menu").await;
    click_in_row(&app, "adv-alice", "refresh-account").await;
    app.wait_text("toast", |t| t.contains("New token")).await;
    let second = world.stored_token("adv-alice").unwrap();
    assert_ne!(second, first, "the keychain holds the new token");
    assert!(world.fake.token_is_valid(&second));

    world.fake.invalidate_user("adv-alice");
    click_in_row(&app, "adv-alice", "more-menu").await;
    click_in_row(&app, "adv-alice", "refresh-account").await;
    let toast = app
        .wait_text("toast", |t| t.contains("invalid_grant"))
        .await;
    assert!(toast.contains("sign in again"), "{toast}");
    assert_eq!(
        world.stored_token("adv-alice").as_deref(),
        Some(second.as_str()),
        "nothing deleted"
    );
    let badge = app
        .wait_for(&row("adv-alice", "account-expiry-badge"))
        .await;
    assert_eq!(
        badge.attr("data-state").await.unwrap().as_deref(),
        Some("sign_in")
    );
    app.quit().await;
}

#[tokio::test]
async fn due_accounts_are_refreshed_when_the_app_starts() {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let old = world.seed("adv-alice", APP, true, 10 * 24 * 3600).await;
    let fresh = world.seed("nodirect-nick", APP, true, YEAR).await;
    let app = AppWindow::launch(&world.env()).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while world.stored_token("adv-alice").as_deref() == Some(old.as_str()) {
        assert!(
            Instant::now() < deadline,
            "the due account was not refreshed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        world.stored_token("nodirect-nick").as_deref(),
        Some(fresh.as_str()),
        "not due"
    );
    app.quit().await;
}

#[tokio::test]
async fn expiry_badges_sorting_and_sign_in_again() {
    let world = World::seeded();
    // No client secret: nothing can be refreshed, so the badges stay as seeded.
    world
        .add_app(APP, None, &["login:info", "direct:api"])
        .await;
    world
        .fake
        .add_user(UserSpec::new("soon-sam", UserKind::Advertiser));
    world.seed("adv-alice", APP, true, YEAR).await;
    world.seed("soon-sam", APP, false, 5 * 24 * 3600).await;
    world.seed("nodirect-nick", APP, false, 0).await;
    let app = AppWindow::launch(&world.env()).await;

    let state = |login: &'static str| {
        let app = &app;
        async move {
            app.wait_for(&row(login, "account-expiry-badge"))
                .await
                .attr("data-state")
                .await
                .unwrap()
        }
    };
    assert_eq!(state("soon-sam").await.as_deref(), Some("soon"));
    assert_eq!(state("nodirect-nick").await.as_deref(), Some("expired"));
    let alice_badges = app
        .client
        .find_all(fantoccini::Locator::Css(&row(
            "adv-alice",
            "account-expiry-badge",
        )))
        .await
        .unwrap();
    assert!(alice_badges.is_empty(), "a year left needs no badge");

    app.select("sort-select", "expiry").await;
    let order = app
        .texts("[data-testid='account-row'] [data-testid='account-login']")
        .await;
    assert_eq!(order, vec!["nodirect-nick", "soon-sam", "adv-alice"]);

    // "Sign in again" opens the login window with the hint and updates the same account.
    let before: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            world
                .home
                .data()
                .join(world.service())
                .join("accounts.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let id_of = |index: &serde_json::Value, login: &str| {
        index["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["login"] == login)
            .map(|a| a["id"].as_str().unwrap().to_string())
    };
    world.fake.next_sign_in("nodirect-nick", Decision::Allow);
    click_in_row(&app, "nodirect-nick", "row-sign-in-again").await;
    let hint = app
        .by_testid("signin-login-hint")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(hint.as_deref(), Some("nodirect-nick"));
    app.click("signin-start").await;
    app.wait_text("toast", |t| t.contains("saved")).await;
    app.wait_gone(&row("nodirect-nick", "account-expiry-badge"))
        .await;
    let after: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            world
                .home
                .data()
                .join(world.service())
                .join("accounts.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        id_of(&after, "nodirect-nick"),
        id_of(&before, "nodirect-nick"),
        "same account"
    );
    assert_eq!(after["accounts"].as_array().unwrap().len(), 3, "no twin");
    app.quit().await;
}

#[tokio::test]
async fn reveal_shows_the_token_briefly_and_removes_it_from_the_page() {
    let world = World::seeded();
    world.add_app(APP, Some(SECRET), &["login:info"]).await;
    let token = world.seed("adv-alice", APP, true, YEAR).await;
    let app = AppWindow::launch(&world.env()).await;
    let source = app.client.source().await.unwrap();
    assert!(
        !source.contains(&token),
        "the token is not in the page before Reveal"
    );

    click_in_row(&app, "adv-alice", "more-menu").await;
    click_in_row(&app, "adv-alice", "reveal-token").await;
    assert_eq!(app.text("revealed-token").await, token);
    app.client
        .execute("window.dispatchEvent(new Event('blur'))", vec![])
        .await
        .unwrap();
    app.wait_gone("[data-testid='revealed-token']").await;
    assert!(
        !app.client.source().await.unwrap().contains(&token),
        "removed from the DOM on blur"
    );

    click_in_row(&app, "adv-alice", "more-menu").await;
    click_in_row(&app, "adv-alice", "reveal-token").await;
    app.wait_for("[data-testid='revealed-token']").await;
    tokio::time::sleep(Duration::from_secs(11)).await;
    assert!(
        !app.client.source().await.unwrap().contains(&token),
        "removed after 10 s"
    );
    app.quit().await;
}

#[tokio::test]
async fn test_all_is_concurrent_bounded_and_can_be_stopped() {
    let world = World::seeded();
    world
        .add_app(
            APP,
            Some(SECRET),
            &["login:info", "direct:api", "metrika:read"],
        )
        .await;
    for n in 0..50 {
        let login = format!("client-{n:02}");
        world
            .fake
            .add_user(UserSpec::new(login.as_str(), UserKind::Advertiser));
        world.seed(&login, APP, true, YEAR).await;
    }
    let app = AppWindow::launch(&world.env()).await;
    world.fake.set_latency(Duration::from_millis(200));
    world.fake.reset_peak_in_flight();

    let started = Instant::now();
    app.click("test-all").await;
    app.wait_text("test-progress", |t| t.starts_with("Tested 50 of 50"))
        .await;
    let elapsed = started.elapsed();
    let peak = world.fake.peak_in_flight();
    let peaks = [Service::Login, Service::Direct, Service::Metrika]
        .map(|service| (service, world.fake.peak_in_flight_of(service)));
    eprintln!("test all: 50 accounts x 3 calls at 200 ms in {elapsed:?}, peak {peak} {peaks:?}");
    assert!(
        peaks.iter().all(|(_, p)| *p <= 8),
        "never more than 8 at once to one host ({peaks:?})"
    );
    assert!(peak > 8, "the hosts were asked side by side (peak {peak})");
    assert!(
        elapsed < Duration::from_secs(10),
        "well under 50 x 200 ms of tests one by one: {elapsed:?}"
    );
    // Every verdict is kept (the window builds only the rows near the view).
    let index = world.accounts().load().unwrap();
    let valid = index
        .accounts
        .iter()
        .filter(|a| {
            a.last_check
                .as_ref()
                .is_some_and(|c| c.status == yatoken::checkup::Status::Valid)
        })
        .count();
    assert_eq!(valid, 50);
    let shown_valid = app
        .client
        .find_all(fantoccini::Locator::Css(
            "[data-testid='account-verdict'][data-status='valid']",
        ))
        .await
        .unwrap();
    assert!(!shown_valid.is_empty(), "the rows in view show it");

    // Stop part-way: what finished is kept, the rest is not tested.
    world.fake.set_latency(Duration::from_millis(400));
    app.click("test-all").await;
    app.wait_text("test-progress", |t| {
        t.starts_with("Testing") && !t.starts_with("Testing 0 ")
    })
    .await;
    app.click("cancel-tests").await;
    let text = app
        .wait_text("test-progress", |t| t.starts_with("Stopped"))
        .await;
    let done: usize = text
        .trim_start_matches("Stopped after ")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..50).contains(&done), "{text}");
    app.quit().await;
}

#[tokio::test]
async fn the_audit_log_has_window_and_cli_actions_and_no_token() {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let app = AppWindow::launch(&world.env()).await;

    world.fake.next_sign_in("adv-alice", Decision::Allow);
    app.click("add-account").await;
    app.select("signin-app", APP).await;
    app.fill("signin-login-hint", "adv-alice").await;
    app.click("signin-start").await;
    app.wait_for(&row("adv-alice", "account-login")).await;
    let token = world.stored_token("adv-alice").expect("signed in");

    click_in_row(&app, "adv-alice", "copy-menu").await;
    click_in_row(&app, "adv-alice", "copy-token").await;
    app.wait_text("clipboard-countdown", |t| t.contains("Copied"))
        .await;

    // A test from the command line while the window is open: the window shows its verdict
    // without being asked to reload.
    let run = world.cli(&["test", "adv-alice"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let css = row("adv-alice", "account-verdict");
    let deadline = Instant::now() + Duration::from_secs(15);
    while app.attr(&css, "data-status").await.as_deref() != Some("valid") {
        assert!(
            Instant::now() < deadline,
            "the window did not pick up the CLI's test"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // A crash in the middle of an append left a torn line: it is skipped and counted, and
    // the entries after it are whole.
    let log = world.home.data().join(world.service()).join("audit.jsonl");
    std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .unwrap()
        .write_all(b"{\"at\":\"2026-11-21T10:00:00Z\",\"act")
        .unwrap();

    click_in_row(&app, "adv-alice", "more-menu").await;
    click_in_row(&app, "adv-alice", "revoke-account").await;
    app.click("confirm-ok").await;
    app.wait_shown("[data-testid='empty-state']").await;

    app.click("open-audit").await;
    app.wait_text("audit-skipped", |t| t.contains("skipped: 1."))
        .await;
    app.wait_for("[data-testid='audit-row']").await;
    let rows = |action: &str, source: &str| {
        format!("[data-testid='audit-row'][data-action='{action}'][data-source='{source}']")
    };
    for (action, source) in [
        ("signed_in", "window"),
        ("copied", "window"),
        ("tested", "cli"),
        ("revoked", "window"),
    ] {
        app.wait_for(&rows(action, source)).await;
    }
    app.fill("audit-filter", "nobody-matches-this").await;
    app.wait_gone("[data-testid='audit-row']").await;
    app.fill("audit-filter", "").await;
    app.select("audit-action", "tested").await;
    let shown = app.texts("[data-testid='audit-row']").await;
    assert_eq!(shown.len(), 1, "{shown:?}");

    app.click("audit-export").await;
    let toast = app.wait_text("toast", |t| t.contains(".csv")).await;
    let path = toast.trim_start_matches("Saved to ").trim();
    assert!(
        std::path::Path::new(path).starts_with(world.home.path()),
        "exported inside the test's own home: {path}"
    );
    let csv = std::fs::read_to_string(path).expect("the exported CSV");
    assert!(csv.contains(",revoked,window,"), "{csv}");
    assert!(csv.contains(",tested,cli,"), "{csv}");
    let _ = std::fs::remove_file(path);

    assert!(
        support::files_containing(world.home.path(), &token).is_empty(),
        "no token in the audit log or any other file"
    );
    app.quit().await;
}
