//! PKCE (RFC 7636) with the S256 method, the one Yandex is seen to accept.

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::secrets::Secret;

/// A code verifier and its S256 challenge. The verifier stays in Rust until the code exchange.
#[derive(Debug, Clone)]
pub struct Pkce {
    pub verifier: Secret,
    pub challenge: String,
}

impl Pkce {
    pub const METHOD: &'static str = "S256";

    pub fn generate() -> Self {
        // 48 random bytes encode to 64 characters, inside RFC 7636's 43..=128.
        Self::from_verifier(super::random_url_safe(48))
    }

    pub fn from_verifier(verifier: String) -> Self {
        let digest = Sha256::digest(verifier.as_bytes());
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
        Self {
            verifier: Secret::new(verifier),
            challenge,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenge_matches_the_rfc_7636_example() {
        // RFC 7636, appendix B.
        let rfc = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        assert_eq!(rfc.challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn generated_verifiers_are_long_enough_and_unique() {
        let a = Pkce::generate();
        let b = Pkce::generate();
        let len = a.verifier.expose().len();
        assert!((43..=128).contains(&len), "{len}");
        assert!(a
            .verifier
            .expose()
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_ne!(a.verifier, b.verifier);
        assert_ne!(a.challenge, b.challenge);
    }
}
