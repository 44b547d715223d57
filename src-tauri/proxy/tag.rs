//! Telling which proxy a failed connection went through: every connection the client opens is
//! wrapped, and a failure carries the route, so the message can name the proxy.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Proxy, Route, CONNECT_TIMEOUT};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Wraps every connection the client opens: a time limit, and on failure a `ConnectFailed`
/// carrying the route, so the error can say which proxy did not answer.
#[derive(Clone)]
pub(super) struct TagConnectFailures {
    pub(super) route: Route,
}

impl<S> tower_layer::Layer<S> for TagConnectFailures {
    type Service = Tagged<S>;

    fn layer(&self, inner: S) -> Tagged<S> {
        Tagged {
            inner,
            route: self.route.clone(),
        }
    }
}

#[derive(Clone)]
pub(super) struct Tagged<S> {
    inner: S,
    route: Route,
}

impl<S, R> tower_service::Service<R> for Tagged<S>
where
    S: tower_service::Service<R, Error = BoxError>,
    S::Future: Send + 'static,
    S::Response: 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        let connecting = self.inner.call(request);
        let route = self.route.clone();
        Box::pin(async move {
            let outcome = match tokio::time::timeout(CONNECT_TIMEOUT, connecting).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Box::new(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "connection timed out",
                )) as BoxError),
            };
            outcome.map_err(|source| Box::new(ConnectFailed { route, source }) as BoxError)
        })
    }
}

/// A connection that could not be opened, with the route it was opened on.
#[derive(Debug)]
pub(crate) struct ConnectFailed {
    route: Route,
    source: BoxError,
}

impl fmt::Display for ConnectFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not connect")
    }
}

impl std::error::Error for ConnectFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// The proxy a failed request went through, when it failed because the connection through it
/// (to the proxy, or the proxy's own to Yandex) could not be opened.
pub(crate) fn through_proxy(error: &reqwest::Error) -> Option<Proxy> {
    let url = error.url()?;
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(failed) = cause.downcast_ref::<ConnectFailed>() {
            return failed.route.proxy_for(url).cloned();
        }
        source = cause.source();
    }
    None
}

/// Whether `cause` is the tag added by this module (left out of error texts).
pub(crate) fn is_tag(cause: &(dyn std::error::Error + 'static)) -> bool {
    cause.is::<ConnectFailed>()
}
