//! "Sign in with a code" in the window (`oauth/device.rs` does the protocol): what the window
//! is shown of a code pair, and the one code sign-in that runs at a time, so that Cancel (or
//! closing the dialog) really stops its polling.
//!
//! The window gets the user code, the device page and a QR code of that page; never the device
//! code, which can be traded for the token. The "open in the browser" button opens the page of
//! the code on screen, never an address the window names. Nothing here logs.

use std::sync::{Arc, Mutex, MutexGuard};

use base64::Engine;
use qrcode::render::svg;
use qrcode::QrCode;
use serde::Serialize;
use tokio::sync::Notify;
use url::Url;

use crate::early_cancel::EarlyCancels;
use crate::error::Error;
use crate::oauth::DeviceCode;

/// What the window shows while the person confirms the code. No secret in it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCodeView {
    /// What the person types on the device page.
    pub user_code: String,
    /// The device page.
    pub verification_url: String,
    /// The device page as a QR code for a phone: a `data:image/svg+xml` URI.
    pub qr: Option<String>,
    /// Seconds the code stays valid from now.
    pub expires_in: u64,
}

impl DeviceCodeView {
    pub fn of(code: &DeviceCode) -> Self {
        let verification_url = code.verification_url.to_string();
        Self {
            qr: qr_data_uri(&verification_url),
            user_code: code.user_code.clone(),
            verification_url,
            expires_in: code.expires_in.as_secs(),
        }
    }
}

/// `text` as a QR code in an SVG data URI, one unit per module with the quiet zone around it
/// (the window scales it); `None` for a text too long for a QR code.
pub fn qr_data_uri(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<svg::Color>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .build();
    let encoded = base64::engine::general_purpose::STANDARD.encode(svg);
    Some(format!("data:image/svg+xml;base64,{encoded}"))
}

/// The code sign-in the window runs, if any: Cancel's handle on it, and its device page.
#[derive(Default)]
pub struct CodeSignIns {
    running: Mutex<Option<Running>>,
    early: EarlyCancels,
}

struct Running {
    attempt: String,
    cancel: Arc<Notify>,
    page: Option<Url>,
}

impl CodeSignIns {
    /// Claims the one slot for code sign-in `attempt` (an id the window made up); it is free
    /// again when the ticket drops. An attempt cancelled before it got here does not start.
    pub fn start(&self, attempt: &str) -> Result<Ticket<'_>, Error> {
        let mut running = self.lock();
        if running.is_some() {
            return Err(Error::SignInInProgress);
        }
        if self.early.take(attempt) {
            return Err(Error::SignInCancelled);
        }
        let cancel = Arc::new(Notify::new());
        *running = Some(Running {
            attempt: attempt.to_string(),
            cancel: cancel.clone(),
            page: None,
        });
        Ok(Ticket {
            owner: self,
            cancel,
        })
    }

    /// Stops code sign-in `attempt`: no more polls, nothing stored; one that has not started
    /// yet will not.
    pub fn cancel(&self, attempt: &str) {
        match self.lock().as_ref() {
            // A stored permit: a cancel that comes before the sign-in waits still counts.
            Some(running) if running.attempt == attempt => running.cancel.notify_one(),
            _ => self.early.note(attempt),
        }
    }

    /// The device page of the code on screen.
    pub fn device_page(&self) -> Option<Url> {
        self.lock().as_ref().and_then(|r| r.page.clone())
    }

    fn lock(&self) -> MutexGuard<'_, Option<Running>> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One code sign-in's hold on the slot.
pub struct Ticket<'a> {
    owner: &'a CodeSignIns,
    cancel: Arc<Notify>,
}

impl Ticket<'_> {
    /// Remembers the code's device page (for the "open" button) and says what to show.
    pub fn show(&self, code: &DeviceCode) -> DeviceCodeView {
        if let Some(running) = self.owner.lock().as_mut() {
            running.page = Some(code.verification_url.clone());
        }
        DeviceCodeView::of(code)
    }

    /// Ends when Cancel is asked for.
    pub async fn cancelled(&self) {
        self.cancel.notified().await;
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        *self.owner.lock() = None;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::secrets::Secret;

    fn code() -> DeviceCode {
        DeviceCode {
            device_code: Secret::new("dc-4b5e1f2a9c-secret"),
            user_code: "h5nbcr6c".into(),
            verification_url: Url::parse("https://ya.ru/device").unwrap(),
            interval: Duration::from_secs(5),
            expires_in: Duration::from_secs(300),
        }
    }

    #[test]
    fn the_view_carries_the_user_code_and_the_page_but_never_the_device_code() {
        let view = DeviceCodeView::of(&code());
        let json = serde_json::to_string(&view).unwrap();
        assert!(json.contains("h5nbcr6c") && json.contains("https://ya.ru/device"));
        assert_eq!(view.expires_in, 300);
        for shown in [json, format!("{view:?}"), format!("{:?}", code())] {
            assert!(!shown.contains("dc-4b5e1f2a9c-secret"), "{shown}");
        }
    }

    #[test]
    fn the_qr_code_is_an_svg_data_uri() {
        let uri = qr_data_uri("https://ya.ru/device").unwrap();
        let encoded = uri.strip_prefix("data:image/svg+xml;base64,").unwrap();
        let svg = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        let svg = String::from_utf8(svg).unwrap();
        assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
        assert!(
            qr_data_uri(&"x".repeat(8000)).is_none(),
            "too long for a QR code"
        );
    }

    #[test]
    fn one_code_sign_in_at_a_time_and_the_slot_frees_when_it_ends() {
        let signins = CodeSignIns::default();
        let ticket = signins.start("a1").unwrap();
        assert!(matches!(signins.start("a2"), Err(Error::SignInInProgress)));
        assert_eq!(signins.device_page(), None);
        ticket.show(&code());
        assert_eq!(
            signins.device_page().map(String::from),
            Some("https://ya.ru/device".into())
        );
        drop(ticket);
        assert_eq!(signins.device_page(), None);
        assert!(signins.start("a3").is_ok());
    }

    #[tokio::test]
    async fn a_cancel_before_the_wait_still_cancels_it() {
        let signins = CodeSignIns::default();
        signins.cancel("earlier"); // another attempt's: it does not touch this one
        let ticket = signins.start("this").unwrap();
        let waiting = tokio::time::timeout(Duration::from_millis(50), ticket.cancelled());
        assert!(waiting.await.is_err(), "not cancelled yet");
        signins.cancel("this");
        let waiting = tokio::time::timeout(Duration::from_secs(5), ticket.cancelled());
        assert!(waiting.await.is_ok(), "cancelled");
    }

    #[test]
    fn a_cancel_that_overtakes_its_start_stops_it_from_starting() {
        let signins = CodeSignIns::default();
        signins.cancel("quick");
        assert!(matches!(
            signins.start("quick"),
            Err(Error::SignInCancelled)
        ));
        assert!(signins.start("next").is_ok(), "only that attempt");
    }
}
