//! The fake courier.yandex.ru (Routing Track & Trace): `GET /api/v1/test`.
//!
//! 401 for a missing, schemeless or dead token; 403 when the token lacks `courier:logistician`
//! or its user is not a company administrator. INFERRED: the bodies are `{"message": …}`, like
//! the success answer `{"message":"OK"}`.

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
        .route("/api/v1/test", get(test))
        .with_state(shared)
}

async fn test(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let unauthorized = || {
        (
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "Unauthorized"})),
        )
            .into_response()
    };
    let Presented::Token(token) = authorization::token(&headers, "OAuth") else {
        return unauthorized();
    };
    let world = shared.world();
    let Some((token, user)) = world.holder(&token) else {
        return unauthorized();
    };
    if !token.has_scope("courier:logistician") || !user.spec.courier_admin {
        return (StatusCode::FORBIDDEN, Json(json!({"message": "Forbidden"}))).into_response();
    }
    Json(json!({"message": "OK"})).into_response()
}
