//! The network side: a listener per service on a background thread with its own tokio runtime, and
//! the path every request takes before a service sees it: record it, count it in flight,
//! wait the scripted latency, then meet a scripted fault (an error page, a hang, a dropped
//! connection, a huge or trickling answer made up in `stream.rs`) or go on to the service.
//!
//! Connections are served with hyper directly (not `axum::serve`) so that a `Drop` fault can
//! close the TCP connection with no response at all. Dropping the server drops the runtime,
//! which closes every connection, hanging ones included.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use std::thread::JoinHandle;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};
use tower::ServiceExt;

use crate::fault::{proxy_page, FaultKind, Service};
use crate::recording::RecordedRequest;
use crate::stream::Generated;
use crate::world::Shared;
use crate::{courier, direct, login, metrika, oauth, passport, social, sso};

pub(crate) struct Server {
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    pub fn spawn(shared: Arc<Shared>, listeners: Vec<(Service, std::net::TcpListener)>) -> Server {
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("fake-yandex".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("fake-yandex: cannot build a tokio runtime");
                runtime.block_on(async move {
                    for (service, listener) in listeners {
                        let listener = TcpListener::from_std(listener)
                            .expect("fake-yandex: cannot adopt a listener");
                        tokio::spawn(accept(
                            listener,
                            service,
                            shared.clone(),
                            router(service, shared.clone()),
                        ));
                    }
                    let _ = stopped.await;
                });
                drop(runtime);
            })
            .expect("fake-yandex: cannot start its thread");
        Server {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn router(service: Service, shared: Arc<Shared>) -> Router {
    match service {
        Service::OAuth => oauth::router(shared),
        Service::Login => login::router(shared),
        Service::Direct => direct::router(shared),
        Service::Metrika => metrika::router(shared),
        Service::Courier => courier::router(shared),
        Service::Passport => passport::router(shared),
        Service::Sso => sso::router(shared),
        Service::Social => social::router(shared),
    }
}

async fn accept(listener: TcpListener, service: Service, shared: Arc<Shared>, router: Router) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(connection(stream, service, shared.clone(), router.clone()));
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
        }
    }
}

async fn connection(stream: TcpStream, service: Service, shared: Arc<Shared>, router: Router) {
    let _ = stream.set_nodelay(true);
    let abort = Arc::new(Notify::new());
    let handler = {
        let abort = abort.clone();
        hyper::service::service_fn(move |request| {
            handle(
                request,
                service,
                shared.clone(),
                router.clone(),
                abort.clone(),
            )
        })
    };
    let serving =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), handler);
    tokio::select! {
        _ = serving => {}
        _ = abort.notified() => {}
    }
}

async fn handle(
    request: Request<Incoming>,
    service: Service,
    shared: Arc<Shared>,
    router: Router,
    abort: Arc<Notify>,
) -> Result<Response<Body>, Infallible> {
    let _in_flight = shared.enter(service);
    let (parts, body) = request.into_parts();
    let Ok(body) = body.collect().await.map(|b| b.to_bytes()) else {
        return Ok(plain(
            StatusCode::BAD_REQUEST,
            "cannot read the request body",
        ));
    };
    let latency = {
        let mut world = shared.world();
        world
            .requests
            .push(RecordedRequest::new(service, &parts, &body));
        world.latency
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let fault = shared.world().faults.take(service, parts.uri.path());
    match fault {
        Some(FaultKind::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let page = proxy_page(
                status.as_u16(),
                status.canonical_reason().unwrap_or("Error"),
            );
            let mut response = Response::new(Body::from(page));
            *response.status_mut() = status;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                "text/html".parse().expect("static header"),
            );
            return Ok(response);
        }
        Some(FaultKind::Hang) => return std::future::pending().await,
        Some(FaultKind::Drop) => {
            abort.notify_one();
            return std::future::pending().await;
        }
        Some(FaultKind::Oversized { bytes, announced }) => {
            let body = Generated::padding(shared.clone(), bytes);
            let body = if announced { body.announced() } else { body };
            return Ok(body.into_response());
        }
        Some(FaultKind::Trickle(every)) => {
            return Ok(Generated::trickle(shared.clone(), every).into_response());
        }
        Some(FaultKind::LoseAnswer) | None => {}
    }
    let request = Request::from_parts(parts, Body::from(body));
    let response = match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if fault == Some(FaultKind::LoseAnswer) {
        // The service has done its work; only the answer is lost on the way.
        abort.notify_one();
        return std::future::pending().await;
    }
    Ok(response)
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response
}
