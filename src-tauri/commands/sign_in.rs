//! Commands for signing in: in the login window, with a code (the device flow), and the answer
//! to the wrong-account question. "In my browser" is `browser.rs`.

use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use super::{discover_in_background, open_waiting_page, ui};
use crate::accounts::Account;
use crate::app::YaToken;
use crate::device_signin::{CodeSignIns, DeviceCodeView};
use crate::domain::settings::window_proxy;
use crate::domain::sign_in::{SignInOutcome, SignInRequest, SignIns};
use crate::error::UiError;
use crate::login_window;
use crate::oauth::DeviceCode;

/// Opens the login window and stores the account it signs in (or asks about a wrong account).
#[tauri::command]
pub async fn sign_in<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    sign_ins: State<'_, SignIns>,
    request: SignInRequest,
) -> Result<SignInOutcome, UiError> {
    let (attempt, _turn) = sign_ins.begin(&app, request).await.map_err(ui(&app))?;
    let proxy = window_proxy(&app, &attempt.authorize_url).map_err(ui(&app))?;
    let rules = login_window::Rules::new(app.endpoints(), app.language()).with_proxy(proxy);
    let redirect = login_window::catch_redirect(&handle, &attempt, rules)
        .await
        .map_err(ui(&app))?;
    let outcome = sign_ins
        .finish(&app, &attempt, redirect)
        .await
        .map_err(ui(&app))?;
    Ok(saved(&handle, outcome))
}

/// Signs in with a code confirmed in any browser: `on_code` gets what to show (never the device
/// code); resolves when the account is stored (or needs a decision), or with the reason not.
#[tauri::command]
pub async fn sign_in_with_code<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    sign_ins: State<'_, SignIns>,
    codes: State<'_, CodeSignIns>,
    request: SignInRequest,
    attempt: String,
    on_code: Channel<DeviceCodeView>,
) -> Result<SignInOutcome, UiError> {
    let ticket = codes.start(&attempt).map_err(ui(&app))?;
    let show = |code: &DeviceCode| drop(on_code.send(ticket.show(code)));
    let outcome = sign_ins
        .with_code(&app, request, show, ticket.cancelled())
        .await
        .map_err(ui(&app))?;
    Ok(saved(&handle, outcome))
}

/// Stops code sign-in `attempt`: no more polls, nothing stored, even when it has not started.
#[tauri::command]
pub fn cancel_sign_in_with_code(codes: State<'_, CodeSignIns>, attempt: String) {
    codes.cancel(&attempt);
}

/// Opens the device page of the code on screen in the system browser.
#[tauri::command]
pub fn open_device_page<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    codes: State<'_, CodeSignIns>,
) -> Result<(), UiError> {
    open_waiting_page(&handle, &app, codes.device_page())
}

#[tauri::command]
pub async fn confirm_sign_in<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    sign_ins: State<'_, SignIns>,
    pending: String,
    keep: bool,
) -> Result<Option<Account>, UiError> {
    let account = sign_ins
        .confirm(&app, &pending, keep)
        .await
        .map_err(ui(&app))?;
    if let Some(account) = &account {
        discover_in_background(&handle, account.id.clone());
    }
    Ok(account)
}

/// The outcome as the window gets it; a stored account is looked up in Direct meanwhile.
pub(super) fn saved<R: Runtime>(handle: &AppHandle<R>, outcome: SignInOutcome) -> SignInOutcome {
    if let SignInOutcome::Saved { account } = &outcome {
        discover_in_background(handle, account.id.clone());
    }
    outcome
}
