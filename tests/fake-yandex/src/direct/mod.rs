//! The fake api.direct.yandex.com (API v5): Clients.get and AgencyClients.get, enough for a
//! TEST button to tell a dead token (53) from an unapproved app (58), a login without Direct
//! (513) and a role problem (54).
//!
//! Every error comes back with HTTP 200 and `{"error": {...}}` in the body, as real clients
//! observe; only `Authorization: Bearer` is accepted.

pub(crate) mod clients;
pub(crate) mod ledger;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::Arc;

use crate::authorization::{self, Presented};
use crate::mint;
use crate::user::{User, UserKind};
use crate::world::{Shared, World};

/// Units one call costs (INFERRED; real costs vary by method and object count).
const UNITS_PER_CALL: u64 = 10;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/json/v5/clients", post(clients_get))
        .route("/json/v501/clients", post(clients_get))
        .route("/json/v5/agencyclients", post(agency_clients_get))
        .route("/json/v501/agencyclients", post(agency_clients_get))
        .with_state(shared)
}

/// A request-level Direct error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DirectError {
    pub code: u32,
    pub string: &'static str,
    pub detail: String,
}

impl DirectError {
    fn new(code: u32, string: &'static str, detail: impl Into<String>) -> DirectError {
        DirectError {
            code,
            string,
            detail: detail.into(),
        }
    }

    pub fn authorization(detail: &str) -> DirectError {
        DirectError::new(53, "Authorization error", detail)
    }

    pub fn no_rights(detail: impl Into<String>) -> DirectError {
        DirectError::new(54, "No rights", detail)
    }

    pub fn invalid_request(detail: impl Into<String>) -> DirectError {
        DirectError::new(8000, "Invalid request", detail)
    }
}

/// What a successful call returns, and whose units it spent.
pub(crate) struct Success {
    pub result: Value,
    pub units_login: String,
}

/// Whom the token's user acts for in Direct.
pub(crate) enum Role {
    Advertiser {
        account: String,
    },
    Agency {
        agency: String,
        clients: Vec<String>,
    },
}

impl Role {
    fn of(world: &World, user: &User) -> Option<Role> {
        Some(match &user.spec.kind {
            UserKind::Advertiser => Role::Advertiser {
                account: user.spec.login.clone(),
            },
            UserKind::AdvertiserRepresentative { advertiser } => Role::Advertiser {
                account: advertiser.clone(),
            },
            UserKind::Agency { clients } => Role::Agency {
                agency: user.spec.login.clone(),
                clients: clients.clone(),
            },
            UserKind::AgencyRepresentative { agency } => Role::Agency {
                agency: agency.clone(),
                clients: match world.users.find(agency).map(|a| &a.spec.kind) {
                    Some(UserKind::Agency { clients }) => clients.clone(),
                    _ => Vec::new(),
                },
            },
            UserKind::NoDirect => return None,
        })
    }
}

/// The parsed call, after the token checks.
pub(crate) struct Call<'w> {
    pub world: &'w World,
    pub user: &'w User,
    pub role: Role,
    pub client_login: Option<String>,
    pub operator_units: bool,
    pub params: Value,
}

#[derive(Clone, Copy)]
enum Method {
    Clients,
    AgencyClients,
}

async fn clients_get(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(&shared, &headers, &body, Method::Clients)
}

async fn agency_clients_get(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(&shared, &headers, &body, Method::AgencyClients)
}

fn respond(shared: &Shared, headers: &HeaderMap, body: &[u8], method: Method) -> Response {
    let request_id = mint::request_id();
    let mut world = shared.world();
    let outcome = prepare(&world, headers, body).and_then(|call| match method {
        Method::Clients => clients::get(&call),
        Method::AgencyClients => clients::agency_get(&call),
    });
    match outcome {
        Ok(success) => {
            let units = world.direct.spend(&success.units_login, UNITS_PER_CALL);
            (
                [
                    ("RequestId", request_id),
                    ("Units", units),
                    ("Units-Used-Login", success.units_login),
                ],
                Json(json!({"result": success.result})),
            )
                .into_response()
        }
        Err(error) => {
            let body = json!({"error": {
                "request_id": request_id,
                "error_code": error.code,
                "error_string": error.string,
                "error_detail": error.detail,
            }});
            ([("RequestId", request_id)], Json(body)).into_response()
        }
    }
}

fn prepare<'w>(
    world: &'w World,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Call<'w>, DirectError> {
    let token = match authorization::token(headers, "Bearer") {
        Presented::Token(token) => token,
        Presented::Missing => return Err(DirectError::authorization("OAuth token is missing")),
        Presented::WrongScheme => {
            return Err(DirectError::authorization(
                "The Authorization header must be \"Bearer <token>\"",
            ))
        }
    };
    let (token, user) = world
        .holder(&token)
        .ok_or_else(|| DirectError::authorization("Invalid OAuth token"))?;
    if !token.has_scope("direct:api") {
        // INFERRED: a token without the direct:api right is refused like an invalid one.
        return Err(DirectError::authorization(
            "The OAuth token has no direct:api right",
        ));
    }
    if !world
        .apps
        .get(&token.client_id)
        .is_some_and(|a| a.direct_api_approved)
    {
        return Err(DirectError::new(
            58,
            "Incomplete registration",
            "The application's request for API access has not been approved",
        ));
    }
    let role = Role::of(world, user).ok_or_else(|| {
        DirectError::new(
            513,
            "Your login is not connected to Yandex Direct",
            "The user has no Yandex Direct account",
        )
    })?;
    let request: Value = serde_json::from_slice(body)
        .map_err(|_| DirectError::invalid_request("The request body is not valid JSON"))?;
    match request.get("method").and_then(Value::as_str) {
        Some("get") => {}
        Some(other) => {
            return Err(DirectError::invalid_request(format!(
                "Method {other} is not supported by fake-yandex (only get)"
            )))
        }
        None => return Err(DirectError::invalid_request("The method field is required")),
    }
    let params = match request.get("params") {
        Some(params @ Value::Object(_)) => params.clone(),
        _ => {
            return Err(DirectError::invalid_request(
                "The params field must be an object",
            ))
        }
    };
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    Ok(Call {
        world,
        user,
        role,
        client_login: header("Client-Login").map(str::to_string),
        operator_units: header("Use-Operator-Units")
            .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        params,
    })
}
