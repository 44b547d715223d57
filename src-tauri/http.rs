//! The HTTP layer under every call to Yandex: one client with time limits, no redirects
//! followed and exactly the proxies of the route in force, and what a request that got no
//! usable answer means ([`HttpError`]). What the answers mean is for `oauth/` and `yandex/`.

use std::time::Duration;

use crate::proxy::Route;

/// Per-request limit for every call to Yandex.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The one HTTP client YaToken uses: rustls, time limits, no redirects followed, and exactly
/// the proxies of `route` (see [`crate::proxy`]; the connection time limit is applied there).
///
/// Requests say which language answers should be in (`accept_language`, a language code):
/// Direct writes its error texts in it.
pub fn http_client(route: &Route, accept_language: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Ok(value) = reqwest::header::HeaderValue::from_str(accept_language) {
        headers.insert(reqwest::header::ACCEPT_LANGUAGE, value);
    }
    let builder = reqwest::Client::builder()
        .default_headers(headers)
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
    pub fn new(route: Route, accept_language: &str) -> Self {
        Self {
            client: http_client(&route, accept_language),
            route,
        }
    }
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
