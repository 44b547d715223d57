//! The device flow, "sign in with a code" (`../shared/yandex-oauth.md` §4, §14): `POST
//! /device/code` hands out a code pair; the person types the short user code on Yandex's device
//! page, in any browser on any device, and confirms; meanwhile YaToken polls `/token` with
//! `grant_type=device_code` at the pace Yandex asked for, until the person confirms or refuses
//! or the code expires. It works for every way of signing in (Yandex Key, QR, passkeys) because
//! the sign-in happens in the person's own browser.
//!
//! The device code can be traded for the token, so it is a [`Secret`]; the user code is not: the
//! person reads it off the screen. Polling needs the app's client secret. Every wait here ends:
//! at the code's expiry at the latest. To cancel, drop the future: nothing is stored until it
//! returns a token.

use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;
use url::Url;

use super::token::{post_form, refused, token_request, ClientCredentials, TokenResponse};
use super::OAuthError;
use crate::http::Client;
use crate::limits::{plausible, CODE_CHARS, URL_CHARS};
use crate::secrets::Secret;

/// What `/device/code` answered: what to show the person, and what to poll with.
#[derive(Debug, Clone)]
pub struct DeviceCode {
    pub device_code: Secret,
    /// The code the person types on the device page, as Yandex formats it (`h5nbcr6c`).
    pub user_code: String,
    /// Where the person types it (`https://ya.ru/device`, or `oauth.yandex.*/device`).
    pub verification_url: Url,
    /// The least time between two polls.
    pub interval: Duration,
    /// How long the code pair lives from now.
    pub expires_in: Duration,
}

/// Why no token came of a device code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    /// Yandex answers device polls only with the app's client secret.
    #[error("the app's client secret is needed to sign in with a code")]
    SecretNeeded,
    /// The person refused access on the device page.
    #[error("access was refused on the device page")]
    Denied,
    /// The code expired, or Yandex no longer knows it (already used, or wrong).
    #[error("the code expired or is no longer valid")]
    Expired,
    #[error(transparent)]
    OAuth(#[from] OAuthError),
}

/// The lifetime Yandex's docs give when an answer names none (the example says 300 s).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);
/// RFC 8628: on `slow_down`, poll this much less often from then on.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// Polls that fail on the network before giving up; the next poll may well get through.
const NETWORK_RETRIES: u32 = 3;

/// `POST /device/code` for this app, device and rights.
pub async fn request_device_code(
    http: &Client,
    oauth_base: &Url,
    client_id: &str,
    device_id: &str,
    device_name: &str,
    scopes: &[String],
) -> Result<DeviceCode, OAuthError> {
    let mut form = vec![
        ("client_id", client_id.to_string()),
        ("device_id", device_id.to_string()),
        ("device_name", device_name.to_string()),
    ];
    if !scopes.is_empty() {
        form.push(("scope", scopes.join(" ")));
    }
    let (status, body) = post_form(http, oauth_base, "device/code", form).await?;
    let Some(json) = body else {
        return Err(OAuthError::Unexpected { status });
    };
    if json.get("error").is_some() {
        return Err(refused(status, &json));
    }
    parse_device_code(&json).ok_or(OAuthError::Unexpected { status })
}

/// Polls `/token` until the person confirms (the token), refuses, or the code expires. Waits at
/// least `interval` before each poll, longer after `slow_down`.
pub async fn wait_for_device_token(
    http: &Client,
    oauth_base: &Url,
    code: &DeviceCode,
    credentials: &ClientCredentials,
) -> Result<TokenResponse, DeviceError> {
    if credentials.secret.is_none() {
        return Err(DeviceError::SecretNeeded);
    }
    let deadline = Instant::now() + code.expires_in;
    let mut interval = code.interval;
    let mut network_failures = 0;
    loop {
        let next = Instant::now() + interval;
        if next > deadline {
            tokio::time::sleep_until(deadline).await;
            return Err(DeviceError::Expired);
        }
        tokio::time::sleep_until(next).await;
        let mut form = vec![
            ("grant_type", "device_code".to_string()),
            ("code", code.device_code.expose().to_string()),
        ];
        credentials.append_to(&mut form);
        match token_request(http, oauth_base, form).await {
            Ok(token) => return Ok(token),
            Err(error) => match error.code() {
                Some("authorization_pending") => network_failures = 0,
                Some("slow_down") => interval += SLOW_DOWN_STEP,
                Some("access_denied") => return Err(DeviceError::Denied),
                Some("expired_token" | "invalid_grant") => return Err(DeviceError::Expired),
                _ if matches!(error, OAuthError::Http(_)) && network_failures < NETWORK_RETRIES => {
                    network_failures += 1;
                }
                _ => return Err(error.into()),
            },
        }
    }
}

/// Reads an answer of `/device/code`, tolerant of numbers sent as strings; a user code or an
/// address longer than any real one ([`crate::limits`]) makes it unreadable.
fn parse_device_code(json: &Value) -> Option<DeviceCode> {
    let text = |key: &str| {
        json.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let seconds = |key: &str| {
        json.get(key).and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        })
    };
    let verification_url = text("verification_url").filter(|u| u.len() <= URL_CHARS)?;
    let verification_url = Url::parse(verification_url).ok()?;
    if !matches!(verification_url.scheme(), "https" | "http") {
        return None;
    }
    Some(DeviceCode {
        device_code: Secret::new(text("device_code")?),
        user_code: text("user_code")
            .filter(|c| plausible(c, CODE_CHARS))?
            .to_string(),
        verification_url,
        // At least a second between polls, whatever the answer says.
        interval: Duration::from_secs(seconds("interval").unwrap_or(5).max(1)),
        expires_in: seconds("expires_in")
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_LIFETIME),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_documented_answer_is_read() {
        let code = parse_device_code(&json!({
            "device_code": "4b5e1f2a9c", "user_code": "h5nbcr6c",
            "verification_url": "https://ya.ru/device", "interval": 5, "expires_in": 300
        }))
        .unwrap();
        assert_eq!(code.user_code, "h5nbcr6c");
        assert_eq!(code.verification_url.as_str(), "https://ya.ru/device");
        assert_eq!(code.interval, Duration::from_secs(5));
        assert_eq!(code.expires_in, Duration::from_secs(300));
        assert!(
            !format!("{code:?}").contains("4b5e1f2a9c"),
            "the device code is secret"
        );
    }

    #[test]
    fn numbers_as_strings_and_missing_numbers_are_tolerated() {
        let code = parse_device_code(&json!({
            "device_code": "d", "user_code": "u", "verification_url": "https://oauth.yandex.ru/device",
            "interval": "0"
        }))
        .unwrap();
        assert_eq!(
            code.interval,
            Duration::from_secs(1),
            "never faster than a second"
        );
        assert_eq!(code.expires_in, DEFAULT_LIFETIME);
    }

    #[test]
    fn an_answer_without_a_code_or_a_usable_address_is_refused() {
        for broken in [
            json!({"user_code": "u", "verification_url": "https://ya.ru/device"}),
            json!({"device_code": "d", "verification_url": "https://ya.ru/device"}),
            json!({"device_code": "d", "user_code": "u", "verification_url": "javascript:alert(1)"}),
            json!({"device_code": "d", "user_code": "u"}),
            json!({"device_code": "d", "user_code": "u".repeat(65), "verification_url": "https://ya.ru/device"}),
            json!({"device_code": "d", "user_code": "u\u{1b}[2J", "verification_url": "https://ya.ru/device"}),
            json!({"device_code": "d", "user_code": "u", "verification_url": format!("https://ya.ru/{}", "d".repeat(3000))}),
        ] {
            assert!(parse_device_code(&broken).is_none(), "{broken}");
        }
    }
}
