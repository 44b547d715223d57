//! Catching the browser's redirect for an app whose Redirect URI is a loopback address
//! (`http://127.0.0.1:PORT/path`): a one-shot listener on that port. It answers the first
//! request for the path with a "you can close this tab" page and closes; anything else gets a
//! 404 and the listener keeps waiting. Dropping it (Cancel, the code pasted instead, the time
//! limit) closes the port at once.
//!
//! The caught address carries the code: it is handed back, never logged.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use url::Url;

/// Whether `url` is a redirect YaToken can catch itself: plain http to a loopback address with
/// an explicit port.
pub fn is_loopback_redirect(url: &Url) -> bool {
    url.scheme() == "http"
        && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
        && url.port().is_some()
}

/// A bound listener for one redirect.
pub struct Loopback {
    listener: TcpListener,
    redirect: Url,
}

/// Why the listener could not start.
#[derive(Debug, thiserror::Error)]
pub enum LoopbackError {
    #[error("{0} is not a loopback address with a port")]
    NotLoopback(Url),
    #[error("cannot listen on port {port}: {source}")]
    Busy {
        port: u16,
        #[source]
        source: std::io::Error,
    },
}

impl Loopback {
    /// Listens on the redirect's port (on the loopback interface only).
    pub async fn bind(redirect: &Url) -> Result<Self, LoopbackError> {
        if !is_loopback_redirect(redirect) {
            return Err(LoopbackError::NotLoopback(redirect.clone()));
        }
        let port = redirect.port().unwrap_or_default();
        let ip = match redirect.host_str() {
            Some("[::1]") => std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
            _ => std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST),
        };
        let listener = TcpListener::bind(SocketAddr::new(ip, port))
            .await
            .map_err(|source| LoopbackError::Busy { port, source })?;
        Ok(Self {
            listener,
            redirect: redirect.clone(),
        })
    }

    /// Waits for the browser's request to the redirect path and returns its full address
    /// (query and all); the browser gets `page` (HTML). The listener closes on return.
    pub async fn catch(self, page: String) -> Url {
        let (sender, mut caught) = mpsc::channel::<Url>(1);
        let page = Arc::new(page);
        let done = Arc::new(Mutex::new(false));
        loop {
            let accepted = tokio::select! {
                accepted = self.listener.accept() => accepted,
                Some(url) = caught.recv() => return url,
            };
            let Ok((stream, _)) = accepted else {
                continue;
            };
            let (sender, page, done) = (sender.clone(), page.clone(), done.clone());
            let redirect = self.redirect.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let answer = answer(&redirect, &request, &page, &done);
                    let sender = sender.clone();
                    async move {
                        let (response, url) = answer;
                        if let Some(url) = url {
                            let _ = sender.send(url).await;
                        }
                        Ok::<_, Infallible>(response)
                    }
                });
                // One answer per connection: nothing stays open after the listener closes.
                let _ = hyper::server::conn::http1::Builder::new()
                    .keep_alive(false)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    }
}

/// The response to one request, and the redirect address when it is the one awaited.
fn answer(
    redirect: &Url,
    request: &Request<Incoming>,
    page: &str,
    done: &Mutex<bool>,
) -> (Response<Full<Bytes>>, Option<Url>) {
    let target = request.uri();
    let wanted = request.method() == hyper::Method::GET
        && target.path().trim_end_matches('/') == redirect.path().trim_end_matches('/');
    let mut first = done.lock().unwrap_or_else(|p| p.into_inner());
    if !wanted || *first {
        return (plain(StatusCode::NOT_FOUND, "Not found"), None);
    }
    *first = true;
    let mut url = redirect.clone();
    url.set_query(target.query());
    let response = Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .header("referrer-policy", "no-referrer")
        .body(Full::new(Bytes::from(page.to_string())))
        .expect("a valid response");
    (response, Some(url))
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "text/plain; charset=utf-8")
        .body(Full::new(Bytes::from_static(text.as_bytes())))
        .expect("a valid response")
}

/// The page the browser shows once YaToken has the answer.
pub fn closing_page(title: &str, message: &str) -> String {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font:16px system-ui,sans-serif;display:grid;place-items:center;\
         min-height:90vh;margin:0}}main{{max-width:28em;text-align:center}}</style></head>\
         <body><main><h1>{title}</h1><p>{message}</p></main></body></html>",
        title = escape(title),
        message = escape(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http_with_a_port_is_caught() {
        let ok = |u: &str| is_loopback_redirect(&Url::parse(u).unwrap());
        assert!(ok("http://127.0.0.1:8765/callback"));
        assert!(ok("http://localhost:8765/"));
        assert!(ok("http://[::1]:8765/cb"));
        assert!(!ok("http://127.0.0.1/callback"));
        assert!(!ok("https://127.0.0.1:8765/callback"));
        assert!(!ok("http://10.0.0.1:8765/callback"));
        assert!(!ok("https://oauth.yandex.com/verification_code"));
    }

    async fn get(port: u16, target: &str) -> (u16, String) {
        let response = reqwest::get(format!("http://127.0.0.1:{port}{target}"))
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    #[tokio::test]
    async fn answers_the_redirect_once_and_closes() {
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().port()
        };
        let redirect = Url::parse(&format!("http://127.0.0.1:{port}/callback")).unwrap();
        let loopback = Loopback::bind(&redirect).await.unwrap();
        let page = closing_page("Done", "You can close this tab.");
        let catching = tokio::spawn(loopback.catch(page));
        assert_eq!(get(port, "/favicon.ico").await.0, 404);
        let (status, body) = get(port, "/callback?code=1234567&state=abc").await;
        assert_eq!(status, 200);
        assert!(body.contains("You can close this tab."));
        let caught = tokio::time::timeout(std::time::Duration::from_secs(5), catching)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(caught.query(), Some("code=1234567&state=abc"));
        // Gone: nothing listens on the port any more.
        let refused = tokio::net::TcpStream::connect(("127.0.0.1", port)).await;
        assert!(refused.is_err(), "the listener is closed");
    }

    #[tokio::test]
    async fn a_busy_port_is_named() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let redirect = Url::parse(&format!("http://127.0.0.1:{port}/cb")).unwrap();
        match Loopback::bind(&redirect).await {
            Err(LoopbackError::Busy { port: named, .. }) => assert_eq!(named, port),
            other => panic!("expected Busy, got {:?}", other.map(|_| ())),
        }
    }
}
