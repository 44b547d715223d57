//! One keychain write and one read against gnome-keyring, through the app's own
//! `yatoken::secrets::Keychain` over the Secret Service (D-Bus), in a keyring holding one item and
//! again holding 1,000, and what adding 1,000 tokens (an import's keychain part) costs, split
//! into YaToken's CPU, gnome-keyring's own and waiting. Run by `scripts/bench` (inside
//! `scripts/test-session`: a fresh unlocked gnome-keyring of its own).
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

/// CPU time (user + system) process `pid` has used, ms (proc(5): fields 14 and 15, in ticks
/// of 10 ms).
fn cpu_ms(pid: u32) -> f64 {
    let ticks = |n| {
        support::process::stat_field(pid, n)
            .and_then(|t| t.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(14) + ticks(15)) * 10.0
}

/// The gnome-keyring-daemon of this session: the one whose environment names this bus.
fn keyring_daemon() -> Option<u32> {
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").ok()?;
    let wanted = format!("DBUS_SESSION_BUS_ADDRESS={bus}");
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .find(|pid| {
            support::process::comm(*pid).starts_with("gnome-keyring-d")
                && std::fs::read(format!("/proc/{pid}/environ"))
                    .is_ok_and(|env| env.split(|b| *b == 0).any(|pair| pair == wanted.as_bytes()))
        })
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

    // Importing 1,000 tokens, as far as the keychain goes: 1,000 new items, one after the
    // other, and whose work the time is: YaToken's process, gnome-keyring's own (it re-encrypts
    // and rewrites the whole keyring file on every change), or neither (waiting for the disk's
    // fsync, D-Bus, scheduling).
    let daemon = keyring_daemon();
    let (ours_before, daemon_before) = (cpu_ms(std::process::id()), daemon.map(cpu_ms));
    let filling = Instant::now();
    let mut adds = Vec::new();
    for n in 2..FILL + 2 {
        let started = Instant::now();
        keychain
            .persist(&format!("bench/fill-{n:04}"), token(n))
            .await
            .expect("add an item");
        adds.push(ms(started.elapsed()));
    }
    let wall = ms(filling.elapsed());
    let ours = cpu_ms(std::process::id()) - ours_before;
    report(
        &format!("write (add a new secret) while filling to {FILL} items"),
        &adds,
        "ms",
    );
    heading(&format!("Importing {FILL} tokens: the keychain's part"));
    value("wall time", format!("{} s", num(wall / 1000.0)));
    value(
        "  YaToken's process, CPU",
        format!("{} s", num(ours / 1000.0)),
    );
    match daemon.zip(daemon_before) {
        Some((pid, before)) => {
            let own = cpu_ms(pid) - before;
            value(
                "  gnome-keyring-daemon, CPU",
                format!("{} s", num(own / 1000.0)),
            );
            value(
                "  neither (disk syncs, D-Bus, scheduling)",
                format!("{} s", num((wall - ours - own).max(0.0) / 1000.0)),
            );
        }
        None => panic!("no gnome-keyring-daemon serves this session's bus"),
    }
    read_and_write(&keychain, iterations, &format!("keyring of {FILL} items")).await;
}
