//! `POST /token`: exchanging a confirmation code, a refresh token or a device code for a token.
//!
//! Parameters must be urlencoded in the body. Errors are JSON with status 400 (401 for refused
//! Basic credentials); INFERRED, since the docs give no statuses for this endpoint.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

use crate::app::AppSpec;
use crate::oauth::code::CODE_LIFETIME;
use crate::oauth::credentials::Credentials;
use crate::oauth::device_id;
use crate::oauth::error::OAuthError;
use crate::oauth::form::Params;
use crate::oauth::scope;
use crate::token::{Grant, IssuedToken};
use crate::world::{Shared, World};

pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut world = shared.world();
    match exchange(&mut world, query.as_deref(), &headers, &body) {
        Ok(answer) => Json(answer).into_response(),
        Err(error) => error.into_response(),
    }
}

/// Parses a request body that must be urlencoded form data, and nothing else.
pub(crate) fn body_params(
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Params, OAuthError> {
    if query.is_some_and(|q| !q.is_empty()) {
        return Err(OAuthError::new(
            "invalid_request",
            "Parameters must be sent in the request body",
        ));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/x-www-form-urlencoded");
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(OAuthError::new(
            "invalid_request",
            "The body must be application/x-www-form-urlencoded",
        ));
    }
    Params::parse(body)
        .map_err(|d| OAuthError::new("invalid_request", format!("Duplicate parameter: {d}")))
}

fn exchange(
    world: &mut World,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Value, OAuthError> {
    let params = body_params(query, headers, body)?;
    let grant_type = params
        .get("grant_type")
        .ok_or_else(|| OAuthError::new("invalid_request", "grant_type is required"))?;
    if !matches!(
        grant_type,
        "authorization_code" | "refresh_token" | "device_code"
    ) {
        return Err(OAuthError::new(
            "unsupported_grant_type",
            format!("Unsupported grant_type: {grant_type}"),
        ));
    }
    let credentials = Credentials::read(headers, &params)?;
    let app = credentials.app(world)?.clone();
    if !app.is_approved() {
        return Err(OAuthError::new("unauthorized_client", app.status.refusal()));
    }
    match grant_type {
        "authorization_code" => authorization_code(world, &app, &credentials, &params),
        "refresh_token" => refresh_token(world, &app, &credentials, &params),
        _ => device_code(world, &app, &credentials, &params),
    }
}

fn authorization_code(
    world: &mut World,
    app: &AppSpec,
    credentials: &Credentials,
    params: &Params,
) -> Result<Value, OAuthError> {
    let code = params
        .get("code")
        .ok_or_else(|| OAuthError::new("invalid_request", "code is required"))?;
    if code.len() != 7 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(OAuthError::new(
            "bad_verification_code",
            "The code must be a 7-digit number",
        ));
    }
    let stored = world
        .codes
        .find(code)
        .filter(|c| c.client_id == app.client_id && !c.used)
        .cloned()
        .ok_or_else(|| OAuthError::new("invalid_grant", "Invalid code"))?;
    if world.now >= stored.issued_at + CODE_LIFETIME {
        return Err(OAuthError::new("invalid_grant", "Code has expired"));
    }
    let verified = match &stored.challenge {
        None => false,
        Some(challenge) => {
            let verifier = params
                .get("code_verifier")
                .ok_or_else(|| OAuthError::new("invalid_grant", "code_verifier is required"))?;
            if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != *challenge {
                return Err(OAuthError::new("invalid_grant", "Invalid code_verifier"));
            }
            true
        }
    };
    if !(verified && app.secretless_pkce) {
        credentials.require_secret()?;
    }
    if scope::check(app, &stored.granted).is_err() {
        return Err(OAuthError::new(
            "invalid_scope",
            "The application's rights changed after the code was issued",
        ));
    }
    let device_id = match stored.device_id.clone() {
        Some(id) => Some(id),
        None => {
            device_id::binding(params.get("device_id"), params.get("device_name"))
                .map_err(|e| OAuthError::new("invalid_request", e))?
                .id
        }
    };
    world.codes.mark_used(code);
    let grant = Grant {
        client_id: app.client_id.clone(),
        uid: stored.uid.clone(),
        scopes: stored.granted.clone(),
        device_id,
    };
    let token = world.tokens.issue(world.now, grant, true);
    Ok(answer(
        &token,
        scope::reported(&stored.granted, &stored.requested),
    ))
}

fn refresh_token(
    world: &mut World,
    app: &AppSpec,
    credentials: &Credentials,
    params: &Params,
) -> Result<Value, OAuthError> {
    let refresh = params
        .get("refresh_token")
        .ok_or_else(|| OAuthError::new("invalid_request", "refresh_token is required"))?;
    credentials.require_secret()?;
    let owner = world
        .tokens
        .find_by_refresh(refresh)
        .filter(|t| t.is_valid(world.now))
        .map(|t| t.client_id.clone())
        .ok_or_else(|| OAuthError::new("invalid_grant", "Invalid refresh token"))?;
    if owner != app.client_id {
        return Err(OAuthError::new(
            "invalid_grant",
            "The refresh token belongs to another application",
        ));
    }
    let token = world
        .tokens
        .rotate(world.now, refresh)
        .ok_or_else(|| OAuthError::new("invalid_grant", "Invalid refresh token"))?;
    Ok(answer(&token, None))
}

fn device_code(
    world: &mut World,
    app: &AppSpec,
    credentials: &Credentials,
    params: &Params,
) -> Result<Value, OAuthError> {
    let code = params
        .get("code")
        .ok_or_else(|| OAuthError::new("invalid_request", "code is required"))?;
    credentials.require_secret()?;
    let grant = world.device_codes.poll(world.now, code, &app.client_id)?;
    let token = world.tokens.issue(world.now, grant, true);
    Ok(answer(&token, None))
}

fn answer(token: &IssuedToken, scope: Option<String>) -> Value {
    let mut answer = json!({
        "token_type": "bearer",
        "access_token": token.access_token,
        "expires_in": token.expires_in,
        "refresh_token": token.refresh_token,
    });
    if let Some(scope) = scope {
        answer["scope"] = Value::String(scope);
    }
    answer
}
