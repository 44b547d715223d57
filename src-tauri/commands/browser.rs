//! "Sign in in my browser" from the window: the authorize page opens in the system browser
//! (from Rust: the window names no address to open), the answer is pasted back from the
//! clipboard (read in Rust: the code never reaches JavaScript) or caught at a loopback Redirect
//! URI. The waiting is `domain/sign_in/browser.rs`; the slot the buttons reach is
//! `browser_window.rs`.

use tauri::{AppHandle, Runtime, State};
use url::Url;

use super::sign_in::saved;
use super::{open_in_browser, open_waiting_page, ui};
use crate::app::YaToken;
use crate::browser_window::{loopback_redirect, BrowserSignIns};
use crate::domain::sign_in::{SignInOutcome, SignInRequest, SignIns};
use crate::error::{Error, UiError};

/// Opens the authorize page in the system browser and waits for the answer: pasted (see
/// [`paste_browser_answer`]) or caught at `redirect_uri`, a loopback address registered for the
/// app. Resolves when the account is stored (or needs a decision), or with the reason not.
#[tauri::command]
pub async fn sign_in_in_browser<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    sign_ins: State<'_, SignIns>,
    browsers: State<'_, BrowserSignIns>,
    request: SignInRequest,
    redirect_uri: Option<String>,
    attempt: String,
) -> Result<SignInOutcome, UiError> {
    let redirect = loopback_redirect(redirect_uri.as_deref()).map_err(ui(&app))?;
    let (ticket, pasted) = browsers.start(&attempt).map_err(ui(&app))?;
    let open = |page: &Url| {
        ticket.opened(page);
        open_in_browser(&handle, page)
    };
    let signing_in = sign_ins.in_browser(&app, request, redirect, open, pasted, ticket.cancelled());
    let outcome = signing_in.await.map_err(ui(&app))?;
    Ok(saved(&handle, outcome))
}

/// Hands the waiting browser sign-in what the clipboard holds (and clears it): Ok when it is
/// the answer, else why not (the wait goes on after an unreadable paste).
#[tauri::command]
pub async fn paste_browser_answer(
    app: State<'_, YaToken>,
    browsers: State<'_, BrowserSignIns>,
) -> Result<(), UiError> {
    let read = || app.clipboard().take_secret().map_err(Error::from);
    browsers.paste(read).await.map_err(ui(&app))
}

/// Ends browser sign-in `attempt`: nothing stored, even when it has not started yet.
#[tauri::command]
pub fn cancel_sign_in_in_browser(browsers: State<'_, BrowserSignIns>, attempt: String) {
    browsers.cancel(&attempt);
}

/// Opens the waiting sign-in's authorize page in the system browser again.
#[tauri::command]
pub fn open_browser_sign_in_again<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, YaToken>,
    browsers: State<'_, BrowserSignIns>,
) -> Result<(), UiError> {
    open_waiting_page(&handle, &app, browsers.authorize_page())
}
