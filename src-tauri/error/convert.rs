//! Turning each layer's errors into the ones a person meets, once, here: the store's (and
//! the keychain's under it), the HTTP layer's, Yandex ID's and the agency client list's
//! directly; OAuth's by the request it answered.

use super::Error;
use crate::accounts::StoreError;
use crate::oauth::OAuthError;
use crate::secrets::KeychainError;
use crate::yandex::direct::ListError;
use crate::yandex::InfoError;

/// Which OAuth request Yandex answered: the same code means different things to each (an
/// `invalid_grant` is an expired code in a sign-in, a dead refresh token in a refresh, another
/// app's token in a revoke).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthStep {
    /// Exchanging a confirmation code (or a device code) for tokens.
    SignIn,
    Refresh,
    Revoke,
}

impl Error {
    /// Yandex OAuth's answer to `step`, as the person meets it.
    pub fn from_oauth(step: OAuthStep, error: OAuthError) -> Error {
        let code = match error {
            OAuthError::Http(http) => return Error::Network(http),
            OAuthError::Unexpected { status } => {
                return Error::OAuthRefused {
                    code: format!("HTTP {status}"),
                }
            }
            OAuthError::Refused { code, .. } => code,
        };
        match (step, code.as_str()) {
            (_, "invalid_client") => Error::WrongClientSecret,
            (_, "unauthorized_client") => Error::AppNotApproved,
            (OAuthStep::SignIn, "invalid_grant" | "bad_verification_code") => Error::CodeExpired,
            (OAuthStep::Refresh, "invalid_grant") => Error::RefreshRefused,
            (OAuthStep::Revoke, "invalid_grant") => Error::RevokeOtherApp,
            (OAuthStep::Revoke, "unsupported_token_type") => Error::NotRevocable,
            _ => Error::OAuthRefused { code },
        }
    }
}

impl From<KeychainError> for Error {
    fn from(error: KeychainError) -> Self {
        Error::Store(StoreError::Keychain(error))
    }
}

impl From<InfoError> for Error {
    fn from(error: InfoError) -> Self {
        match error {
            InfoError::Rejected { .. } => Error::TokenRejected,
            InfoError::Http(http) => Error::Network(http),
            InfoError::Implausible { field } => Error::ImplausibleAccount {
                field: field.to_string(),
            },
            other => Error::InfoUnavailable {
                detail: other.to_string(),
            },
        }
    }
}

impl From<ListError> for Error {
    fn from(error: ListError) -> Self {
        match error {
            ListError::Http(http) => Error::Network(http),
            ListError::Stuck { offset } => Error::ClientListStuck { offset },
            ListError::Endless { pages, clients } => Error::ClientListEndless { pages, clients },
        }
    }
}
