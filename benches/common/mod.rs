//! Shared by the benchmarks: the test harness (`tests/support`: its world, and its window
//! launcher, which starts any Tauri binary under WebDriver), statistics and their printing, and
//! what the window benchmark measures beyond the harness: process start times and the memory of
//! a process tree, from `/proc`.
//!
//! Like the window and keychain suites, the benchmarks run inside `scripts/test-session`
//! (`scripts/bench` does that): their own D-Bus, gnome-keyring and Xvfb, never yours.
#![allow(dead_code)] // each benchmark uses a different part

#[path = "../../tests/support/mod.rs"]
pub mod support;

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use support::process::{comm, stat_field, tree};

/// A number from the environment (`YATOKEN_BENCH_…`), or `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Milliseconds from a duration.
pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Summary statistics of one measurement, in milliseconds (or any one unit).
pub struct Stats {
    pub n: usize,
    pub median: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
}

impl Stats {
    pub fn of(samples: &[f64]) -> Stats {
        assert!(!samples.is_empty(), "no samples");
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        // Nearest rank: the smallest sample with at least p% of the samples at or below it.
        let rank =
            |p: f64| sorted[((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1];
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Stats {
            n,
            median,
            p95: rank(0.95),
            min: sorted[0],
            max: sorted[n - 1],
        }
    }
}

/// Prints `label  median … p95 … min … max … (n)`, in `unit`.
pub fn report(label: &str, samples: &[f64], unit: &str) {
    let s = Stats::of(samples);
    println!(
        "{label:<58} median {:>9} {unit}  p95 {:>9}  min {:>9}  max {:>9}  (n={})",
        num(s.median),
        num(s.p95),
        num(s.min),
        num(s.max),
        s.n
    );
}

/// Prints one labelled value.
pub fn value(label: &str, text: impl std::fmt::Display) {
    println!("{label:<58} {text}");
}

/// A number with as many decimals as its size deserves.
pub fn num(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

pub fn heading(text: &str) {
    println!("\n== {text}");
}

// ---------------------------------------------------------------------------------------------
// /proc: process start time, the memory of a process tree (the tree itself: support::process)

/// When `pid` started, in milliseconds since the Unix epoch. The kernel keeps the start in clock
/// ticks since boot (10 ms here); the process's age is that against `/proc/uptime`.
pub fn start_epoch_ms(pid: u32) -> f64 {
    let ticks_per_second = 100.0; // USER_HZ; `getconf CLK_TCK` on Linux
    let start_ticks: f64 = stat_field(pid, 22)
        .and_then(|t| t.parse().ok())
        .expect("the process's start time");
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .expect("/proc/uptime")
        .split_whitespace()
        .next()
        .and_then(|t| t.parse().ok())
        .expect("uptime seconds");
    let now = epoch_ms();
    now - (uptime - start_ticks / ticks_per_second) * 1000.0
}

pub fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs_f64()
        * 1000.0
}

/// Proportional set size of one process in KiB (`Pss:` of `/proc/<pid>/smaps_rollup`): its
/// private memory plus its share of what it maps together with others.
pub fn pss_kib(pid: u32) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// PSS of the whole tree under `pid`, in MiB, and per process name.
pub fn tree_pss_mib(pid: u32) -> (f64, Vec<(String, f64)>) {
    let mut total = 0.0;
    let mut parts: Vec<(String, f64)> = Vec::new();
    for p in tree(pid) {
        let Some(kib) = pss_kib(p) else { continue };
        let mib = kib as f64 / 1024.0;
        total += mib;
        let name = comm(p);
        match parts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, sum)) => *sum += mib,
            None => parts.push((name, mib)),
        }
    }
    (total, parts)
}

/// The minimal Tauri app `scripts/bench` builds next to YaToken (`benches/minimal-window`).
pub fn minimal_window_binary() -> PathBuf {
    match std::env::var_os("YATOKEN_BENCH_MINIMAL_WINDOW") {
        Some(path) => PathBuf::from(path),
        None => panic!(
            "set YATOKEN_BENCH_MINIMAL_WINDOW to the built benches/minimal-window binary; \
             scripts/bench builds it and sets it"
        ),
    }
}

/// Points the Secret Service's `default` alias at gnome-keyring's in-memory `session`
/// collection, where a write does not rewrite the keyring file: for benchmarks that must seed
/// thousands of tokens (with the file-backed collection every write rewrites the whole file, so
/// 10,000 take about a quarter of an hour) and then only read them, as YaToken reads from any
/// collection. The session's daemon may still be starting: a few tries.
pub fn keychain_in_memory() {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let out = std::process::Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.SetAlias",
                "string:default",
                "objpath:/org/freedesktop/secrets/collection/session",
            ])
            .output()
            .expect("dbus-send is installed (package dbus)");
        if out.status.success() {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "SetAlias failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
