//! The fake sso.passport.yandex.ru: the cookie sync a real sign-in passes through between
//! passport and the consent page (`yandex-oauth.md` §14). `GET /push` sets the sync cookie and
//! moves on to `/sync`, which needs it and hands back to passport's last hop. A window that
//! stops or blocks any hop never reaches the consent page.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

use crate::passport::{found, param, with_retpath};
use crate::world::Shared;

/// The cookie the sync leaves behind; `/authorize` sends a sign-in through the hops until it
/// carries one (when a test asks for hops).
pub(crate) const SYNC_COOKIE: &str = "yandex_sso_sync";

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/push", get(push))
        .route("/sync", get(sync))
        .with_state(shared)
}

fn retpath(query: &Option<String>) -> Option<String> {
    param(query.as_deref().unwrap_or_default().as_bytes(), "retpath")
}

async fn push(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let world = shared.world();
    let Some(retpath) = retpath(&query) else {
        return crate::oauth::pages::error(StatusCode::BAD_REQUEST, "retpath is required");
    };
    let sync = crate::mint::session_id();
    found(
        &with_retpath(&format!("{}/sync", world.urls.sso), &retpath),
        Some(format!("{SYNC_COOKIE}={sync}; Path=/; SameSite=Lax")),
    )
}

async fn sync(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let world = shared.world();
    let Some(retpath) = retpath(&query) else {
        return crate::oauth::pages::error(StatusCode::BAD_REQUEST, "retpath is required");
    };
    if crate::cookie::get(&headers, SYNC_COOKIE).is_none() {
        return crate::oauth::pages::error(
            StatusCode::FORBIDDEN,
            "The session could not be synced: cookies are blocked.",
        );
    }
    found(
        &with_retpath(&format!("{}/auth/finish", world.urls.passport), &retpath),
        None,
    )
}
