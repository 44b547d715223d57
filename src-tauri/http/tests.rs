//! The HTTP layer against one-request servers on 127.0.0.1: the capped reader, the time limit,
//! and the per-host limit of requests in flight.

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

#[tokio::test]
async fn a_host_gets_at_most_its_turns_and_other_hosts_are_not_held_up() {
    let hosts = HostLimits::new(2);
    let url = |s: &str| url::Url::parse(s).unwrap();
    let wait = Duration::from_millis(100);
    let first = hosts
        .permit(&url("https://api.direct.yandex.com/json/v5/clients"))
        .await;
    let _second = hosts
        .permit(&url("https://api.direct.yandex.com/json/v5/agencyclients"))
        .await;
    let direct = url("https://api.direct.yandex.com/json/v5/clients");
    let mut third = std::pin::pin!(hosts.permit(&direct));
    assert!(
        tokio::time::timeout(wait, &mut third).await.is_err(),
        "a third request to the same host waits"
    );
    for other in [
        "https://login.yandex.ru/info",
        "https://api.direct.yandex.com:8443/",
    ] {
        let turn = tokio::time::timeout(wait, hosts.permit(&url(other))).await;
        assert!(turn.is_ok(), "{other} is another host: not held up");
    }
    drop(first);
    let turn = tokio::time::timeout(Duration::from_secs(5), third).await;
    assert!(turn.is_ok(), "a turn let go goes to the one waiting");
}

/// A server on 127.0.0.1 answering every request after 100 ms (one per connection); its
/// address, and the most requests it had open at once.
async fn serve_slowly() -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (open, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let most = peak.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (open, peak) = (open.clone(), peak.clone());
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request).await;
                peak.fetch_max(open.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(100)).await;
                open.fetch_sub(1, Ordering::SeqCst);
                let answer = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok";
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    (format!("http://{address}/"), most)
}

#[tokio::test]
async fn every_fetch_waits_for_a_turn_of_its_host() {
    let (url, peak) = serve_slowly().await;
    let client = Client::new(reqwest::Client::new(), Arc::new(HostLimits::new(2)));
    let url = url::Url::parse(&url).unwrap();
    let fetches = (0..6).map(|_| client.fetch(client.get(url.clone()), 1024));
    let answers = futures_util::future::join_all(fetches).await;
    assert!(answers.iter().all(|a| a
        .as_ref()
        .is_ok_and(|a| (a.status, &a.body[..]) == (200, b"ok"))));
    assert_eq!(peak.load(std::sync::atomic::Ordering::SeqCst), 2);
}
