//! The account list as it grows: for 100, 1,000 and 10,000 accounts, the index load (in Rust,
//! and over IPC as the window does), the first render and a filter keystroke, each next to
//! issue 13's goals; then an agency account with 50,000 stored clients: opening its Clients
//! dialog, a keystroke in the dialog's search, and the frames while scrolling through it. Run by
//! `scripts/bench` (inside `scripts/test-session`).
//!
//! Every account the bench can show has its token in the session's gnome-keyring (the window
//! reads a token only for the rows it builds, after the render); the others have none. And
//! gnome-keyring rewrites its whole file on every write to a stored collection (O(n²) for n
//! entries), so before seeding, the bench points the `default` alias at gnome-keyring's
//! in-memory `session` collection: the app's reads are answered from memory either way, and the
//! bench times no write.
//!
//! Environment: YATOKEN_BENCH_ACCOUNTS (the list sizes, `100,1000,10000` unless told),
//! YATOKEN_BENCH_CLIENTS (the agency's clients, 50,000 unless told; 0 skips the dialog).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::support::world::{World, APP, SECRET};
use common::support::{self, AppWindow};
use common::*;
use serde_json::Value;
use yatoken::accounts::DirectIdentity;
use yatoken::yandex::direct::DirectClient;

/// What one list size measured, for the summary at the end.
struct Size {
    accounts: usize,
    rust_load: Stats,
    ipc_load: Stats,
    render: Stats,
    first_render: Stats,
    keystroke: Stats,
}

#[tokio::main]
async fn main() {
    support::session();
    keychain_in_memory();
    let sizes: Vec<usize> = std::env::var("YATOKEN_BENCH_ACCOUNTS")
        .unwrap_or_else(|_| "100,1000,10000".into())
        .split(',')
        .map(|n| {
            n.trim()
                .parse()
                .expect("YATOKEN_BENCH_ACCOUNTS: numbers, comma-separated")
        })
        .collect();
    let mut measured = Vec::new();
    for &accounts in &sizes {
        let world = seeded(accounts).await;
        measured.push(list(&world, accounts).await);
    }
    summary(&measured);

    let clients = env_number("YATOKEN_BENCH_CLIENTS", 50_000);
    if clients > 0 {
        let world = seeded(100).await;
        let agency = agency_with_clients(&world, clients).await;
        clients_dialog(&world, &agency, clients).await;
    }
}

async fn seeded(accounts: usize) -> World {
    let world = World::seeded();
    world
        .add_app(
            APP,
            Some(SECRET),
            &["login:info", "direct:api", "metrika:read"],
        )
        .await;
    let seeding = Instant::now();
    let word = word_for(accounts);
    world.seed_many(APP, accounts, |n| can_show(n, &word)).await;
    eprintln!(
        "seeded {accounts} accounts in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    world
}

/// Whether the bench can ever show account `n` (`client-<n>`), so that it needs its token in
/// the keychain: the first rows of the whole list, and of each list that a prefix of the typed
/// `word` narrows it to (twice the rows the list builds at first, to be safe).
fn can_show(n: usize, word: &str) -> bool {
    const ROWS: usize = 80;
    let digits = word.trim_start_matches("client-");
    n < ROWS
        || (1..=digits.len()).any(|len| {
            let scale = 10usize.pow((digits.len() - len) as u32);
            let start = digits[..len].parse::<usize>().unwrap_or(0) * scale;
            (start..start + ROWS).contains(&n)
        })
}

/// Makes the first seeded account an agency's representative with `count` stored clients
/// (`shop-00000`…, every tenth archived), as a fetch from Direct would leave it. Its login.
async fn agency_with_clients(world: &World, count: usize) -> String {
    let accounts = world.accounts();
    let mut index = accounts.load().expect("the index loads");
    let account = &mut index.accounts[0];
    account.direct = Some(DirectIdentity {
        login: "big-agency".into(),
        name: "Big Agency".into(),
        client_id: Some(1),
        agency: true,
    });
    let (id, login) = (account.id.clone(), account.login.clone());
    index.save(&world.index_path()).expect("save the index");
    let clients = (0..count)
        .map(|n| DirectClient {
            login: format!("shop-{n:05}"),
            client_id: Some(10_000 + n as u64),
            name: format!("Shop number {n}"),
            kind: Some("CLIENT".into()),
            archived: n % 10 == 0,
        })
        .collect();
    accounts
        .save_agency_clients(&id, clients)
        .await
        .expect("store the client list");
    login
}

/// The typed word: one account's login, found after the list narrows tenfold at each of its
/// last digits (at 1,000 accounts "client-0742", as BENCHMARKS.md has always typed).
fn word_for(accounts: usize) -> String {
    format!("client-{:04}", accounts * 742 / 1000)
}

/// In one window with `count` accounts: loading the index, the first render, a keystroke.
async fn list(world: &World, count: usize) -> Size {
    let index = world.index_path();
    let bytes = std::fs::metadata(&index).map(|m| m.len()).unwrap_or(0);

    heading(&format!(
        "Index load + first render, {count} accounts (accounts.json: {} KiB)",
        bytes / 1024
    ));
    let accounts = world.accounts();
    let loads: Vec<f64> = (0..50)
        .map(|_| {
            let started = Instant::now();
            let index = accounts.load().expect("the index loads");
            assert_eq!(index.accounts.len(), count);
            ms(started.elapsed())
        })
        .collect();
    report(
        "Rust: Accounts::load() (read + parse accounts.json)",
        &loads,
        "ms",
    );

    let window = AppWindow::launch_any(Path::new(support::app_binary()), &world.env()).await;
    window.wait_mark("yatoken:listed").await;
    // Let the first masked-token lookups finish.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let png = window.client.screenshot().await.expect("screenshot");
    std::fs::write(
        support::screenshot_dir().join(format!("bench-{count}-accounts.png")),
        png,
    )
    .expect("save the screenshot");

    let (mut load, mut render, mut frame) = (Vec::new(), Vec::new(), Vec::new());
    let (mut rows, mut rows_now) = (0, 0);
    for _ in 0..20 {
        let out = execute_async(&window, REFRESH, vec![]).await;
        assert_eq!(out["accounts"], count, "{out}");
        rows = out["rows"].as_u64().unwrap_or(0);
        rows_now = out["rowsNow"].as_u64().unwrap_or(0);
        assert!(rows > 0, "{out}");
        load.push(out["load"].as_f64().unwrap());
        render.push(out["render"].as_f64().unwrap());
        frame.push(out["frame"].as_f64().unwrap());
        // The masked tokens of the rows shown arrive meanwhile, as after a real refresh.
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    report("window: list_apps + list_accounts over IPC", &load, "ms");
    report(
        &format!("window: render (filter, sort, {rows_now} rows, layout)"),
        &render,
        "ms",
    );
    report(
        &format!("window: render → next frame done ({rows} rows by then)"),
        &frame,
        "ms",
    );
    let total: Vec<f64> = load.iter().zip(&frame).map(|(a, b)| a + b).collect();
    report("window: index load + first render, total", &total, "ms");

    let word = word_for(count);
    heading(&format!(
        "Filter keystroke, {count} accounts: typing {word:?} then clearing, 100 ms between keys"
    ));
    let (mut sync, mut painted) = (Vec::new(), Vec::new());
    let (mut sync_all, mut sync_few) = (Vec::new(), Vec::new());
    let mut last_matches = Vec::new();
    let mut rows_built = 0;
    for _ in 0..10 {
        let out = execute_async(&window, TYPE, vec![word.clone().into(), 100.into()]).await;
        let keys = out.as_array().unwrap_or_else(|| panic!("{out}"));
        last_matches = keys.iter().map(|k| k["matches"].clone()).collect();
        for key in keys {
            let s = key["sync"].as_f64().unwrap();
            sync.push(s);
            painted.push(key["frame"].as_f64().unwrap());
            if key["matches"] == count {
                rows_built = key["rows"].as_u64().unwrap_or(0);
                sync_all.push(s);
            } else {
                sync_few.push(s);
            }
        }
    }
    assert_eq!(
        last_matches.iter().rev().nth(1).and_then(Value::as_u64),
        Some(1),
        "{word:?} finds one account: {last_matches:?}"
    );
    value(
        "accounts matching after each key",
        last_matches
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    );
    report("keystroke: input handler + layout (all keys)", &sync, "ms");
    report(
        &format!("keystroke: … when all {count} match ({rows_built} rows built)"),
        &sync_all,
        "ms",
    );
    report("keystroke: … when fewer match", &sync_few, "ms");
    report(
        "keystroke: to the next frame done (all keys)",
        &painted,
        "ms",
    );
    window.quit_and_wait().await;
    Size {
        accounts: count,
        rust_load: Stats::of(&loads),
        ipc_load: Stats::of(&load),
        render: Stats::of(&render),
        first_render: Stats::of(&frame),
        keystroke: Stats::of(&sync),
    }
}

/// The growth table and issue 13's goals 4 and 5 next to the numbers.
fn summary(sizes: &[Size]) {
    heading("Growth: medians (p95) in ms, and each size against the one before");
    println!(
        "{:>8} {:>16} {:>16} {:>16} {:>16} {:>16}",
        "accounts", "Rust load", "IPC load", "render", "first render", "keystroke"
    );
    let cell = |s: &Stats| format!("{} ({})", num(s.median), num(s.p95));
    for size in sizes {
        println!(
            "{:>8} {:>16} {:>16} {:>16} {:>16} {:>16}",
            size.accounts,
            cell(&size.rust_load),
            cell(&size.ipc_load),
            cell(&size.render),
            cell(&size.first_render),
            cell(&size.keystroke)
        );
    }
    for pair in sizes.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let n = b.accounts as f64 / a.accounts as f64;
        let ratio = |f: fn(&Size) -> f64| f(b) / f(a);
        let parts = [
            ("Rust load", ratio(|s| s.rust_load.median)),
            ("IPC load", ratio(|s| s.ipc_load.median)),
            ("first render", ratio(|s| s.first_render.median)),
            ("keystroke p95", ratio(|s| s.keystroke.p95)),
        ];
        let text: Vec<String> = parts
            .iter()
            .map(|(what, r)| {
                let verdict = if *r <= n {
                    "at most linear"
                } else {
                    "MORE than linear"
                };
                format!("{what} ×{r:.2} ({verdict})")
            })
            .collect();
        value(
            &format!("{} → {} accounts (×{n:.0})", a.accounts, b.accounts),
            text.join(", "),
        );
    }
    heading("Issue 13, goal 4");
    for size in sizes
        .iter()
        .filter(|s| [1000, 10_000].contains(&s.accounts))
    {
        let p95 = size.keystroke.p95;
        value(
            &format!("filter keystroke p95 at {} accounts", size.accounts),
            format!(
                "{} ms (goal: under 16 ms: {})",
                num(p95),
                if p95 < 16.0 { "met" } else { "NOT met" }
            ),
        );
    }
    let at = |n: usize| sizes.iter().find(|s| s.accounts == n);
    if let (Some(small), Some(big)) = (at(1000), at(10_000)) {
        let r = big.first_render.median / small.first_render.median;
        value(
            "first render (render → frame), 10,000 / 1,000 accounts",
            format!(
                "{} / {} ms = ×{r:.2} (goal: ≤ ×2: {})",
                num(big.first_render.median),
                num(small.first_render.median),
                if r <= 2.0 { "met" } else { "NOT met" }
            ),
        );
    }
}

/// The Clients dialog of the agency account `login`, with `count` stored clients: opening it,
/// a keystroke in its search, and scrolling through it frame by frame.
async fn clients_dialog(world: &World, login: &str, count: usize) {
    heading(&format!(
        "Clients dialog: one agency account with {count} clients"
    ));
    let window = AppWindow::launch_any(Path::new(support::app_binary()), &world.env()).await;
    window.wait_mark("yatoken:listed").await;
    tokio::time::sleep(Duration::from_secs(2)).await;

    let (mut opened, mut typed, mut typed_frame) = (Vec::new(), Vec::new(), Vec::new());
    let (mut frames, mut work, mut gaps) = (Vec::new(), Vec::new(), 0);
    let mut steps = 0;
    for _ in 0..5 {
        let out = execute_async(&window, CLIENTS, vec![login.into(), "shop-12345".into()]).await;
        assert_eq!(out["total"], count, "{out}");
        opened.push(out["open"].as_f64().unwrap());
        for key in out["keys"].as_array().unwrap() {
            typed.push(key["sync"].as_f64().unwrap());
            typed_frame.push(key["frame"].as_f64().unwrap());
        }
        for f in out["frames"].as_array().unwrap() {
            frames.push(f.as_f64().unwrap());
        }
        for w in out["work"].as_array().unwrap() {
            work.push(w.as_f64().unwrap());
        }
        gaps += out["gaps"].as_u64().unwrap();
        steps = out["steps"].as_u64().unwrap();
        assert_eq!(
            out["lastShown"],
            format!("shop-{:05}", count - 1),
            "the end of the list shows the last client"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let png = window.client.screenshot().await.expect("screenshot");
    std::fs::write(
        support::screenshot_dir().join(format!("bench-{count}-clients.png")),
        png,
    )
    .expect("save the screenshot");
    report(
        "open: click → dialog shown with its rows, layout",
        &opened,
        "ms",
    );
    report(
        "search keystroke: input handler + layout (\"shop-12345\", clearing)",
        &typed,
        "ms",
    );
    report(
        "search keystroke: to the next frame done",
        &typed_frame,
        "ms",
    );
    report(
        &format!("scrolling: frame to frame ({steps} steps: 300 px a frame down, up, the end)"),
        &frames,
        "ms",
    );
    report(
        "scrolling: frame start → its rendering done (rows, layout)",
        &work,
        "ms",
    );
    let long = frames.iter().filter(|f| **f > 25.0).count();
    value(
        "scrolling: long frames (over 25 ms), frames with rows missing in view",
        format!("{long} of {}, {gaps}", frames.len()),
    );
    window.quit_and_wait().await;
}

/// Runs a measuring script; one that has not answered after 3 minutes fails the bench.
async fn execute_async(window: &AppWindow, script: &str, args: Vec<Value>) -> Value {
    let run = window.client.execute_async(script, args);
    let out = tokio::time::timeout(Duration::from_secs(180), run)
        .await
        .expect("the measuring script answered within 3 minutes")
        .expect("run the measuring script");
    assert!(out.get("error").is_none(), "in the page: {}", out["error"]);
    out
}

/// What the window's `refresh()` does (ui/main.js), with a clock around each step: both
/// lists over IPC (Rust reads accounts.json), then the list's render and the next frame.
const REFRESH: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const api = await import("./api.js");
  const view = await import("./views/accounts.js");
  const list = document.querySelector('[data-testid="account-list"]');
  const filter = { text: "", role: "", app: "", verdict: "", expiry: "" };
  const t0 = performance.now();
  const [, accounts] = await Promise.all([api.listApps(), api.listAccounts()]);
  const t1 = performance.now();
  view.renderAccounts(accounts, "login", filter);
  void list.offsetHeight;
  const t2 = performance.now();
  const rowsNow = list.querySelectorAll('[data-testid="account-row"]').length;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const t3 = performance.now();
  return {
    load: t1 - t0, render: t2 - t1, frame: t3 - t1, accounts: accounts.length, rowsNow,
    rows: list.querySelectorAll('[data-testid="account-row"]').length,
  };
})().then(done, (e) => done({ error: String((e && e.stack) || e) }));
"#;

/// Types `word` into the search box one character at a time, then clears it: each key sets the
/// value and fires `input`, as typing does, and the list re-renders in the handler. Measures
/// the handler plus the layout it causes, and the time to the next frame.
const TYPE: &str = r#"
const [word, pause, done] = arguments;
(async () => {
  const search = document.querySelector('[data-testid="search"]');
  const list = document.querySelector('[data-testid="account-list"]');
  const shown = document.querySelector('[data-testid="shown-count"]');
  const texts = [...word].map((_, i) => word.slice(0, i + 1)).concat([""]);
  const out = [];
  for (const text of texts) {
    const t0 = performance.now();
    search.value = text;
    search.dispatchEvent(new Event("input"));
    void list.offsetHeight;
    const t1 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const t2 = performance.now();
    out.push({
      text, sync: t1 - t0, frame: t2 - t0, matches: parseInt(shown.textContent, 10) || 0,
      rows: list.querySelectorAll('[data-testid="account-row"]').length,
    });
    await new Promise((r) => setTimeout(r, pause));
  }
  return out;
})().then(done, (e) => done({ error: String((e && e.stack) || e) }));
"#;

/// Opens the agency row's Clients dialog (a click, as a person does), types `word` into its
/// search and clears it, then scrolls the list down and back up 300 px a frame, as a fast
/// scroll wheel does, and jumps to the end. Per frame: the time since the last one, the time
/// from its start to after its rendering (the scroll event, the dialog's rows, style, layout,
/// paint), and whether every row in view was there after it.
const CLIENTS: &str = r#"
const [login, word, done] = arguments;
(async () => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const q = (id) => document.querySelector(`[data-testid="${id}"]`);
  const row = document.querySelector(`[data-testid="account-row"][data-login="${login}"]`);
  const t0 = performance.now();
  row.querySelector('[data-testid="open-clients"]').click();
  void q("client-rows").offsetHeight;
  const open = performance.now() - t0;
  await frame();
  const total = parseInt(q("clients-count").textContent.match(/of ([\d,\s]+)/)[1].replace(/\D/g, ""), 10);
  const search = q("clients-search");
  const keys = [];
  for (const text of [...word].map((_, i) => word.slice(0, i + 1)).concat([""])) {
    const k0 = performance.now();
    search.value = text;
    search.dispatchEvent(new Event("input"));
    void q("client-rows").offsetHeight;
    const k1 = performance.now();
    await frame();
    keys.push({ sync: k1 - k0, frame: performance.now() - k0 });
    await new Promise((r) => setTimeout(r, 100));
  }
  const scroller = q("client-list");
  const rows = q("client-rows");
  const covered = () => {
    const view = scroller.getBoundingClientRect();
    const boxes = [...rows.children].map((r) => r.getBoundingClientRect());
    for (let y = view.top + 1; y < view.bottom - 1; y += 10) {
      if (!boxes.some((b) => b.top <= y && b.bottom >= y)) return false;
    }
    return true;
  };
  const max = scroller.scrollHeight - scroller.clientHeight;
  const down = [];
  for (let y = 300; y < Math.min(max, 300 * 60); y += 300) down.push(y);
  const path = down.concat(down.slice(0, -1).reverse(), [0, max]);
  const frames = [], work = [];
  let gaps = 0;
  let before = await new Promise((r) => requestAnimationFrame(r));
  for (const y of path) {
    scroller.scrollTop = y;
    const start = await new Promise((r) => requestAnimationFrame(r));
    // After the frame: its scroll event, the dialog's rows, style, layout and paint are done.
    await new Promise((r) => setTimeout(r, 0));
    work.push(performance.now() - start);
    frames.push(start - before);
    before = start;
    if (!covered()) gaps += 1;
  }
  const lastShown = [...rows.children].map((r) => r.dataset.login).sort().pop();
  q("clients-dialog").close();
  return { open, total, keys, frames, work, gaps, steps: path.length, lastShown };
})().then(done, (e) => done({ error: String((e && e.stack) || e) }));
"#;
