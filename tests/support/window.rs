//! The real YaToken window (or any Tauri app) under WebDriver: tauri-driver started and stopped,
//! the WebDriver session, the app's process, waiting for its start-up, and the page's own clock
//! of that start-up (what the benchmarks read). Acting on the page is in `page.rs`.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use super::process::{app_binary, free_port, tree, WAIT};
use super::session::session;

/// An app window under WebDriver. Each has its own tauri-driver, so each app gets the
/// environment it was launched with.
pub struct AppWindow {
    pub client: Client,
    /// The app's process, the one under this window's tauri-driver that runs the binary.
    pid: u32,
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
        let mut window = Self::launch_any(binary, env).await;
        window.wait_ready().await;
        window.driver_alive();
        window
    }

    /// Starts any Tauri app `binary` (the benchmarks' minimal window too) and returns once the
    /// WebDriver session is open, without waiting for YaToken's start-up.
    pub async fn launch_any(binary: &Path, env: &[(String, String)]) -> AppWindow {
        session();
        let binary = binary
            .canonicalize()
            .unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
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
        let client = connect_to(port, &binary).await;
        let driver_pid = driver.0.as_ref().expect("the driver").id();
        let pid = tree(driver_pid)
            .into_iter()
            .find(|p| std::fs::read_link(format!("/proc/{p}/exe")).ok().as_ref() == Some(&binary))
            .unwrap_or_else(|| panic!("no {} under tauri-driver", binary.display()));
        AppWindow {
            client,
            pid,
            driver: driver.0.take().expect("the driver"),
            _display: display,
        }
    }

    /// The app's process id: the process under this window's tauri-driver that runs its binary.
    pub fn app_pid(&self) -> u32 {
        self.pid
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

    /// Waits until the page has set the performance mark `name`.
    pub async fn wait_mark(&self, name: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let found = self
                .client
                .execute(
                    "return performance.getEntriesByName(arguments[0]).length > 0;",
                    vec![name.into()],
                )
                .await
                .expect("read the page's marks");
            if found.as_bool() == Some(true) {
                return;
            }
            assert!(Instant::now() < deadline, "the page never set {name}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The page's clock: when navigation started (epoch ms), and when each of `marks`, the DOM
    /// content and the load event happened (ms after that).
    pub async fn page_times(&self, marks: &[&str]) -> PageTimes {
        let value = self
            .client
            .execute(
                "const nav = performance.getEntriesByType('navigation')[0] || {}; \
                 return { origin: performance.timeOrigin, \
                          dcl: nav.domContentLoadedEventEnd || null, \
                          marks: arguments[0].map(n => { \
                            const e = performance.getEntriesByName(n)[0]; \
                            return e ? e.startTime : null; }) };",
                vec![serde_json::json!(marks)],
            )
            .await
            .expect("read the page's timing");
        PageTimes {
            origin: value["origin"].as_f64().expect("timeOrigin"),
            dom_content_loaded: value["dcl"].as_f64(),
            marks: value["marks"]
                .as_array()
                .expect("marks")
                .iter()
                .map(|m| m.as_f64().expect("the mark was set"))
                .collect(),
        }
    }

    /// Closes the app (ending the session) and stops tauri-driver with SIGTERM, never SIGKILL:
    /// a killed tauri-driver orphans WebKitWebDriver and the test run hangs.
    pub async fn quit(mut self) {
        let client = self.client.clone();
        let _ = tokio::time::timeout(WAIT, client.close()).await;
        self.stop_driver();
    }

    /// Quits as [`AppWindow::quit`] does, then waits until the app's processes are gone (at most
    /// 15 s, then a warning): the benchmarks measure each window alone.
    pub async fn quit_and_wait(self) {
        let tree = tree(self.pid);
        self.quit().await;
        let deadline = Instant::now() + Duration::from_secs(15);
        while tree
            .iter()
            .any(|p| Path::new(&format!("/proc/{p}")).exists())
        {
            if Instant::now() > deadline {
                eprintln!("warning: processes of the closed window still run: {tree:?}");
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
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

/// The page's clock of its start-up, from [`AppWindow::page_times`].
pub struct PageTimes {
    /// `performance.timeOrigin`: navigation start, epoch ms.
    pub origin: f64,
    /// `domContentLoadedEventEnd`, ms after `origin`.
    pub dom_content_loaded: Option<f64>,
    /// The marks asked for, ms after `origin`.
    pub marks: Vec<f64>,
}

/// Stops a tauri-driver with SIGTERM (a killed one orphans WebKitWebDriver); only one that has
/// not gone after [`WAIT`] is killed.
fn stop_driver(driver: &mut Child) {
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
async fn connect_to(port: u16, binary: &Path) -> Client {
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
