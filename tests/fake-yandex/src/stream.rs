//! Answers made up as they are sent: a body of a gigabyte, one that never ends, one that
//! trickles in a byte at a time. The fake never holds them in memory: each is a JSON prefix,
//! then filler produced chunk by chunk for as long as the client reads, then a suffix. They let
//! the app's tests prove it reads every answer with a cap and a deadline.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, Response};
use hyper::body::{Frame, SizeHint};
use tokio::time::Sleep;

use crate::world::Shared;

/// The filler, sent from this one buffer.
static FILLER: [u8; 64 * 1024] = [b'a'; 64 * 1024];

/// A body of `prefix`, `filler` bytes of `a` (`None`: forever), then `suffix`.
pub(crate) struct Generated {
    prefix: Option<Bytes>,
    filler: Option<u64>,
    suffix: Option<Bytes>,
    /// One filler byte per this long, instead of as fast as the client reads.
    trickle: Option<Duration>,
    sleep: Option<Pin<Box<Sleep>>>,
    /// Whether the length is announced (`Content-Length`) or left open (chunked).
    announced: bool,
    shared: Arc<Shared>,
}

impl Generated {
    pub fn new(
        shared: Arc<Shared>,
        prefix: impl Into<Bytes>,
        filler: Option<u64>,
        suffix: impl Into<Bytes>,
    ) -> Generated {
        Generated {
            prefix: Some(prefix.into()),
            filler,
            suffix: Some(suffix.into()),
            trickle: None,
            sleep: None,
            announced: false,
            shared,
        }
    }

    /// `{"padding":"aaa…"}`, `bytes` long in all (a little longer when `bytes` is tiny).
    pub fn padding(shared: Arc<Shared>, bytes: u64) -> Generated {
        let (prefix, suffix) = (&b"{\"padding\":\""[..], &b"\"}"[..]);
        let filler = bytes.saturating_sub((prefix.len() + suffix.len()) as u64);
        Generated::new(shared, prefix, Some(filler), suffix)
    }

    /// `{"padding":"` and then one `a` every `every`, forever.
    pub fn trickle(shared: Arc<Shared>, every: Duration) -> Generated {
        Generated {
            trickle: Some(every),
            ..Generated::new(shared, &b"{\"padding\":\""[..], None, &b""[..])
        }
    }

    /// Says its length up front (`Content-Length`).
    pub fn announced(self) -> Generated {
        Generated {
            announced: true,
            ..self
        }
    }

    /// A 200 JSON answer with this body.
    pub fn into_response(self) -> Response<Body> {
        let mut response = Response::new(Body::new(self));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            "application/json".parse().expect("static header"),
        );
        response
    }

    fn send(&mut self, bytes: Bytes) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.shared.count_generated(bytes.len());
        Poll::Ready(Some(Ok(Frame::data(bytes))))
    }
}

impl hyper::body::Body for Generated {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if let Some(prefix) = this.prefix.take() {
            return this.send(prefix);
        }
        if this.filler == Some(0) {
            return match this.suffix.take() {
                Some(suffix) if !suffix.is_empty() => this.send(suffix),
                _ => Poll::Ready(None),
            };
        }
        let chunk = match this.trickle {
            Some(every) => {
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(every)));
                if sleep.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                this.sleep = None;
                1
            }
            None => this
                .filler
                .map_or(FILLER.len() as u64, |left| left.min(FILLER.len() as u64)),
        };
        if let Some(left) = &mut this.filler {
            *left -= chunk;
        }
        this.send(Bytes::from_static(&FILLER[..chunk as usize]))
    }

    fn is_end_stream(&self) -> bool {
        self.prefix.is_none() && self.filler == Some(0) && self.suffix.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        let fixed = |b: &Option<Bytes>| b.as_ref().map_or(0, |b| b.len() as u64);
        match self.filler {
            Some(filler) if self.announced => {
                SizeHint::with_exact(fixed(&self.prefix) + filler + fixed(&self.suffix))
            }
            _ => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::World;
    use http_body_util::BodyExt;
    use hyper::body::Body as _;

    fn shared() -> Arc<Shared> {
        Arc::new(Shared::new(World::new(crate::world::Urls::unused())))
    }

    #[tokio::test]
    async fn padding_is_exactly_as_long_as_asked_and_valid_json() {
        let shared = shared();
        let body = Generated::padding(shared.clone(), 200_000).announced();
        assert_eq!(body.size_hint().exact(), Some(200_000));
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(bytes.len(), 200_000);
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json["padding"].as_str().unwrap().len(), 200_000 - 14);
        assert_eq!(shared.generated(), 200_000);
    }

    #[tokio::test]
    async fn an_endless_body_keeps_coming_without_a_length() {
        let mut body = Generated::new(shared(), "{", None, "}");
        assert_eq!(body.size_hint().exact(), None);
        let mut read = 0;
        while read < 10 * 1024 * 1024 {
            let frame = body.frame().await.unwrap().unwrap();
            read += frame.into_data().unwrap().len();
        }
        assert!(!body.is_end_stream());
    }

    #[tokio::test]
    async fn a_trickle_sends_one_byte_per_period() {
        let period = Duration::from_millis(30);
        let mut body = Generated::trickle(shared(), period);
        let prefix = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(&prefix[..], b"{\"padding\":\"");
        let started = std::time::Instant::now();
        for _ in 0..3 {
            let byte = body.frame().await.unwrap().unwrap().into_data().unwrap();
            assert_eq!(&byte[..], b"a");
        }
        assert!(started.elapsed() >= period * 3);
        assert!(!body.is_end_stream());
    }
}
