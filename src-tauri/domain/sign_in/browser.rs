//! "Sign in in my browser": the authorize page opens in the default browser (code flow with
//! PKCE and state), for accounts the embedded window cannot sign in (passkeys, a company rule
//! against embedded browsers). The answer comes back one of two ways, whichever is first:
//!
//! - the person pastes what Yandex's `verification_code` page shows: the code, or the whole
//!   address from the address bar (the answer in its query or fragment);
//! - for a loopback Redirect URI (`http://127.0.0.1:PORT/…`, registered for the app), a one-shot
//!   listener catches the browser's redirect itself and answers "you can close this tab".
//!
//! A paste that cannot be read is refused with a reason and the wait goes on; one whose `state`
//! is another sign-in's ends it. Cancel and [`LIMIT`] end the wait and close the listener.
//! Nothing here logs: the pasted text and the caught address carry the code.

use std::future::Future;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use url::Url;

use super::Attempt;
use crate::error::Error;
use crate::i18n::Language;
use crate::oauth::{self, Loopback, Redirect};
use crate::secrets::Secret;

/// How long a browser sign-in waits for its answer: long enough to find a password, short of
/// a listener left open for a day.
pub const LIMIT: Duration = Duration::from_secs(15 * 60);

/// Something the person pasted, and where to say whether it could be read.
pub struct Pasted {
    pub text: Secret,
    pub reply: oneshot::Sender<Result<(), Error>>,
}

/// Opens the attempt's authorize page with `open` and waits for the answer: a paste that reads
/// (see [`Attempt::pasted`]), the loopback redirect when `attempt.redirect_uri` is one,
/// `cancelled`, or [`LIMIT`].
pub async fn wait_for_answer(
    attempt: &Attempt,
    open: impl FnOnce(&Url) -> Result<(), Error>,
    mut pasted: mpsc::Receiver<Pasted>,
    cancelled: impl Future<Output = ()>,
    language: Language,
) -> Result<Redirect, Error> {
    // The `verification_code` page is Yandex's to show (a local fake's, in tests), never ours.
    let listening = oauth::is_loopback_redirect(&attempt.redirect_uri)
        && !attempt.targets.contains(&attempt.redirect_uri);
    let loopback = if listening {
        Some(
            Loopback::bind(&attempt.redirect_uri)
                .await
                .map_err(|error| match error {
                    oauth::LoopbackError::Busy { port, .. } => Error::LoopbackBusy { port },
                    oauth::LoopbackError::NotLoopback(url) => Error::InvalidRedirectUri {
                        value: url.to_string(),
                    },
                })?,
        )
    } else {
        None
    };
    open(&attempt.authorize_url)?;
    let page = oauth::closing_page(
        language.text("browser.closing_title"),
        language.text("browser.closing_message"),
    );
    let caught = async move {
        match loopback {
            Some(loopback) => loopback.catch(page).await,
            None => std::future::pending().await,
        }
    };
    let (mut caught, mut cancelled) = (std::pin::pin!(caught), std::pin::pin!(cancelled));
    let deadline = tokio::time::sleep(LIMIT);
    let mut deadline = std::pin::pin!(deadline);
    let mut pastes_open = true;
    loop {
        tokio::select! {
            url = &mut caught => {
                return oauth::read_redirect(&url).ok_or(Error::RedirectUnreadable);
            }
            paste = pasted.recv(), if pastes_open => match paste {
                Some(Pasted { text, reply }) => match attempt.pasted(text.expose()) {
                    Ok(redirect) => {
                        let _ = reply.send(Ok(()));
                        return Ok(redirect);
                    }
                    Err(Error::StateMismatch) => {
                        let _ = reply.send(Err(Error::StateMismatch));
                        return Err(Error::StateMismatch);
                    }
                    Err(error) => {
                        let _ = reply.send(Err(error));
                    }
                },
                // Nobody can paste any more (standard input closed): only the listener may still
                // answer, and without one nothing can.
                None if listening => pastes_open = false,
                None => return Err(Error::SignInCancelled),
            },
            () = &mut cancelled => return Err(Error::SignInCancelled),
            () = &mut deadline => return Err(Error::BrowserSignInTimedOut),
        }
    }
}
