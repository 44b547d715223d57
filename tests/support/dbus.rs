//! D-Bus: a session bus of its own with nothing on it (a desktop without a keychain), one with a
//! gnome-keyring of its own that a test may stop (the session's keychain is shared by every
//! suite), and what the test session's Secret Service holds for a service (`secret-tool`).

use std::process::{Child, Command, Stdio};

use super::session::session;

/// A D-Bus session bus of its own with nothing on it (no Secret Service, and nothing that could
/// be activated): what an app sees on a desktop where no keychain is installed.
pub struct EmptyBus {
    daemon: Child,
    address: String,
    _config: tempfile::NamedTempFile,
}

impl EmptyBus {
    pub fn start() -> Self {
        use std::io::{BufRead, Write};
        let mut config = tempfile::NamedTempFile::new_in(session()).expect("a bus config file");
        config
            .write_all(
                br#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
            )
            .expect("write the bus config");
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.path().display()))
            .args(["--nofork", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("dbus-daemon is installed (package dbus)");
        let mut address = String::new();
        std::io::BufReader::new(daemon.stdout.take().expect("piped stdout"))
            .read_line(&mut address)
            .expect("dbus-daemon prints its address");
        assert!(address.starts_with("unix:"), "dbus-daemon said {address:?}");
        Self {
            daemon,
            address: address.trim().to_string(),
            _config: config,
        }
    }

    pub fn address(&self) -> &str {
        &self.address
    }
}

impl Drop for EmptyBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// `secret-tool search --all service <service>`: items, attributes and secrets.
pub fn secret_tool_search(service: &str) -> String {
    let output = Command::new("secret-tool")
        .args(["search", "--all", "--unlock", "service", service])
        .output()
        .expect("secret-tool is installed (libsecret-tools)");
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A gnome-keyring of its own on a bus of its own, its files in a throwaway folder: one a test
/// may stop (SIGSTOP, a hung daemon) or lock without touching the session's keychain.
pub struct PrivateKeyring {
    bus: EmptyBus,
    daemon: Child,
    _home: tempfile::TempDir,
}

impl PrivateKeyring {
    pub fn start() -> PrivateKeyring {
        use std::io::Write;
        let bus = EmptyBus::start();
        let home = tempfile::tempdir_in(session()).expect("a folder for the keyring");
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
        let mut password = daemon.stdin.take().expect("piped stdin");
        password.write_all(b"private-keyring").unwrap();
        drop(password);
        let keyring = PrivateKeyring {
            bus,
            daemon,
            _home: home,
        };
        keyring.wait_for_the_secret_service();
        keyring
    }

    /// The bus address to give the app.
    pub fn address(&self) -> &str {
        self.bus.address()
    }

    /// The daemon stops answering, as a hung one does.
    pub fn stop(&self) {
        self.signal("-STOP");
    }

    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.daemon.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill {signal}");
    }

    fn wait_for_the_secret_service(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::time::Instant::now() < deadline {
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
                .expect("dbus-send is installed (package dbus)");
            if String::from_utf8_lossy(&owned.stdout).contains("boolean true") {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the private gnome-keyring never came on its bus");
    }
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        self.resume();
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}
