//! A keychain daemon that stops answering (SIGSTOP, as a hung gnome-keyring): the command line
//! says so and exits 5 within a few seconds, instead of waiting for ever for the blocked call.
//! The daemon is a private one, on a bus of its own, so the session's keychain (which the other
//! suites use meanwhile) is never stopped.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::*;
use support::dbus::EmptyBus;

/// A gnome-keyring of its own on a bus of its own, its files in a throwaway folder.
struct PrivateKeyring {
    bus: EmptyBus,
    daemon: std::process::Child,
    _home: tempfile::TempDir,
}

impl PrivateKeyring {
    fn start() -> PrivateKeyring {
        let bus = EmptyBus::start();
        let home = tempfile::tempdir().unwrap();
        let run = home.path().join("run");
        std::fs::create_dir_all(&run).unwrap();
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", &run)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon is installed");
        use std::io::Write;
        let mut stdin = daemon.stdin.take().unwrap();
        stdin.write_all(b"private-keyring").unwrap();
        drop(stdin);
        let keyring = PrivateKeyring {
            bus,
            daemon,
            _home: home,
        };
        keyring.wait_for_the_secret_service();
        keyring
    }

    fn wait_for_the_secret_service(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let owned = Command::new("dbus-send")
                .arg(format!("--bus={}", self.bus.address()))
                .args([
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .output()
                .expect("dbus-send is installed");
            if String::from_utf8_lossy(&owned.stdout).contains("boolean true") {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the private gnome-keyring never came on its bus");
    }

    /// `yatoken args…` on `world`'s profile, talking to this keyring.
    fn yatoken(&self, world: &World, args: &[&str], stdin: &str) -> (CliRun, Duration) {
        let mut command = world.command(std::path::Path::new(app_binary()), args);
        command.env("DBUS_SESSION_BUS_ADDRESS", self.bus.address());
        let started = Instant::now();
        let run = World::run(command, stdin);
        (run, started.elapsed())
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.daemon.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        self.signal("-CONT");
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[tokio::test]
async fn a_stopped_keychain_daemon_makes_the_command_line_exit_5_within_seconds() {
    let world = World::seeded();
    let keyring = PrivateKeyring::start();
    let (added, _) = keyring.yatoken(
        &world,
        &["app", "add", "--client-id", APP, "--name", "Ads"],
        "",
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let minted = world
        .fake
        .issue_token("adv-alice", APP, Some("yatoken-test"));
    let args = ["import", "--client-id", APP];
    let (imported, _) = keyring.yatoken(&world, &args, &minted.access_token);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let (token, _) = keyring.yatoken(&world, &["token", "adv-alice"], "");
    assert_eq!(token.stdout.trim(), minted.access_token, "{}", token.stderr);

    keyring.signal("-STOP");
    let (run, took) = keyring.yatoken(&world, &["token", "adv-alice"], "");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(run.code, 5, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("keychain did not answer"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains(&minted.access_token));
    // Test reads the token too: its line names the reason, within the same bound.
    let (run, took) = keyring.yatoken(&world, &["test", "adv-alice"], "");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_ne!(run.code, 0);
    assert!(
        run.stdout.contains("keychain did not answer"),
        "{}",
        run.stdout
    );

    keyring.signal("-CONT");
    let (back, _) = keyring.yatoken(&world, &["token", "adv-alice"], "");
    assert_eq!(back.code, 0, "works again once it answers: {}", back.stderr);
    assert_eq!(back.stdout.trim(), minted.access_token);
}
