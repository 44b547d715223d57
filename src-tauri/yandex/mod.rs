//! HTTP calls to Yandex services other than OAuth itself, and how their answers are read.
//!
//! Tokens go in `Authorization` headers only, never in URLs (`reqwest::Error` prints URLs, and
//! this module strips them anyway). Every request has a time limit.

pub mod courier;
pub mod direct;
mod login;
pub mod metrika;

use std::time::Duration;

pub use login::{user_info, InfoError, UserInfo};

use crate::proxy::Route;

/// Per-request limit for every call to Yandex.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The one HTTP client YaToken uses: rustls, time limits, no redirects followed, and exactly
/// the proxies of `route` (see [`crate::proxy`]; the connection time limit is applied there).
pub fn http_client(route: &Route) -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("YaToken/", env!("CARGO_PKG_VERSION")));
    route
        .configure(builder)
        .build()
        .expect("the HTTP client configuration is valid")
}

/// The client and the route it was built for. A new proxy setting replaces both at once, so
/// no connection kept open for the old route is reused.
#[derive(Debug, Clone)]
pub struct Http {
    pub client: reqwest::Client,
    pub route: Route,
}

impl Http {
    pub fn new(route: Route) -> Self {
        Self {
            client: http_client(&route),
            route,
        }
    }
}

/// `GET base/path` with `Authorization: OAuth <token>` (Yandex ID, Metrica, Track & Trace):
/// the status and the body.
pub(crate) async fn get_with_oauth(
    http: &reqwest::Client,
    base: &url::Url,
    path: &str,
    token: &crate::secrets::Secret,
) -> Result<(u16, Vec<u8>), HttpError> {
    let url = base.join(path).expect("a base URL joins a relative path");
    let response = http
        .get(url)
        .header("Authorization", format!("OAuth {}", token.expose()))
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.bytes().await?.to_vec()))
}

/// A request that got no usable HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("Yandex did not answer in time")]
    Timeout,
    #[error("could not reach Yandex: {0}")]
    Network(String),
    /// The connection through the proxy could not be opened: the proxy is down, refused, or
    /// could not reach Yandex itself. `proxy` is `scheme://host:port`, never a password.
    #[error("could not connect through the proxy {proxy}: {detail}")]
    Proxy { proxy: String, detail: String },
}

impl From<reqwest::Error> for HttpError {
    fn from(error: reqwest::Error) -> Self {
        let proxy = crate::proxy::through_proxy(&error);
        if proxy.is_none() && error.is_timeout() {
            return HttpError::Timeout;
        }
        let error = error.without_url();
        let mut text = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            if !crate::proxy::is_tag(cause) {
                text.push_str(": ");
                text.push_str(&cause.to_string());
            }
            source = cause.source();
        }
        match proxy {
            Some(proxy) => HttpError::Proxy {
                proxy: proxy.described(),
                detail: text,
            },
            None => HttpError::Network(text),
        }
    }
}
