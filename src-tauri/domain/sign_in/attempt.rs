//! One sign-in attempt, from the authorize URL (in the login window or the system browser) or a
//! device code to the tokens and whose they are; and verifying a token obtained elsewhere
//! before it is imported. Plain Rust: the login window (Tauri) only opens the URL and hands back
//! the redirect; storing the account is `mod.rs`.
//!
//! Never stored silently: a token whose owner is not the login the user hinted at waits in
//! memory ([`Pending`]) for the user's decision, and a redirect whose `state` does not match is
//! dropped.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::accounts::{same_login, Account, App, OAuthHost, Role, SignedIn};
use crate::config::Endpoints;
use crate::error::{Error, OAuthStep};
use crate::http::Client;
use crate::oauth::{
    self, exchange_code, AuthorizeRequest, ClientCredentials, DeviceCode, DeviceError, Flow, Pkce,
    Redirect, RedirectError,
};
use crate::secrets::Secret;
use crate::yandex::{self, UserInfo};

/// What the user asked for in "Add account".
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SignInRequest {
    pub client_id: String,
    #[serde(default)]
    pub login_hint: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    /// A narrower set of the app's rights; `None` or empty asks for all of them.
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
}

/// One sign-in in progress: what the login window (or the system browser) opens, and what
/// checks its answer.
#[derive(Debug)]
pub struct Attempt {
    pub authorize_url: Url,
    /// The `verification_code` pages to catch.
    pub targets: Vec<Url>,
    /// Where Yandex sends the answer: `verification_code`, or a loopback address YaToken
    /// listens on ("sign in in my browser").
    pub redirect_uri: Url,
    state: String,
    pkce: Option<Pkce>,
    app: App,
    request: SignInRequest,
    oauth_base: Url,
    device_id: String,
    device_name: String,
}

impl Attempt {
    /// A sign-in in the login window, with the app's flow.
    pub fn new(
        endpoints: &Endpoints,
        app: App,
        request: SignInRequest,
        device_id: String,
        host_name: &str,
    ) -> Self {
        let flow = app.flow;
        let redirect_uri = endpoints.verification_code_url();
        Self::build(
            endpoints,
            app,
            request,
            (device_id, host_name),
            flow,
            redirect_uri,
        )
    }

    /// A sign-in in the system browser: always the code flow with PKCE (a short code to paste
    /// back, or a loopback `redirect` YaToken listens on), whatever the app's window flow.
    pub fn in_browser(
        endpoints: &Endpoints,
        app: App,
        request: SignInRequest,
        device_id: String,
        host_name: &str,
        redirect: Option<Url>,
    ) -> Self {
        let redirect_uri = redirect.unwrap_or_else(|| endpoints.verification_code_url());
        let device = (device_id, host_name);
        Self::build(
            endpoints,
            app,
            request,
            device,
            Flow::CodePkce,
            redirect_uri,
        )
    }

    fn build(
        endpoints: &Endpoints,
        app: App,
        request: SignInRequest,
        (device_id, host_name): (String, &str),
        flow: Flow,
        redirect_uri: Url,
    ) -> Self {
        let pkce = (flow == Flow::CodePkce).then(Pkce::generate);
        let state = oauth::random_url_safe(24);
        let scope = request
            .scopes
            .clone()
            .filter(|s| !s.is_empty() && *s != app.scopes);
        let oauth_base = match app.host {
            OAuthHost::Com => endpoints.oauth.clone(),
            OAuthHost::Ru => endpoints.oauth_ru.clone(),
        };
        let device_name = oauth::device_name(host_name);
        let authorize = AuthorizeRequest {
            client_id: app.client_id.clone(),
            flow,
            redirect_uri: redirect_uri.clone(),
            device_id: device_id.clone(),
            device_name: device_name.clone(),
            state: state.clone(),
            login_hint: request.login_hint.clone(),
            scope,
            code_challenge: pkce.as_ref().map(|p| p.challenge.clone()),
        };
        Self {
            authorize_url: authorize.url(&oauth_base),
            targets: endpoints.verification_code_urls(),
            redirect_uri,
            state,
            pkce,
            app,
            request,
            oauth_base,
            device_id,
            device_name,
        }
    }

    pub fn client_id(&self) -> &str {
        &self.app.client_id
    }

    /// Turns the caught redirect into tokens: checks `state`, maps Yandex's errors, exchanges a
    /// code at `/token`.
    pub async fn tokens(
        &self,
        http: &Client,
        redirect: Result<Redirect, RedirectError>,
        client_secret: Option<Secret>,
    ) -> Result<oauth::TokenResponse, Error> {
        let redirect = redirect.map_err(|_| Error::RedirectUnreadable)?;
        if redirect.state() != Some(self.state.as_str()) {
            return Err(Error::StateMismatch);
        }
        match redirect {
            Redirect::Error { error, .. } => Err(match error.as_str() {
                "access_denied" => Error::AccessDenied,
                "unauthorized_client" => Error::AppNotApproved,
                _ => Error::SignInRefused { code: error },
            }),
            Redirect::Token {
                access_token,
                expires_in,
                scope,
                ..
            } => Ok(oauth::TokenResponse {
                access_token,
                refresh_token: None,
                expires_in,
                scope,
            }),
            Redirect::Code { code, .. } => {
                let Some(pkce) = &self.pkce else {
                    return Err(Error::RedirectUnreadable);
                };
                let credentials = ClientCredentials {
                    client_id: self.app.client_id.clone(),
                    secret: client_secret,
                };
                exchange_code(http, &self.oauth_base, &code, &pkce.verifier, &credentials)
                    .await
                    .map_err(|error| Error::from_oauth(OAuthStep::SignIn, error))
            }
        }
    }

    /// What the person pasted from the browser: the code Yandex showed, or the whole address of
    /// its page (the answer in the query or the fragment). An address's `state` must be this
    /// sign-in's; a bare code has none to check.
    pub fn pasted(&self, input: &str) -> Result<Redirect, Error> {
        let input = input.trim();
        if let Ok(url) = Url::parse(input) {
            let redirect = oauth::read_redirect(&url).ok_or(Error::PastedUnreadable)?;
            return match redirect.state() {
                Some(state) if state != self.state => Err(Error::StateMismatch),
                Some(_) => Ok(redirect),
                None => Ok(redirect.with_state(&self.state)),
            };
        }
        let plausible = (1..=256).contains(&input.len())
            && input
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c));
        if !plausible {
            return Err(Error::PastedUnreadable);
        }
        Ok(Redirect::Code {
            code: Secret::new(input),
            state: Some(self.state.clone()),
        })
    }

    /// Asks Yandex for a code pair for this app, device and rights ("sign in with a code").
    pub async fn device_code(&self, http: &Client) -> Result<DeviceCode, Error> {
        let scopes = self.request.scopes.clone().unwrap_or_default();
        oauth::request_device_code(
            http,
            &self.oauth_base,
            &self.app.client_id,
            &self.device_id,
            &self.device_name,
            &scopes,
        )
        .await
        .map_err(|error| Error::from_oauth(OAuthStep::SignIn, error))
    }

    /// Waits until the person confirms `code` on Yandex's device page: the tokens, or why not.
    pub async fn device_tokens(
        &self,
        http: &Client,
        code: &DeviceCode,
        client_secret: Option<Secret>,
    ) -> Result<oauth::TokenResponse, Error> {
        let credentials = ClientCredentials {
            client_id: self.app.client_id.clone(),
            secret: client_secret,
        };
        oauth::wait_for_device_token(http, &self.oauth_base, code, &credentials)
            .await
            .map_err(|error| match error {
                DeviceError::SecretNeeded => self.device_needs_secret(),
                DeviceError::Denied => Error::AccessDenied,
                DeviceError::Expired => Error::DeviceCodeExpired,
                DeviceError::OAuth(error) => Error::from_oauth(OAuthStep::SignIn, error),
            })
    }

    /// Yandex answers device polls only with the app's secret.
    pub fn device_needs_secret(&self) -> Error {
        Error::DeviceNeedsSecret {
            app: if self.app.name.is_empty() {
                self.app.client_id.clone()
            } else {
                self.app.name.clone()
            },
        }
    }

    /// The account to store, once `/info` said whose token it is.
    pub fn signed_in(&self, info: UserInfo, tokens: oauth::TokenResponse) -> SignedIn {
        SignedIn {
            info,
            client_id: self.app.client_id.clone(),
            role: self.request.role,
            requested_scopes: self.request.scopes.clone().unwrap_or_default(),
            granted_scopes: tokens.scope,
            device_bound: Some(true),
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            expires_in: tokens.expires_in,
        }
    }

    /// The login the user hinted at, when the token belongs to someone else.
    pub fn hint_mismatch(&self, info: &UserInfo) -> Option<String> {
        let hint = self.request.login_hint.as_deref()?.trim();
        (!hint.is_empty() && !same_login(hint, &info.login)).then(|| hint.to_string())
    }
}

/// The end of a sign-in as the window sees it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignInOutcome {
    Saved {
        account: Box<Account>,
    },
    /// The token belongs to `actual`, not the hinted `expected`; it waits, unsaved, under
    /// `pending` for `confirm_sign_in`.
    WrongAccount {
        pending: String,
        expected: String,
        actual: String,
    },
}

/// Tokens waiting for the user's decision. In memory only; gone when the app closes.
#[derive(Default)]
pub struct Pending {
    waiting: Mutex<HashMap<String, SignedIn>>,
}

impl Pending {
    pub fn park(&self, signed: SignedIn) -> String {
        let id = oauth::random_url_safe(12);
        self.lock().insert(id.clone(), signed);
        id
    }

    pub fn take(&self, id: &str) -> Option<SignedIn> {
        self.lock().remove(id)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SignedIn>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Verifies a token obtained elsewhere with `/info`; YaToken did not see how it was issued, so
/// whether it can be revoked is unknown.
pub async fn verify_import(
    http: &Client,
    endpoints: &Endpoints,
    token: Secret,
    role: Option<Role>,
) -> Result<SignedIn, Error> {
    let token = Secret::new(token.expose().trim());
    if token.expose().is_empty() || token.expose().chars().any(char::is_whitespace) {
        return Err(Error::TokenRejected);
    }
    let info = yandex::user_info(http, endpoints, &token).await?;
    Ok(SignedIn {
        client_id: info.client_id.clone().unwrap_or_default(),
        info,
        role,
        requested_scopes: Vec::new(),
        granted_scopes: None,
        device_bound: None,
        access_token: token,
        refresh_token: None,
        expires_in: None,
    })
}
