//! The fake api-metrika.yandex.net: `GET /management/v1/counters`, the Metrica TEST call.
//!
//! It keeps the documented contradiction the way real traffic shows it: a missing token is
//! 401 `unauthorized`, but a dead or unknown one is 403 with `error_type` `invalid_token`, so
//! an app must classify by `error_type`, not by status.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use std::sync::Arc;

use crate::authorization::{self, Presented};
use crate::world::Shared;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/management/v1/counters", get(counters))
        .with_state(shared)
}

fn error(status: StatusCode, error_type: &str, message: &str) -> Response {
    let body = json!({
        "errors": [{"error_type": error_type, "message": message}],
        "code": status.as_u16(),
        "message": message,
    });
    (status, Json(body)).into_response()
}

async fn counters(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    // INFERRED: a header with another scheme (Bearer) counts as no token.
    let Presented::Token(token) = authorization::token(&headers, "OAuth") else {
        return error(StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized");
    };
    let world = shared.world();
    let Some((token, user)) = world.holder(&token) else {
        return error(
            StatusCode::FORBIDDEN,
            "invalid_token",
            "Invalid oauth_token",
        );
    };
    if !token.scopes.iter().any(|s| s.starts_with("metrika:")) {
        return error(StatusCode::FORBIDDEN, "access_denied", "Access is denied");
    }
    let counters: Vec<_> = if user.spec.metrika {
        let base: u64 = user.uid.bytes().map(u64::from).sum::<u64>() * 1_000 + 40_000_000;
        (1..=2u64)
            .map(|i| {
                let site = format!("{}-{i}.example", user.spec.login);
                json!({
                    "id": base + i,
                    "status": "Active",
                    "owner_login": user.spec.login,
                    "name": format!("{}'s site {i}", user.spec.login),
                    "site": site,
                    "site2": {"site": site, "domain": site},
                    "type": "simple",
                    "permission": "own",
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    Json(json!({"rows": counters.len(), "counters": counters})).into_response()
}
