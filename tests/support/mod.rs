//! Shared by the integration suites: the throwaway desktop session the real parts need, a private
//! home for each app under test, and the real YaToken window driven through WebDriver
//! (tauri-driver + WebKitWebDriver).
//!
//! Suites that use the real keychain or a real window must run inside `scripts/test-session`
//! (which `scripts/test` does): its own D-Bus bus, an unlocked gnome-keyring whose files are in a
//! temporary directory, and an Xvfb display. Outside it they fail loudly rather than touch the
//! developer's own keychain or desktop.
#![allow(dead_code)] // each suite uses a different part

pub mod proxy;
pub mod seeded;
pub mod world;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
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

/// The built app binary (cargo builds it for integration tests).
pub fn app_binary() -> &'static str {
    env!("CARGO_BIN_EXE_yatoken")
}

/// Where tests leave screenshots: `target/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp has a parent")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

const WAIT: Duration = Duration::from_secs(20);

/// The longest any one command-line run may take in a test: well past the slowest scripted
/// retry, far short of a hung CI.
pub const CLI_WAIT: Duration = Duration::from_secs(90);

/// `child`'s output once it exits, reading its pipes meanwhile; a child still running after
/// `limit` is killed and the test fails saying so.
pub fn output_within(mut child: Child, limit: Duration) -> std::process::Output {
    use std::io::Read;
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let (stdout, stderr) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("process {} still ran after {limit:?}; killed", child.id());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    std::process::Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

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

    /// The page's HTML as the window holds it now.
    pub async fn page_html(&self) -> String {
        self.client
            .execute("return document.documentElement.outerHTML;", vec![])
            .await
            .expect("read the page")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn wait_ready(&self) {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("body[data-ready='true']"))
            .await
            .expect("the window finished starting");
    }

    pub async fn by_testid(&self, testid: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&format!("[data-testid='{testid}']")))
            .await
            .unwrap_or_else(|e| panic!("no element with data-testid={testid}: {e}"))
    }

    /// The visible text of the element with `testid`. The list re-renders when the app learns
    /// more (a test result, whom a new token acts for): an element replaced between finding
    /// and reading is found again.
    pub async fn text(&self, testid: &str) -> String {
        self.text_of(&format!("[data-testid='{testid}']")).await
    }

    /// The visible text of the first element matching `css`, found again if it was replaced.
    pub async fn text_of(&self, css: &str) -> String {
        for _ in 0..20 {
            if let Ok(text) = self.wait_for(css).await.text().await {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("could not read the text of {css}");
    }

    /// Waits until the element's text satisfies `check`, returning it.
    pub async fn wait_text(&self, testid: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text(testid).await;
            if check(&text) || Instant::now() > deadline {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for the first element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing matched {css}: {e}"))
    }

    /// Waits until an element matching `css` is displayed (not merely present, hidden).
    pub async fn wait_shown(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            for element in self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default()
            {
                if element.is_displayed().await.unwrap_or(false) {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "{css} is not shown");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until nothing matches `css` (a dialog closed, a row removed).
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default();
            let mut visible = false;
            for element in found {
                if element.is_displayed().await.unwrap_or(false) {
                    visible = true;
                }
            }
            if !visible {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} is still shown");
    }

    /// Clicks the element with `testid`, finding it again if the list replaced it meanwhile.
    pub async fn click(&self, testid: &str) {
        self.click_at(&format!("[data-testid='{testid}']")).await;
    }

    /// Clicks the first element matching `css`, finding it again if it was replaced meanwhile.
    pub async fn click_at(&self, css: &str) {
        let mut failure = None;
        for _ in 0..10 {
            match self.wait_for(css).await.click().await {
                Ok(_) => return,
                Err(e) => failure = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("click {css}: {failure:?}");
    }

    /// Replaces an input's text, as typing would.
    pub async fn fill(&self, testid: &str, text: &str) {
        let input = self.by_testid(testid).await;
        input.clear().await.expect("clear input");
        if !text.is_empty() {
            input.send_keys(text).await.expect("type into input");
        }
    }

    pub async fn select(&self, testid: &str, value: &str) {
        self.by_testid(testid)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value} in {testid}: {e}"));
    }

    /// Sets a checkbox to `checked` by clicking it when needed.
    pub async fn check(&self, testid: &str, checked: bool) {
        let box_ = self.by_testid(testid).await;
        if box_.is_selected().await.expect("checkbox state") != checked {
            box_.click().await.expect("click checkbox");
        }
    }

    /// An attribute of the first element matching `css`, read in one step (a list that
    /// re-renders cannot hand back a stale element).
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); \
                 return e ? e.getAttribute(arguments[1]) : null;",
                vec![css.into(), name.into()],
            )
            .await
            .expect("read an attribute")
            .as_str()
            .map(str::to_string)
    }

    /// The text content of the first element matching `css`, read in one step; `None` when
    /// nothing matches.
    pub async fn text_at(&self, css: &str) -> Option<String> {
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); \
                 return e ? e.textContent : null;",
                vec![css.into()],
            )
            .await
            .expect("read a text")
            .as_str()
            .map(str::to_string)
    }

    /// Waits until the first element matching `css` has a text satisfying `check`.
    pub async fn wait_text_at(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text_at(css).await;
            match text {
                Some(text) if check(&text) => return text,
                _ if Instant::now() > deadline => panic!("{css} never had the text: {text:?}"),
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// Runs a script in the window.
    pub async fn run_js(&self, script: &str) {
        self.client
            .execute(script, vec![])
            .await
            .expect("run a script");
    }

    /// The texts of every element matching `css`, in order (read again from the start if the
    /// list was re-rendered while reading).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        'again: for _ in 0..20 {
            let mut texts = Vec::new();
            for element in self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default()
            {
                match element.text().await {
                    Ok(text) => texts.push(text),
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue 'again;
                    }
                }
            }
            return texts;
        }
        panic!("{css} kept changing while read");
    }

    /// Saves what the window shows as `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        assert!(png.starts_with(b"\x89PNG"), "WebDriver returned a PNG");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
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

/// A part of an account's row in the list, by the account's login and the part's test id.
pub fn row(login: &str, part: &str) -> String {
    format!("[data-testid='account-row'][data-login='{login}'] [data-testid='{part}']")
}

/// Puts `text` on the session's X clipboard, as copying it in another app would.
pub fn set_clipboard(text: &str) {
    use std::io::Write;
    session();
    let mut xclip = Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("xclip is installed");
    xclip
        .stdin
        .take()
        .expect("xclip stdin")
        .write_all(text.as_bytes())
        .expect("write to xclip");
    assert!(xclip.wait().expect("xclip ran").success());
}

/// What the session's X clipboard holds now (empty when it holds nothing).
pub fn read_clipboard() -> String {
    session();
    let output = Command::new("xclip")
        .args(["-selection", "clipboard", "-o"])
        .output()
        .expect("xclip is installed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The X window of YaToken's login window, once it is mapped. WebDriver cannot reach that
/// window (its web view is private and not under automation), so tests act on it the way a
/// person does: through the X server.
pub fn login_window(app_pid: u32) -> u32 {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(window) = find_login_window(app_pid) {
            return window;
        }
        assert!(Instant::now() < deadline, "the login window did not open");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The main window's title (`tauri.conf.json`).
pub const MAIN_TITLE: &str = "YaToken";

/// The app's mapped login window, if there is one now: the oldest of its windows other than the
/// main one (a popup the page opens is newer, stacked above it).
pub fn find_login_window(app_pid: u32) -> Option<u32> {
    login_windows(app_pid).first().map(|w| w.id)
}

/// The app's mapped windows other than the main one: the login window, then its popups.
pub fn login_windows(app_pid: u32) -> Vec<TopWindow> {
    top_windows(app_pid)
        .into_iter()
        .filter(|w| w.viewable && w.title != MAIN_TITLE)
        .collect()
}

/// A top-level X window, as the X server describes it.
pub struct TopWindow {
    pub id: u32,
    /// `_NET_WM_NAME`.
    pub title: String,
    pub viewable: bool,
    /// `WM_CLASS`: (instance, class).
    pub wm_class: (String, String),
}

/// The top-level windows of process `app_pid` (by `_NET_WM_PID`) that have a title.
pub fn top_windows(app_pid: u32) -> Vec<TopWindow> {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{AtomEnum, ConnectionExt, MapState};

    session();
    let (connection, screen) = x11rb::connect(None).expect("connect to the X display");
    let root = connection.setup().roots[screen].root;
    let atom = |name: &[u8]| {
        connection
            .intern_atom(false, name)
            .expect("intern_atom")
            .reply()
            .expect("atom")
            .atom
    };
    let (net_wm_name, utf8) = (atom(b"_NET_WM_NAME"), atom(b"UTF8_STRING"));
    let net_wm_pid = atom(b"_NET_WM_PID");
    let property = |window, name, kind, length| {
        connection
            .get_property(false, window, name, kind, 0, length)
            .ok()
            .and_then(|cookie| cookie.reply().ok())
    };
    let children = connection
        .query_tree(root)
        .expect("query_tree")
        .reply()
        .expect("tree")
        .children;
    let mut windows = Vec::new();
    for window in children {
        let Some(name) = property(window, net_wm_name, utf8, 1024) else {
            continue;
        };
        let pid = property(window, net_wm_pid, AtomEnum::CARDINAL.into(), 1)
            .and_then(|p| p.value32().and_then(|mut v| v.next()));
        if pid != Some(app_pid) || name.value.is_empty() {
            continue;
        }
        let viewable = connection
            .get_window_attributes(window)
            .ok()
            .and_then(|c| c.reply().ok())
            .is_some_and(|a| a.map_state == MapState::VIEWABLE);
        let class = property(
            window,
            AtomEnum::WM_CLASS.into(),
            AtomEnum::STRING.into(),
            256,
        )
        .map(|p| p.value)
        .unwrap_or_default();
        let mut parts = class
            .split(|b| *b == 0)
            .map(|part| String::from_utf8_lossy(part).into_owned());
        windows.push(TopWindow {
            id: window,
            title: String::from_utf8_lossy(&name.value).into_owned(),
            viewable,
            wm_class: (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            ),
        });
    }
    windows
}

/// Types `text` into the login window's focused field and presses Enter.
pub fn type_into_login_window(app_pid: u32, text: &str) {
    type_into_window(login_window(app_pid), text);
}

/// Types `text` into the focused field of X window `window` and presses Enter.
pub fn type_into_window(window: u32, text: &str) {
    // Let the page render and its autofocus land before typing.
    std::thread::sleep(Duration::from_millis(1000));
    let window = window.to_string();
    xdotool(&["windowfocus", "--sync", &window]);
    if !text.is_empty() {
        // `type` takes every later argument as text, so Enter is a separate call.
        xdotool(&["type", "--delay", "15", text]);
    }
    xdotool(&["key", "Return"]);
}

/// Presses `keys` (xdotool names: `shift+Tab`, `Return`) in X window `window`, one after another.
pub fn press_in_window(window: u32, keys: &[&str]) {
    std::thread::sleep(Duration::from_millis(1000));
    let window = window.to_string();
    xdotool(&["windowfocus", "--sync", &window]);
    for key in keys {
        xdotool(&["key", key]);
    }
}

fn xdotool(args: &[&str]) {
    let status = Command::new("xdotool")
        .args(args)
        .status()
        .expect("xdotool runs");
    assert!(status.success(), "xdotool {args:?}");
}

/// Waits until the app has a mapped window other than the main one whose title satisfies
/// `wanted`, and returns it.
pub fn wait_for_window(app_pid: u32, what: &str, wanted: impl Fn(&str) -> bool) -> TopWindow {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(window) = login_windows(app_pid)
            .into_iter()
            .find(|w| wanted(&w.title))
        {
            return window;
        }
        let titles: Vec<String> = login_windows(app_pid)
            .into_iter()
            .map(|w| w.title)
            .collect();
        assert!(
            Instant::now() < deadline,
            "no window for {what}; the app's windows: {titles:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Closes X window `window` as its close button would, clicking again while it stays open
/// (see [`close_login_window`]).
pub fn close_window(app_pid: u32, window: u32, what: &str) {
    let deadline = Instant::now() + WAIT;
    while login_windows(app_pid).iter().any(|w| w.id == window) {
        assert!(Instant::now() < deadline, "{what} did not close");
        send_delete_window(window);
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Waits until X window `window` is no longer mapped.
pub fn wait_window_gone(app_pid: u32, window: u32, what: &str) {
    let deadline = Instant::now() + WAIT;
    while login_windows(app_pid).iter().any(|w| w.id == window) {
        assert!(Instant::now() < deadline, "{what} did not close");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Asks the login window to close, as its close button would (WM_DELETE_WINDOW), until it has.
/// A request that lands while the page is still loading can go unanswered, as a click on a busy
/// window's close button can; a person would click again, and so does this.
pub fn close_login_window(app_pid: u32) {
    let mut window = login_window(app_pid);
    let deadline = Instant::now() + WAIT;
    loop {
        send_delete_window(window);
        std::thread::sleep(Duration::from_millis(500));
        match find_login_window(app_pid) {
            None => return,
            Some(still) => window = still,
        }
        assert!(Instant::now() < deadline, "the login window did not close");
    }
}

/// Asks X window `window` to close, as its close button would (WM_DELETE_WINDOW), once.
pub fn send_delete_window(window: u32) {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ClientMessageEvent, ConnectionExt, EventMask};

    let (connection, _) = x11rb::connect(None).expect("connect to the X display");
    let atom = |name: &[u8]| {
        connection
            .intern_atom(false, name)
            .expect("intern_atom")
            .reply()
            .expect("atom")
            .atom
    };
    let protocols = atom(b"WM_PROTOCOLS");
    let delete = atom(b"WM_DELETE_WINDOW");
    let event = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
    connection
        .send_event(false, window, EventMask::NO_EVENT, event)
        .expect("send WM_DELETE_WINDOW");
    connection.flush().expect("flush");
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

/// What a browser does with the authorize address `address` when `login` allows access on
/// the fake's consent page: the address Yandex redirects to (`verification_code?code=…&state=…`,
/// or a loopback one). Blocking HTTP on a thread of its own, so async tests may call it too.
pub fn allow_in_browser(fake: &fake_yandex::FakeYandex, address: &str, login: &str) -> url::Url {
    fake.next_sign_in(login, fake_yandex::Decision::Allow);
    let address = address.to_string();
    let location = std::thread::spawn(move || {
        let client = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client");
        let answer = client
            .get(address)
            .send()
            .expect("the authorize page answers");
        assert_eq!(answer.status().as_u16(), 302, "the consent redirects");
        answer.headers()["location"]
            .to_str()
            .expect("a Location header")
            .to_string()
    })
    .join()
    .expect("the browser's request ran");
    url::Url::parse(&location).expect("the redirect is a URL")
}

/// The value of query parameter `name` in `url` (empty when absent).
pub fn query_param(url: &url::Url, name: &str) -> String {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}
