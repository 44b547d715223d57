//! The X server, for what WebDriver cannot reach: the app's top-level windows (the login window
//! and its popups have private web views, not under automation), typing and pressing keys in
//! them with xdotool, closing them as their close button would (WM_DELETE_WINDOW), and the
//! session's X clipboard (xclip).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::process::WAIT;
use super::session::session;

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
    let atom = |name: &[u8]| intern(&connection, name);
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
    let atom = |name: &[u8]| intern(&connection, name);
    let protocols = atom(b"WM_PROTOCOLS");
    let delete = atom(b"WM_DELETE_WINDOW");
    let event = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
    connection
        .send_event(false, window, EventMask::NO_EVENT, event)
        .expect("send WM_DELETE_WINDOW");
    connection.flush().expect("flush");
}

/// The X atom called `name`.
fn intern(connection: &impl x11rb::connection::Connection, name: &[u8]) -> u32 {
    use x11rb::protocol::xproto::ConnectionExt;

    connection
        .intern_atom(false, name)
        .expect("intern_atom")
        .reply()
        .expect("atom")
        .atom
}
