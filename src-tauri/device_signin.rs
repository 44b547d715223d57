//! "Sign in with a code" in the window (`oauth/device.rs` does the protocol): what the window
//! is shown of a code pair, and the one code sign-in that runs at a time, so that Cancel (or
//! closing the dialog) really stops its polling.
//!
//! The window gets the user code, the device page and a QR code of that page; never the device
//! code, which can be traded for the token. The "open in the browser" button opens the page of
//! the code on screen, never an address the window names. Nothing here logs.

use base64::Engine;
use qrcode::render::svg;
use qrcode::QrCode;
use serde::Serialize;
use url::Url;

use crate::error::Error;
use crate::oauth::DeviceCode;
use crate::signin_slot::{self, Slot};

/// What the window shows while the person confirms the code. No secret in it.
#[derive(Debug, Clone, Serialize)]
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
pub struct CodeSignIns(Slot<Option<Url>>);

impl CodeSignIns {
    /// Claims the one slot for code sign-in `attempt` (an id the window made up).
    pub fn start(&self, attempt: &str) -> Result<Ticket<'_>, Error> {
        self.0.start(attempt, None).map(Ticket)
    }

    /// Stops code sign-in `attempt`: no more polls, nothing stored; one that has not started
    /// yet will not.
    pub fn cancel(&self, attempt: &str) {
        self.0.cancel(attempt);
    }

    /// The device page of the code on screen.
    pub fn device_page(&self) -> Option<Url> {
        self.0.with(|page| page.clone()).flatten()
    }
}

/// One code sign-in's hold on the slot.
pub struct Ticket<'a>(signin_slot::Ticket<'a, Option<Url>>);

impl Ticket<'_> {
    /// Remembers the code's device page (for the "open" button) and says what to show.
    pub fn show(&self, code: &DeviceCode) -> DeviceCodeView {
        self.0
            .with(|page| *page = Some(code.verification_url.clone()));
        DeviceCodeView::of(code)
    }

    /// Ends when Cancel is asked for.
    pub async fn cancelled(&self) {
        self.0.cancelled().await;
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
}
