//! The fault-injection suite (issue 12): the real binary and the real Secret Service of the
//! test session, with faults injected for real. A process killed at each named pause point of
//! sign-in, refresh and revoke (`src-tauri/pause.rs`, compiled only into test builds);
//! processes racing over one account; a keychain daemon that stops answering or is locked; an
//! index that cannot be written or is damaged; a torn audit log; lost, lying, oversized and
//! endless answers from the fake (`hostile.rs`, with each run's peak memory). Each test checks
//! what a person would find afterwards: which tokens the keychain holds, whether they work at
//! Yandex, what the index lists, what the command said.

// Signals, mounts, file modes and gnome-keyring: Linux (and other Unix) only.
#![cfg(unix)]

#[path = "../support/mod.rs"]
mod support;

mod crash;
mod disk;
mod hostile;
mod keychain;
mod races;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use support::cli::CliRun;
use support::process::app_binary;
use support::seed::YEAR;
use support::world::{World, APP, SECRET};

/// A world with the seeded cast's app (with its secret, so refresh and revoke work) and a
/// device-bound account for `login`, whose token is returned.
async fn world_with(login: &str) -> (World, String) {
    let world = World::seeded();
    world
        .add_app(APP, Some(SECRET), &["login:info", "direct:api"])
        .await;
    let token = world.seed(login, APP, true, YEAR).await;
    (world, token)
}

/// `yatoken args…` started with `YATOKEN_PAUSE_AT=point`, killed (SIGKILL: no clean-up of any
/// kind) as soon as it says it reached the point. Panics if it never does.
fn killed_at(world: &World, point: &str, args: &[&str], stdin: &str) {
    let mut command = world.command(std::path::Path::new(app_binary()), args);
    command
        .env("YATOKEN_PAUSE_AT", point)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("start yatoken");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let said = said_within(
        &mut child,
        &format!("paused at {point}"),
        Duration::from_secs(30),
    );
    child.kill().expect("kill yatoken");
    let _ = child.wait();
    assert!(said.0, "yatoken never reached {point}; it said: {}", said.1);
}

/// Reads `child`'s stderr until a line contains `wanted` or `limit` passes: whether it came,
/// and everything read.
fn said_within(child: &mut Child, wanted: &str, limit: Duration) -> (bool, String) {
    let stderr = child.stderr.take().expect("stderr piped");
    let (lines, heard) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = std::time::Instant::now() + limit;
    let mut all = String::new();
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match heard.recv_timeout(left) {
            Ok(line) => {
                all.push_str(&line);
                all.push('\n');
                if line.contains(wanted) {
                    return (true, all);
                }
            }
            Err(_) => break,
        }
    }
    (false, all)
}

/// `yatoken args…` on the world's profile.
fn yatoken(world: &World, args: &[&str]) -> CliRun {
    world.cli(args, "")
}

/// The index as JSON.
fn index(world: &World) -> serde_json::Value {
    let text = std::fs::read_to_string(world.index_path()).expect("the index");
    serde_json::from_str(&text).expect("the index is valid JSON")
}

/// Runs each of `runs` (argument lists) as its own process, all at once.
fn at_once(world: &std::sync::Arc<World>, runs: Vec<Vec<&'static str>>) -> Vec<CliRun> {
    let started: Vec<_> = runs
        .into_iter()
        .map(|args| {
            let world = std::sync::Arc::clone(world);
            std::thread::spawn(move || yatoken(&world, &args))
        })
        .collect();
    started.into_iter().map(|t| t.join().unwrap()).collect()
}
