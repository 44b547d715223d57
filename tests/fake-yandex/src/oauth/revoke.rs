//! `POST /revoke_token`: only device-bound tokens can be revoked; a token issued without
//! `device_id` answers `unsupported_token_type` and stays valid. The call needs the app's
//! secret, and an already dead token is still `{"status":"ok"}`.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::sync::Arc;

use crate::oauth::credentials::Credentials;
use crate::oauth::error::OAuthError;
use crate::oauth::grant::body_params;
use crate::world::{Shared, World};

pub(crate) async fn revoke(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut world = shared.world();
    match revoke_token(&mut world, query.as_deref(), &headers, &body) {
        Ok(()) => Json(json!({"status": "ok"})).into_response(),
        Err(error) => error.into_response(),
    }
}

fn revoke_token(
    world: &mut World,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), OAuthError> {
    let params = body_params(query, headers, body)?;
    let credentials = Credentials::read(headers, &params)?;
    let app = credentials.app(world)?;
    credentials.require_secret()?;
    if !app.is_approved() {
        return Err(OAuthError::invalid_client(
            app.status.refusal(),
            credentials.via_basic,
        ));
    }
    let access = params
        .get("access_token")
        .ok_or_else(|| OAuthError::new("invalid_request", "access_token is required"))?;
    let Some(token) = world.tokens.find(access) else {
        return Ok(());
    };
    if token.client_id != app.client_id {
        return Err(OAuthError::new(
            "invalid_grant",
            "The token belongs to another application",
        ));
    }
    if !token.is_valid(world.now) {
        return Ok(());
    }
    if token.device_id.is_none() {
        return Err(OAuthError::new(
            "unsupported_token_type",
            "Only tokens issued for a device (with device_id) can be revoked",
        ));
    }
    if !world.revoke_without_effect {
        world.tokens.revoke(access);
    }
    Ok(())
}
