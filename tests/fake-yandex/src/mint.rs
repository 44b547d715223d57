//! Fresh opaque values in the shapes Yandex uses: tokens, codes, cids, request ids.
//!
//! Shapes copy what real traffic shows (see the fact sheet) so that an app which wrongly
//! relies on a shape at least meets the real one. Nothing here is meant to be secure.

use rand::RngExt;

const BASE64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const DIGITS: &[u8] = b"0123456789";

fn random_string(alphabet: &[u8], len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}

/// `y0_` plus 52 base64url characters, like current Yandex tokens.
pub(crate) fn access_token() -> String {
    format!("y0_{}", random_string(BASE64URL, 52))
}

/// `1:<16>:<52>:<22>`, the colon-separated shape of observed Yandex refresh tokens.
pub(crate) fn refresh_token() -> String {
    format!(
        "1:{}:{}:{}",
        random_string(BASE64URL, 16),
        random_string(BASE64URL, 52),
        random_string(BASE64URL, 22)
    )
}

/// A 7-digit confirmation code that does not start with 0.
pub(crate) fn confirmation_code() -> String {
    let mut rng = rand::rng();
    rng.random_range(1_000_000..10_000_000u32).to_string()
}

/// The undocumented `cid` that real redirects carry.
pub(crate) fn cid() -> String {
    random_string(LOWER_ALNUM, 26)
}

pub(crate) fn device_code() -> String {
    random_string(HEX, 32)
}

/// An 8-character code a human types on the device page, like `h5nbcr6c`.
pub(crate) fn user_code() -> String {
    random_string(LOWER_ALNUM, 8)
}

pub(crate) fn session_id() -> String {
    format!("3:{}", random_string(BASE64URL, 40))
}

/// A Direct `RequestId`: a long decimal number.
pub(crate) fn request_id() -> String {
    format!(
        "{}{}",
        random_string(&DIGITS[1..], 1),
        random_string(DIGITS, 18)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_match_real_ones() {
        let token = access_token();
        assert!(token.starts_with("y0_") && token.len() == 55);
        assert_eq!(confirmation_code().len(), 7);
        assert_eq!(cid().len(), 26);
        assert_eq!(refresh_token().split(':').count(), 4);
        assert_ne!(access_token(), access_token());
    }
}
