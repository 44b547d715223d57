//! The window's start in the real window: the first screen comes with the page (no round trip)
//! and is taken once, and a reload asks Rust again.

mod support;

use std::time::{Duration, Instant};

use support::seed::YEAR;
use support::world::*;
use support::AppWindow;

#[tokio::test]
async fn the_first_screen_comes_with_the_page_once_and_a_reload_asks_rust_again() {
    let world = World::seeded();
    world.add_app(APP, Some(SECRET), &["login:info"]).await;
    world.seed("adv-alice", APP, true, YEAR).await;
    let app = AppWindow::launch(&world.env()).await;
    assert_eq!(
        app.wait_text("shown-count", |t| t.contains(" of ")).await,
        "1 of 1"
    );
    let left = app
        .client
        .execute("return typeof window.__YATOKEN_START__", vec![])
        .await
        .unwrap();
    assert_eq!(left, "undefined", "the page took what came with it");

    // Another process adds an account: the window notices and shows it.
    world.seed("nodirect-nick", APP, true, YEAR).await;
    app.wait_text("shown-count", |t| t == "2 of 2").await;

    // A reload must not draw what came with the first load (only adv-alice): it asks Rust.
    app.run_js("location.reload()").await;
    let reloaded = Instant::now();
    loop {
        let state = app
            .client
            .execute(
                r#"return `${performance.getEntriesByType("navigation")[0]?.type} ${document.body.dataset.ready}`"#,
                vec![],
            )
            .await;
        if matches!(&state, Ok(s) if s == "reload true") {
            break;
        }
        assert!(
            reloaded.elapsed() < Duration::from_secs(20),
            "the reloaded page never got ready: {state:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.text("shown-count").await, "2 of 2");
    assert_eq!(
        app.texts("[data-testid='account-row'] [data-testid='account-login']")
            .await,
        vec!["adv-alice", "nodirect-nick"]
    );
    app.quit_and_wait().await;
}
