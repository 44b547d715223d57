//! A fake social network (VK, say) that Yandex accounts can be linked to, on an origin of its
//! own. The consent page opens it in a popup (`window.open`); the person signs in there, and
//! the popup hands a one-time ticket back to the Yandex page with `window.opener.postMessage`
//! and closes itself (`yandex-oauth.md` §14). A popup opened without its opener (in another
//! browser, or as a plain new window) cannot finish: it says so.
//!
//! - `GET /authorize?return_origin=…`: the sign-in form.
//! - `POST /confirm`: a ticket for the account linked to that login.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

use crate::oauth::pages;
use crate::page::{escape, page};
use crate::passport::param;
use crate::world::{Shared, World};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/authorize", get(show))
        .route("/confirm", post(confirm))
        .with_state(shared)
}

/// Only the fake Yandex may ask for a ticket.
fn return_origin(world: &World, encoded: &[u8]) -> Option<String> {
    param(encoded, "return_origin").filter(|origin| *origin == world.urls.oauth)
}

fn not_yandex() -> Response {
    pages::error(
        StatusCode::BAD_REQUEST,
        "return_origin must be oauth.yandex.com",
    )
}

async fn show(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let world = shared.world();
    match return_origin(&world, query.unwrap_or_default().as_bytes()) {
        Some(origin) => form(&origin, "", None),
        None => not_yandex(),
    }
}

fn form(origin: &str, login: &str, message: Option<&str>) -> Response {
    let message = crate::page::message(message);
    page(
        StatusCode::OK,
        "Social network",
        &format!(
            "<h1>Sign in to the social network</h1>\
             <p class=\"sub\">Yandex asks to use your account here.</p>{message}\
             <form method=\"post\" action=\"/confirm\">\
             <input type=\"hidden\" name=\"return_origin\" value=\"{}\">\
             <label for=\"login\">Account</label>\
             <input type=\"text\" id=\"login\" name=\"login\" data-testid=\"fake-social-login\" \
             value=\"{}\" autofocus>\
             <div class=\"buttons\"><button type=\"submit\" class=\"primary\">Continue</button></div>\
             </form>",
            escape(origin),
            escape(login)
        ),
    )
}

async fn confirm(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let mut world = shared.world();
    let Some(origin) = return_origin(&world, &body) else {
        return not_yandex();
    };
    let login = param(&body, "login").unwrap_or_default();
    let Some(uid) = world.users.find(login.trim()).map(|u| u.uid.clone()) else {
        return form(
            &origin,
            &login,
            Some("No Yandex account is linked to this account."),
        );
    };
    let ticket = crate::mint::session_id();
    world.social_tickets.insert(ticket.clone(), uid);
    let message = serde_json::to_string(&serde_json::json!({ "social_ticket": ticket }))
        .expect("JSON serialises");
    let origin_js = serde_json::to_string(&origin).expect("a string serialises");
    page(
        StatusCode::OK,
        "Social network",
        &format!(
            "<h1 id=\"done\">Returning to Yandex…</h1>\
             <script>\
             if (window.opener) {{ window.opener.postMessage({message}, {origin_js}); window.close(); }}\
             else {{ const h = document.getElementById('done');\
               h.textContent = 'This window lost the Yandex page that opened it; the sign-in cannot finish.';\
               h.setAttribute('data-testid', 'fake-no-opener'); }}\
             </script>"
        ),
    )
}
