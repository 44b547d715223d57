//! "Sign in in my browser" as the window runs it (`domain/sign_in/browser.rs` does the
//! waiting): the one browser sign-in that runs at a time, so that the dialog's buttons reach
//! it. Paste hands it what the clipboard holds, Open again reopens its authorize page, Cancel
//! (or closing the dialog) ends it and stores nothing.
//!
//! The window never names an address to open and never sees what was pasted: the authorize page
//! is remembered here, and the clipboard is read in Rust only while a sign-in waits for it.
//! Nothing here logs.

use tokio::sync::{mpsc, oneshot};
use url::Url;

use crate::domain::sign_in::Pasted;
use crate::error::Error;
use crate::oauth;
use crate::secrets::Secret;
use crate::signin_slot::{self, Slot};

/// The optional loopback Redirect URI typed in the dialog: `None` when left empty, an error
/// naming it when it is not plain http to a loopback address with a port.
pub fn loopback_redirect(typed: Option<&str>) -> Result<Option<Url>, Error> {
    let Some(typed) = typed.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    match Url::parse(typed) {
        Ok(url) if oauth::is_loopback_redirect(&url) => Ok(Some(url)),
        _ => Err(Error::InvalidRedirectUri {
            value: typed.to_string(),
        }),
    }
}

/// The browser sign-in the window runs, if any.
#[derive(Default)]
pub struct BrowserSignIns(Slot<Waiting>);

/// What the buttons reach of the browser sign-in that waits.
struct Waiting {
    pastes: mpsc::Sender<Pasted>,
    page: Option<Url>,
}

impl BrowserSignIns {
    /// Claims the one slot for browser sign-in `attempt` (an id the window made up), with the
    /// receiving end of its pastes.
    pub fn start(&self, attempt: &str) -> Result<(Ticket<'_>, mpsc::Receiver<Pasted>), Error> {
        let (pastes, pasted) = mpsc::channel(1);
        let waiting = Waiting { pastes, page: None };
        Ok((Ticket(self.0.start(attempt, waiting)?), pasted))
    }

    /// Ends browser sign-in `attempt`: nothing stored; one that has not started yet will not.
    pub fn cancel(&self, attempt: &str) {
        self.0.cancel(attempt);
    }

    /// The authorize page the sign-in opened, for "Open again".
    pub fn authorize_page(&self) -> Option<Url> {
        self.0.with(|waiting| waiting.page.clone()).flatten()
    }

    /// Hands the sign-in what `read` returns (the clipboard) and says whether it could be read.
    /// `read` runs only while a sign-in waits for a paste, so a paste after the end (Cancel, the
    /// loopback answer, an earlier paste) leaves the clipboard alone.
    pub async fn paste(&self, read: impl FnOnce() -> Result<Secret, Error>) -> Result<(), Error> {
        let pastes = self
            .0
            .with(|waiting| waiting.pastes.clone())
            .filter(|p| !p.is_closed())
            .ok_or(Error::NothingPending)?;
        let text = read()?;
        let (reply, answer) = oneshot::channel();
        pastes
            .send(Pasted { text, reply })
            .await
            .map_err(|_| Error::NothingPending)?;
        // No answer: the wait ended (Cancel, the time limit) before it read this paste.
        answer.await.unwrap_or(Err(Error::NothingPending))
    }
}

/// One browser sign-in's hold on the slot.
pub struct Ticket<'a>(signin_slot::Ticket<'a, Waiting>);

impl Ticket<'_> {
    /// Remembers the authorize page that was opened, for "Open again".
    pub fn opened(&self, page: &Url) {
        self.0.with(|waiting| waiting.page = Some(page.clone()));
    }

    /// Ends when Cancel is asked for.
    pub async fn cancelled(&self) {
        self.0.cancelled().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redirect_uri_is_optional_but_must_be_a_loopback_address_with_a_port() {
        assert_eq!(loopback_redirect(None).unwrap(), None);
        assert_eq!(loopback_redirect(Some("  ")).unwrap(), None);
        let url = loopback_redirect(Some(" http://127.0.0.1:8765/callback ")).unwrap();
        assert_eq!(
            url.map(String::from),
            Some("http://127.0.0.1:8765/callback".into())
        );
        for bad in [
            "https://example.com/cb",
            "http://127.0.0.1/callback",
            "not a url",
        ] {
            match loopback_redirect(Some(bad)) {
                Err(Error::InvalidRedirectUri { value }) => assert_eq!(value, bad),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn one_browser_sign_in_at_a_time_and_the_slot_frees_when_it_ends() {
        let signins = BrowserSignIns::default();
        let (ticket, _pasted) = signins.start("a1").unwrap();
        assert!(matches!(signins.start("a2"), Err(Error::SignInInProgress)));
        assert_eq!(signins.authorize_page(), None);
        let page = Url::parse("https://oauth.yandex.com/authorize?state=s").unwrap();
        ticket.opened(&page);
        assert_eq!(signins.authorize_page(), Some(page));
        drop(ticket);
        assert_eq!(signins.authorize_page(), None);
        assert!(signins.start("a3").is_ok());
    }

    #[tokio::test]
    async fn a_paste_reaches_the_wait_and_brings_its_answer_back() {
        let signins = BrowserSignIns::default();
        let (_ticket, mut pasted) = signins.start("a1").unwrap();
        let waiting = async {
            let Pasted { text, reply } = pasted.recv().await.unwrap();
            assert_eq!(text.expose(), "not a code");
            reply.send(Err(Error::PastedUnreadable)).unwrap();
        };
        let paste = signins.paste(|| Ok(Secret::new("not a code")));
        let (answer, ()) = tokio::join!(paste, waiting);
        assert!(matches!(answer, Err(Error::PastedUnreadable)), "{answer:?}");
    }

    #[tokio::test]
    async fn without_a_waiting_sign_in_a_paste_reads_nothing() {
        let signins = BrowserSignIns::default();
        let unread = || -> Result<Secret, Error> { panic!("the clipboard was read") };
        let answer = signins.paste(unread).await;
        assert!(matches!(answer, Err(Error::NothingPending)), "{answer:?}");

        // The wait ended (its receiver is gone) while the slot is still held.
        let (_ticket, pasted) = signins.start("a1").unwrap();
        drop(pasted);
        let answer = signins.paste(unread).await;
        assert!(matches!(answer, Err(Error::NothingPending)), "{answer:?}");
    }
}
