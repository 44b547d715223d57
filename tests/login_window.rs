//! The login window itself, acted on through the X server as a person would (WebDriver cannot
//! reach it): closing it, typing on Yandex's page, and the awkward paths of a real sign-in
//! (`yandex-oauth.md` §14): a social network's popup, hops across hosts, a captcha, a download,
//! a subframe. A separate test binary, so no other suite's windows open or take the keyboard
//! focus meanwhile (within the binary, app windows take turns: see `AppWindow`).

mod support;

use std::time::{Duration, Instant};

use fake_yandex::{Decision, Service, UserKind, UserSpec};
use support::steps::*;
use support::world::*;

/// `127.0.0.1:PORT`: how the window's title names a fake host.
fn host(world: &World, service: Service) -> String {
    world
        .fake
        .url(service)
        .trim_start_matches("http://")
        .to_string()
}

/// Waits until the fake has received `count` requests for `path` on `service`.
async fn requested(world: &World, service: Service, path: &str, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen(world, service, path) < count {
        assert!(
            Instant::now() < deadline,
            "{path} on {service:?} was requested {} times, not {count}",
            seen(world, service, path)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn seen(world: &World, service: Service, path: &str) -> usize {
    world
        .fake
        .requests()
        .iter()
        .filter(|r| r.service == service && r.path == path)
        .count()
}

#[tokio::test]
async fn a_social_network_popup_signs_in_and_the_titles_name_each_host() {
    let world = World::new();
    let app = ready(&world).await;
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    page_requested(&world, 1).await;
    let pid = app.app_pid();
    let yandex = format!("{} — Yandex ID", host(&world, Service::OAuth));
    let login = support::wait_for_window(pid, &yandex, |title| title == yandex);

    // "Sign in with the social network" comes just before the login field.
    support::press_in_window(login.id, &["shift+Tab", "Return"]);
    let social = host(&world, Service::Social);
    let popup = support::wait_for_window(pid, "the social network's popup", |title| {
        title.contains(&social)
    });
    assert_eq!(
        popup.title,
        format!("⚠ {social} — not a Yandex page"),
        "another site is flagged"
    );
    assert_ne!(popup.id, login.id);
    support::type_into_window(popup.id, "adv-alice");
    // The popup answers its opener and closes itself; the Yandex page asks to allow access.
    support::wait_window_gone(pid, popup.id, "the popup, by its own window.close()");
    assert_eq!(support::find_login_window(pid), Some(login.id));
    support::press_in_window(login.id, &["Return"]);

    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    assert_eq!(stored_logins(&world), vec!["adv-alice"]);
    let confirm = world
        .fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/authorize/confirm")
        .expect("the consent page was submitted");
    assert!(
        confirm.form().iter().any(|(k, _)| k == "social_ticket"),
        "the popup's answer reached the Yandex page through window.opener"
    );
    support::wait_window_gone(pid, login.id, "the login window");
    app.quit().await;
}

#[tokio::test]
async fn closing_the_login_window_closes_its_popups_and_stores_nothing() {
    let world = World::new();
    let app = ready(&world).await;
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    page_requested(&world, 1).await;
    let pid = app.app_pid();
    let login = support::wait_for_window(pid, "the login window", |t| t.contains("Yandex ID"));
    support::press_in_window(login.id, &["shift+Tab", "Return"]);
    let social = host(&world, Service::Social);
    let popup = support::wait_for_window(pid, "the popup", |t| t.contains(&social));

    support::close_window(pid, login.id, "the login window");
    support::wait_window_gone(pid, popup.id, "the popup of a closed login window");
    app.wait_gone("[data-testid='signin-waiting']").await;
    assert!(stored_logins(&world).is_empty());
    assert_eq!(keychain_items(&world), 0);
    app.quit().await;
}

#[tokio::test]
async fn a_sign_in_that_hops_across_hosts_reaches_the_consent_page() {
    let world = World::new();
    world.fake.set_sign_in_hops(true);
    world.fake.next_sign_in("adv-alice", Decision::Allow);
    let app = ready(&world).await;
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    let route: Vec<(Service, String)> = world
        .fake
        .requests()
        .into_iter()
        .filter(|r| matches!(r.service, Service::OAuth | Service::Passport | Service::Sso))
        .map(|r| (r.service, r.path))
        .collect();
    let hop = |service, path: &str| (service, path.to_string());
    assert_eq!(
        route,
        vec![
            hop(Service::OAuth, "/authorize"),
            hop(Service::Passport, "/auth"),
            hop(Service::Sso, "/push"),
            hop(Service::Sso, "/sync"),
            hop(Service::Passport, "/auth/finish"),
            hop(Service::OAuth, "/authorize"),
            hop(Service::OAuth, "/verification_code"),
        ],
        "every hop passed through, and only verification_code ended the sign-in"
    );
    assert_eq!(stored_logins(&world), vec!["adv-alice"]);
    app.quit().await;
}

#[tokio::test]
async fn a_captcha_on_the_way_is_passed_by_typing_it() {
    let world = World::new();
    world.fake.set_captcha(Some("4815"));
    let app = ready(&world).await;
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    let pid = app.app_pid();
    requested(&world, Service::Passport, "/showcaptcha", 1).await;
    let passport = host(&world, Service::Passport);
    let captcha = support::wait_for_window(pid, "the captcha", |t| t.contains(&passport));
    support::type_into_window(captcha.id, "0000");
    requested(&world, Service::Passport, "/checkcaptcha", 1).await;
    support::type_into_window(captcha.id, "4815");
    requested(&world, Service::Passport, "/checkcaptcha", 2).await;
    page_requested(&world, 2).await;
    // The consent page, prefilled with the hint: Enter allows.
    support::type_into_login_window(pid, "");
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    assert_eq!(stored_logins(&world), vec!["adv-alice"]);
    assert_eq!(confirmed_logins(&world), vec!["adv-alice"]);
    app.quit().await;
}

#[tokio::test]
async fn a_page_that_starts_a_download_leaves_nothing_on_disk() {
    let world = World::new();
    world.fake.set_consent_download(true);
    let app = ready(&world).await;
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    requested(&world, Service::OAuth, "/download/YandexSetup.exe", 1).await;
    // Time enough for WebKit to write the file, were the download let through.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let pid = app.app_pid();
    assert!(
        support::find_login_window(pid).is_some(),
        "the sign-in goes on"
    );
    support::type_into_login_window(pid, "");
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    // Where WebKit would save it: the Downloads folder, the home (both inside the session), or
    // the working directory the app inherited from the test, when no folder is configured.
    let mut saved = files_named(&support::session(), "YandexSetup");
    let cwd = std::env::current_dir().unwrap();
    saved.extend(
        std::fs::read_dir(&cwd)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains("YandexSetup")),
    );
    for file in &saved {
        let _ = std::fs::remove_file(file);
    }
    assert!(saved.is_empty(), "the download was saved: {saved:?}");
    app.quit().await;
}

/// Files under `dir` whose name contains `part`.
fn files_named(dir: &std::path::Path, part: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            found.extend(files_named(&path, part));
        } else if entry.file_name().to_string_lossy().contains(part) {
            found.push(path);
        }
    }
    found
}

#[tokio::test]
async fn a_subframe_that_reaches_verification_code_does_not_end_the_sign_in() {
    let world = World::new();
    world
        .fake
        .add_user(UserSpec::new("mallory", UserKind::Advertiser));
    world.fake.set_consent_subframe(Some("mallory"));
    let app = ready(&world).await;
    sign_in(&app, TOKEN_APP, "", "advertiser").await;
    requested(&world, Service::OAuth, "/verification_code", 1).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let pid = app.app_pid();
    assert!(
        support::find_login_window(pid).is_some(),
        "a subframe's verification_code did not end the sign-in"
    );
    assert!(stored_logins(&world).is_empty());
    support::type_into_login_window(pid, "adv-alice");
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );
    assert_eq!(stored_logins(&world), vec!["adv-alice"]);
    app.quit().await;
}

#[tokio::test]
async fn closing_the_login_window_cancels_quietly_and_stores_nothing() {
    let world = World::new();
    let app = ready(&world).await;
    // No scripted sign-in: the login window shows the consent page and waits for the user.
    sign_in(&app, TOKEN_APP, "adv-alice", "advertiser").await;
    app.wait_for("[data-testid='signin-waiting']").await;
    page_requested(&world, 1).await;
    support::close_login_window(app.app_pid());
    app.wait_gone("[data-testid='signin-waiting']").await;
    let error = app.by_testid("signin-error").await;
    assert!(
        !error.is_displayed().await.unwrap(),
        "a closed window is not an error"
    );
    app.click("signin-cancel").await;
    app.wait_shown("[data-testid='empty-state']").await;
    assert!(stored_logins(&world).is_empty());
    assert_eq!(keychain_items(&world), 0);
    let pages: Vec<_> = world
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/authorize")
        .collect();
    assert_eq!(pages.len(), 1, "the consent page was shown");
    app.quit().await;
}

#[tokio::test]
async fn two_sign_ins_in_a_row_do_not_share_the_yandex_session() {
    let world = World::new();
    let app = ready(&world).await;

    // The first user signs in by typing on the consent page.
    sign_in(&app, TOKEN_APP, "", "advertiser").await;
    page_requested(&world, 1).await;
    support::type_into_login_window(app.app_pid(), "adv-alice");
    assert_eq!(
        row_text(&app, "adv-alice", "account-login").await,
        "adv-alice"
    );

    // The second sign-in must show an empty login form, not the first user's session: were the
    // session shared, the field would come prefilled with adv-alice, and what the user typed
    // would be appended to it.
    sign_in(&app, TOKEN_APP, "", "agency_representative").await;
    page_requested(&world, 2).await;
    support::type_into_login_window(app.app_pid(), "rep-bob");
    assert_eq!(row_text(&app, "rep-bob", "account-login").await, "rep-bob");
    assert_eq!(confirmed_logins(&world), vec!["adv-alice", "rep-bob"]);
    assert_eq!(stored_logins(&world), vec!["adv-alice", "rep-bob"]);
    app.screenshot("accounts-two-signed-in").await;

    let with_cookie = world
        .fake
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/authorize") && r.cookie("Session_id").is_some())
        .count();
    // Within one sign-in the page may keep its own session; across sign-ins it must not. The
    // second sign-in's first page request is the one that would carry the first user's cookie.
    let second_page = world
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/authorize")
        .nth(1)
        .expect("the second sign-in opened the page");
    assert_eq!(
        second_page.cookie("Session_id"),
        None,
        "{with_cookie} requests carried a session"
    );
    app.quit().await;
}
