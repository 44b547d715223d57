//! `GET /authorize` and the consent step behind it.
//!
//! Bad parameters get an HTML error page (status 400) and no redirect. A blocked or unmoderated
//! app is redirected with `unauthorized_client`. Otherwise a scripted sign-in decides at once,
//! or the consent page waits for a person (or a WebDriver test) to click. The answer goes to the
//! redirect URI: in the fragment for `response_type=token`, in the query for `code`.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use crate::app::AppSpec;
use crate::mint;
use crate::oauth::code::AuthCode;
use crate::oauth::device_id::{self, DeviceBinding};
use crate::oauth::form::Params;
use crate::oauth::pages::{self, Consent};
use crate::oauth::scope;
use crate::oauth::sign_in::Decision;
use crate::token::Grant;
use crate::world::{Shared, World};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResponseType {
    Token,
    Code,
}

/// A validated authorize request.
#[derive(Debug, Clone)]
pub(crate) struct AuthorizeRequest {
    pub response_type: ResponseType,
    pub client_id: String,
    pub device: DeviceBinding,
    /// The effective redirect: the requested one if registered exactly, else the first.
    pub redirect_uri: String,
    pub login_hint: Option<String>,
    pub scope: Vec<String>,
    pub optional_scope: Vec<String>,
    pub force_confirm: bool,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    /// The parameters as sent, carried through the consent form.
    pub params: Params,
}

impl AuthorizeRequest {
    /// Validates the parameters; `Err` is the message for the 400 page.
    pub fn parse(world: &World, params: Params) -> Result<AuthorizeRequest, String> {
        let response_type = match params.get("response_type") {
            Some("token") => ResponseType::Token,
            Some("code") => ResponseType::Code,
            Some(other) => return Err(format!("Unsupported response_type: {other}")),
            None => return Err("response_type is required".into()),
        };
        let client_id = params.get("client_id").ok_or("client_id is required")?;
        let app = world
            .apps
            .get(client_id)
            .ok_or_else(|| format!("Client not found: {client_id}"))?;
        let device = device_id::binding(params.get("device_id"), params.get("device_name"))?;
        let state = params.get("state").map(str::to_string);
        if state.as_ref().is_some_and(|s| s.chars().count() > 1024) {
            return Err("state must be at most 1024 characters".into());
        }
        let scope = scope::parse(params.get("scope"));
        let optional_scope = scope::parse(params.get("optional_scope"));
        for list in [&scope, &optional_scope] {
            scope::check(app, list)
                .map_err(|s| format!("invalid_scope: the app has no right {s}"))?;
        }
        let redirect_uri = match params.get("redirect_uri") {
            Some(uri) if app.redirect_uris.iter().any(|r| r == uri) => uri.to_string(),
            _ => app.default_redirect_uri().to_string(),
        };
        let code_challenge = pkce_challenge(&params, response_type)?;
        let force_confirm = matches!(params.get("force_confirm"), Some("yes" | "true" | "1"));
        Ok(AuthorizeRequest {
            response_type,
            client_id: client_id.to_string(),
            device,
            redirect_uri,
            login_hint: params.get("login_hint").map(str::to_string),
            scope,
            optional_scope,
            force_confirm,
            state,
            code_challenge,
            params,
        })
    }

    pub fn requested(&self, app: &AppSpec) -> Vec<String> {
        scope::requested(app, &self.scope, &self.optional_scope)
    }

    /// The 302 to the redirect URI carrying `answer`.
    fn redirect(&self, answer: &[(&str, &str)]) -> Response {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in answer {
            query.append_pair(name, value);
        }
        let query = query.finish();
        let base = self.redirect_uri.split('#').next().unwrap_or_default();
        let location = match self.response_type {
            ResponseType::Token => format!("{base}#{query}"),
            ResponseType::Code if base.contains('?') => format!("{base}&{query}"),
            ResponseType::Code => format!("{base}?{query}"),
        };
        (
            StatusCode::FOUND,
            [
                (header::LOCATION, location),
                (header::CACHE_CONTROL, "no-store".into()),
            ],
        )
            .into_response()
    }

    /// An error redirect. `access_denied` in a fragment carries no description (as documented);
    /// everything else does.
    pub fn error_redirect(&self, error: &str, description: &str) -> Response {
        let mut answer = vec![("error", error)];
        if self.response_type == ResponseType::Code || error != "access_denied" {
            answer.push(("error_description", description));
        }
        if let Some(state) = &self.state {
            answer.push(("state", state));
        }
        self.redirect(&answer)
    }
}

/// INFERRED: only S256 is accepted, only with `response_type=code`, and challenge and method
/// must come together; a challenge must look like RFC 7636's (43–128 characters).
fn pkce_challenge(params: &Params, response_type: ResponseType) -> Result<Option<String>, String> {
    let challenge = params.get("code_challenge");
    let method = params.get("code_challenge_method");
    if challenge.is_none() && method.is_none() {
        return Ok(None);
    }
    if response_type != ResponseType::Code {
        return Err("code_challenge is only supported with response_type=code".into());
    }
    let challenge = challenge.ok_or("code_challenge is required with code_challenge_method")?;
    match method {
        Some("S256") => {}
        Some(other) => return Err(format!("Unsupported code_challenge_method: {other}")),
        None => return Err("code_challenge_method is required (S256)".into()),
    }
    let well_formed = (43..=128).contains(&challenge.len())
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    if !well_formed {
        return Err("code_challenge is malformed".into());
    }
    Ok(Some(challenge.to_string()))
}

/// `GET /authorize`.
pub(crate) async fn show(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = query.unwrap_or_default();
    let params = match Params::parse(query.as_bytes()) {
        Ok(params) => params,
        Err(duplicate) => {
            return pages::error(
                StatusCode::BAD_REQUEST,
                &format!("Duplicate parameter: {duplicate}"),
            )
        }
    };
    let mut world = shared.world();
    let request = match AuthorizeRequest::parse(&world, params) {
        Ok(request) => request,
        Err(message) => return pages::error(StatusCode::BAD_REQUEST, &message),
    };
    let app = &world.apps[&request.client_id];
    if !app.is_approved() {
        return request.error_redirect("unauthorized_client", app.status.refusal());
    }
    if let Some(detour) = detour(&world, &query, &headers) {
        return detour;
    }
    if let Some(script) = world.sign_ins.pop_front() {
        let mut request = request;
        if let Some(state) = script.forged_state {
            request.state = Some(state);
        }
        return decide(
            &mut world,
            &request,
            Some(&script.uid),
            script.decision,
            script.granted,
        );
    }
    let signed_in = world
        .sessions
        .user(cookie(&headers))
        .and_then(|uid| world.users.by_uid(uid))
        .map(|u| u.spec.login.clone());
    let prefill = request.login_hint.clone().or_else(|| signed_in.clone());
    let subframe = subframe(&mut world, &request);
    pages::consent(&Consent {
        request: &request,
        app: &world.apps[&request.client_id],
        signed_in: signed_in.as_deref(),
        prefill: prefill.as_deref().unwrap_or(""),
        message: None,
        social: &world.urls.social,
        download: world.consent_download,
        subframe: subframe.as_deref(),
    })
}

/// Where a real sign-in goes before the consent page, when a test asks for it: the captcha
/// (a 302 with `X-Yandex-Captcha`, until the `spravka` cookie says it was passed), then the
/// hops across passport and sso (until the sync cookie is there). Each comes back here.
fn detour(world: &World, query: &str, headers: &HeaderMap) -> Option<Response> {
    use crate::passport::{found, with_retpath, SPRAVKA};
    let here = format!("{}/authorize?{query}", world.urls.oauth);
    let passed = crate::cookie::get(headers, SPRAVKA).is_some_and(|s| world.spravki.contains(&s));
    if world.captcha.is_some() && !passed {
        let captcha = with_retpath(&format!("{}/showcaptcha", world.urls.passport), &here);
        let mut response = found(&captcha, None);
        response.headers_mut().insert(
            "x-yandex-captcha",
            "captcha".parse().expect("a header value"),
        );
        return Some(response);
    }
    let synced = crate::cookie::get(headers, crate::sso::SYNC_COOKIE).is_some();
    if world.sign_in_hops && !synced {
        let hop = with_retpath(&format!("{}/auth", world.urls.passport), &here);
        return Some(found(&hop, None));
    }
    None
}

/// The `verification_code` address, with a live token of the login a test named and this
/// request's `state`, that a subframe of the consent page opens: what only the main frame may
/// end a sign-in with.
fn subframe(world: &mut World, request: &AuthorizeRequest) -> Option<String> {
    let login = world.consent_subframe.clone()?;
    let uid = world.user(&login).uid.clone();
    let grant = Grant {
        client_id: request.client_id.clone(),
        uid,
        scopes: request.requested(&world.apps[&request.client_id]),
        device_id: None,
    };
    let token = world.tokens.issue(world.now, grant, false);
    let mut answer = form_urlencoded::Serializer::new(String::new());
    answer
        .append_pair("access_token", &token.access_token)
        .append_pair("token_type", "bearer")
        .append_pair("expires_in", &token.expires_in.to_string());
    if let Some(state) = &request.state {
        answer.append_pair("state", state);
    }
    Some(format!(
        "{}/verification_code#{}",
        world.urls.oauth,
        answer.finish()
    ))
}

/// `POST /authorize/confirm`: the consent form's answer.
pub(crate) async fn confirm(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut login = String::new();
    let mut social_ticket = None;
    let mut decision = None;
    let mut optional_granted = Vec::new();
    let mut original = Vec::new();
    for (name, value) in form_urlencoded::parse(&body).into_owned() {
        match name.as_str() {
            "login" => login = value.trim().to_string(),
            "social_ticket" => social_ticket = Some(value),
            "decision" => decision = Some(value),
            "grant" => optional_granted.push(value),
            _ => original.push((name, value)),
        }
    }
    let params = match Params::from_pairs(original) {
        Ok(params) => params,
        Err(duplicate) => {
            return pages::error(
                StatusCode::BAD_REQUEST,
                &format!("Duplicate parameter: {duplicate}"),
            )
        }
    };
    let mut world = shared.world();
    let request = match AuthorizeRequest::parse(&world, params) {
        Ok(request) => request,
        Err(message) => return pages::error(StatusCode::BAD_REQUEST, &message),
    };
    let app = &world.apps[&request.client_id];
    if !app.is_approved() {
        return request.error_redirect("unauthorized_client", app.status.refusal());
    }
    let uid = match &social_ticket {
        // A ticket signs in once, as the social network's popup handed it over.
        Some(ticket) => world.social_tickets.remove(ticket),
        None => world.users.find(&login).map(|u| u.uid.clone()),
    };
    if decision.as_deref() == Some("deny") {
        return decide(&mut world, &request, uid.as_deref(), Decision::Deny, None);
    }
    let Some(uid) = uid else {
        let message = if social_ticket.is_some() {
            "The sign-in through the social network expired. Try again.".to_string()
        } else if login.is_empty() {
            "Enter a login.".to_string()
        } else {
            format!("There is no account with the login \u{201c}{login}\u{201d}.")
        };
        let signed_in = world
            .sessions
            .user(cookie(&headers))
            .and_then(|uid| world.users.by_uid(uid))
            .map(|u| u.spec.login.clone());
        return pages::consent(&Consent {
            request: &request,
            app: &world.apps[&request.client_id],
            signed_in: signed_in.as_deref(),
            prefill: &login,
            message: Some(&message),
            social: &world.urls.social,
            download: false,
            subframe: None,
        });
    };
    let granted = (!request.optional_scope.is_empty()).then(|| {
        let mut granted = request.scope.clone();
        granted.extend(optional_granted);
        granted
    });
    decide(&mut world, &request, Some(&uid), Decision::Allow, granted)
}

/// Answers the request for this user. The user signed in before deciding, so a known user
/// gets a session cookie either way (INFERRED for Deny).
pub(crate) fn decide(
    world: &mut World,
    request: &AuthorizeRequest,
    uid: Option<&str>,
    decision: Decision,
    granted: Option<Vec<String>>,
) -> Response {
    let session = uid.map(|uid| world.sessions.open(uid));
    let mut response = match (decision, uid) {
        (Decision::Allow, Some(uid)) => allow(world, request, uid, granted),
        _ => request.error_redirect("access_denied", "User denied access"),
    };
    if let Some(cookie) = session.and_then(|c| c.parse().ok()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

fn allow(
    world: &mut World,
    request: &AuthorizeRequest,
    uid: &str,
    granted: Option<Vec<String>>,
) -> Response {
    let app = &world.apps[&request.client_id];
    let requested = request.requested(app);
    let granted: Vec<String> = match granted {
        Some(allowed) => requested
            .iter()
            .filter(|s| allowed.contains(s))
            .cloned()
            .collect(),
        None => requested.clone(),
    };
    let reported_scope = scope::reported(&granted, &requested);
    let state = request.state.clone();
    let cid = mint::cid();
    match request.response_type {
        ResponseType::Token => {
            let grant = Grant {
                client_id: request.client_id.clone(),
                uid: uid.to_string(),
                scopes: granted,
                device_id: request.device.id.clone(),
            };
            let token = world.tokens.issue(world.now, grant, false);
            let expires_in = token.expires_in.to_string();
            let mut answer = vec![
                ("access_token", token.access_token.as_str()),
                ("token_type", "bearer"),
                ("expires_in", expires_in.as_str()),
            ];
            if let Some(state) = &state {
                answer.push(("state", state));
            }
            if let Some(scope) = &reported_scope {
                answer.push(("scope", scope));
            }
            answer.push(("cid", &cid));
            request.redirect(&answer)
        }
        ResponseType::Code => {
            let code = world.codes.insert(AuthCode {
                code: mint::confirmation_code(),
                client_id: request.client_id.clone(),
                uid: uid.to_string(),
                requested,
                granted,
                device_id: request.device.id.clone(),
                challenge: request.code_challenge.clone(),
                issued_at: world.now,
                used: false,
            });
            let mut answer = vec![("code", code.as_str())];
            if let Some(state) = &state {
                answer.push(("state", state));
            }
            answer.push(("cid", &cid));
            request.redirect(&answer)
        }
    }
}

fn cookie(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::COOKIE).and_then(|v| v.to_str().ok())
}
