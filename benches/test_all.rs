//! "Test all" of 1,000 accounts: `yatoken test --all --json` (the command line, the same
//! `TestRuns::run` as the window's button) against the fake Yandex answering every
//! request after 50 ms, compared with N × latency / 8 (8: the most requests in flight to one
//! Yandex host) and with the goal of issue 13: at most 1.3 × that with identity, Direct and
//! Metrica. Run by `scripts/bench` (inside `scripts/test-session`: the tokens are read from its
//! gnome-keyring).
//!
//! The last case is an experiment: the same three checks with every account an advertiser,
//! so Direct is asked once per account, not 1.33 times (an agency representative's test also
//! reads the agency's client list). It shows what the busiest host's floor costs.
//!
//! Then the growth (issue 13, goal 5): identity + Direct + Metrica at 50 ms with 100 and 10,000
//! accounts, next to 1,000. The tokens are seeded into gnome-keyring's in-memory collection
//! (`keychain_in_memory`): reading them is what a test does either way, and 10,000 writes to
//! the file-backed one would take a quarter of an hour (each rewrites the whole file).
//!
//! Environment: YATOKEN_BENCH_ROUNDS (runs of each case; default 3), YATOKEN_BENCH_GROWTH
//! (the other sizes, comma-separated; default `100,10000`; empty for none),
//! YATOKEN_BENCH_GROWTH_ROUNDS (timed runs at those sizes, after one untimed; default 1).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::support;
use common::support::world::{World, APP, SECRET};
use common::*;
use fake_yandex::{Service, UserKind, UserSpec};
use yatoken::accounts::{keys, OAuthHost, Role, SecretChange};
use yatoken::domain::testing::TESTS_AT_ONCE;
use yatoken::http::REQUESTS_PER_HOST;
use yatoken::oauth::Flow;
use yatoken::secrets::Secret;

const ACCOUNTS: usize = 1000;
const LATENCY: Duration = Duration::from_millis(50);
/// Issue 13: with identity, Direct and Metrica, at most this × N × latency / 8.
const GOAL: f64 = 1.3;
const HOSTS: [Service; 3] = [Service::Login, Service::Direct, Service::Metrika];
const ALL_THREE: &[&str] = &["login:info", "direct:api", "metrika:read"];

/// The fake's user for the `n`th seeded account: every third an agency representative (as
/// `seed_many` records them), unless `advertisers_only`.
fn user(n: usize, advertisers_only: bool) -> UserSpec {
    let login = format!("client-{n:04}");
    let kind = if n.is_multiple_of(3) && !advertisers_only {
        UserKind::AgencyRepresentative {
            agency: "bench-agency".into(),
        }
    } else {
        UserKind::Advertiser
    };
    UserSpec::new(login.as_str(), kind)
}

#[tokio::main]
async fn main() {
    support::session();
    keychain_in_memory();
    let rounds = env_number("YATOKEN_BENCH_ROUNDS", 3).max(1);
    let growth_rounds = env_number("YATOKEN_BENCH_GROWTH_ROUNDS", 1).max(1);
    let growth: Vec<usize> = std::env::var("YATOKEN_BENCH_GROWTH")
        .unwrap_or_else(|_| "100,10000".into())
        .split(',')
        .filter(|n| !n.trim().is_empty())
        .map(|n| {
            n.trim()
                .parse()
                .expect("YATOKEN_BENCH_GROWTH: sizes, comma-separated")
        })
        .collect();

    let world = seeded(ACCOUNTS).await;
    heading(&format!(
        "Test all: `yatoken test --all --json`, {ACCOUNTS} accounts, {TESTS_AT_ONCE} in \
         progress at once, at most {REQUESTS_PER_HOST} requests in flight per host, \
         {rounds} runs per case"
    ));
    value(
        "N × latency / 8 (50 ms)",
        format!(
            "{} ms; goal with identity, Direct and Metrica: ≤ {GOAL} × that",
            num(ideal(ACCOUNTS))
        ),
    );

    let cases: [(&str, &[&str], bool); 3] = [
        (
            "identity only (app scope login:info)",
            &["login:info"],
            false,
        ),
        (
            "identity + Direct + Metrica (login:info direct:api metrika:read)",
            ALL_THREE,
            false,
        ),
        (
            "experiment: identity + Direct + Metrica, every account an advertiser",
            ALL_THREE,
            true,
        ),
    ];
    let mut at_thousand = None;
    for (name, scopes, advertisers_only) in cases {
        println!("-- {name}");
        let median = case(
            &world,
            ACCOUNTS,
            scopes,
            advertisers_only,
            &[Duration::ZERO, LATENCY],
            rounds,
        )
        .await;
        if scopes == ALL_THREE && !advertisers_only {
            at_thousand = Some(median);
        }
    }
    drop(world);

    if growth.is_empty() {
        return;
    }
    heading("Growth: identity + Direct + Metrica at 50 ms, by the number of accounts");
    let mut sizes = vec![(ACCOUNTS, at_thousand.expect("the 1,000 case ran"))];
    for n in growth {
        let world = seeded(n).await;
        println!("-- {n} accounts");
        let median = case(&world, n, ALL_THREE, false, &[LATENCY], growth_rounds).await;
        sizes.push((n, median));
    }
    sizes.sort_by_key(|(n, _)| *n);
    for (n, median) in &sizes {
        value(
            &format!("{n} accounts"),
            format!(
                "{} ms, {} ms per account, {} × N × latency / 8",
                num(*median),
                num(median / *n as f64),
                num(median / ideal(*n))
            ),
        );
    }
}

/// N × latency / 8.
fn ideal(accounts: usize) -> f64 {
    ms(LATENCY) * accounts as f64 / REQUESTS_PER_HOST as f64
}

/// `count` accounts in the index, each with its own live token from the fake in the keychain.
async fn seeded(count: usize) -> World {
    let world = World::seeded();
    let app = APP;
    world.add_app(app, Some(SECRET), &["login:info"]).await;

    let seeding = Instant::now();
    world.seed_many(app, count, |_| false).await;
    let accounts = world.accounts();
    // Every third seeded account is an agency representative (as `seed_many` records them):
    // so it is at Yandex too, and its test also reads the agency's clients from Direct.
    world.fake.add_user(UserSpec::new(
        "bench-agency",
        UserKind::Agency {
            clients: vec!["client-0001".into()],
        },
    ));
    for n in 0..count {
        let login = format!("client-{n:04}");
        world.fake.add_user(user(n, false));
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
        "seeded {count} accounts with live tokens in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    world
}

/// Runs one case `rounds` times (after one untimed run) at each latency, prints what it
/// measured, and returns the median wall time at the last latency.
async fn case(
    world: &World,
    count: usize,
    scopes: &[&str],
    advertisers_only: bool,
    latencies: &[Duration],
    rounds: usize,
) -> f64 {
    let app = APP;
    let accounts = world.accounts();
    let ideal = ideal(count);
    let mut last = 0.0;
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
    if advertisers_only {
        for n in 0..count {
            world.fake.add_user(user(n, true));
        }
        accounts
            .update_metadata(|account| {
                account.role = Some(Role::Advertiser);
                account.direct = None;
                true
            })
            .await
            .expect("every account an advertiser's");
    }
    for &latency in latencies {
        world.fake.set_latency(latency);
        let mut walls = Vec::new();
        let (mut lines, mut peak) = (0, 0);
        let (mut asked, mut peaks) = ([0; HOSTS.len()], [0; HOSTS.len()]);
        // One untimed run first: the process's first start, the page cache.
        for round in 0..=rounds {
            world.fake.clear_requests();
            world.fake.reset_peak_in_flight();
            let started = Instant::now();
            // The harness's 90 s bound is for tests; 10,000 accounts need longer.
            let limit = Duration::from_secs(90).max(Duration::from_millis(30) * count as u32);
            let args = ["test", "--all", "--json"];
            let command = world.command(Path::new(support::app_binary()), &args);
            let run = World::run_within(command, "", limit);
            let wall = ms(started.elapsed());
            let results: serde_json::Value = serde_json::from_str(&run.stdout)
                .unwrap_or_else(|e| panic!("JSON results ({e}): {}", run.stderr));
            let results = results.as_array().expect("a list");
            assert_eq!(results.len(), count);
            let failed = results.iter().find(|r| r["status"] != "valid");
            assert!(failed.is_none(), "every account is valid: {failed:?}");
            assert_eq!(run.code, 0, "{}", run.stderr);
            lines = results
                .iter()
                .map(|r| r["checks"].as_array().map_or(0, Vec::len))
                .sum();
            let requests = world.fake.requests();
            assert!(requests.iter().all(|r| HOSTS.contains(&r.service)));
            asked = HOSTS.map(|s| requests.iter().filter(|r| r.service == s).count());
            peaks = HOSTS.map(|s| world.fake.peak_in_flight_of(s));
            peak = world.fake.peak_in_flight();
            if round > 0 {
                walls.push(wall);
            }
        }
        let label = format!("  latency {} ms: wall time", latency.as_millis());
        report(&label, &walls, "ms");
        let median = Stats::of(&walls).median;
        last = median;
        if latency.is_zero() {
            value(
                "    overhead per account (no latency)",
                format!("{} ms", num(median / count as f64)),
            );
            continue;
        }
        let named = |counts: [usize; HOSTS.len()]| {
            let named = HOSTS.iter().zip(counts).map(|(s, n)| format!("{s:?} {n}"));
            named.collect::<Vec<_>>().join(", ")
        };
        let total: usize = asked.iter().sum();
        value(
            "    checks per account (lines in the result)",
            num(lines as f64 / count as f64),
        );
        value(
            "    HTTP requests per account",
            format!("{} ({})", num(total as f64 / count as f64), named(asked)),
        );
        value(
            "    most requests in flight at once",
            format!(
                "{peak} in all; per host {} (limit {REQUESTS_PER_HOST})",
                named(peaks)
            ),
        );
        let ratio = median / ideal;
        let goal = if scopes.len() == 1 {
            String::new()
        } else if ratio <= GOAL {
            format!(", goal ≤ {GOAL}: met")
        } else {
            format!(", goal ≤ {GOAL}: NOT met")
        };
        value(
            "    ratio to N × latency / 8",
            format!("{} (= {} / {}){goal}", num(ratio), num(median), num(ideal)),
        );
        // No host can be asked faster than 8 at a time: the busiest one sets a floor.
        let (busiest, most) = HOSTS
            .iter()
            .zip(asked)
            .max_by_key(|(_, n)| *n)
            .expect("three hosts");
        let floor = ms(LATENCY) * most as f64 / REQUESTS_PER_HOST as f64;
        value(
            "    floor: the busiest host's requests × latency / 8",
            format!(
                "{} ms ({busiest:?}: {most} requests; {} × N × latency / 8)",
                num(floor),
                num(floor / ideal)
            ),
        );
        value(
            "    ratio to that floor",
            format!(
                "{} (= {} / {})",
                num(median / floor),
                num(median),
                num(floor)
            ),
        );
    }
    last
}
