//! YaToken: get and keep Yandex OAuth tokens without a terminal.
//!
//! This file is wiring only: the modules, the managed state, the window, the command list, and
//! starting the two background loops, which live beside what they serve (the daily refresh in
//! `domain/tokens.rs`, the index watcher in `accounts/watch.rs`).

pub mod accounts;
pub mod app;
pub mod atomic_file;
pub mod audit;
pub mod browser_window;
pub mod checkup;
mod cli;
pub mod clipboard;
mod commands;
pub mod config;
pub mod device_signin;
pub mod domain;
pub mod error;
pub mod file_lock;
pub mod http;
pub mod i18n;
pub mod limits;
mod login_window;
pub mod oauth;
pub mod pause;
pub mod proxy;
pub mod secrets;
pub mod settings;
mod signin_slot;
mod single_window;
pub mod yandex;

use tauri::{Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

use crate::app::YaToken;
use crate::domain::apps::StagedSecret;
use crate::domain::sign_in::SignIns;
use crate::domain::testing::TestRuns;
use crate::i18n::Language;

/// Starts the app: the window when started without arguments, the command line otherwise
/// (an unknown word is a usage error, not a window). A configuration it cannot use stops it with a message
/// naming the variable.
pub fn run() -> std::process::ExitCode {
    private_process();
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

/// Everything this process and its children create (WebKit's files in the web view's folder
/// among them) is its owner's only, and a crash leaves no core file with tokens in it.
fn private_process() {
    #[cfg(unix)]
    // SAFETY: umask and setrlimit take plain values, have no preconditions and change only
    // this process's own settings; a failed setrlimit leaves the limit as it was.
    unsafe {
        libc::umask(0o077);
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &no_core);
    }
}

/// Makes the profile's folders private before anything is written in them. A folder that
/// cannot be made so is reported, and the app goes on: each file in it is still 0600.
pub(crate) fn private_folders(yatoken: &YaToken) {
    if let Err(error) = yatoken.dirs().make_private() {
        eprintln!("yatoken: cannot make the profile's folders private: {error}");
    }
}

/// How often the window looks for changes made by other processes (the command line).
const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

pub fn run_app<R: tauri::Runtime>(builder: tauri::Builder<R>, yatoken: YaToken) {
    private_folders(&yatoken);
    let first = match single_window::claim(&yatoken.dirs().data) {
        Ok(single_window::Claim::First(first)) => Some(first),
        Ok(single_window::Claim::BroughtForward) => {
            eprintln!(
                "yatoken: {}",
                yatoken.language().text("window.already_open")
            );
            return;
        }
        Err(error) => {
            // A window that holds the profile but does not answer is hung: better a second
            // window (the accounts' locks keep the two apart) than none.
            eprintln!("yatoken: {error}; starting anyway");
            None
        }
    };
    let webview_dir = yatoken.dirs().webview();
    builder
        .plugin(tauri_plugin_opener::init())
        .manage(yatoken)
        .manage(StagedSecret::default())
        .manage(SignIns::default())
        .manage(TestRuns::default())
        .manage(device_signin::CodeSignIns::default())
        .manage(browser_window::BrowserSignIns::default())
        .invoke_handler(tauri::generate_handler![
            commands::settings::app_info,
            commands::settings::set_language,
            commands::settings::open_create_app_page,
            commands::settings::set_clipboard_clear_seconds,
            commands::settings::set_proxy,
            commands::settings::audit_log,
            commands::settings::export_audit_csv,
            commands::settings::keychain_status,
            commands::apps::list_apps,
            commands::apps::stage_client_secret,
            commands::apps::discard_staged_secret,
            commands::apps::add_app,
            commands::apps::update_app,
            commands::apps::delete_app,
            commands::accounts::list_accounts,
            commands::accounts::masked_tokens,
            commands::accounts::set_account_details,
            commands::accounts::remove_account,
            commands::accounts::import_from_clipboard,
            commands::accounts::test_account,
            commands::accounts::test_all,
            commands::accounts::cancel_tests,
            commands::accounts::copy_token,
            commands::accounts::reveal_token,
            commands::accounts::revoke_account,
            commands::accounts::refresh_account,
            commands::sign_in::sign_in,
            commands::sign_in::sign_in_with_code,
            commands::sign_in::cancel_sign_in_with_code,
            commands::sign_in::open_device_page,
            commands::sign_in::confirm_sign_in,
            commands::browser::sign_in_in_browser,
            commands::browser::paste_browser_answer,
            commands::browser::cancel_sign_in_in_browser,
            commands::browser::open_browser_sign_in_again,
            commands::agency::agency_client_lists,
            commands::agency::refresh_agency_clients,
            commands::agency::set_active_client,
            commands::agency::test_client,
        ])
        .setup(move |app| {
            // What the page first shows, taken after the moment the watch below starts from,
            // so a change made meanwhile by another process is reloaded, never missed.
            let seen = app.state::<YaToken>().accounts().seen_now();
            let start = commands::start::script(&app.state::<YaToken>());
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .initialization_script(start)
                .title("YaToken")
                .inner_size(1100.0, 720.0)
                .min_inner_size(720.0, 480.0)
                .data_directory(webview_dir)
                .build()?;
            let handle = app.handle().clone();
            if let Some(first) = first {
                first.listen(move || {
                    let Some(window) = handle.get_webview_window("main") else {
                        return false;
                    };
                    let _ = window.unminimize();
                    let _ = window.show();
                    let _ = window.set_focus();
                    true
                });
            }
            let handle = app.handle().clone();
            app.state::<YaToken>().keychain().when_waiting(move |wait| {
                let _ = handle.emit_to("main", "keychain-waiting", wait);
            });
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let app = handle.state::<YaToken>();
                if let Err(error) = app.accounts().sweep_leftovers().await {
                    eprintln!("yatoken: cannot sweep what an interrupted change left: {error}");
                }
                domain::tokens::keep_fresh(&app).await;
            });
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let app = handle.state::<YaToken>();
                let reload = || drop(handle.emit_to("main", "accounts-changed", ()));
                app.accounts().watch(seen, WATCH_INTERVAL, reload).await;
            });
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Tauri event loop failed to start");
}
