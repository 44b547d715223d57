//! One keychain write and one read against gnome-keyring, through the app's own
//! `yatoken::secrets::Keychain` over the Secret Service (D-Bus), in a keyring holding one item and
//! again holding 1,000. Run by `scripts/bench` (inside `scripts/test-session`: a fresh unlocked
//! gnome-keyring of its own).
//!
//! Environment: YATOKEN_BENCH_KEYCHAIN_ITERATIONS (reads and writes per case; default 200).

mod common;

use std::sync::Arc;
use std::time::Instant;

use common::support;
use common::*;
use yatoken::secrets::{Keychain, Secret, SystemStore};

const FILL: usize = 1000;

/// A value shaped like a Yandex OAuth token (58 characters); not a real one.
fn token(n: usize) -> Secret {
    Secret::new(format!("y0_bench{n:050}"))
}

async fn read_and_write(keychain: &Keychain, iterations: usize, label: &str) {
    let key = "bench/probe";
    let mut writes = Vec::new();
    for n in 0..iterations {
        let started = Instant::now();
        keychain.persist(key, token(n)).await.expect("write");
        writes.push(ms(started.elapsed()));
    }
    let mut reads = Vec::new();
    for _ in 0..iterations {
        let started = Instant::now();
        let read = keychain.retrieve(key).await.expect("read");
        reads.push(ms(started.elapsed()));
        assert!(read.is_some());
    }
    report(
        &format!("write (replace one secret), {label}"),
        &writes,
        "ms",
    );
    report(&format!("read one secret, {label}"), &reads, "ms");
}

#[tokio::main]
async fn main() {
    support::session();
    let iterations = env_number("YATOKEN_BENCH_KEYCHAIN_ITERATIONS", 200);
    let service = format!("yatoken-{}", support::unique_profile("bench"));
    let keychain = Keychain::new(service, Arc::new(SystemStore));

    heading(
        "Keychain: gnome-keyring through the Secret Service (D-Bus), Keychain::persist / retrieve",
    );
    let started = Instant::now();
    keychain
        .persist("bench/first", token(0))
        .await
        .expect("the first write");
    value(
        "first write (connects to the Secret Service)",
        format!("{} ms", num(ms(started.elapsed()))),
    );
    let started = Instant::now();
    keychain.retrieve("bench/first").await.expect("first read");
    value("first read", format!("{} ms", num(ms(started.elapsed()))));

    read_and_write(&keychain, iterations, "keyring of 2 items").await;

    let mut adds = Vec::new();
    for n in 2..FILL {
        let started = Instant::now();
        keychain
            .persist(&format!("bench/fill-{n:04}"), token(n))
            .await
            .expect("add an item");
        adds.push(ms(started.elapsed()));
    }
    report(
        &format!("write (add a new secret) while filling to {FILL} items"),
        &adds,
        "ms",
    );
    read_and_write(&keychain, iterations, &format!("keyring of {FILL} items")).await;
}
