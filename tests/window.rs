//! The real window in WebKitGTK, driven through WebDriver: what a person sees on first start and
//! the language switch. Runs inside the throwaway session (see tests/support).

mod support;

use fake_yandex::FakeYandex;
use support::{AppWindow, EmptyBus, Home};
use yatoken::i18n::Language;

fn app_env(home: &Home, fake: &FakeYandex, locale: &str) -> Vec<(String, String)> {
    let mut env = home.env();
    env.extend(fake.env());
    env.push(("LC_ALL".into(), locale.into()));
    env.push(("LANG".into(), locale.into()));
    env.push(("YATOKEN_PROFILE".into(), support::unique_profile("window")));
    env
}

async fn html_lang(app: &AppWindow) -> String {
    app.client
        .execute("return document.documentElement.lang", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn select_value(app: &AppWindow) -> String {
    app.by_testid("language-select")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test]
async fn empty_state_explains_what_to_do_and_the_language_switch_persists() {
    let fake = FakeYandex::start();
    let home = Home::new();
    let env = app_env(&home, &fake, "en_US.UTF-8");
    let en = |key| Language::En.text(key).to_string();
    let ru = |key| Language::Ru.text(key).to_string();

    let app = AppWindow::launch(&env).await;
    assert_eq!(app.client.title().await.unwrap(), "YaToken");
    assert_eq!(app.text("empty-title").await, en("empty.title"));
    assert_eq!(app.text("empty-lead").await, en("empty.lead"));
    assert_eq!(
        app.text("redirect-uri").await,
        format!("{}/verification_code", fake.oauth_url()),
        "the Redirect URI comes from YATOKEN_OAUTH_URL"
    );
    assert!(app.text("storage-note").await.contains("yatoken-window-"));
    assert_eq!(select_value(&app).await, "system");
    assert_eq!(html_lang(&app).await, "en");
    app.screenshot("empty-state-en").await;

    app.by_testid("language-select")
        .await
        .select_by_value("ru")
        .await
        .unwrap();
    let title = app
        .wait_text("empty-title", |t| t != en("empty.title"))
        .await;
    assert_eq!(title, ru("empty.title"));
    assert_eq!(app.text("empty-lead").await, ru("empty.lead"));
    assert_eq!(html_lang(&app).await, "ru");
    app.screenshot("empty-state-ru").await;
    app.quit().await;

    let settings = std::fs::read_to_string(
        home.config()
            .join(format!("yatoken-{}", profile_of(&env)))
            .join("settings.json"),
    )
    .expect("the choice is saved in the profile's config directory");
    assert!(settings.contains("\"ru\""), "{settings}");

    // The system still says English; the saved choice wins after a restart.
    let app = AppWindow::launch(&env).await;
    assert_eq!(app.text("empty-title").await, ru("empty.title"));
    assert_eq!(select_value(&app).await, "ru");

    app.by_testid("language-select")
        .await
        .select_by_value("system")
        .await
        .unwrap();
    let title = app
        .wait_text("empty-title", |t| t != ru("empty.title"))
        .await;
    assert_eq!(title, en("empty.title"));
    app.quit().await;
}

#[tokio::test]
async fn a_russian_system_gets_a_russian_window() {
    let fake = FakeYandex::start();
    let home = Home::new();
    let env = app_env(&home, &fake, "ru_RU.UTF-8");
    let app = AppWindow::launch(&env).await;
    assert_eq!(
        app.text("empty-title").await,
        Language::Ru.text("empty.title")
    );
    assert_eq!(select_value(&app).await, "system");
    assert_eq!(html_lang(&app).await, "ru");
    app.quit().await;
}

fn profile_of(env: &[(String, String)]) -> String {
    env.iter()
        .find(|(k, _)| k == "YATOKEN_PROFILE")
        .map(|(_, v)| v.clone())
        .expect("a profile is set")
}

#[tokio::test]
async fn a_start_without_a_keychain_says_what_to_install_and_a_working_one_says_nothing() {
    let fake = FakeYandex::start();
    let home = Home::new();
    let bus = EmptyBus::start();
    let mut env = app_env(&home, &fake, "en_US.UTF-8");
    env.push(("DBUS_SESSION_BUS_ADDRESS".into(), bus.address().into()));
    let app = AppWindow::launch(&env).await;
    app.wait_for("body[data-keychain='unavailable']").await;
    app.wait_shown("[data-testid=keychain-problem]").await;
    assert_eq!(
        app.text("keychain-problem-text").await,
        Language::En.text("keychain.missing.secret-service")
    );
    app.screenshot("no-keychain").await;
    // Still none after Retry: the message stays, nothing else changes.
    app.click("keychain-retry").await;
    app.wait_shown("[data-testid=keychain-problem]").await;
    app.quit().await;

    // The session's gnome-keyring answers: no message.
    let app = AppWindow::launch(&app_env(&home, &fake, "en_US.UTF-8")).await;
    app.wait_for("body[data-keychain='ready']").await;
    assert!(app
        .attr("[data-testid=keychain-problem]", "hidden")
        .await
        .is_some());
    app.quit().await;
}

/// How far the page reaches past the window's right edge (0 when everything fits), and whether
/// the language switch is inside the window.
async fn overflow(app: &AppWindow) -> (f64, bool) {
    let out = app
        .client
        .execute(
            "const select = document.querySelector('[data-testid=language-select]');
             return [document.documentElement.scrollWidth - window.innerWidth,
                     select.getBoundingClientRect().right <= window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    (
        out[0].as_f64().unwrap_or(f64::MAX),
        out[1].as_bool().unwrap_or(false),
    )
}

#[tokio::test]
async fn the_toolbar_fits_the_window_in_both_languages_at_its_default_and_smallest_size() {
    let fake = FakeYandex::start();
    let home = Home::new();
    for locale in ["en_US.UTF-8", "ru_RU.UTF-8"] {
        let app = AppWindow::launch(&app_env(&home, &fake, locale)).await;
        for (width, height) in [(1100, 720), (720, 480)] {
            app.client
                .set_window_size(width, height)
                .await
                .expect("resize the window");
            // Let the resize reach the page.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let (past_the_edge, select_inside) = overflow(&app).await;
            assert!(
                past_the_edge <= 0.0 && select_inside,
                "{locale} at {width}x{height}: the page reaches {past_the_edge} px past the \
                 window, the language switch is inside: {select_inside}"
            );
        }
        app.screenshot(&format!("toolbar-{}", &locale[..2])).await;
        app.quit().await;
    }
}

#[tokio::test]
async fn a_first_start_keeps_the_profile_private_and_can_leave_no_core_dump() {
    let fake = FakeYandex::start();
    let home = Home::new();
    let env = app_env(&home, &fake, "en_US.UTF-8");
    let app = AppWindow::launch(&env).await;
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", app.app_pid())).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("the core file limit");
    // Soft and hard limit: the hard one too, so nothing started later can raise it again.
    let soft_and_hard: Vec<_> = core.split_whitespace().skip(4).take(2).collect();
    assert_eq!(
        soft_and_hard,
        ["0", "0"],
        "a crash may not write the process's memory to a file: {core}"
    );
    app.quit().await;

    // The window's own files, WebKit's in the web view's folder included.
    let profile = format!("yatoken-{}", profile_of(&env));
    assert!(home.data().join(&profile).join("webview").is_dir());
    for dir in [home.config(), home.data(), home.cache()] {
        let open = support::not_private(&dir.join(&profile));
        assert!(open.is_empty(), "not private: {open:?}");
    }
}

#[tokio::test]
async fn a_second_start_of_the_same_profile_brings_the_first_window_forward_and_ends() {
    let fake = FakeYandex::start();
    let home = Home::new();
    let env = app_env(&home, &fake, "en_US.UTF-8");
    let app = AppWindow::launch(&env).await;
    let windows = support::x11::top_windows(app.app_pid()).len();

    // The person starts YaToken again from the menu: same profile, the session's display.
    let mut second = std::process::Command::new(support::process::app_binary());
    second
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DISPLAY", std::env::var_os("DISPLAY").unwrap_or_default())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default(),
        )
        .envs(env.iter().cloned())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let started = std::time::Instant::now();
    let child = second.spawn().expect("start a second YaToken");
    let output = support::process::output_within(child, std::time::Duration::from_secs(20));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("already open"), "{stderr}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "it ends at once: {:?}",
        started.elapsed()
    );
    assert_eq!(
        support::x11::top_windows(app.app_pid()).len(),
        windows,
        "no new window"
    );
    // The first window is still there and answers.
    assert_eq!(html_lang(&app).await, "en");
    app.quit().await;

    // Once it is closed, the next start is the window again.
    let again = AppWindow::launch(&env).await;
    assert_eq!(html_lang(&again).await, "en");
    again.quit().await;
}

#[tokio::test]
async fn a_keychain_that_stops_answering_leaves_the_window_responsive_and_says_so() {
    let world = support::world::World::seeded();
    let keyring = support::dbus::PrivateKeyring::start();
    let on_keyring = |args: &[&str], stdin: &str| {
        let mut command = world.command(std::path::Path::new(support::process::app_binary()), args);
        command.env("DBUS_SESSION_BUS_ADDRESS", keyring.address());
        support::world::World::run(command, stdin)
    };
    let app_id = support::world::APP;
    let added = on_keyring(&["app", "add", "--client-id", app_id, "--name", "Ads"], "");
    assert_eq!(added.code, 0, "{}", added.stderr);
    let minted = world
        .fake
        .issue_token("adv-alice", app_id, Some("yatoken-test"));
    let imported = on_keyring(&["import", "--client-id", app_id], &minted.access_token);
    assert_eq!(imported.code, 0, "{}", imported.stderr);

    let mut env = world.env();
    env.push(("DBUS_SESSION_BUS_ADDRESS".into(), keyring.address().into()));
    let app = AppWindow::launch(&env).await;
    app.wait_for(&support::row("adv-alice", "account-login"))
        .await;

    keyring.stop();
    app.click_at(&support::row("adv-alice", "copy-menu")).await;
    app.click_at(&support::row("adv-alice", "copy-token")).await;
    // While the copy waits for the keychain, the window still answers at once.
    let asked = std::time::Instant::now();
    assert_eq!(html_lang(&app).await, "en");
    assert!(
        asked.elapsed() < std::time::Duration::from_secs(1),
        "the window answered after {:?}",
        asked.elapsed()
    );
    let toast = app
        .wait_text("toast", |t| t.contains("keychain did not answer"))
        .await;
    assert!(!toast.contains(&minted.access_token));

    keyring.resume();
    app.click_at(&support::row("adv-alice", "copy-menu")).await;
    app.click_at(&support::row("adv-alice", "copy-token")).await;
    app.wait_text("clipboard-countdown", |t| t.contains("Copied"))
        .await;
    app.quit().await;
}
