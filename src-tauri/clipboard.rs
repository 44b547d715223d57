//! The system clipboard, used from Rust so that secrets never pass through the window's
//! JavaScript: pasting a client secret or a token reads it here, and clears the clipboard
//! afterwards when it still holds what was read.

use crate::secrets::Secret;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClipboardError {
    #[error("the clipboard is not available: {0}")]
    Unavailable(String),
    #[error("the clipboard holds no text")]
    Empty,
}

/// Reads the clipboard's text as a secret (trimmed), and clears the clipboard if it still holds
/// that text, so the secret does not linger for other apps.
pub fn take_secret() -> Result<Secret, ClipboardError> {
    let mut clipboard =
        arboard::Clipboard::new().map_err(|e| ClipboardError::Unavailable(e.to_string()))?;
    let text = match clipboard.get_text() {
        Ok(text) => text,
        Err(arboard::Error::ContentNotAvailable) => return Err(ClipboardError::Empty),
        Err(e) => return Err(ClipboardError::Unavailable(e.to_string())),
    };
    let secret = Secret::new(text.trim());
    if secret.expose().is_empty() {
        return Err(ClipboardError::Empty);
    }
    if clipboard.get_text().ok().as_deref() == Some(text.as_str()) {
        let _ = clipboard.clear();
    }
    Ok(secret)
}
