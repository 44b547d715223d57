//! The fake login.yandex.ru: `GET /info`, which tells who a token belongs to.
//!
//! The token comes in `Authorization: OAuth <token>`, or in the insecure `?oauth_token=` that
//! Yandex also accepts; both work here, and the request log lets tests prove the app never
//! uses the second. INFERRED: a missing or bad token is 401 with a plain-text body (the docs
//! do not say), and only `format=json` is served. For hostile tests it can report a user's
//! login padded to an absurd length (`set_absurd_login`), streamed, never held.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

use crate::authorization::{self, Presented};
use crate::stream::Generated;
use crate::world::Shared;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().route("/info", get(info)).with_state(shared)
}

async fn info(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let get = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let format = get("format").unwrap_or_else(|| "json".into());
    if format != "json" {
        return (
            StatusCode::BAD_REQUEST,
            format!("fake-yandex serves only format=json, not {format}"),
        )
            .into_response();
    }
    let token = match authorization::token(&headers, "OAuth") {
        Presented::Token(token) => Some(token),
        Presented::Missing => get("oauth_token"),
        Presented::WrongScheme => None,
    };
    let world = shared.world();
    let Some((token, user)) = token.as_deref().and_then(|t| world.holder(t)) else {
        return (StatusCode::UNAUTHORIZED, "401 Unauthorized").into_response();
    };
    let absurd = world.absurd_logins.get(&user.uid).copied();
    let mut answer = json!({
        "id": user.uid,
        "login": user.spec.login,
        "client_id": token.client_id,
        "psuid": psuid(&token.client_id, &user.uid),
    });
    if token.has_scope("login:info") {
        let name = &user.spec.display_name;
        let (first, last) = name.split_once(' ').unwrap_or((name, ""));
        answer["display_name"] = Value::from(name.as_str());
        answer["real_name"] = Value::from(name.as_str());
        answer["first_name"] = Value::from(first);
        answer["last_name"] = Value::from(last);
    }
    if token.has_scope("login:email") {
        let email = format!("{}@yandex.ru", user.spec.login);
        answer["default_email"] = Value::from(email.as_str());
        answer["emails"] = json!([email]);
    }
    if token.has_scope("login:avatar") {
        answer["default_avatar_id"] = Value::from("0/0-0");
        answer["is_avatar_empty"] = Value::from(true);
    }
    match absurd {
        Some(length) => absurd_answer(&shared, answer, length),
        None => Json(answer).into_response(),
    }
}

/// `answer` with its login padded to `length` characters, made up as it is sent.
fn absurd_answer(shared: &Arc<Shared>, mut answer: Value, length: u64) -> Response {
    let login = answer["login"].as_str().unwrap_or_default().to_string();
    let Value::Object(rest) = &mut answer else {
        unreachable!("the answer is an object");
    };
    rest.remove("login");
    let rest = Value::Object(rest.clone()).to_string();
    let prefix = format!("{{\"login\":\"{login}");
    let padding = length.saturating_sub(login.chars().count() as u64);
    let suffix = format!("\",{}", &rest[1..]);
    Generated::new(shared.clone(), prefix, Some(padding), suffix).into_response()
}

/// The app-specific user id: stable for a user within an app, different across apps.
fn psuid(client_id: &str, uid: &str) -> String {
    let digest = Sha256::digest(format!("{client_id}:{uid}").as_bytes());
    format!("1.{}", URL_SAFE_NO_PAD.encode(&digest[..24]))
}
