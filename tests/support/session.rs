//! The throwaway desktop session the real parts need, a private home for each app under test,
//! unique keychain profiles, and a search of a home for what must not have been written there.
//!
//! Suites that use the real keychain or a real window must run inside `scripts/test-session`
//! (which `scripts/test` does): its own D-Bus bus, an unlocked gnome-keyring whose files are in a
//! temporary directory, and an Xvfb display. Outside it they fail loudly rather than touch the
//! developer's own keychain or desktop.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// The throwaway session's directory. Panics, with what to run instead, outside one.
pub fn session() -> PathBuf {
    match std::env::var_os("YATOKEN_TEST_SESSION") {
        Some(dir) if Path::new(&dir).is_dir() => PathBuf::from(dir),
        _ => panic!(
            "this suite needs the throwaway test session (its own D-Bus, gnome-keyring and Xvfb) \
             so that it never touches your own keychain or desktop. Run all tests with \
             `scripts/test`, or one suite with `scripts/test-session cargo test --test <name>`."
        ),
    }
}

/// A unique profile name, so suites running side by side never share keychain entries.
pub fn unique_profile(prefix: &str) -> String {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{prefix}-{}-{n}", std::process::id())
}

/// The private XDG directories of one app under test.
pub struct Home {
    dir: TempDir,
}

impl Home {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("home-")
            .tempdir_in(session())
            .expect("temp dir in the test session");
        for sub in ["config", "data", "cache"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("create the home's directories");
        }
        Self { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn cache(&self) -> PathBuf {
        self.dir.path().join("cache")
    }

    /// `HOME` and the XDG directories, so nothing the app (or WebKit) writes lands in yours.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("HOME".into(), self.path().display().to_string()),
            (
                "XDG_CONFIG_HOME".into(),
                self.config().display().to_string(),
            ),
            ("XDG_DATA_HOME".into(), self.data().display().to_string()),
            ("XDG_CACHE_HOME".into(), self.cache().display().to_string()),
        ]
    }
}

/// Every folder under (and including) `dir` that is not 0700 and every file that is not 0600,
/// with its mode: what another user of the machine could read or list.
pub fn not_private(dir: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let mut open = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        let meta = std::fs::symlink_metadata(&path).expect("read a mode");
        let mode = meta.permissions().mode() & 0o777;
        if mode != if meta.is_dir() { 0o700 } else { 0o600 } {
            open.push(format!("{} {mode:o}", path.display()));
        }
        if meta.is_dir() {
            let entries = std::fs::read_dir(&path).expect("list a folder");
            pending.extend(entries.map(|e| e.expect("a folder entry").path()));
        }
    }
    open
}

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                if let Ok(bytes) = std::fs::read(&path) {
                    if bytes
                        .windows(needle.len())
                        .any(|window| window == needle.as_bytes())
                    {
                        found.push(path);
                    }
                }
            }
        }
    }
    found
}
