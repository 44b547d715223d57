//! The window: cold start to the list on screen and the memory of the whole process tree, for
//! YaToken with 1,000 accounts, YaToken with none, and a minimal Tauri window built in the same
//! run; the minimal window and YaToken with 1,000 accounts again on an empty shader cache (a
//! first start on the machine), YaToken with WebKit's compositing forced on and the minimal
//! window with it off; then the goals' ratios (issue 13). (The list's index load, first render
//! and filter keystroke are `benches/list.rs`.) Run by `scripts/bench` (inside
//! `scripts/test-session`).
//!
//! Environment: YATOKEN_BENCH_ROUNDS (launches of each window, after one warm-up; default 5),
//! YATOKEN_BENCH_SETTLE_MS (wait after the list is shown before reading memory; default 5000),
//! YATOKEN_BENCH_MINIMAL_WINDOW (the minimal window's binary; scripts/bench sets it),
//! YATOKEN_BENCH_BINARIES (`label=path,label=path`: instead of the usual windows, start each of
//! these YaToken builds with 1,000 accounts, side by side with the minimal window; for comparing
//! release profiles, BENCHMARKS.md §6).

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::support::world::{World, APP, SECRET};
use common::support::{self, AppWindow};
use common::*;

const ACCOUNTS: usize = 1000;

/// One kind of window to start: a binary, its environment and the marks its page sets when its
/// content is in place ("rendered") and after the next frame ("listed").
struct Subject {
    name: &'static str,
    binary: PathBuf,
    env: Vec<(String, String)>,
    /// A new, empty Mesa shader cache for every launch: a first start on this machine.
    empty_shader_cache: bool,
    rendered: &'static str,
    listed: &'static str,
}

/// What one cold start measured.
struct Launch {
    /// Process start → navigation start (timeOrigin): the native side, GTK, the web view.
    native: f64,
    /// Navigation start → DOMContentLoaded: the page and its scripts.
    page: f64,
    /// DOMContentLoaded → "rendered": the start-up IPC, the index, the first render.
    content: f64,
    /// "rendered" → "listed": the frame that puts it on screen.
    frame: f64,
    /// Process start → "listed".
    total: f64,
    /// PSS of the process tree once settled, MiB, and per process name.
    pss: f64,
    parts: Vec<(String, f64)>,
}

async fn cold_start(subject: &Subject, settle: Duration) -> Launch {
    let shader_cache = tempfile::tempdir().expect("a temporary shader cache");
    let mut env = subject.env.clone();
    if subject.empty_shader_cache {
        env.push((
            "MESA_SHADER_CACHE_DIR".into(),
            shader_cache.path().display().to_string(),
        ));
    }
    let window = AppWindow::launch_any(&subject.binary, &env).await;
    let started = start_epoch_ms(window.app_pid());
    window.wait_mark(subject.listed).await;
    let times = window.page_times(&[subject.rendered, subject.listed]).await;
    let (rendered, listed) = (times.marks[0], times.marks[1]);
    let dcl = times.dom_content_loaded.unwrap_or(rendered);
    tokio::time::sleep(settle).await;
    let (pss, parts) = tree_pss_mib(window.app_pid());
    window.quit_and_wait().await;
    Launch {
        native: times.origin - started,
        page: dcl,
        content: rendered - dcl,
        frame: listed - rendered,
        total: times.origin + listed - started,
        pss,
        parts,
    }
}

#[tokio::main]
async fn main() {
    support::session();
    let rounds = env_number("YATOKEN_BENCH_ROUNDS", 5).max(1);
    let settle = Duration::from_millis(env_number("YATOKEN_BENCH_SETTLE_MS", 5000) as u64);

    let full = World::seeded();
    full.add_app(
        APP,
        Some(SECRET),
        &["login:info", "direct:api", "metrika:read"],
    )
    .await;
    let seeding = Instant::now();
    full.seed_many(APP, ACCOUNTS, |_| true).await;
    eprintln!(
        "seeded {ACCOUNTS} accounts with tokens in gnome-keyring in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    let empty = World::seeded();
    let minimal_home = support::Home::new();
    let mut minimal_env = minimal_home.env();
    minimal_env.push(("LC_ALL".into(), "en_US.UTF-8".into()));

    let app = PathBuf::from(support::app_binary());
    // WebKitGTK composites every page and draws it with the GPU; under Xvfb that is Mesa's
    // software GL, where compiling the shaders a page needs is most of the first frame. Mesa
    // keeps them in its shader cache (here in the session's throwaway XDG_CACHE_HOME), so only
    // a window's first start on a machine pays: the warm-up round fills the cache, and the
    // windows marked "empty shader cache" get a new, empty cache at every launch. Both windows
    // keep WebKit's default unless told: "compositing on" sets it explicitly (it matters when
    // the environment turns it off), and the minimal window with compositing off shows the
    // floor of WebKit's CPU path (BENCHMARKS.md §3: YaToken with it off was tried and taken
    // back).
    let with = |env: &[(String, String)], name: &str, value: &str| {
        let mut env = env.to_vec();
        env.push((name.into(), value.into()));
        env
    };
    let compositing = |env: &[(String, String)], on: bool| {
        with(
            env,
            "WEBKIT_DISABLE_COMPOSITING_MODE",
            if on { "0" } else { "1" },
        )
    };
    let minimal = minimal_window_binary();
    let subject = |name, binary: &PathBuf, env, empty_shader_cache| {
        let (rendered, listed) = if binary != &minimal {
            ("yatoken:rendered", "yatoken:listed")
        } else {
            ("minimal:rendered", "minimal:listed")
        };
        Subject {
            name,
            binary: binary.clone(),
            env,
            empty_shader_cache,
            rendered,
            listed,
        }
    };
    let builds = compared_builds();
    let subjects: Vec<Subject> = if !builds.is_empty() {
        let mut subjects = vec![subject(
            "minimal Tauri window",
            &minimal,
            minimal_env.clone(),
            false,
        )];
        for (label, binary) in &builds {
            let name: &'static str = format!("YaToken {label}, 1,000 accounts").leak();
            subjects.push(subject(name, binary, full.env(), false));
        }
        subjects
    } else {
        vec![
            subject("minimal Tauri window", &minimal, minimal_env.clone(), false),
            subject("YaToken, no accounts", &app, empty.env(), false),
            subject("YaToken, 1,000 accounts", &app, full.env(), false),
            subject(
                "minimal Tauri window, empty shader cache",
                &minimal,
                minimal_env.clone(),
                true,
            ),
            subject(
                "YaToken, 1,000 accounts, empty shader cache",
                &app,
                full.env(),
                true,
            ),
            subject(
                "YaToken, 1,000 accounts, compositing on",
                &app,
                compositing(&full.env(), true),
                false,
            ),
            subject(
                "minimal Tauri window, compositing off",
                &minimal,
                compositing(&minimal_env, false),
                false,
            ),
        ]
    };

    // One warm-up round (page cache, fontconfig cache, WebKit's first-run files), then the
    // measured rounds; the windows take turns so that drift hits all of them alike.
    let mut launches: Vec<Vec<Launch>> = subjects.iter().map(|_| Vec::new()).collect();
    for round in 0..=rounds {
        for (subject, results) in subjects.iter().zip(&mut launches) {
            let launch = cold_start(subject, settle).await;
            eprintln!(
                "round {round}{}: {:<40} start→listed {:>6.0} ms  PSS {:>6.1} MiB",
                if round == 0 { " (warm-up)" } else { "" },
                subject.name,
                launch.total,
                launch.pss
            );
            if round > 0 {
                results.push(launch);
            }
        }
    }

    heading(&format!(
        "Cold start: process start → list on screen (`listed` mark), {rounds} launches each"
    ));
    for (subject, results) in subjects.iter().zip(&launches) {
        let column = |f: fn(&Launch) -> f64| results.iter().map(f).collect::<Vec<_>>();
        println!("-- {}", subject.name);
        report(
            "  total: process start → listed",
            &column(|l| l.total),
            "ms",
        );
        report(
            "  native: process start → navigation start",
            &column(|l| l.native),
            "ms",
        );
        report(
            "  page: navigation start → DOMContentLoaded",
            &column(|l| l.page),
            "ms",
        );
        report(
            "  content: DOMContentLoaded → rendered mark",
            &column(|l| l.content),
            "ms",
        );
        report(
            "  frame: rendered → listed mark",
            &column(|l| l.frame),
            "ms",
        );
    }

    heading(&format!(
        "Memory: PSS of the whole process tree, {} s after the list is shown",
        settle.as_secs_f64()
    ));
    for (subject, results) in subjects.iter().zip(&launches) {
        let totals: Vec<f64> = results.iter().map(|l| l.pss).collect();
        report(&format!("{} (total)", subject.name), &totals, "MiB");
        let mut names: Vec<&String> = results
            .iter()
            .flat_map(|l| l.parts.iter().map(|(n, _)| n))
            .collect();
        names.sort();
        names.dedup();
        let parts: Vec<String> = names
            .into_iter()
            .map(|name| {
                let each: Vec<f64> = results
                    .iter()
                    .map(|l| {
                        l.parts
                            .iter()
                            .filter(|(n, _)| n == name)
                            .map(|(_, v)| v)
                            .sum()
                    })
                    .collect();
                format!("{name} {}", num(Stats::of(&each).median))
            })
            .collect();
        value("  median by process (MiB)", parts.join(", "));
    }

    if builds.is_empty() {
        goals(&subjects, &launches);
    }
}

/// Issue 13's goals 1 and 2, each a ratio of medians measured side by side in this run.
fn goals(subjects: &[Subject], launches: &[Vec<Launch>]) {
    let median = |name: &str, f: fn(&Launch) -> f64| {
        let at = subjects.iter().position(|s| s.name == name).expect(name);
        Stats::of(&launches[at].iter().map(f).collect::<Vec<_>>()).median
    };
    let ratio = |label: &str, ours: &str, floor: &str, f: fn(&Launch) -> f64, goal: f64| {
        let (ours, floor) = (median(ours, f), median(floor, f));
        let ratio = ours / floor;
        let verdict = if ratio <= goal { "met" } else { "NOT met" };
        value(
            label,
            format!(
                "{} / {} = {ratio:.2}×, goal ≤ {goal}× ({verdict})",
                num(ours),
                num(floor)
            ),
        );
    };
    heading("Goals (issue 13): YaToken with 1,000 accounts against the minimal Tauri window");
    let total = |l: &Launch| l.total;
    let pss = |l: &Launch| l.pss;
    ratio(
        "cold start, warm shader cache",
        "YaToken, 1,000 accounts",
        "minimal Tauri window",
        total,
        1.15,
    );
    ratio(
        "cold start, empty shader cache",
        "YaToken, 1,000 accounts, empty shader cache",
        "minimal Tauri window, empty shader cache",
        total,
        1.5,
    );
    ratio(
        "whole-tree PSS",
        "YaToken, 1,000 accounts",
        "minimal Tauri window",
        pss,
        1.15,
    );
    ratio(
        "cold start, both with compositing off",
        "YaToken, 1,000 accounts",
        "minimal Tauri window, compositing off",
        total,
        1.15,
    );
}

/// `YATOKEN_BENCH_BINARIES`: the YaToken builds to compare, as (label, binary).
fn compared_builds() -> Vec<(String, PathBuf)> {
    let list = std::env::var("YATOKEN_BENCH_BINARIES").unwrap_or_default();
    list.split(',')
        .filter(|item| !item.trim().is_empty())
        .map(|item| match item.split_once('=') {
            Some((label, path)) if std::path::Path::new(path).is_file() => {
                (label.trim().to_string(), PathBuf::from(path))
            }
            _ => panic!("YATOKEN_BENCH_BINARIES: {item:?} is not label=path-to-a-binary"),
        })
        .collect()
}
