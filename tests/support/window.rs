//! The real YaToken window under WebDriver: tauri-driver started and stopped, the WebDriver
//! session, the app's process, waiting for its start-up. Acting on the page is in `page.rs`.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use super::process::{app_binary, free_port, WAIT};
use super::session::session;

/// The real YaToken window under WebDriver. Each has its own tauri-driver, so each app gets the
/// environment it was launched with.
pub struct AppWindow {
    pub client: Client,
    driver: Child,
    /// One app window on the display at a time. Without a window manager every window sits at
    /// 0,0; WebKit stops laying out a window another one covers, and the keyboard focus is
    /// one for the whole display. So window tests in one binary take turns.
    _display: tokio::sync::MutexGuard<'static, ()>,
}

static DISPLAY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl AppWindow {
    /// Starts the app with `env` added to the session's environment and waits for the window to
    /// finish its start-up (`body[data-ready]`).
    pub async fn launch(env: &[(String, String)]) -> AppWindow {
        Self::launch_binary(Path::new(app_binary()), env).await
    }

    /// Starts `binary` (an installed `yatoken`, say) as [`AppWindow::launch`] starts the built one.
    pub async fn launch_binary(binary: &Path, env: &[(String, String)]) -> AppWindow {
        session();
        let display = DISPLAY.lock().await;
        let port = free_port();
        let native_port = free_port();
        let mut command = Command::new("tauri-driver");
        command
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env_remove("YATOKEN_PROFILE")
            // The app follows these; a test that wants a proxy passes them in `env`.
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .env_remove("HTTPS_PROXY")
            .env_remove("https_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let mut driver =
            DriverGuard(Some(command.spawn().expect(
                "tauri-driver is installed (scripts/install-deps installs it)",
            )));
        let client = connect_to(port, binary).await;
        let mut window = AppWindow {
            client,
            driver: driver.0.take().expect("the driver"),
            _display: display,
        };
        window.wait_ready().await;
        window.driver_alive();
        window
    }

    /// The app's process id: the `yatoken` process under this window's tauri-driver.
    pub fn app_pid(&self) -> u32 {
        let parent_of = |pid: u32| -> Option<u32> {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // "pid (comm) state ppid ..."; comm may contain spaces, so split after the ')'.
            stat.rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        };
        let driver = self.driver.id();
        for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            if comm.trim() != "yatoken" {
                continue;
            }
            let mut ancestor = parent_of(pid);
            while let Some(p) = ancestor.filter(|p| *p > 1) {
                if p == driver {
                    return pid;
                }
                ancestor = parent_of(p);
            }
        }
        panic!("no yatoken process under tauri-driver {driver}");
    }

    fn driver_alive(&mut self) {
        if let Ok(Some(status)) = self.driver.try_wait() {
            panic!("tauri-driver exited early: {status}");
        }
    }

    pub async fn wait_ready(&self) {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("body[data-ready='true']"))
            .await
            .expect("the window finished starting");
    }

    /// Closes the app (ending the session) and stops tauri-driver with SIGTERM, never SIGKILL:
    /// a killed tauri-driver orphans WebKitWebDriver and the test run hangs.
    pub async fn quit(mut self) {
        let client = self.client.clone();
        let _ = tokio::time::timeout(WAIT, client.close()).await;
        self.stop_driver();
    }

    fn stop_driver(&mut self) {
        stop_driver(&mut self.driver);
    }
}

impl Drop for AppWindow {
    fn drop(&mut self) {
        self.stop_driver();
    }
}

/// Stops a tauri-driver with SIGTERM (a killed one orphans WebKitWebDriver); only one that has
/// not gone after [`WAIT`] is killed.
pub fn stop_driver(driver: &mut Child) {
    if let Ok(None) = driver.try_wait() {
        let _ = Command::new("kill")
            .args(["-TERM", &driver.id().to_string()])
            .status();
        let deadline = Instant::now() + WAIT;
        while let Ok(None) = driver.try_wait() {
            if Instant::now() > deadline {
                let _ = driver.kill();
                let _ = driver.wait();
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Stops the driver of a window whose start failed.
struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(driver) = &mut self.0 {
            stop_driver(driver);
        }
    }
}

/// A WebDriver session with the tauri-driver on `port`, starting `binary` (any Tauri app).
pub async fn connect_to(port: u16, binary: &Path) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": binary }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + WAIT;
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(capabilities.clone());
        let attempt = builder.connect(&url);
        // An app that dies while starting (no display, say) can leave the driver's answer
        // pending for ever: each attempt, like the whole wait, ends at the deadline.
        let left = deadline.saturating_duration_since(Instant::now());
        let error = match tokio::time::timeout(left, attempt).await {
            Ok(Ok(client)) => return client,
            Ok(Err(e)) => e.to_string(),
            Err(_) => format!("no answer within {WAIT:?}"),
        };
        assert!(
            Instant::now() < deadline,
            "could not open a WebDriver session on {url} for {}: {error}",
            binary.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
