//! The command line on a world's profile: `yatoken args…` headless, with only the world's
//! environment (its home, profile and the fake) and the session's PATH and D-Bus, its input
//! given and its output read within [`CLI_WAIT`].

use std::path::Path;

use super::process::{app_binary, output_within, CLI_WAIT};
use super::session::session;
use super::world::World;

/// What one run of the command line printed, and how it exited.
pub struct CliRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl World {
    /// Runs `yatoken args…` headless on this world's profile, with `stdin` as its input.
    pub fn cli(&self, args: &[&str], stdin: &str) -> CliRun {
        self.cli_of(Path::new(app_binary()), args, stdin)
    }

    /// `binary args…` with only this world's environment (its home, profile and the fake) and
    /// the session's PATH and D-Bus: what [`World::cli`] runs.
    pub fn command(&self, binary: &Path, args: &[&str]) -> std::process::Command {
        session();
        let mut command = std::process::Command::new(binary);
        command
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                std::env::var_os("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default(),
            )
            .envs(self.env());
        command
    }

    /// Runs `binary args…` (an installed `yatoken`, say) as [`World::cli`] does.
    pub fn cli_of(&self, binary: &Path, args: &[&str], stdin: &str) -> CliRun {
        Self::run(self.command(binary, args), stdin)
    }

    /// Runs `command` (from [`World::command`], perhaps with more environment) with `stdin` as
    /// its input, within [`CLI_WAIT`].
    pub fn run(command: std::process::Command, stdin: &str) -> CliRun {
        Self::run_within(command, stdin, CLI_WAIT)
    }

    /// [`World::run`] with another bound (a benchmark's run over thousands of accounts).
    pub fn run_within(
        mut command: std::process::Command,
        stdin: &str,
        limit: std::time::Duration,
    ) -> CliRun {
        use std::io::Write;
        use std::process::Stdio;

        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run yatoken");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        let output = output_within(child, limit);
        CliRun {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}
