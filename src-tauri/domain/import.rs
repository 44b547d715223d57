//! Importing a token someone already has (from the clipboard in the window, from stdin on the
//! command line): verified with `/info` first, then stored like a sign-in.

use crate::accounts::{Account, Role, StoreError};
use crate::app::YaToken;
use crate::audit::Action;
use crate::domain::sign_in::{save, verify_import};
use crate::error::Error;
use crate::secrets::Secret;

/// What the log says of an import: Yandex cannot tell whether a token from elsewhere was
/// issued with a device id, so whether it can be revoked.
const IMPORTED: &str = "revocable: unknown";

/// Imports the token on the clipboard.
pub async fn from_clipboard(cx: &YaToken, role: Option<Role>) -> Result<Account, Error> {
    let token = cx.clipboard().take_secret()?;
    token_as(cx, token, role).await
}

/// Imports `token`, for whichever app Yandex says it was issued to.
pub async fn token_as(cx: &YaToken, token: Secret, role: Option<Role>) -> Result<Account, Error> {
    let signed = verify_import(&cx.http(), cx.endpoints(), token, role).await?;
    save(cx, signed, Action::Imported, Some(IMPORTED)).await
}

/// Imports a token that must have been issued to `client_id` (the command line's import).
pub async fn token_for_app(
    cx: &YaToken,
    token: Secret,
    role: Option<Role>,
    client_id: &str,
) -> Result<Account, Error> {
    let expected = client_id.trim().to_ascii_lowercase();
    if !crate::accounts::model::is_client_id(&expected) {
        let value = client_id.to_string();
        return Err(StoreError::InvalidClientId { value }.into());
    }
    let mut signed = verify_import(&cx.http(), cx.endpoints(), token, role).await?;
    if !signed.client_id.is_empty() && signed.client_id != expected {
        return Err(Error::TokenForOtherApp {
            expected,
            actual: signed.client_id,
        });
    }
    signed.client_id = expected;
    save(cx, signed, Action::Imported, Some(IMPORTED)).await
}
