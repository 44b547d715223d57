//! The window's start in the real window: the first screen comes with the page (no round trip)
//! and is taken once, a reload asks Rust again, and without a GPU the window draws without
//! WebKit's compositing unless the environment says otherwise.

mod support;

use std::time::{Duration, Instant};

use support::process::{comm, tree};
use support::seed::YEAR;
use support::world::*;
use support::AppWindow;

const COMPOSITING_OFF: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

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

/// WEBKIT_DISABLE_COMPOSITING_MODE as the window's web process got it.
fn web_process_setting(app: &AppWindow) -> Option<String> {
    let web = tree(app.app_pid())
        .into_iter()
        .find(|pid| comm(*pid).starts_with("WebKitWebProces"))
        .expect("the window has a web process");
    let environ = std::fs::read(format!("/proc/{web}/environ")).expect("its environment");
    let prefix = format!("{COMPOSITING_OFF}=");
    environ
        .split(|b| *b == 0)
        .find_map(|pair| pair.strip_prefix(prefix.as_bytes()))
        .map(|value| String::from_utf8_lossy(value).into_owned())
}

#[tokio::test]
async fn without_a_gpu_the_window_draws_without_compositing_unless_the_environment_chose() {
    let gpu = std::fs::read_dir("/dev/dri").is_ok_and(|nodes| {
        nodes
            .flatten()
            .any(|node| node.file_name().to_string_lossy().starts_with("renderD"))
    });
    assert!(
        std::env::var_os(COMPOSITING_OFF).is_none(),
        "the test session must leave the choice to the app"
    );
    let world = World::seeded();
    let cases = [
        (None, (!gpu).then_some("1")),
        (Some("0"), Some("0")),
        (Some("1"), Some("1")),
    ];
    for (given, expected) in cases {
        let mut env = world.env();
        if let Some(value) = given {
            env.push((COMPOSITING_OFF.into(), value.into()));
        }
        let app = AppWindow::launch(&env).await;
        app.wait_ready().await;
        assert_eq!(
            web_process_setting(&app).as_deref(),
            expected,
            "with {COMPOSITING_OFF}={given:?} and a GPU: {gpu}"
        );
        app.quit_and_wait().await;
    }
}
