//! The steps a person takes in the YaToken window: add an app through the apps dialog, open the
//! window ready to sign in, start a sign-in and read the error it shows, and find a part of an
//! account's row in the list.

use super::window::AppWindow;
use super::world::{World, TOKEN_APP};
use super::x11::{read_clipboard, set_clipboard};

/// A part of an account's row in the list, by the account's login and the part's test id.
pub fn row(login: &str, part: &str) -> String {
    format!("[data-testid='account-row'][data-login='{login}'] [data-testid='{part}']")
}

/// Adds an app through the apps dialog, as a user would.
pub async fn add_app(
    app: &AppWindow,
    client_id: &str,
    name: &str,
    flow: &str,
    secret: Option<&str>,
) {
    let shown = |testid: &'static str| async move {
        app.by_testid(testid)
            .await
            .is_displayed()
            .await
            .unwrap_or(false)
    };
    if !shown("app-form").await {
        if !shown("apps-dialog").await {
            app.click("open-apps").await;
        }
        app.click("apps-add").await;
    }
    app.fill("app-client-id", client_id).await;
    app.fill("app-name", name).await;
    app.select("app-flow", flow).await;
    app.check("app-scope-direct:api", true).await;
    app.check("app-scope-login:info", true).await;
    if let Some(secret) = secret {
        set_clipboard(secret);
        app.click("app-paste-secret").await;
        let status = app
            .wait_text("app-secret-status", |t| t.contains("received"))
            .await;
        assert!(status.contains('…'), "the form shows only a mask: {status}");
        assert!(!status.contains(secret), "{status}");
        assert_eq!(
            read_clipboard(),
            "",
            "the pasted secret is cleared from the clipboard"
        );
    }
    app.click("app-save").await;
    app.wait_for(&format!(
        "[data-testid='app-row'][data-client-id='{client_id}']"
    ))
    .await;
}

pub async fn sign_in(app: &AppWindow, client_id: &str, hint: &str, role: &str) {
    app.click("add-account").await;
    app.select("signin-app", client_id).await;
    app.fill("signin-login-hint", hint).await;
    app.select("signin-role", role).await;
    app.click("signin-start").await;
}

pub async fn row_text(app: &AppWindow, login: &str, part: &str) -> String {
    app.text_of(&row(login, part)).await
}

/// The app with the token-flow app already added, ready to sign in.
pub async fn ready(world: &World) -> AppWindow {
    let app = AppWindow::launch(&world.env()).await;
    app.click("open-apps").await;
    add_app(&app, TOKEN_APP, "Direct token app", "token", None).await;
    app.click("apps-close").await;
    app
}

pub async fn signin_error(app: &AppWindow) -> String {
    app.wait_text("signin-error", |t| !t.is_empty()).await
}
