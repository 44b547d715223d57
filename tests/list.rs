//! Hundreds of accounts: search as you type, filters, labels and notes, and the keyboard, in
//! the real window (WebDriver) with the real keychain and X clipboard.

mod support;

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use support::seed::YEAR;
use support::world::*;
use support::AppWindow;

async fn keys(app: &AppWindow, keys: &str) {
    app.client
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(keys)
        .await
        .expect("type");
}

async fn shown_rows(app: &AppWindow) -> Vec<String> {
    app.texts("[data-testid='account-row'] [data-testid='account-login']")
        .await
}

#[tokio::test]
async fn a_thousand_accounts_narrow_to_one_and_copy_with_the_keyboard_alone() {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let started = Instant::now();
    world.seed_many(APP, 1000, |n| n % 100 == 42).await;
    eprintln!("seeding 1000 accounts: {:?}", started.elapsed());
    let started = Instant::now();
    let app = AppWindow::launch(&world.env()).await;
    assert_eq!(
        app.wait_text("shown-count", |t| t.contains("1000")).await,
        "1000 of 1000"
    );
    eprintln!("start to 1000 listed: {:?}", started.elapsed());
    assert!(
        shown_rows(&app).await.len() <= 100,
        "rows are built a chunk at a time"
    );
    // The rows below the window's first screenful follow once it is on screen.
    app.wait_for("[data-testid='account-row'][data-login='client-0039']")
        .await;

    // The arrows move the selection past the rows built so far, building them on the way.
    keys(&app, "/").await;
    for _ in 0..60 {
        keys(&app, &Key::Down.to_string()).await;
    }
    assert_eq!(
        app.texts("[data-testid='account-row'].selected [data-testid='account-login']")
            .await,
        vec!["client-0059"]
    );
    for _ in 0..5 {
        keys(&app, &Key::Up.to_string()).await;
    }
    assert_eq!(
        app.texts("[data-testid='account-row'].selected [data-testid='account-login']")
            .await,
        vec!["client-0054"]
    );

    // "/" focuses the search; typing narrows the list.
    keys(&app, "/").await;
    keys(&app, "client-0742").await;
    assert_eq!(
        app.wait_text("shown-count", |t| t.starts_with("1 of"))
            .await,
        "1 of 1000"
    );
    assert_eq!(shown_rows(&app).await, vec!["client-0742"]);

    // Down selects it, "c" copies its token.
    keys(&app, &Key::Down.to_string()).await;
    keys(&app, "c").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while support::read_clipboard() != "tok-client-0742" {
        assert!(
            Instant::now() < deadline,
            "keyboard copy did not reach the clipboard"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Search covers names, labels and notes; Escape clears it.
    app.fill("search", "number 742").await;
    assert_eq!(
        app.wait_text("shown-count", |t| t.starts_with("1 of"))
            .await,
        "1 of 1000"
    );
    app.fill("search", "client-010").await;
    let rows = app
        .wait_text("shown-count", |t| t.starts_with("10 of"))
        .await;
    assert_eq!(rows, "10 of 1000", "client-0100..0109");
    app.fill("search", "group b client-010").await;
    let rows = app
        .wait_text("shown-count", |t| t.starts_with("5 of"))
        .await;
    assert_eq!(
        rows, "5 of 1000",
        "every word must match: the odd ones, labelled Group B"
    );
    keys(&app, &Key::Escape.to_string()).await;
    app.wait_text("shown-count", |t| t == "1000 of 1000").await;

    // Keystrokes that leave the same accounts shown keep the rows already built; one that
    // changes them builds the rows again.
    let first_row_kept = || async {
        app.client
            .execute(
                "return document.querySelector(\"[data-testid='account-row']\").dataset.kept ?? null",
                vec![],
            )
            .await
            .expect("read the first row")
    };
    app.run_js("document.querySelector(\"[data-testid='account-row']\").dataset.kept = 'yes'")
        .await;
    app.fill("search", "client").await;
    assert_eq!(app.text("shown-count").await, "1000 of 1000");
    assert_eq!(first_row_kept().await, "yes", "every account still matches");
    app.fill("search", "client-09").await;
    app.wait_text("shown-count", |t| t == "100 of 1000").await;
    assert_eq!(first_row_kept().await, serde_json::Value::Null);
    keys(&app, &Key::Escape.to_string()).await;
    app.wait_text("shown-count", |t| t == "1000 of 1000").await;

    // Filters.
    app.select("filter-role", "agency_representative").await;
    assert_eq!(
        app.wait_text("shown-count", |t| t.starts_with("334")).await,
        "334 of 1000"
    );
    app.select("filter-role", "").await;
    app.select("filter-verdict", "valid").await;
    assert_eq!(
        app.wait_text("shown-count", |t| t.contains("No account"))
            .await,
        "No account matches."
    );
    app.select("filter-verdict", "").await;

    // Scrolling to the end builds the rest of the list, down to the last account.
    app.client
        .execute("document.querySelector('main').scrollTo(0, 1e9)", vec![])
        .await
        .unwrap();
    let last_row = || async {
        app.client
            .execute(
                "const rows = document.querySelectorAll(\"[data-testid='account-row']\");
                 return rows[rows.length - 1].dataset.login;",
                vec![],
            )
            .await
            .expect("read the last row")
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while last_row().await != "client-0999" {
        assert!(
            Instant::now() < deadline,
            "the last account never came after scrolling: {}",
            last_row().await
        );
        app.client
            .execute("document.querySelector('main').scrollTo(0, 1e9)", vec![])
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.quit().await;
}

#[tokio::test]
async fn labels_and_notes_are_edited_kept_and_searched() {
    let world = World::seeded();
    world.add_app(APP, Some(SECRET), &["login:info"]).await;
    world.seed("adv-alice", APP, true, YEAR).await;
    world.seed("nodirect-nick", APP, true, YEAR).await;
    let app = AppWindow::launch(&world.env()).await;

    let css = "[data-testid='account-row'][data-login='adv-alice']";
    app.wait_for(&format!("{css} [data-testid='more-menu']"))
        .await
        .click()
        .await
        .unwrap();
    app.wait_for(&format!("{css} [data-testid='edit-details']"))
        .await
        .click()
        .await
        .unwrap();
    app.fill("details-label", "Shoes shop").await;
    app.fill("details-notes", "Contract until March; ask Olga")
        .await;
    app.click("details-save").await;
    let label = app
        .text_of(&format!("{css} [data-testid='account-label']"))
        .await;
    assert_eq!(label, "Shoes shop");
    app.fill("search", "olga").await;
    assert_eq!(shown_rows(&app).await, vec!["adv-alice"]);
    app.quit().await;

    let app = AppWindow::launch(&world.env()).await;
    let notes = app
        .text_of(&format!("{css} [data-testid='account-notes']"))
        .await;
    assert_eq!(notes, "Contract until March; ask Olga");
    let listed = world.cli(&["list", "--json"], "");
    assert!(listed.stdout.contains("Shoes shop"), "{}", listed.stdout);
    app.quit().await;
}
