//! The fake oauth.yandex.com: authorize, consent, token, device flow and revoke.

pub(crate) mod authorize;
pub(crate) mod code;
pub(crate) mod credentials;
pub(crate) mod device;
pub(crate) mod device_id;
pub(crate) mod error;
pub(crate) mod form;
pub(crate) mod grant;
pub(crate) mod pages;
pub(crate) mod revoke;
pub(crate) mod scope;
pub(crate) mod session;
pub(crate) mod sign_in;

use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

use crate::world::Shared;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/authorize", get(authorize::show))
        .route("/authorize/confirm", post(authorize::confirm))
        .route("/verification_code", get(pages::verification_code))
        .route("/download/{name}", get(pages::download))
        .route("/token", post(grant::token))
        .route("/device/code", post(device::request_code))
        .route("/device", get(device::show))
        .route("/device/confirm", post(device::confirm))
        .route("/revoke_token", post(revoke::revoke))
        .with_state(shared)
}
