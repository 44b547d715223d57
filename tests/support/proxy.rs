//! A small proxy on 127.0.0.1 for the proxy suite, so tests can tell what went through a proxy.
//!
//! One port speaks both HTTP proxying and SOCKS5 (told apart by the first byte):
//! - absolute-form requests (`GET http://127.0.0.1:PORT/info HTTP/1.1`): forwarded with
//!   `Connection: close`, so every request arrives on its own connection and is seen;
//! - `CONNECT host:port`: tunnelled, or answered 502 when the target cannot be reached;
//! - SOCKS5 `CONNECT` without authentication (an IPv4 address or a name).
//!
//! It records the target of each before forwarding it. Plain blocking threads, so it works from
//! sync and async tests alike; dropping it stops accepting.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One thing the proxy was asked to do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seen {
    /// `GET http://127.0.0.1:PORT/path?query`: the method and the absolute target.
    Http(String),
    /// `CONNECT host:port`.
    Connect(String),
    /// A SOCKS5 connection to `host:port`.
    Socks(String),
}

pub struct TestProxy {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl TestProxy {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the test proxy");
        let port = listener.local_addr().expect("its address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, stopped) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let log = log.clone();
                std::thread::spawn(move || {
                    let _ = serve(client, &log);
                });
            }
        });
        Self { port, seen, stop }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT`, for the setting or `*_PROXY`.
    pub fn http_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn socks_url(&self) -> String {
        format!("socks5://127.0.0.1:{}", self.port)
    }

    /// Everything seen so far, in arrival order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The absolute-form requests seen, as `METHOD URL`.
    pub fn requests(&self) -> Vec<String> {
        self.seen()
            .into_iter()
            .filter_map(|s| match s {
                Seen::Http(request) => Some(request),
                _ => None,
            })
            .collect()
    }
}

impl Drop for TestProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// A local port nothing listens on: a proxy that is down.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

fn serve(mut client: TcpStream, log: &Mutex<Vec<Seen>>) -> std::io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut first = [0u8; 1];
    client.peek(&mut first)?;
    if first[0] == 5 {
        return socks5(client, log);
    }
    let (head, rest) = read_head(&mut client)?;
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (method, target, version) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or("HTTP/1.1"),
    );
    if method == "CONNECT" {
        log.lock().unwrap().push(Seen::Connect(target.to_string()));
        let Some(upstream) = connect(target) else {
            client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")?;
            return Ok(());
        };
        client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
        return pipe(client, upstream, &rest);
    }
    log.lock()
        .unwrap()
        .push(Seen::Http(format!("{method} {target}")));
    let Some(after_scheme) = target.strip_prefix("http://") else {
        client.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")?;
        return Ok(());
    };
    let (authority, path) = match after_scheme.find('/') {
        Some(slash) => after_scheme.split_at(slash),
        None => (after_scheme, "/"),
    };
    let authority = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let Some(mut upstream) = connect(&authority) else {
        client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")?;
        return Ok(());
    };
    let mut forwarded = format!("{method} {path} {version}\r\n");
    for line in lines.filter(|l| !l.is_empty()) {
        let name = line
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !matches!(
            name.as_str(),
            "connection" | "proxy-connection" | "keep-alive" | "proxy-authorization"
        ) {
            forwarded.push_str(line);
            forwarded.push_str("\r\n");
        }
    }
    forwarded.push_str("Connection: close\r\n\r\n");
    upstream.write_all(forwarded.as_bytes())?;
    pipe(client, upstream, &rest)
}

/// The request head (up to the blank line) and whatever was read past it.
fn read_head(client: &mut TcpStream) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buffer.split_off(end + 4);
            buffer.truncate(end);
            return Ok((buffer, rest));
        }
        let n = client.read(&mut chunk)?;
        if n == 0 || buffer.len() > 64 * 1024 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

fn socks5(mut client: TcpStream, log: &Mutex<Vec<Seen>>) -> std::io::Result<()> {
    let mut greeting = [0u8; 2];
    client.read_exact(&mut greeting)?;
    let mut methods = vec![0u8; usize::from(greeting[1])];
    client.read_exact(&mut methods)?;
    client.write_all(&[5, 0])?;
    let mut request = [0u8; 4];
    client.read_exact(&mut request)?;
    let host = match request[3] {
        1 => {
            let mut ip = [0u8; 4];
            client.read_exact(&mut ip)?;
            std::net::Ipv4Addr::from(ip).to_string()
        }
        3 => {
            let mut len = [0u8; 1];
            client.read_exact(&mut len)?;
            let mut name = vec![0u8; usize::from(len[0])];
            client.read_exact(&mut name)?;
            String::from_utf8_lossy(&name).into_owned()
        }
        _ => return Ok(()),
    };
    let mut port = [0u8; 2];
    client.read_exact(&mut port)?;
    let target = format!("{host}:{}", u16::from_be_bytes(port));
    log.lock().unwrap().push(Seen::Socks(target.clone()));
    let Some(upstream) = connect(&target) else {
        client.write_all(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0])?;
        return Ok(());
    };
    client.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0])?;
    pipe(client, upstream, &[])
}

fn connect(target: &str) -> Option<TcpStream> {
    let address = target.to_socket_addrs().ok()?.next()?;
    TcpStream::connect_timeout(&address, Duration::from_secs(5)).ok()
}

/// Copies both ways until either side is done; `early` is what the client sent past its head.
fn pipe(client: TcpStream, mut upstream: TcpStream, early: &[u8]) -> std::io::Result<()> {
    upstream.write_all(early)?;
    let (mut client_in, mut upstream_out) = (client.try_clone()?, upstream.try_clone()?);
    let up = std::thread::spawn(move || {
        let _ = std::io::copy(&mut client_in, &mut upstream_out);
        let _ = upstream_out.shutdown(Shutdown::Write);
    });
    let (mut upstream_in, mut client_out) = (upstream, client);
    let _ = std::io::copy(&mut upstream_in, &mut client_out);
    let _ = client_out.shutdown(Shutdown::Both);
    let _ = up.join();
    Ok(())
}
