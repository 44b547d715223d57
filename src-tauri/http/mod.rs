//! The HTTP layer under every call to Yandex: one client with time limits, no redirects
//! followed and exactly the proxies of the route in force, at most [`REQUESTS_PER_HOST`]
//! requests in flight to each Yandex host ([`hosts`]), the one reader of answers
//! ([`read_capped`]: never more than a cap in memory), and what a request that got no usable
//! answer means ([`HttpError`]). What the answers mean is for `oauth/` and `yandex/`.

mod hosts;

use std::sync::Arc;
use std::time::Duration;

pub use hosts::{HostLimits, REQUESTS_PER_HOST};

use crate::proxy::Route;

/// Per-request limit for every call to Yandex: from connecting to the last byte of the answer
/// (reqwest's total timeout also bounds reading the body), so an answer that trickles in
/// forever ends too.
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
    pub client: Client,
    pub route: Route,
}

impl Http {
    /// A client for `route` whose requests wait their turn in `hosts`.
    pub fn new(route: Route, accept_language: &str, hosts: Arc<HostLimits>) -> Self {
        Self {
            client: Client::new(http_client(&route, accept_language), hosts),
            route,
        }
    }
}

/// The client every call to Yandex goes through: [`fetch`](Self::fetch) sends a request in
/// its host's turn ([`HostLimits`]) and reads its answer with [`read_capped`].
#[derive(Debug, Clone)]
pub struct Client {
    inner: reqwest::Client,
    hosts: Arc<HostLimits>,
}

impl Client {
    pub fn new(inner: reqwest::Client, hosts: Arc<HostLimits>) -> Self {
        Self { inner, hosts }
    }

    /// A GET to send with [`fetch`](Self::fetch).
    pub fn get(&self, url: url::Url) -> reqwest::RequestBuilder {
        self.inner.get(url)
    }

    /// A POST to send with [`fetch`](Self::fetch).
    pub fn post(&self, url: url::Url) -> reqwest::RequestBuilder {
        self.inner.post(url)
    }

    /// Sends `request` once its host has a free turn, and reads the answer (at most `cap`
    /// bytes). The turn is held for this request only; [`REQUEST_TIMEOUT`] counts from sending,
    /// not from waiting for the turn.
    pub async fn fetch(
        &self,
        request: reqwest::RequestBuilder,
        cap: usize,
    ) -> Result<Answer, HttpError> {
        let request = request.build()?;
        let _turn = self.hosts.permit(request.url()).await;
        let response = self.inner.execute(request).await?;
        let headers = response.headers().clone();
        let (status, body) = read_capped(response, cap).await?;
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

/// A plain client with turns of its own (a test of the device flow, say).
impl From<reqwest::Client> for Client {
    fn from(inner: reqwest::Client) -> Self {
        Self::new(inner, Arc::default())
    }
}

/// An answer read whole: its status, headers and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
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
    /// The answer was longer than any real one (`cap` bytes, see [`crate::limits`]): reading
    /// stopped there and nothing of it is used.
    #[error("Yandex sent an answer over {}", crate::limits::size(*cap))]
    TooLarge { cap: usize },
}

/// The status and body of `response`, never holding more than `cap` bytes of it: an answer
/// that says it is longer is refused before reading, and one that turns out longer (with no
/// length given, or a wrong one) is refused as soon as it passes the cap. Every answer from
/// Yandex is read here ([`Client::fetch`]).
pub async fn read_capped(
    mut response: reqwest::Response,
    cap: usize,
) -> Result<(u16, Vec<u8>), HttpError> {
    let status = response.status().as_u16();
    let announced = response.content_length();
    if announced.is_some_and(|length| length > cap as u64) {
        return Err(HttpError::TooLarge { cap });
    }
    let mut body = Vec::with_capacity(announced.map_or(0, |length| length as usize));
    while let Some(chunk) = response.chunk().await? {
        if chunk.len() > cap - body.len() {
            return Err(HttpError::TooLarge { cap });
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, body))
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

#[cfg(test)]
mod tests;
