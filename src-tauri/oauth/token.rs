//! Calls to Yandex OAuth's `/token` and `/revoke_token`. Secrets travel only in form bodies,
//! never in URLs; error answers are read from the JSON body whatever the HTTP status.

use serde_json::Value;
use url::Url;

use crate::http::{Client, HttpError};
use crate::secrets::Secret;

/// The app a token belongs to, with its secret when the user stored one.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    pub client_id: String,
    pub secret: Option<Secret>,
}

impl ClientCredentials {
    pub(super) fn append_to(&self, form: &mut Vec<(&'static str, String)>) {
        form.push(("client_id", self.client_id.clone()));
        if let Some(secret) = &self.secret {
            form.push(("client_secret", secret.expose().to_string()));
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenResponse {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub expires_in: Option<u64>,
    /// Present only when fewer rights were granted than requested.
    pub scope: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    /// Yandex answered with an OAuth error code (`invalid_grant`, `invalid_client`, ...).
    #[error("Yandex OAuth refused the request: {code}{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Refused {
        code: String,
        description: Option<String>,
        status: u16,
    },
    #[error(transparent)]
    Http(#[from] HttpError),
    #[error("Yandex OAuth gave an answer YaToken does not understand (HTTP {status})")]
    Unexpected { status: u16 },
}

impl OAuthError {
    pub fn code(&self) -> Option<&str> {
        match self {
            OAuthError::Refused { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// `grant_type=authorization_code`, with the PKCE verifier and the secret when there is one.
pub async fn exchange_code(
    http: &Client,
    oauth_base: &Url,
    code: &Secret,
    verifier: &Secret,
    credentials: &ClientCredentials,
) -> Result<TokenResponse, OAuthError> {
    let mut form = vec![
        ("grant_type", "authorization_code".to_string()),
        ("code", code.expose().to_string()),
        ("code_verifier", verifier.expose().to_string()),
    ];
    credentials.append_to(&mut form);
    token_request(http, oauth_base, form).await
}

/// `grant_type=refresh_token`: a new access token and a new refresh token.
pub async fn refresh(
    http: &Client,
    oauth_base: &Url,
    refresh_token: &Secret,
    credentials: &ClientCredentials,
) -> Result<TokenResponse, OAuthError> {
    let mut form = vec![
        ("grant_type", "refresh_token".to_string()),
        ("refresh_token", refresh_token.expose().to_string()),
    ];
    credentials.append_to(&mut form);
    token_request(http, oauth_base, form).await
}

/// `POST /revoke_token`. Works only for device-bound tokens and needs the client secret;
/// Yandex answers `unsupported_token_type` otherwise.
pub async fn revoke(
    http: &Client,
    oauth_base: &Url,
    access_token: &Secret,
    credentials: &ClientCredentials,
) -> Result<(), OAuthError> {
    let mut form = vec![("access_token", access_token.expose().to_string())];
    credentials.append_to(&mut form);
    let (status, body) = post_form(http, oauth_base, "revoke_token", form).await?;
    match body {
        Some(json) if json.get("error").is_some() => Err(refused(status, &json)),
        Some(json) if status == 200 && json.get("status").and_then(Value::as_str) == Some("ok") => {
            Ok(())
        }
        _ => Err(OAuthError::Unexpected { status }),
    }
}

pub(super) async fn token_request(
    http: &Client,
    oauth_base: &Url,
    form: Vec<(&'static str, String)>,
) -> Result<TokenResponse, OAuthError> {
    let (status, body) = post_form(http, oauth_base, "token", form).await?;
    read_token_answer(status, body)
}

/// What `/token` answered, from its status and its body as JSON (`None`: not JSON).
pub fn read_token_answer(status: u16, body: Option<Value>) -> Result<TokenResponse, OAuthError> {
    let Some(json) = body else {
        return Err(OAuthError::Unexpected { status });
    };
    if json.get("error").is_some() {
        return Err(refused(status, &json));
    }
    let text = |key: &str| {
        json.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let Some(access_token) = text("access_token") else {
        return Err(OAuthError::Unexpected { status });
    };
    Ok(TokenResponse {
        access_token: Secret::new(access_token),
        refresh_token: text("refresh_token").map(Secret::new),
        expires_in: json.get("expires_in").and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        }),
        scope: text("scope").map(|s| crate::limits::scope_list(&s)),
    })
}

pub(super) async fn post_form(
    http: &Client,
    oauth_base: &Url,
    path: &str,
    form: Vec<(&'static str, String)>,
) -> Result<(u16, Option<Value>), OAuthError> {
    let url = oauth_base
        .join(path)
        .expect("a base URL joins a relative path");
    let request = http.post(url).form(&form);
    let answer = http.fetch(request, crate::limits::OAUTH_ANSWER).await?;
    Ok((answer.status, serde_json::from_slice(&answer.body).ok()))
}

/// An OAuth error answer, its code and wording cut to [`crate::limits`].
pub(super) fn refused(status: u16, json: &Value) -> OAuthError {
    use crate::limits::{clip, CODE_CHARS, MESSAGE_CHARS};
    let field = |key: &str| json.get(key).and_then(Value::as_str);
    OAuthError::Refused {
        code: clip(field("error").unwrap_or_default(), CODE_CHARS),
        description: field("error_description").map(|d| clip(d, MESSAGE_CHARS)),
        status,
    }
}
