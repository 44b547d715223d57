//! A keychain daemon that stops answering (SIGSTOP, as a hung gnome-keyring): the command line
//! says so and exits 5 within a few seconds, instead of waiting for ever for the blocked call.
//! The daemon is a private one, on a bus of its own, so the session's keychain (which the other
//! suites use meanwhile) is never stopped.

use std::process::Command;
use std::time::{Duration, Instant};

use super::*;
use support::dbus::PrivateKeyring;

/// `yatoken args…` on `world`'s profile, talking to `keyring`, and how long it took.
fn on(keyring: &PrivateKeyring, world: &World, args: &[&str], stdin: &str) -> (CliRun, Duration) {
    let mut command = world.command(std::path::Path::new(app_binary()), args);
    command.env("DBUS_SESSION_BUS_ADDRESS", keyring.address());
    let started = Instant::now();
    let run = World::run(command, stdin);
    (run, started.elapsed())
}

#[tokio::test]
async fn a_stopped_keychain_daemon_makes_the_command_line_exit_5_within_seconds() {
    let world = World::seeded();
    let keyring = PrivateKeyring::start();
    let (added, _) = on(
        &keyring,
        &world,
        &["app", "add", "--client-id", APP, "--name", "Ads"],
        "",
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let minted = world
        .fake
        .issue_token("adv-alice", APP, Some("yatoken-test"));
    let args = ["import", "--client-id", APP];
    let (imported, _) = on(&keyring, &world, &args, &minted.access_token);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let (token, _) = on(&keyring, &world, &["token", "adv-alice"], "");
    assert_eq!(token.stdout.trim(), minted.access_token, "{}", token.stderr);

    keyring.stop();
    let (run, took) = on(&keyring, &world, &["token", "adv-alice"], "");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(run.code, 5, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("keychain did not answer"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains(&minted.access_token));
    // Test reads the token too: its line names the reason, within the same bound.
    let (run, took) = on(&keyring, &world, &["test", "adv-alice"], "");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_ne!(run.code, 0);
    assert!(
        run.stdout.contains("keychain did not answer"),
        "{}",
        run.stdout
    );

    keyring.resume();
    let (back, _) = on(&keyring, &world, &["token", "adv-alice"], "");
    assert_eq!(back.code, 0, "works again once it answers: {}", back.stderr);
    assert_eq!(back.stdout.trim(), minted.access_token);
}

#[tokio::test]
async fn a_locked_keychain_whose_prompt_goes_unanswered_says_to_unlock_it() {
    // No prompter can show on this bus, so gnome-keyring dismisses the unlock prompt at once,
    // as when a person closes it.
    let world = World::seeded();
    let keyring = PrivateKeyring::start();
    let add = ["app", "add", "--client-id", APP, "--name", "Ads"];
    assert_eq!(on(&keyring, &world, &add, "").0.code, 0);
    let minted = world
        .fake
        .issue_token("adv-alice", APP, Some("yatoken-test"));
    let import = ["import", "--client-id", APP];
    let (imported, _) = on(&keyring, &world, &import, &minted.access_token);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let locked = Command::new("dbus-send")
        .arg(format!("--bus={}", keyring.address()))
        .args([
            "--print-reply",
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ])
        .output()
        .unwrap();
    assert!(locked.status.success(), "{locked:?}");

    let (run, took) = on(&keyring, &world, &["token", "adv-alice"], "");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(run.stderr.contains("is locked"), "{}", run.stderr);
    assert!(run.stderr.contains("unlock"), "{}", run.stderr);
    assert!(!run.stdout.contains(&minted.access_token));
}
