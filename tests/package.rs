//! The .deb as a user gets it: installed with apt (dependencies resolved by apt), then the
//! installed `/usr/bin/yatoken` — its version, its window through WebDriver, its command line
//! against the fake Yandex — and then removed and installed again, purged and installed again,
//! with the user's accounts and keychain entries still there each time. The machine is left as it was found.
//!
//! `scripts/test` builds the package with `scripts/package` first and names it in `YATOKEN_DEB`;
//! apt-get runs as root, or through sudo. Without `YATOKEN_DEB` the suite fails and says so.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::world::{World, APP};
use support::AppWindow;

const INSTALLED: &str = "/usr/bin/yatoken";

#[tokio::test]
async fn the_installed_package_runs_and_keeps_the_users_accounts_through_remove_purge_and_reinstall(
) {
    support::session();
    let deb = package();
    let machine = Machine::before_install();

    apt(&["install", "-y", "-q", &deb.display().to_string()]);
    assert_eq!(
        dpkg_status("yatoken").as_deref(),
        Some(env!("CARGO_PKG_VERSION")),
        "apt installed the package's own version"
    );

    // The installed binary says which version it is.
    let version = Command::new(INSTALLED).arg("--version").output().unwrap();
    assert!(version.status.success(), "{version:?}");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("yatoken {}", env!("CARGO_PKG_VERSION"))
    );

    // What apt was told: no dependency twice, the keychain recommended.
    let depends = dpkg_field("Depends");
    let names: Vec<&str> = depends
        .split(',')
        .map(|d| d.split_whitespace().next().unwrap_or_default())
        .collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        names.len(),
        "a dependency listed twice: {depends}"
    );
    assert!(names.contains(&"libwebkit2gtk-4.1-0"), "{depends}");
    assert!(depends.contains("(>= "), "exact versions: {depends}");
    assert!(
        dpkg_field("Recommends").contains("gnome-keyring"),
        "a Secret Service provider is recommended"
    );
    for file in [
        "/usr/share/applications/yatoken.desktop",
        "/usr/share/metainfo/app.yatoken.desktop.metainfo.xml",
        "/usr/share/icons/hicolor/128x128/apps/yatoken.png",
        "/usr/share/icons/hicolor/scalable/apps/yatoken.svg",
        "/usr/share/man/man1/yatoken.1.gz",
        "/usr/share/man/man1/yatoken-test.1.gz",
        "/usr/share/bash-completion/completions/yatoken",
        "/usr/share/zsh/vendor-completions/_yatoken",
        "/usr/share/fish/vendor_completions.d/yatoken.fish",
        "/usr/share/doc/yatoken/copyright",
    ] {
        assert!(Path::new(file).is_file(), "the package installs {file}");
    }

    // The installed app's window, and the desktop entry that launchers match it by.
    let world = World::seeded();
    let window = AppWindow::launch_binary(Path::new(INSTALLED), &world.env()).await;
    assert_eq!(window.client.title().await.unwrap(), "YaToken");
    window.wait_shown("[data-testid=empty-title]").await;
    window.wait_for("body[data-keychain='ready']").await;
    let (instance, class) = wm_class(window.app_pid());
    let entry = std::fs::read_to_string("/usr/share/applications/yatoken.desktop").unwrap();
    let startup_class = entry
        .lines()
        .find_map(|l| l.strip_prefix("StartupWMClass="))
        .expect("the desktop entry names the window's class");
    assert_eq!(
        startup_class, class,
        "StartupWMClass is the class of the window's WM_CLASS ({instance:?}, {class:?})"
    );
    window.screenshot("installed-window").await;
    window.quit().await;

    // The installed command line signs nothing in by itself: it imports a token.
    let token = world.fake.issue_token("adv-alice", APP, None).access_token;
    let imported = world.cli_of(
        Path::new(INSTALLED),
        &["import", "--client-id", APP],
        &format!("{token}\n"),
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(imported.stdout, "adv-alice\n");
    let index = world
        .home
        .data()
        .join(world.service())
        .join("accounts.json");
    let keychain_before = support::secret_tool_search(&world.service());
    assert!(
        keychain_before.contains(&token),
        "the token is in the keychain"
    );

    // Removed, or purged, and installed again: the same account and token. The user's data is
    // never the package's to delete.
    for how in ["remove", "purge"] {
        apt(&[how, "-y", "-q", "yatoken"]);
        assert_eq!(dpkg_status("yatoken"), None, "{how}: not installed");
        assert!(!Path::new(INSTALLED).exists(), "{how} took the binary away");
        assert!(index.is_file(), "{how} left the accounts");
        assert_eq!(
            support::secret_tool_search(&world.service()),
            keychain_before,
            "{how} left the keychain entries"
        );

        apt(&["install", "-y", "-q", &deb.display().to_string()]);
        let listed = world.cli_of(Path::new(INSTALLED), &["list", "--json"], "");
        assert_eq!(listed.code, 0, "{}", listed.stderr);
        assert!(listed.stdout.contains("\"adv-alice\""), "{}", listed.stdout);
        let again = world.cli_of(Path::new(INSTALLED), &["token", "adv-alice"], "");
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert_eq!(again.stdout.trim(), token, "after {how}: the same token");
    }

    machine.restore();
}

/// The package `scripts/package` built, named by `YATOKEN_DEB`.
fn package() -> PathBuf {
    let deb = std::env::var_os("YATOKEN_DEB")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!(
                "YATOKEN_DEB names the .deb to install; `scripts/test` builds it with \
             `scripts/package` and runs this suite"
            )
        });
    assert!(deb.is_file(), "no package at {}", deb.display());
    std::fs::canonicalize(deb).unwrap()
}

/// What was installed before the test, so that it can be put back.
struct Machine {
    packages: Vec<String>,
    restored: bool,
}

impl Machine {
    fn before_install() -> Self {
        if let Some(version) = dpkg_status("yatoken") {
            panic!(
                "yatoken {version} is already installed on this machine; this suite installs and \
                 removes the package, so remove it first (apt-get remove yatoken)"
            );
        }
        Self {
            packages: installed_packages(),
            restored: false,
        }
    }

    /// Purges yatoken and whatever apt installed for it.
    fn restore(mut self) {
        self.restored = true;
        self.put_back().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            installed_packages(),
            self.packages,
            "the machine has the packages it had"
        );
    }

    fn put_back(&self) -> Result<(), String> {
        let mut added: Vec<String> = installed_packages()
            .into_iter()
            .filter(|p| !self.packages.contains(p))
            .collect();
        if dpkg_status("yatoken").is_some() && !added.iter().any(|p| p == "yatoken") {
            added.push("yatoken".into());
        }
        if added.is_empty() {
            return Ok(());
        }
        let mut args = vec!["purge", "-y", "-q"];
        args.extend(added.iter().map(String::as_str));
        try_apt(&args)
    }
}

impl Drop for Machine {
    fn drop(&mut self) {
        if !self.restored {
            // A failed test still leaves the machine as it was.
            if let Err(e) = self.put_back() {
                eprintln!("could not restore the machine: {e}");
            }
        }
    }
}

/// `apt-get args…` as root: directly, or through sudo.
fn apt(args: &[&str]) {
    try_apt(args).unwrap_or_else(|e| panic!("{e}"));
}

fn try_apt(args: &[&str]) -> Result<(), String> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut command = if root {
        Command::new("apt-get")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.args(["-n", "apt-get"]);
        sudo
    };
    let output = command
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .output()
        .map_err(|e| {
            format!(
                "apt-get {args:?} did not start (root, or sudo without a password, is needed): {e}"
            )
        })?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "apt-get {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

/// The installed version of `package`, or `None`.
fn dpkg_status(package: &str) -> Option<String> {
    let output = Command::new("dpkg-query")
        .args(["-W", "-f", "${db:Status-Abbrev} ${Version}", package])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.strip_prefix("ii ")
        .map(|version| version.trim().to_string())
}

fn dpkg_field(field: &str) -> String {
    let output = Command::new("dpkg-query")
        .args(["-W", "-f", &format!("${{{field}}}"), "yatoken"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn installed_packages() -> Vec<String> {
    let output = Command::new("dpkg-query")
        .args(["-W", "-f", "${db:Status-Abbrev} ${binary:Package}\n"])
        .output()
        .expect("dpkg-query runs");
    let mut packages: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("ii "))
        .map(|p| p.trim().to_string())
        .collect();
    packages.sort();
    packages
}

/// `WM_CLASS` (instance, class) of the app's main window, "YaToken".
fn wm_class(app_pid: u32) -> (String, String) {
    support::top_windows(app_pid)
        .into_iter()
        .find(|w| w.title == "YaToken")
        .unwrap_or_else(|| panic!("no window titled YaToken for process {app_pid}"))
        .wm_class
}
