//! The device flow: `POST /device/code` hands a device a code pair, a person confirms the
//! `user_code` on `/device` (or a test scripts it), and the device polls `/token` with
//! `grant_type=device_code`.
//!
//! INFERRED: polling faster than `interval` is not punished (the docs name no error) unless a
//! test asks for it ([`crate::FakeYandex::set_device_polling`]): then it answers `slow_down`, as
//! RFC 8628 does and careful clients expect. A denied code answers `access_denied`, and the
//! RFC 8628 `urn:ietf:…:device_code` grant is not accepted.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::sync::Arc;

use crate::mint;
use crate::oauth::credentials::Credentials;
use crate::oauth::device_id::{self, DeviceBinding};
use crate::oauth::error::OAuthError;
use crate::oauth::grant::body_params;
use crate::oauth::pages;
use crate::oauth::scope;
use crate::token::Grant;
use crate::world::Shared;

/// The code pair's lifetime, as in the documented example (the text says 10 minutes).
pub(crate) const DEVICE_CODE_LIFETIME: u64 = 300;
pub(crate) const POLL_INTERVAL: u64 = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DeviceState {
    Pending,
    Approved { uid: String },
    Denied,
    Consumed,
}

#[derive(Debug, Clone)]
pub(crate) struct DeviceCode {
    pub device_code: String,
    pub user_code: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub device: DeviceBinding,
    pub issued_at: u64,
    pub state: DeviceState,
    /// When the device last polled, in real time (polling pace is not on the fake clock).
    pub last_poll: Option<std::time::Instant>,
}

#[derive(Debug)]
pub(crate) struct DeviceCodes {
    codes: Vec<DeviceCode>,
    /// The `interval` the answer to `/device/code` advertises, seconds.
    pub interval: u64,
    /// Polls of one code closer together than this answer `slow_down`; `None`: never.
    pub slow_down_below: Option<std::time::Duration>,
}

impl Default for DeviceCodes {
    fn default() -> Self {
        Self {
            codes: Vec::new(),
            interval: POLL_INTERVAL,
            slow_down_below: None,
        }
    }
}

impl DeviceCodes {
    /// The pending, unexpired code a person typed (case and surrounding spaces ignored).
    pub fn pending_mut(&mut self, now: u64, user_code: &str) -> Option<&mut DeviceCode> {
        let typed = user_code.trim().to_lowercase();
        self.codes.iter_mut().find(|c| {
            c.user_code == typed
                && c.state == DeviceState::Pending
                && now < c.issued_at + DEVICE_CODE_LIFETIME
        })
    }

    /// One poll from the device.
    pub fn poll(
        &mut self,
        now: u64,
        device_code: &str,
        client_id: &str,
    ) -> Result<Grant, OAuthError> {
        let code = self
            .codes
            .iter_mut()
            .find(|c| c.device_code == device_code && c.client_id == client_id)
            .ok_or_else(|| OAuthError::new("invalid_grant", "Invalid device code"))?;
        if now >= code.issued_at + DEVICE_CODE_LIFETIME {
            return Err(OAuthError::new("invalid_grant", "Code has expired"));
        }
        let polled = std::time::Instant::now();
        let previous = code.last_poll.replace(polled);
        if let (Some(previous), Some(minimum)) = (previous, self.slow_down_below) {
            if polled.duration_since(previous) < minimum {
                return Err(OAuthError::new("slow_down", "Polling too frequently"));
            }
        }
        match std::mem::replace(&mut code.state, DeviceState::Consumed) {
            DeviceState::Approved { uid } => Ok(Grant {
                client_id: code.client_id.clone(),
                uid,
                scopes: code.scopes.clone(),
                device_id: code.device.id.clone(),
            }),
            DeviceState::Pending => {
                code.state = DeviceState::Pending;
                Err(OAuthError::new(
                    "authorization_pending",
                    "User has not yet authorized your application",
                ))
            }
            DeviceState::Denied => {
                code.state = DeviceState::Denied;
                Err(OAuthError::new("access_denied", "User denied access"))
            }
            DeviceState::Consumed => Err(OAuthError::new("invalid_grant", "Invalid device code")),
        }
    }
}

/// `POST /device/code`.
pub(crate) async fn request_code(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut world = shared.world();
    let result = (|| {
        let params = body_params(query.as_deref(), &headers, &body)?;
        if params.get("client_id").is_none()
            && !headers.contains_key(axum::http::header::AUTHORIZATION)
        {
            return Err(OAuthError::new("invalid_request", "client_id is required"));
        }
        let credentials = Credentials::read(&headers, &params)?;
        let app = credentials.app(&world)?.clone();
        if !app.is_approved() {
            return Err(OAuthError::new("unauthorized_client", app.status.refusal()));
        }
        let device = device_id::binding(params.get("device_id"), params.get("device_name"))
            .map_err(|e| OAuthError::new("invalid_request", e))?;
        let wanted = scope::parse(params.get("scope"));
        let optional = scope::parse(params.get("optional_scope"));
        for list in [&wanted, &optional] {
            scope::check(&app, list).map_err(|s| {
                OAuthError::new("invalid_scope", format!("The app has no right {s}"))
            })?;
        }
        let mut user_code = mint::user_code();
        while world
            .device_codes
            .codes
            .iter()
            .any(|c| c.user_code == user_code)
        {
            user_code = mint::user_code();
        }
        let code = DeviceCode {
            device_code: mint::device_code(),
            user_code,
            client_id: app.client_id.clone(),
            scopes: scope::requested(&app, &wanted, &optional),
            device,
            issued_at: world.now,
            state: DeviceState::Pending,
            last_poll: None,
        };
        let answer = json!({
            "device_code": code.device_code,
            "user_code": code.user_code,
            "verification_url": format!("{}/device", world.urls.oauth),
            "interval": world.device_codes.interval,
            "expires_in": DEVICE_CODE_LIFETIME,
        });
        world.device_codes.codes.push(code);
        Ok(answer)
    })();
    match result {
        Ok(answer) => Json(answer).into_response(),
        Err(error) => error.into_response(),
    }
}

/// `GET /device`, optionally with `?user_code=` prefilled.
pub(crate) async fn show(RawQuery(query): RawQuery) -> Response {
    let user_code = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(n, _)| n == "user_code")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    pages::device(&user_code, "", None)
}

/// `POST /device/confirm`.
pub(crate) async fn confirm(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let get = |name: &str| {
        form.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let (user_code, login, allow) = (get("user_code"), get("login"), get("decision") == "allow");
    let mut world = shared.world();
    let uid = world.users.find(&login).map(|u| u.uid.clone());
    let now = world.now;
    let Some(code) = world.device_codes.pending_mut(now, &user_code) else {
        return pages::device(
            &user_code,
            &login,
            Some("This code is wrong or has expired."),
        );
    };
    if !allow {
        code.state = DeviceState::Denied;
        return pages::device_done(false);
    }
    match uid {
        Some(uid) => {
            code.state = DeviceState::Approved { uid };
            pages::device_done(true)
        }
        None => pages::device(
            &user_code,
            &login,
            Some(&format!(
                "There is no account with the login \u{201c}{login}\u{201d}."
            )),
        ),
    }
}
