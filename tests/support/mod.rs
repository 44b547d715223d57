//! Shared by the integration suites (and the benchmarks, through `benches/common`). Each module
//! has one job:
//!
//! - `session`: the throwaway desktop session (`scripts/test-session`), private homes, unique
//!   keychain profiles, files in a home that contain a secret.
//! - `process`: the built binary, free ports, a child's output within a time bound, process
//!   trees from `/proc`.
//! - `world`: the one world a suite builds (the fake Yandex with its cast, a home, a profile, the
//!   app's environment) and what tests read back from it; `seed` adds apps and accounts to it
//!   through the library, `cli` runs the command line on it; `in_process` is the flows' world:
//!   the same cast, the verbs in-process, the keychain and clipboard in memory (no session).
//! - `window`: the real window under WebDriver (tauri-driver started and stopped, the app's
//!   process, its start-up); `page` acts on its page; `steps` are what a person does there.
//! - `x11`: what WebDriver cannot reach: the app's X windows, typing, closing, the clipboard.
//! - `dbus`: a bus with no keychain on it, and what the Secret Service holds.
//! - `browser`: the browser of the sign-in flows (a stand-in `xdg-open`, the consent).
//! - `proxy`: a proxy on 127.0.0.1 (HTTP and SOCKS5) that records what passes through it.
//!
//! The names most suites use are re-exported here, as `support::AppWindow` and the like.
#![allow(dead_code)] // each suite uses a different part

pub mod browser;
pub mod cli;
pub mod dbus;
pub mod in_process;
pub mod page;
pub mod process;
pub mod proxy;
pub mod seed;
pub mod session;
pub mod steps;
pub mod window;
pub mod world;
pub mod x11;

#[allow(unused_imports)] // each suite uses some of them
pub use {
    browser::{allow_in_browser, query_param, Browser},
    dbus::{secret_tool_search, EmptyBus},
    page::screenshot_dir,
    process::{app_binary, free_port, output_within, CLI_WAIT},
    session::{files_containing, not_private, session, unique_profile, Home},
    steps::row,
    window::AppWindow,
    x11::{
        close_login_window, close_window, find_login_window, press_in_window, read_clipboard,
        set_clipboard, top_windows, type_into_login_window, type_into_window, wait_for_window,
        wait_window_gone,
    },
};
