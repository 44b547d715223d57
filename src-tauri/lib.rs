//! YaToken: get and keep Yandex OAuth tokens without a terminal.
//!
//! This file is wiring only: the modules, the managed state, the window and the command list.

pub mod accounts;
pub mod app;
pub mod atomic_file;
pub mod audit;
pub mod browser_signin;
pub mod browser_window;
pub mod checkup;
mod cli;
pub mod clipboard;
mod commands;
pub mod config;
pub mod device_signin;
pub mod error;
pub mod i18n;
mod login_window;
pub mod oauth;
pub mod proxy;
pub mod secrets;
pub mod settings;
pub mod signin;
mod signin_slot;
pub mod yandex;

use tauri::{Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

use crate::app::YaToken;
use crate::i18n::Language;

/// Starts the app: the window when started without arguments, the command line otherwise
/// (an unknown word is a usage error, not a window). A configuration it cannot use stops it with a message
/// naming the variable.
pub fn run() -> std::process::ExitCode {
    let yatoken = match YaToken::from_env() {
        Ok(yatoken) => yatoken,
        Err(error) => {
            let text = Language::system().format(
                "error.config",
                &[
                    ("variable", error.variable),
                    ("value", &error.value),
                    ("reason", &error.reason),
                ],
            );
            eprintln!("yatoken: {text}");
            return std::process::ExitCode::from(2);
        }
    };
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // macOS may pass a process serial number to apps opened from Finder.
    let window = args
        .iter()
        .skip(1)
        .all(|a| a.to_string_lossy().starts_with("-psn_"));
    if !window {
        #[cfg(windows)]
        attach_parent_console();
        return cli::main(args, yatoken);
    }
    run_app(tauri::Builder::default(), yatoken);
    std::process::ExitCode::SUCCESS
}

/// A Windows release build is a GUI program (`windows_subsystem = "windows"`), started without
/// a console. For the command line it attaches to the console of the shell that started it, so
/// its output and messages show there. Output already redirected (a pipe, a file) is inherited
/// and left alone.
#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
    use windows_sys::Win32::System::Console::{
        AttachConsole, GetStdHandle, ATTACH_PARENT_PROCESS, STD_OUTPUT_HANDLE,
    };
    // SAFETY: both take plain values and have no preconditions; a failure (no parent console)
    // leaves the process as it was.
    unsafe {
        let out = GetStdHandle(STD_OUTPUT_HANDLE);
        if out.is_null() || out == INVALID_HANDLE_VALUE {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}

/// How often the window looks for changes made by other processes (the command line).
const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

pub fn run_app<R: tauri::Runtime>(builder: tauri::Builder<R>, yatoken: YaToken) {
    let webview_dir = yatoken.dirs().webview();
    builder
        .plugin(tauri_plugin_opener::init())
        .manage(yatoken)
        .manage(device_signin::CodeSignIns::default())
        .manage(browser_window::BrowserSignIns::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::set_language,
            commands::open_create_app_page,
            commands::list_apps,
            commands::stage_client_secret,
            commands::discard_staged_secret,
            commands::add_app,
            commands::update_app,
            commands::delete_app,
            commands::list_accounts,
            commands::masked_tokens,
            commands::sign_in,
            commands::confirm_sign_in,
            commands::sign_in_with_code,
            commands::cancel_sign_in_with_code,
            commands::open_device_page,
            commands::browser::sign_in_in_browser,
            commands::browser::paste_browser_answer,
            commands::browser::cancel_sign_in_in_browser,
            commands::browser::open_browser_sign_in_again,
            commands::import_from_clipboard,
            commands::remove_account,
            commands::test_account,
            commands::test_all,
            commands::cancel_tests,
            commands::copy_token,
            commands::reveal_token,
            commands::revoke_account,
            commands::refresh_account,
            commands::set_clipboard_clear_seconds,
            commands::set_proxy,
            commands::audit_log,
            commands::export_audit_csv,
            commands::set_account_details,
            commands::agency_clients,
            commands::refresh_agency_clients,
            commands::set_active_client,
            commands::test_client,
            commands::keychain_status,
        ])
        .setup(move |app| {
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("YaToken")
                .inner_size(1100.0, 720.0)
                .min_inner_size(720.0, 480.0)
                .data_directory(webview_dir)
                .build()?;
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                // Refresh what is due at start and once a day while running.
                loop {
                    let _ = handle.state::<YaToken>().refresh_due().await;
                    tokio::time::sleep(std::time::Duration::from_secs(24 * 3600)).await;
                }
            });
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                // The command line writes the same index and client lists: tell the window
                // when another process changed the index (its own writes are already on
                // screen), or when a client list changed (a reload costs one file read each).
                let accounts = || handle.state::<YaToken>();
                let modified = |path: &std::path::Path| {
                    std::fs::metadata(path).and_then(|m| m.modified()).ok()
                };
                let lists = accounts().accounts().agency_clients_dir();
                let mut seen = modified(accounts().accounts().path());
                let mut seen_lists = modified(&lists);
                loop {
                    tokio::time::sleep(WATCH_INTERVAL).await;
                    let state = accounts();
                    let now = modified(state.accounts().path());
                    let lists_now = modified(&lists);
                    let mut changed = lists_now != seen_lists;
                    seen_lists = lists_now;
                    if now != seen {
                        seen = now;
                        changed |= !state.accounts().is_own_write(now);
                    }
                    if changed {
                        let _ = handle.emit_to("main", "accounts-changed", ());
                    }
                }
            });
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Tauri event loop failed to start");
}
