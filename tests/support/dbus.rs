//! D-Bus: a session bus of its own with nothing on it (a desktop without a keychain), and what
//! the test session's Secret Service holds for a service (`secret-tool`).

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
