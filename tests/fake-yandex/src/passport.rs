//! The fake passport.yandex.ru: the hops a real sign-in takes before the consent page, and the
//! captcha (`yandex-oauth.md` §14).
//!
//! - `GET /auth?retpath=…`: the start of the cookie sync; a page whose script moves on to
//!   sso (a JavaScript hop, not a 302).
//! - `GET /auth/finish?retpath=…`: the last hop, a 302 back to `retpath`.
//! - `GET /showcaptcha?retpath=…`: "type the characters", reached by a 302 from `/authorize`
//!   with `X-Yandex-Captcha: captcha`; `POST /checkcaptcha` sets the `spravka` cookie and goes
//!   back to `retpath`, or shows the captcha again.
//!
//! `retpath` must point back at the fake's own oauth host: an open redirect is refused (400).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

use crate::page::{escape, page};
use crate::world::{Shared, World};

/// Yandex's captcha cookie.
pub(crate) const SPRAVKA: &str = "spravka";

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/auth", get(auth))
        .route("/auth/finish", get(finish))
        .route("/showcaptcha", get(show_captcha))
        .route("/checkcaptcha", post(check_captcha))
        .with_state(shared)
}

/// The first value of `name` in a query string or form body.
pub(crate) fn param(encoded: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(encoded)
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

/// `retpath` from the query, if it leads back to the fake's oauth host.
fn retpath(world: &World, encoded: &[u8]) -> Option<String> {
    param(encoded, "retpath").filter(|path| path.starts_with(&format!("{}/", world.urls.oauth)))
}

fn open_redirect() -> Response {
    crate::oauth::pages::error(
        StatusCode::BAD_REQUEST,
        "retpath must lead back to oauth.yandex.com",
    )
}

/// A 302 to `location`, optionally setting a cookie.
pub(crate) fn found(location: &str, cookie: Option<String>) -> Response {
    let mut response = (
        StatusCode::FOUND,
        [
            (header::LOCATION, location.to_string()),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
    )
        .into_response();
    if let Some(cookie) = cookie.and_then(|c| c.parse().ok()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// `url` with `retpath` (encoded) as its only parameter.
pub(crate) fn with_retpath(url: &str, retpath: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("retpath", retpath)
        .finish();
    format!("{url}?{query}")
}

async fn auth(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let world = shared.world();
    let Some(retpath) = retpath(&world, query.unwrap_or_default().as_bytes()) else {
        return open_redirect();
    };
    let next = with_retpath(&format!("{}/push", world.urls.sso), &retpath);
    let next = serde_json::to_string(&next).expect("a string serialises");
    page(
        StatusCode::OK,
        "Signing in",
        &format!(
            "<h1>Signing in…</h1><p class=\"sub\">Checking your session on the other Yandex \
             sites.</p><script>location.replace({next});</script>"
        ),
    )
}

async fn finish(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let world = shared.world();
    match retpath(&world, query.unwrap_or_default().as_bytes()) {
        Some(retpath) => found(&retpath, None),
        None => open_redirect(),
    }
}

async fn show_captcha(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let world = shared.world();
    match retpath(&world, query.unwrap_or_default().as_bytes()) {
        Some(retpath) => captcha_page(&world, &retpath, None),
        None => open_redirect(),
    }
}

async fn check_captcha(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let mut world = shared.world();
    let Some(retpath) = retpath(&world, &body) else {
        return open_redirect();
    };
    let answer = param(&body, "rep").unwrap_or_default();
    match world.captcha.clone() {
        Some(expected) if answer.trim() == expected => {
            let spravka = crate::mint::session_id();
            world.spravki.insert(spravka.clone());
            found(
                &retpath,
                Some(format!(
                    "{SPRAVKA}={spravka}; Path=/; HttpOnly; SameSite=Lax"
                )),
            )
        }
        Some(_) => captcha_page(&world, &retpath, Some("Wrong characters. Try again.")),
        None => found(&retpath, None),
    }
}

fn captcha_page(world: &World, retpath: &str, message: Option<&str>) -> Response {
    let message = crate::page::message(message);
    let shown = world.captcha.as_deref().unwrap_or_default();
    let mut response = page(
        StatusCode::OK,
        "Are you a robot?",
        &format!(
            "<h1>Are you a robot?</h1><p class=\"sub\">Type the characters you see.</p>{message}\
             <p class=\"value\" data-testid=\"fake-captcha\">{}</p>\
             <form method=\"post\" action=\"/checkcaptcha\">\
             <input type=\"hidden\" name=\"retpath\" value=\"{}\">\
             <label for=\"rep\">Characters</label>\
             <input type=\"text\" id=\"rep\" name=\"rep\" data-testid=\"fake-captcha-answer\" autofocus>\
             <div class=\"buttons\"><button type=\"submit\" class=\"primary\">Submit</button></div>\
             </form>",
            escape(shown),
            escape(retpath)
        ),
    );
    response.headers_mut().insert(
        "x-yandex-captcha",
        "captcha".parse().expect("a header value"),
    );
    response
}
