//! The HTTP layer under every call to Yandex: one client with time limits, no redirects
//! followed and exactly the proxies of the route in force, the one reader of answers
//! ([`read_capped`]: never more than a cap in memory), and what a request that got no usable
//! answer means ([`HttpError`]). What the answers mean is for `oauth/` and `yandex/`.

use std::time::Duration;

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
    /// The answer was longer than any real one (`cap` bytes, see [`crate::limits`]): reading
    /// stopped there and nothing of it is used.
    #[error("Yandex sent an answer over {}", crate::limits::size(*cap))]
    TooLarge { cap: usize },
}

/// The status and body of `response`, never holding more than `cap` bytes of it: an answer
/// that says it is longer is refused before reading, and one that turns out longer (with no
/// length given, or a wrong one) is refused as soon as it passes the cap. Every caller that
/// reads an answer from Yandex reads it here.
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
mod tests {
    use std::time::{Duration, Instant};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// How the one-request server below sends its body after `head`.
    #[derive(Clone, Copy)]
    enum Body {
        /// This many bytes, at once.
        Bytes(usize),
        /// 16 KiB chunks until the client goes away.
        Endless,
        /// One byte every 50 ms until the client goes away.
        Trickle,
        /// Nothing more, and the connection held open.
        Nothing,
    }

    /// A server on 127.0.0.1 that answers one request with `head` and `body`; its address.
    async fn serve(head: &'static str, body: Body) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request).await;
            stream.write_all(head.as_bytes()).await.unwrap();
            let chunk = vec![b'a'; 16 * 1024];
            match body {
                Body::Bytes(n) => {
                    let _ = stream.write_all(&vec![b'a'; n]).await;
                }
                Body::Endless => while stream.write_all(&chunk).await.is_ok() {},
                Body::Trickle => loop {
                    if stream.write_all(b"a").await.is_err() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                },
                Body::Nothing => std::future::pending::<()>().await,
            }
        });
        format!("http://{address}/")
    }

    async fn read(url: &str, client: &reqwest::Client, cap: usize) -> Result<usize, HttpError> {
        let response = client.get(url).send().await.map_err(HttpError::from)?;
        read_capped(response, cap).await.map(|(_, body)| body.len())
    }

    const LENGTH_1000: &str = "HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n";
    const CHUNKED: &str = "HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n";

    #[tokio::test]
    async fn an_answer_within_the_cap_is_read_whole() {
        let url = serve(LENGTH_1000, Body::Bytes(1000)).await;
        assert_eq!(read(&url, &reqwest::Client::new(), 1000).await, Ok(1000));
    }

    #[tokio::test]
    async fn an_answer_announced_over_the_cap_is_refused_before_its_body() {
        let head = "HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\n\r\n";
        let url = serve(head, Body::Nothing).await;
        let client = reqwest::Client::new();
        let read = tokio::time::timeout(Duration::from_secs(5), read(&url, &client, 1000));
        assert_eq!(read.await, Ok(Err(HttpError::TooLarge { cap: 1000 })));
    }

    #[tokio::test]
    async fn an_endless_answer_without_a_length_stops_at_the_cap() {
        let url = serve(CHUNKED, Body::Endless).await;
        let client = reqwest::Client::new();
        let read = tokio::time::timeout(Duration::from_secs(5), read(&url, &client, 64 * 1024));
        assert_eq!(read.await, Ok(Err(HttpError::TooLarge { cap: 64 * 1024 })));
        let error = HttpError::TooLarge { cap: 64 * 1024 };
        assert_eq!(error.to_string(), "Yandex sent an answer over 64 KiB");
    }

    #[tokio::test]
    async fn the_total_timeout_also_ends_an_answer_that_trickles_forever() {
        // REQUEST_TIMEOUT relies on this: reqwest's total timeout covers reading the body.
        let url = serve(CHUNKED, Body::Trickle).await;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(500))
            .build()
            .unwrap();
        let started = Instant::now();
        assert_eq!(
            read(&url, &client, 1024 * 1024).await,
            Err(HttpError::Timeout)
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        let built = http_client(&Route::direct(), "en");
        assert!(format!("{built:?}").contains(&format!("{REQUEST_TIMEOUT:?}")));
    }
}
