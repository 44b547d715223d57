//! "Test all" of 1,000 accounts: `yatoken test --all --json` (the command line, the same
//! `TestRuns::run` as the window's button) against the fake Yandex answering every
//! request after 50 ms, compared with N × latency / concurrency. Run by `scripts/bench`
//! (inside `scripts/test-session`: the tokens are read from its gnome-keyring).
//!
//! Environment: YATOKEN_BENCH_ROUNDS (runs of each case; default 3).

mod common;

use std::time::{Duration, Instant};

use common::support;
use common::support::world::{World, APP, SECRET};
use common::*;
use fake_yandex::{Service, UserKind, UserSpec};
use yatoken::accounts::{keys, OAuthHost, SecretChange};
use yatoken::http::REQUESTS_PER_HOST;
use yatoken::oauth::Flow;
use yatoken::secrets::Secret;

const ACCOUNTS: usize = 1000;
const LATENCY: Duration = Duration::from_millis(50);

#[tokio::main]
async fn main() {
    support::session();
    let rounds = env_number("YATOKEN_BENCH_ROUNDS", 3).max(1);
    let world = World::seeded();
    let app = APP;
    world.add_app(app, Some(SECRET), &["login:info"]).await;

    // 1,000 accounts in the index, each with its own live token from the fake in the keychain.
    let seeding = Instant::now();
    world.seed_many(app, ACCOUNTS, |_| false).await;
    let accounts = world.accounts();
    // Every third seeded account is an agency representative (as `seed_many` records them):
    // so it is at Yandex too, and its test also reads the agency's clients from Direct.
    world.fake.add_user(UserSpec::new(
        "bench-agency",
        UserKind::Agency {
            clients: vec!["client-0001".into()],
        },
    ));
    for n in 0..ACCOUNTS {
        let login = format!("client-{n:04}");
        let kind = if n % 3 == 0 {
            UserKind::AgencyRepresentative {
                agency: "bench-agency".into(),
            }
        } else {
            UserKind::Advertiser
        };
        world.fake.add_user(UserSpec::new(login.as_str(), kind));
        let device = format!("bench-device-{n:04}");
        let issued = world.fake.issue_token(&login, app, Some(&device));
        accounts
            .keychain()
            .persist(
                &keys::access_token(&format!("seed{n:04}")),
                Secret::new(issued.access_token),
            )
            .await
            .expect("store the token");
    }
    eprintln!(
        "seeded {ACCOUNTS} accounts with live tokens in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    heading(&format!(
        "Test all: `yatoken test --all --json`, {ACCOUNTS} accounts, \
         at most {REQUESTS_PER_HOST} requests per host, {rounds} runs per case"
    ));
    let ideal = ms(LATENCY) * ACCOUNTS as f64 / REQUESTS_PER_HOST as f64;
    value(
        "N × latency / concurrency (50 ms)",
        format!("{} ms", num(ideal)),
    );

    let cases: [(&str, &[&str]); 2] = [
        ("identity only (app scope login:info)", &["login:info"]),
        (
            "identity + Direct + Metrica (login:info direct:api metrika:read)",
            &["login:info", "direct:api", "metrika:read"],
        ),
    ];
    for (name, scopes) in cases {
        accounts
            .update_app(
                app,
                String::new(),
                OAuthHost::Com,
                scopes.iter().map(|s| s.to_string()).collect(),
                Flow::CodePkce,
                SecretChange::Keep,
            )
            .await
            .expect("set the app's scopes");
        println!("-- {name}");
        for latency in [Duration::ZERO, LATENCY] {
            world.fake.set_latency(latency);
            let mut walls = Vec::new();
            let (mut calls, mut lines, mut peak) = (0, 0, 0);
            let mut by_service = String::new();
            // One untimed run first: the process's first start, the page cache.
            for round in 0..=rounds {
                world.fake.clear_requests();
                world.fake.reset_peak_in_flight();
                let started = Instant::now();
                let run = world.cli(&["test", "--all", "--json"], "");
                let wall = ms(started.elapsed());
                let results: serde_json::Value = serde_json::from_str(&run.stdout)
                    .unwrap_or_else(|e| panic!("JSON results ({e}): {}", run.stderr));
                let results = results.as_array().expect("a list");
                assert_eq!(results.len(), ACCOUNTS);
                let failed = results.iter().find(|r| r["status"] != "valid");
                assert!(failed.is_none(), "every account is valid: {failed:?}");
                assert_eq!(run.code, 0, "{}", run.stderr);
                let checks: usize = results
                    .iter()
                    .map(|r| r["checks"].as_array().map_or(0, Vec::len))
                    .sum();
                let requests = world.fake.requests();
                assert!(requests.iter().all(|r| r.service != Service::OAuth));
                calls = requests.len();
                lines = checks;
                by_service = [Service::Login, Service::Direct, Service::Metrika]
                    .iter()
                    .map(|s| {
                        let n = requests.iter().filter(|r| r.service == *s).count();
                        format!("{s:?} {n}")
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                peak = world.fake.peak_in_flight();
                if round > 0 {
                    walls.push(wall);
                }
            }
            let per_account = calls as f64 / ACCOUNTS as f64;
            let label = format!("  latency {} ms: wall time", latency.as_millis());
            report(&label, &walls, "ms");
            let median = Stats::of(&walls).median;
            if latency.is_zero() {
                value(
                    "    overhead per account (no latency)",
                    format!("{} ms", num(median / ACCOUNTS as f64)),
                );
            } else {
                let sequential = ideal * per_account;
                value(
                    "    checks per account (lines in the result)",
                    num(lines as f64 / ACCOUNTS as f64),
                );
                value(
                    "    HTTP requests per account, one after another",
                    format!("{} ({by_service})", num(per_account)),
                );
                value("    most requests in flight at once", peak);
                value(
                    "    ratio to N × latency / concurrency",
                    format!(
                        "{} (= {} / {})",
                        num(median / ideal),
                        num(median),
                        num(ideal)
                    ),
                );
                value(
                    "    ratio to N × requests × latency / concurrency",
                    format!(
                        "{} (= {} / {})",
                        num(median / sequential),
                        num(median),
                        num(sequential)
                    ),
                );
            }
        }
    }
}
