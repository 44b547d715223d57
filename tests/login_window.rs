//! The login window itself, acted on through the X server as a person would (WebDriver cannot
//! reach it): closing it, and typing on Yandex's page. A separate test binary, so no other
//! suite's windows open or take the keyboard focus meanwhile (within the binary, app windows
//! take turns: see `AppWindow`).

mod support;

use support::world::*;

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
