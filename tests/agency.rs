//! Agency accounts, clicked through the real window against the fake Direct: the agency
//! representative's clients, the active client and what Copy → Direct headers puts on the real
//! X clipboard, a client's test (error 54 for a client that is not the agency's), the
//! advertiser behind an advertiser's representative, search across clients, grouping, and a
//! list of 5,000 clients that builds only the rows in view.

mod support;

use std::time::{Duration, Instant};

use fake_yandex::{Decision, UserKind, UserSpec};
use support::world::*;
use support::{row, AppWindow};

fn client(login: &str, part: &str) -> String {
    format!("[data-testid='client-row'][data-login='{login}'] [data-testid='{part}']")
}

async fn sign_in(app: &AppWindow, world: &World, login: &str) {
    world.fake.next_sign_in(login, Decision::Allow);
    app.click("add-account").await;
    app.select("signin-app", APP).await;
    app.fill("signin-login-hint", login).await;
    app.click("signin-start").await;
    app.wait_for(&row(login, "account-login")).await;
}

/// Copies the agency account's Direct headers from its row and returns the clipboard.
async fn copy_direct_headers(app: &AppWindow, login: &str) -> String {
    support::set_clipboard("");
    app.click_at(&row(login, "copy-menu")).await;
    app.click_at(&row(login, "copy-direct")).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let copied = support::read_clipboard();
        if !copied.is_empty() {
            return copied;
        }
        assert!(Instant::now() < deadline, "nothing was copied");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_attr(app: &AppWindow, css: &str, name: &str, want: &str) {
    if name == "textContent" {
        app.wait_text_at(css, |t| t == want).await;
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.attr(css, name).await.as_deref() != Some(want) {
        assert!(Instant::now() < deadline, "{css} never had {name}={want}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The fake with an agency (three clients), its representative and an advertiser's
/// representative, the app added, and the window open.
async fn agency_window() -> (World, AppWindow) {
    let world = World::seeded();
    world.fake.add_user(UserSpec::new(
        "agency-chief",
        UserKind::Agency {
            clients: vec![
                "client-alpha".into(),
                "client-beta".into(),
                "client-gamma".into(),
            ],
        },
    ));
    world.fake.add_user(UserSpec::new(
        "agency-rep",
        UserKind::AgencyRepresentative {
            agency: "agency-chief".into(),
        },
    ));
    world.fake.add_user(UserSpec::new(
        "alice-helper",
        UserKind::AdvertiserRepresentative {
            advertiser: "adv-alice".into(),
        },
    ));
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let app = AppWindow::launch(&world.env()).await;
    (world, app)
}

#[tokio::test]
async fn an_agency_representative_acts_for_the_client_it_chooses() {
    let (world, app) = agency_window().await;

    // Signing in finds out it is an agency's token and lists the agency's clients.
    sign_in(&app, &world, "agency-rep").await;
    let token = world.stored_token("agency-rep").expect("signed in");
    app.wait_text_at(&row("agency-rep", "open-clients"), |t| t.contains("(3)"))
        .await;
    let bar = app.text("agency-bar").await;
    assert!(bar.contains("agency-chief"), "{bar}");
    assert!(bar.contains("no client chosen"), "{bar}");
    let asked = world.fake.requests();
    let listing: Vec<_> = asked
        .iter()
        .filter(|r| r.path.ends_with("/agencyclients"))
        .collect();
    assert!(!listing.is_empty(), "AgencyClients.get was asked");
    assert!(
        listing.iter().all(|r| r.header("client-login").is_none()),
        "AgencyClients.get never carries Client-Login"
    );

    // Its clients appear.
    app.click_at(&row("agency-rep", "open-clients")).await;
    app.wait_for(&client("client-gamma", "client-login")).await;
    let logins = app
        .texts("[data-testid='client-row'] [data-testid='client-login']")
        .await;
    assert_eq!(logins, ["client-alpha", "client-beta", "client-gamma"]);

    // Switching the active client changes what Copy → Direct headers puts on the clipboard.
    app.click_at(&client("client-alpha", "client-use")).await;
    app.wait_for(&client("client-alpha", "client-active")).await;
    app.click("clients-close").await;
    app.wait_text("toast", |t| t.contains("client-alpha")).await;
    wait_attr(
        &app,
        &row("agency-rep", "active-client"),
        "textContent",
        "client-alpha",
    )
    .await;
    let copied = copy_direct_headers(&app, "agency-rep").await;
    assert_eq!(
        copied,
        format!("Authorization: Bearer {token}\nClient-Login: client-alpha")
    );

    app.click_at(&row("agency-rep", "open-clients")).await;
    app.click_at(&client("client-beta", "client-use")).await;
    app.wait_for(&client("client-beta", "client-active")).await;
    app.click("clients-close").await;
    wait_attr(
        &app,
        &row("agency-rep", "active-client"),
        "textContent",
        "client-beta",
    )
    .await;
    let copied = copy_direct_headers(&app, "agency-rep").await;
    assert!(copied.ends_with("\nClient-Login: client-beta"), "{copied}");

    // The choice is remembered with the account.
    let index = world.accounts().load().unwrap();
    let stored = index.accounts.iter().find(|a| a.login == "agency-rep");
    assert_eq!(
        stored.and_then(|a| a.active_client.as_deref()),
        Some("client-beta")
    );

    // A client of the agency tests valid, through Client-Login.
    app.click_at(&row("agency-rep", "open-clients")).await;
    app.click_at(&client("client-gamma", "client-test")).await;
    wait_attr(
        &app,
        &client("client-gamma", "client-verdict"),
        "data-status",
        "valid",
    )
    .await;
    let result = app.text("client-test-result").await;
    assert!(result.contains("client-gamma"), "{result}");
    let tested = world
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/clients"))
        .any(|r| r.header("client-login") == Some("client-gamma"));
    assert!(tested, "the client's test sent Client-Login: client-gamma");

    // A login that is not the agency's client: error 54, explained for an agency.
    app.fill("client-other", "adv-alice").await;
    app.click("client-other-test").await;
    let result = app
        .wait_text("client-test-result", |t| t.contains("54"))
        .await;
    assert!(
        result.contains("adv-alice is not a client of this agency"),
        "{result}"
    );
    assert_eq!(
        app.attr("[data-testid='client-test-result']", "data-status")
            .await
            .as_deref(),
        Some("no_access")
    );
    app.click("clients-close").await;

    // A choice made from the command line shows in the open window.
    let chosen = world.cli(&["clients", "agency-rep", "--use", "client-gamma"], "");
    assert_eq!(chosen.code, 0, "{}", chosen.stderr);
    wait_attr(
        &app,
        &row("agency-rep", "active-client"),
        "textContent",
        "client-gamma",
    )
    .await;

    // The audit log has the choice of client and the client's test; no token anywhere.
    let audit = world.cli(&["audit", "--csv"], "");
    assert!(
        audit.stdout.contains(",client_chosen,window,"),
        "{}",
        audit.stdout
    );
    assert!(audit.stdout.contains("client gamma") || audit.stdout.contains("client-gamma"));
    assert!(
        support::files_containing(world.home.path(), &token).is_empty(),
        "no token in any file"
    );
    app.quit().await;
}

#[tokio::test]
async fn search_finds_agency_clients_and_grouping_follows_agency_and_role() {
    let (world, app) = agency_window().await;
    sign_in(&app, &world, "agency-rep").await;
    sign_in(&app, &world, "alice-helper").await;
    sign_in(&app, &world, "adv-alice").await;

    // The advertiser's representative shows whom it acts for.
    let acts_for = app
        .wait_text_at(&row("alice-helper", "account-acts-for"), |t| !t.is_empty())
        .await;
    assert!(acts_for.contains("adv-alice"), "{acts_for}");
    assert!(app
        .texts(&row("adv-alice", "account-acts-for"))
        .await
        .is_empty());

    // Typing a client's login finds the agency account that acts for it.
    app.fill("search", "client-gam").await;
    app.wait_gone(&row("adv-alice", "account-login")).await;
    let shown = app
        .texts("[data-testid='account-row'] [data-testid='account-login']")
        .await;
    assert_eq!(shown, ["agency-rep"]);
    let matched = app.texts(&row("agency-rep", "client-match")).await;
    assert_eq!(matched, ["client-gamma"]);
    app.fill("search", "").await;

    // Grouped: the agency first, then the roles.
    app.select("group-select", "agency_role").await;
    app.wait_for("[data-testid='group-head']").await;
    let heads = app.texts("[data-testid='group-head']").await;
    assert_eq!(heads.len(), 3, "{heads:?}");
    assert!(heads[0].starts_with("Agency agency-chief"), "{heads:?}");
    assert!(heads[1].starts_with("Advertisers"), "{heads:?}");
    assert!(
        heads[2].starts_with("Advertisers' representatives"),
        "{heads:?}"
    );
    app.quit().await;
}

#[tokio::test]
async fn five_thousand_clients_build_only_the_rows_in_view() {
    let world = World::seeded();
    let clients: Vec<String> = (0..5000).map(|n| format!("big-client-{n:04}")).collect();
    world
        .fake
        .add_user(UserSpec::new("big-agency", UserKind::Agency { clients }));
    world.fake.add_user(UserSpec::new(
        "big-rep",
        UserKind::AgencyRepresentative {
            agency: "big-agency".into(),
        },
    ));
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let issued = world.fake.issue_token("big-rep", APP, Some("device-big"));
    let import = world.cli(&["import", "--client-id", APP], &issued.access_token);
    assert_eq!(import.code, 0, "{}", import.stderr);
    let pages = world
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/agencyclients"))
        .count();
    assert!(pages >= 2, "a one-client probe, then every page");
    eprintln!("DEBUG import: {}", import.stderr);
    let dir = world
        .home
        .data()
        .join(world.service())
        .join("agency-clients");
    for e in std::fs::read_dir(&dir).unwrap() {
        let e = e.unwrap();
        eprintln!("DEBUG file {:?} {}", e.path(), e.metadata().unwrap().len());
    }

    let app = AppWindow::launch(&world.env()).await;
    app.wait_text_at(&row("big-rep", "open-clients"), |t| t.contains("(5000)"))
        .await;
    app.click_at(&row("big-rep", "open-clients")).await;
    app.wait_for(&client("big-client-0000", "client-login"))
        .await;
    let built = app.texts("[data-testid='client-row']").await.len();
    assert!(
        (5..200).contains(&built),
        "only the rows in view are built: {built}"
    );
    let count = app.text("clients-count").await;
    assert!(count.contains("5000 of 5000"), "{count}");

    // A scroll builds only the rows it brings into view: the rows still in view are kept.
    app.run_js(
        "document.querySelector(\"[data-testid='client-row'][data-login='big-client-0010']\").dataset.kept = 'yes';
         const list = document.querySelector(\"[data-testid='client-list']\");
         list.scrollTop = 44 * 12;
         list.dispatchEvent(new Event('scroll'));",
    )
    .await;
    app.wait_gone(&client("big-client-0003", "client-login"))
        .await;
    let kept = app
        .client
        .execute(
            "return document.querySelector(\"[data-testid='client-row'][data-login='big-client-0010']\")?.dataset.kept ?? null",
            vec![],
        )
        .await
        .expect("read the row");
    assert_eq!(kept, "yes", "the row in view was kept, not built again");

    // Scrolled to the end, the last clients are there (and the first are gone).
    app.run_js(
        "const list = document.querySelector(\"[data-testid='client-list']\");
         list.scrollTop = list.scrollHeight;
         list.dispatchEvent(new Event('scroll'));",
    )
    .await;
    app.wait_for(&client("big-client-4999", "client-login"))
        .await;
    assert!(app
        .texts(&client("big-client-0000", "client-login"))
        .await
        .is_empty());

    // Search narrows 5,000 to one.
    app.fill("clients-search", "big-client-4321").await;
    app.wait_text("clients-count", |t| t.contains("1 of 5000"))
        .await;
    let logins = app
        .texts("[data-testid='client-row'] [data-testid='client-login']")
        .await;
    assert_eq!(logins, ["big-client-4321"]);
    // Narrowed and widened again, the search finds what it found before.
    app.fill("clients-search", "big-client-43").await;
    app.wait_text("clients-count", |t| t.contains("100 of 5000"))
        .await;
    app.fill("clients-search", "big-client-432").await;
    app.wait_text("clients-count", |t| t.contains("10 of 5000"))
        .await;
    app.fill("clients-search", "big-client-4").await;
    app.wait_text("clients-count", |t| t.contains("1000 of 5000"))
        .await;
    app.quit().await;
}
