//! Signing in, whichever way: in the login window (the redirect it catches), with a code
//! confirmed in any browser (the device flow), or in the system browser. All of them end the
//! same way: whose token it is (`/info`), the wrong-account question, storage and the log.
//!
//! [`SignIns`] is the one sign-in at a time and the tokens parked while the person answers the
//! wrong-account question. One attempt's mechanics (the authorize URL, reading the answer, the
//! code exchange) are `attempt.rs`; waiting for the system browser's answer is `browser.rs`.

mod attempt;
pub mod browser;

pub use attempt::{verify_import, Attempt, Pending, SignInOutcome, SignInRequest};
pub use browser::Pasted;

use crate::accounts::{Account, SignedIn, StoreError};
use crate::app::YaToken;
use crate::audit::Action;
use crate::error::Error;
use crate::oauth::{DeviceCode, Redirect, RedirectError, TokenResponse};
use crate::yandex;

/// The sign-in under way (at most one), and the sign-ins waiting for the wrong-account answer.
#[derive(Default)]
pub struct SignIns {
    pending: Pending,
    /// Held while a sign-in is under way.
    one_at_a_time: tokio::sync::Mutex<()>,
}

/// Held for as long as a sign-in runs; the next one may start once it is dropped.
pub type Turn<'a> = tokio::sync::MutexGuard<'a, ()>;

impl SignIns {
    /// Prepares a sign-in through `request.client_id`'s app. Holds the sign-in turn until the
    /// returned guard is dropped, so only one login window is open at a time.
    pub async fn begin(
        &self,
        cx: &YaToken,
        request: SignInRequest,
    ) -> Result<(Attempt, Turn<'_>), Error> {
        self.prepare(cx, request, None).await
    }

    /// `begin` for the system browser (`Attempt::in_browser`) when `browser` is set.
    async fn prepare(
        &self,
        cx: &YaToken,
        request: SignInRequest,
        browser: Option<Option<url::Url>>,
    ) -> Result<(Attempt, Turn<'_>), Error> {
        let turn = self
            .one_at_a_time
            .try_lock()
            .map_err(|_| Error::SignInInProgress)?;
        let index = cx.accounts().load()?;
        let app = index
            .app(&request.client_id)
            .cloned()
            .ok_or(StoreError::AppNotFound)?;
        let device_id = cx.accounts().device_id().await?;
        let host = gethostname::gethostname().to_string_lossy().into_owned();
        let endpoints = cx.endpoints();
        let attempt = match browser {
            None => Attempt::new(endpoints, app, request, device_id, &host),
            Some(redirect) => {
                Attempt::in_browser(endpoints, app, request, device_id, &host, redirect)
            }
        };
        Ok((attempt, turn))
    }

    /// Finishes a sign-in with the redirect the login window caught.
    pub async fn finish(
        &self,
        cx: &YaToken,
        attempt: &Attempt,
        redirect: Result<Redirect, RedirectError>,
    ) -> Result<SignInOutcome, Error> {
        let secret = cx.accounts().client_secret(attempt.client_id()).await?;
        let tokens = attempt.tokens(&cx.http(), redirect, secret).await?;
        self.finish_with_tokens(cx, attempt, tokens).await
    }

    /// Signs in with a code (the device flow): `show` gets the code pair to show the person, who
    /// confirms it on Yandex's device page in any browser; then it finishes like a window
    /// sign-in. Without the app's client secret it stops before asking for a code. When
    /// `cancelled` ends first it stops waiting and stores nothing; a save under way finishes.
    pub async fn with_code(
        &self,
        cx: &YaToken,
        request: SignInRequest,
        show: impl FnOnce(&DeviceCode),
        cancelled: impl std::future::Future<Output = ()>,
    ) -> Result<SignInOutcome, Error> {
        let (attempt, _turn) = self.begin(cx, request).await?;
        let Some(secret) = cx.accounts().client_secret(attempt.client_id()).await? else {
            return Err(attempt.device_needs_secret());
        };
        let confirmed = async {
            let code = attempt.device_code(&cx.http()).await?;
            show(&code);
            attempt.device_tokens(&cx.http(), &code, Some(secret)).await
        };
        let tokens = tokio::select! {
            tokens = confirmed => tokens?,
            () = cancelled => return Err(Error::SignInCancelled),
        };
        self.finish_with_tokens(cx, &attempt, tokens).await
    }

    /// Signs in in the system browser ([`browser`]): `open` shows the authorize page, the
    /// answer comes pasted through `pasted` or to a loopback `redirect`; then it finishes like
    /// a window sign-in.
    pub async fn in_browser(
        &self,
        cx: &YaToken,
        request: SignInRequest,
        redirect: Option<url::Url>,
        open: impl FnOnce(&url::Url) -> Result<(), Error>,
        pasted: tokio::sync::mpsc::Receiver<Pasted>,
        cancelled: impl std::future::Future<Output = ()>,
    ) -> Result<SignInOutcome, Error> {
        let (attempt, _turn) = self.prepare(cx, request, Some(redirect)).await?;
        let answer =
            browser::wait_for_answer(&attempt, open, pasted, cancelled, cx.language()).await?;
        let secret = cx.accounts().client_secret(attempt.client_id()).await?;
        let tokens = attempt.tokens(&cx.http(), Ok(answer), secret).await?;
        self.finish_with_tokens(cx, &attempt, tokens).await
    }

    /// What every way of signing in ends with: whose token it is (`/info`), the wrong-account
    /// question, storage and the activity log.
    async fn finish_with_tokens(
        &self,
        cx: &YaToken,
        attempt: &Attempt,
        tokens: TokenResponse,
    ) -> Result<SignInOutcome, Error> {
        let info = yandex::user_info(&cx.http(), cx.endpoints(), &tokens.access_token).await?;
        let mismatch = attempt.hint_mismatch(&info);
        let actual = info.login.clone();
        let signed = attempt.signed_in(info, tokens);
        if let Some(expected) = mismatch {
            let pending = self.pending.park(signed);
            return Ok(SignInOutcome::WrongAccount {
                pending,
                expected,
                actual,
            });
        }
        let account = save(cx, signed, Action::SignedIn, None).await?;
        Ok(SignInOutcome::Saved {
            account: Box::new(account),
        })
    }

    /// The person's answer to a token that belongs to someone other than the hinted login:
    /// keep it under its real login, or discard it.
    pub async fn confirm(
        &self,
        cx: &YaToken,
        pending: &str,
        keep: bool,
    ) -> Result<Option<Account>, Error> {
        let signed = self.pending.take(pending).ok_or(Error::NothingPending)?;
        if !keep {
            return Ok(None);
        }
        save(cx, signed, Action::SignedIn, None).await.map(Some)
    }
}

/// Stores a sign-in or an import and records it as `action`.
pub(crate) async fn save(
    cx: &YaToken,
    signed: SignedIn,
    action: Action,
    detail: Option<&str>,
) -> Result<Account, Error> {
    crate::pause::pause_point("sign-in:before-store");
    let account = cx.accounts().save_sign_in(signed).await?;
    cx.note(action, &account, detail);
    Ok(account)
}
