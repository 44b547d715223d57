//! Yandex OAuth as YaToken uses it: the authorize URL, PKCE, reading the redirect to
//! `verification_code`, the calls to `/token`, the device flow (sign in with a code), and the
//! loopback listener for a sign-in in the system browser.
//!
//! Nothing here knows about windows or Tauri: the login window hands the redirect URL in and gets
//! a typed outcome back. Codes and tokens are [`Secret`](crate::secrets::Secret)s from the moment
//! they are parsed.

mod authorize;
mod device;
mod loopback;
mod pkce;
mod redirect;
mod token;

pub use authorize::{device_name, AuthorizeRequest, Flow};
pub use device::{request_device_code, wait_for_device_token, DeviceCode, DeviceError};
pub use loopback::{closing_page, is_loopback_redirect, Loopback, LoopbackError};
pub use pkce::Pkce;
pub use redirect::{parse_redirect, read_redirect, Redirect, RedirectError};
pub use token::{
    exchange_code, read_token_answer, refresh, revoke, ClientCredentials, OAuthError, TokenResponse,
};

/// A random, URL-safe value with `bytes` bytes of entropy (base64url, no padding).
pub fn random_url_safe(bytes: usize) -> String {
    use base64::Engine;
    let mut buffer = vec![0u8; bytes];
    rand::fill(&mut buffer[..]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buffer)
}
