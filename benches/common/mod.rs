//! Shared by the benchmarks: the test harness (`tests/support`, read-only here), statistics and
//! their printing, and what the window benchmark needs beyond the harness: any Tauri binary
//! under WebDriver, process start times and the memory of a process tree, all from `/proc`.
//!
//! Like the window and keychain suites, the benchmarks run inside `scripts/test-session`
//! (`scripts/bench` does that): their own D-Bus, gnome-keyring and Xvfb, never yours.
#![allow(dead_code)] // each benchmark uses a different part

#[path = "../../tests/support/mod.rs"]
pub mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fantoccini::Client;

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
// /proc: process start time, process trees, memory

/// The parent of `pid`, from `/proc/<pid>/stat`.
pub fn parent_of(pid: u32) -> Option<u32> {
    stat_field(pid, 4)?.parse().ok()
}

/// Field `n` (1-based, as in proc(5)) of `/proc/<pid>/stat`.
fn stat_field(pid: u32, n: usize) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid ...": comm may contain spaces, so count from after the ')'.
    let rest = stat.rsplit_once(')')?.1;
    rest.split_whitespace().nth(n - 3).map(str::to_string)
}

pub fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .expect("/proc")
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
        .collect()
}

/// `pid` and every process below it.
pub fn tree(pid: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for p in all_pids() {
        if let Some(parent) = parent_of(p) {
            children.entry(parent).or_default().push(p);
        }
    }
    let mut found = vec![pid];
    let mut at = 0;
    while at < found.len() {
        if let Some(kids) = children.get(&found[at]) {
            found.extend(kids);
        }
        at += 1;
    }
    found
}

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

// ---------------------------------------------------------------------------------------------
// Any Tauri binary under WebDriver

const WAIT: Duration = Duration::from_secs(30);

/// A Tauri app started by its own tauri-driver, as the window suites start YaToken, but for any
/// binary (the harness's `AppWindow` is YaToken's alone).
pub struct Window {
    pub client: Client,
    pub pid: u32,
    driver: Child,
}

impl Window {
    pub async fn launch(binary: &Path, env: &[(String, String)]) -> Window {
        support::session();
        let binary = binary
            .canonicalize()
            .unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
        let port = support::free_port();
        let driver = Command::new("tauri-driver")
            .args(["--port", &port.to_string()])
            .args(["--native-port", &support::free_port().to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env_remove("YATOKEN_PROFILE")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver is installed (scripts/install-deps --test installs it)");
        let client = support::connect_to(port, &binary).await;
        let pid = tree(driver.id())
            .into_iter()
            .find(|p| std::fs::read_link(format!("/proc/{p}/exe")).ok().as_ref() == Some(&binary))
            .unwrap_or_else(|| panic!("no {} under tauri-driver", binary.display()));
        Window {
            client,
            pid,
            driver,
        }
    }

    /// Waits until the page has set the performance mark `name`.
    pub async fn wait_mark(&self, name: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let found = self
                .client
                .execute(
                    "return performance.getEntriesByName(arguments[0]).length > 0;",
                    vec![name.into()],
                )
                .await
                .expect("read the page's marks");
            if found.as_bool() == Some(true) {
                return;
            }
            assert!(Instant::now() < deadline, "the page never set {name}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The page's clock: when navigation started (epoch ms), and when each of `marks`, the DOM
    /// content and the load event happened (ms after that).
    pub async fn page_times(&self, marks: &[&str]) -> PageTimes {
        let value = self
            .client
            .execute(
                "const nav = performance.getEntriesByType('navigation')[0] || {}; \
                 return { origin: performance.timeOrigin, \
                          dcl: nav.domContentLoadedEventEnd || null, \
                          marks: arguments[0].map(n => { \
                            const e = performance.getEntriesByName(n)[0]; \
                            return e ? e.startTime : null; }) };",
                vec![serde_json::json!(marks)],
            )
            .await
            .expect("read the page's timing");
        PageTimes {
            origin: value["origin"].as_f64().expect("timeOrigin"),
            dom_content_loaded: value["dcl"].as_f64(),
            marks: value["marks"]
                .as_array()
                .expect("marks")
                .iter()
                .map(|m| m.as_f64().expect("the mark was set"))
                .collect(),
        }
    }

    /// Ends the WebDriver session (which closes the app), stops tauri-driver with SIGTERM (a
    /// killed one orphans WebKitWebDriver) and waits until the app's processes are gone.
    pub async fn quit(mut self) {
        let tree = tree(self.pid);
        let _ = self.client.clone().close().await;
        self.stop_driver();
        let deadline = Instant::now() + Duration::from_secs(15);
        while tree
            .iter()
            .any(|p| Path::new(&format!("/proc/{p}")).exists())
        {
            if Instant::now() > deadline {
                eprintln!("warning: processes of the closed window still run: {tree:?}");
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn stop_driver(&mut self) {
        support::stop_driver(&mut self.driver);
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        self.stop_driver();
    }
}

pub struct PageTimes {
    /// `performance.timeOrigin`: navigation start, epoch ms.
    pub origin: f64,
    /// `domContentLoadedEventEnd`, ms after `origin`.
    pub dom_content_loaded: Option<f64>,
    /// The marks asked for, ms after `origin`.
    pub marks: Vec<f64>,
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
