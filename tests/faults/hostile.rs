//! Hostile or broken answers cannot hurt (issue 12, point 7), proved with the real binary
//! against the fake Yandex: a gigabyte from `/info`, answers that never end or trickle in, a
//! 64 MiB login, Direct paging that goes nowhere. Each run's own peak memory is read from the
//! kernel (`wait4`'s `ru_maxrss`), so a body read whole into memory would fail the bound.
use std::io::{BufRead, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::process::{app_binary, CLI_WAIT};
use crate::support::world::*;
use fake_yandex::{AgencyPaging, Fault, FaultKind, Service, UserKind, UserSpec};
use serde_json::Value;

const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;
/// The most memory one run may reach: a few times what the binary needs, far under the
/// gigabyte a body read whole would take.
const MOST_MEMORY_MIB: u64 = 200;
/// The longest a run meeting an endless answer may take: the 10 s request limit and start-up,
/// with room for a loaded machine.
const ENDLESS_ENDS_WITHIN: Duration = Duration::from_secs(45);

/// One run of the command line: how it exited, what it printed, its peak memory, how long.
struct Measured {
    code: i32,
    stdout: String,
    stderr: String,
    peak_mib: u64,
    took: Duration,
}

/// Runs `yatoken args…` on `world` with `stdin`; `on_code` gets a device sign-in's user code
/// when the command prints one (on stderr, alone on an indented line).
fn measured(world: &World, args: &[&str], stdin: &str, on_code: impl Fn(&str)) -> Measured {
    let started = Instant::now();
    // Reaped below by wait4, which also gives its resource use (std's wait cannot).
    #[allow(clippy::zombie_processes)]
    let mut child = world
        .command(std::path::Path::new(app_binary()), args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run yatoken");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    let stdout = child.stdout.take().expect("stdout");
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let (lines, seen) = mpsc::channel::<String>();
    let stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    let err = std::thread::spawn(move || {
        let mut all = String::new();
        for line in stderr.lines().map_while(Result::ok) {
            let _ = lines.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let pid = child.id() as libc::pid_t;
    let (status, usage) = loop {
        for line in seen.try_iter() {
            if line.starts_with("    ") && line.trim().len() == 8 {
                on_code(line.trim());
            }
        }
        let mut status = 0;
        // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, not yet reaped; both pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break (status, usage);
        }
        assert_eq!(reaped, 0, "wait4: {}", std::io::Error::last_os_error());
        if started.elapsed() > CLI_WAIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("yatoken {args:?} still ran after {CLI_WAIT:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Measured {
        code: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        // Linux counts ru_maxrss in KiB.
        peak_mib: usage.ru_maxrss as u64 / 1024,
        took: started.elapsed(),
    }
}

fn run(world: &World, args: &[&str], stdin: &str) -> Measured {
    measured(world, args, stdin, |_| {})
}

fn json(run: &Measured) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

/// The index file's size in bytes (0 when there is none yet).
fn index_size(world: &World) -> u64 {
    std::fs::metadata(world.index_path()).map_or(0, |m| m.len())
}

fn assert_bounded(run: &Measured) {
    eprintln!("peak memory {} MiB", run.peak_mib);
    assert!(
        run.peak_mib < MOST_MEMORY_MIB,
        "peak memory {} MiB (limit {MOST_MEMORY_MIB} MiB); stderr: {}",
        run.peak_mib,
        run.stderr
    );
}

fn fault(world: &World, service: Service, path: &str, kind: FaultKind) {
    world.fake.add_fault(Fault::new(service, path, kind));
}

#[test]
fn a_gigabyte_from_info_during_import_is_refused_and_memory_stays_bounded() {
    let world = World::seeded();
    let token = world.fake.issue_token("adv-alice", APP, None).access_token;
    for announced in [false, true] {
        let huge = FaultKind::Oversized {
            bytes: GIB,
            announced,
        };
        fault(&world, Service::Login, "/info", huge);
        let before = world.fake.generated_bytes();
        let imported = run(&world, &["import", "--client-id", APP], &token);
        world.fake.clear_faults();
        assert_bounded(&imported);
        assert_eq!(
            imported.code, 5,
            "announced {announced}: {}",
            imported.stderr
        );
        assert!(
            imported
                .stderr
                .contains("too large to be real (over 64 KiB)")
                && imported.stderr.contains("Nothing was saved"),
            "{}",
            imported.stderr
        );
        let sent = world.fake.generated_bytes() - before;
        assert!(
            sent < 64 * MIB,
            "the fake sent {sent} bytes: read on past the cap"
        );
        assert!(stored_logins(&world).is_empty(), "nothing stored");
    }
    // The same token is imported once Yandex answers like itself again.
    let imported = run(&world, &["import", "--client-id", APP], &token);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(stored_logins(&world), ["adv-alice"]);
}

#[tokio::test]
async fn a_gigabyte_from_info_during_a_test_is_an_error_line_and_memory_stays_bounded() {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    world
        .seed("adv-alice", APP, true, crate::support::seed::YEAR)
        .await;
    let huge = FaultKind::Oversized {
        bytes: GIB,
        announced: false,
    };
    fault(&world, Service::Login, "/info", huge);
    let tested = run(&world, &["test", "adv-alice", "--json"], "");
    assert_eq!(tested.code, 1, "not valid: {}", tested.stderr);
    assert_bounded(&tested);
    let result = &json(&tested)[0];
    assert_eq!(result["status"], "error");
    let identity = &result["checks"][0];
    assert_eq!(
        (&identity["api"], &identity["code"]),
        (&"identity".into(), &"too_large".into())
    );
    let message = identity["message"].as_str().unwrap();
    assert!(
        message.contains("too large to be real (over 64 KiB)"),
        "{message}"
    );
    assert_eq!(
        result["checks"][1]["status"], "valid",
        "Direct still tested"
    );
    assert!(
        index_size(&world) < 16 * 1024,
        "{} bytes",
        index_size(&world)
    );
}

#[test]
fn an_answer_that_trickles_forever_ends_at_the_time_limit() {
    let world = World::seeded();
    let token = world.fake.issue_token("adv-alice", APP, None).access_token;
    let trickle = FaultKind::Trickle(Duration::from_millis(50));
    fault(&world, Service::Login, "/info", trickle);
    let imported = run(&world, &["import", "--client-id", APP], &token);
    assert_eq!(imported.code, 5, "{}", imported.stderr);
    assert!(
        imported.stderr.contains("did not answer in time"),
        "{}",
        imported.stderr
    );
    assert!(
        imported.took < ENDLESS_ENDS_WITHIN,
        "ended after {:?}",
        imported.took
    );
    assert!(stored_logins(&world).is_empty());
    assert_bounded(&imported);
}

#[test]
fn a_64_mib_login_is_never_stored_whether_signing_in_or_importing() {
    let world = World::seeded();
    world.fake.set_device_polling(1, None);
    let added = run(
        &world,
        &["app", "add", "--client-id", APP, "--secret-stdin"],
        SECRET,
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    world.fake.set_absurd_login("adv-alice", Some(64 * MIB));

    let signed_in = measured(
        &world,
        &["login", "--client-id", APP, "--device"],
        "",
        |code| world.fake.approve_device_code(code, "adv-alice"),
    );
    assert_eq!(signed_in.code, 5, "{}", signed_in.stderr);
    assert!(
        signed_in.stderr.contains("too large to be real"),
        "{}",
        signed_in.stderr
    );
    assert_bounded(&signed_in);

    let token = world.fake.issue_token("adv-alice", APP, None).access_token;
    let imported = run(&world, &["import", "--client-id", APP], &token);
    assert_eq!(imported.code, 5, "{}", imported.stderr);
    assert_bounded(&imported);

    // A login long enough to be absurd but small enough to read: refused by what it is.
    world.fake.set_absurd_login("adv-alice", Some(10_000));
    let imported = run(&world, &["import", "--client-id", APP], &token);
    assert_eq!(imported.code, 5, "{}", imported.stderr);
    assert!(
        imported
            .stderr
            .contains("no real Yandex account can have (its login")
            && imported.stderr.contains("nothing was saved"),
        "{}",
        imported.stderr
    );
    assert!(stored_logins(&world).is_empty());
    assert!(index_size(&world) < 4096, "{} bytes", index_size(&world));
    let index = std::fs::read_to_string(world.index_path()).unwrap();
    assert!(!index.contains("adv-aliceaaaa"), "{index}");
}

/// An agency account (`agency-one` with three clients) imported, its list fetched once.
async fn agency_world() -> World {
    let world = World::seeded();
    world.fake.add_user(UserSpec::new(
        "agency-one",
        UserKind::Agency {
            clients: vec!["c-one".into(), "c-two".into(), "c-three".into()],
        },
    ));
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let token = world.fake.issue_token("agency-one", APP, None).access_token;
    let imported = run(&world, &["import", "--client-id", APP], &token);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(
        stored_clients(&world).len(),
        3,
        "the list fetched on import"
    );
    world
}

fn stored_clients(world: &World) -> Vec<Value> {
    let listed = run(world, &["clients", "agency-one", "--json"], "");
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    json(&listed).as_array().unwrap().clone()
}

fn agency_pages_asked(world: &World) -> usize {
    let requests = world.fake.requests();
    requests
        .iter()
        .filter(|r| r.path.ends_with("/agencyclients"))
        .count()
}

#[tokio::test]
async fn agency_paging_that_makes_no_progress_ends_with_a_clear_error() {
    let world = agency_world().await;
    for paging in [AgencyPaging::Stuck, AgencyPaging::EmptyClaimingMore] {
        world.fake.set_agency_paging(paging);
        world.fake.clear_requests();
        let refreshed = run(&world, &["clients", "agency-one", "--refresh"], "");
        assert_eq!(refreshed.code, 5, "{paging:?}: {}", refreshed.stderr);
        assert!(
            refreshed.stderr.contains("stopped moving on at client 0")
                && refreshed.stderr.contains("the list fetched before is kept"),
            "{}",
            refreshed.stderr
        );
        assert_eq!(agency_pages_asked(&world), 1, "{paging:?}: no second page");
        assert_eq!(stored_clients(&world).len(), 3, "the stored list is kept");
    }
}

#[tokio::test]
async fn agency_paging_that_never_ends_stops_at_the_page_limit() {
    let world = agency_world().await;
    world.fake.set_agency_paging(AgencyPaging::Endless);
    world.fake.clear_requests();
    let refreshed = run(&world, &["clients", "agency-one", "--refresh"], "");
    assert_eq!(refreshed.code, 5, "{}", refreshed.stderr);
    assert!(
        refreshed
            .stderr
            .contains("went on for 100 pages and 100 clients"),
        "{}",
        refreshed.stderr
    );
    assert_eq!(agency_pages_asked(&world), 100);
    let kept: Vec<String> = stored_clients(&world)
        .iter()
        .map(|c| c["login"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kept, ["c-one", "c-three", "c-two"], "no ghost stored");
}

#[tokio::test]
async fn an_endless_direct_answer_stops_at_its_cap_and_keeps_the_list() {
    let world = agency_world().await;
    let endless = FaultKind::Oversized {
        bytes: u64::MAX,
        announced: false,
    };
    fault(&world, Service::Direct, "/json/v5/agencyclients", endless);
    let refreshed = run(&world, &["clients", "agency-one", "--refresh"], "");
    world.fake.clear_faults();
    assert_eq!(refreshed.code, 5, "{}", refreshed.stderr);
    assert!(
        refreshed
            .stderr
            .contains("too large to be real (over 16 MiB)"),
        "{}",
        refreshed.stderr
    );
    assert_bounded(&refreshed);
    assert_eq!(stored_clients(&world).len(), 3);
}
