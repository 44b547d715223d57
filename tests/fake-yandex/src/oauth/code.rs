//! Confirmation codes from `response_type=code`: single-use, ten minutes on the fake clock,
//! optionally bound to a PKCE challenge.

use crate::mint;

/// A code lives 10 minutes (CONFIRMED).
pub(crate) const CODE_LIFETIME: u64 = 600;

#[derive(Debug, Clone)]
pub(crate) struct AuthCode {
    pub code: String,
    pub client_id: String,
    pub uid: String,
    pub requested: Vec<String>,
    pub granted: Vec<String>,
    pub device_id: Option<String>,
    /// The S256 `code_challenge`, when the authorize request had one.
    pub challenge: Option<String>,
    pub issued_at: u64,
    pub used: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Codes {
    codes: Vec<AuthCode>,
}

impl Codes {
    pub fn insert(&mut self, mut code: AuthCode) -> String {
        while self.codes.iter().any(|c| c.code == code.code) {
            code.code = mint::confirmation_code();
        }
        let value = code.code.clone();
        self.codes.push(code);
        value
    }

    pub fn find(&self, code: &str) -> Option<&AuthCode> {
        self.codes.iter().find(|c| c.code == code)
    }

    pub fn mark_used(&mut self, code: &str) {
        if let Some(c) = self.codes.iter_mut().find(|c| c.code == code) {
            c.used = true;
        }
    }

    /// A password change kills codes not yet exchanged, too.
    pub fn revoke_user(&mut self, uid: &str) {
        self.codes
            .iter_mut()
            .filter(|c| c.uid == uid)
            .for_each(|c| c.used = true);
    }
}
