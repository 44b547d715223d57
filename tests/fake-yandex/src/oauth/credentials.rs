//! Client authentication for `/token` and `/revoke_token`: `Authorization: Basic
//! base64(id:secret)` or `client_id` + `client_secret` in the body. The header wins when both
//! are present (CONFIRMED), and a refusal is 401 only when the header was used.

use axum::http::HeaderMap;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::app::AppSpec;
use crate::oauth::error::OAuthError;
use crate::oauth::form::Params;
use crate::world::World;

#[derive(Debug, Clone)]
pub(crate) struct Credentials {
    pub client_id: String,
    pub secret: Option<String>,
    pub via_basic: bool,
}

impl Credentials {
    /// Reads the credentials. INFERRED: no credentials at all is `invalid_client` (400).
    pub fn read(headers: &HeaderMap, params: &Params) -> Result<Credentials, OAuthError> {
        if let Some(value) = headers.get(axum::http::header::AUTHORIZATION) {
            return basic(value.as_bytes());
        }
        match params.get("client_id") {
            Some(client_id) => Ok(Credentials {
                client_id: client_id.to_string(),
                secret: params.get("client_secret").map(str::to_string),
                via_basic: false,
            }),
            None => Err(OAuthError::invalid_client("client_id is required", false)),
        }
    }

    /// Finds the app and checks the secret if one was given.
    pub fn app<'w>(&self, world: &'w World) -> Result<&'w AppSpec, OAuthError> {
        let app = world
            .apps
            .get(&self.client_id)
            .ok_or_else(|| OAuthError::invalid_client("Client not found", self.via_basic))?;
        match &self.secret {
            Some(secret) if *secret != app.secret => Err(OAuthError::invalid_client(
                "Wrong client secret",
                self.via_basic,
            )),
            _ => Ok(app),
        }
    }

    /// Fails unless a (correct, see [`Credentials::app`]) secret was given.
    pub fn require_secret(&self) -> Result<(), OAuthError> {
        match self.secret {
            Some(_) => Ok(()),
            None => Err(OAuthError::invalid_client(
                "client_secret is required",
                self.via_basic,
            )),
        }
    }
}

fn basic(header: &[u8]) -> Result<Credentials, OAuthError> {
    let header = String::from_utf8_lossy(header);
    let (scheme, encoded) = header.trim().split_once(' ').unwrap_or((header.trim(), ""));
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(OAuthError::bad_authorization_header("Basic auth required"));
    }
    let malformed = || OAuthError::bad_authorization_header("Malformed Authorization header");
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (client_id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    if client_id.is_empty() {
        return Err(malformed());
    }
    Ok(Credentials {
        client_id: client_id.to_string(),
        secret: Some(secret.to_string()),
        via_basic: true,
    })
}
