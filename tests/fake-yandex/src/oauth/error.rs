//! The JSON error answer of the OAuth endpoints (`/token`, `/device/code`, `/revoke_token`):
//! `{"error": …, "error_description": …}`, status 400, or 401 when client credentials came in a
//! Basic header and were refused.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
}

impl OAuthError {
    /// A 400 error.
    pub fn new(error: &'static str, description: impl Into<String>) -> OAuthError {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            error,
            description: description.into(),
        }
    }

    /// `invalid_client`: 401 when the credentials came in the Basic header, 400 otherwise.
    pub fn invalid_client(description: impl Into<String>, via_basic: bool) -> OAuthError {
        OAuthError {
            status: if via_basic {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::BAD_REQUEST
            },
            ..OAuthError::new("invalid_client", description)
        }
    }

    /// The two header errors the docs list as codes of their own. INFERRED: status 401, and
    /// the code repeated as the description.
    pub fn bad_authorization_header(error: &'static str) -> OAuthError {
        OAuthError {
            status: StatusCode::UNAUTHORIZED,
            ..OAuthError::new(error, error)
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.error, "error_description": self.description});
        (self.status, Json(body)).into_response()
    }
}
