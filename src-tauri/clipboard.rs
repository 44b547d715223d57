//! The system clipboard, used from Rust so that secrets never pass through the window's
//! JavaScript.
//!
//! Copying marks the text as a secret for clipboard managers where the platform has a way (on
//! Linux the `x-kde-passwordManagerHint` type; on Windows the history, cloud and monitoring
//! exclusions; on macOS the concealed type), and clears it after a delay **only if the clipboard
//! still holds what YaToken put there** — remembered as a SHA-256 digest, not as the token.
//! Pasting (a client secret, a token to import) reads it here and clears it afterwards.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::secrets::Secret;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClipboardError {
    #[error("the clipboard is not available: {0}")]
    Unavailable(String),
    #[error("the clipboard holds no text")]
    Empty,
}

/// How a token is put on the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyFormat {
    /// The bare token.
    Token,
    /// `Authorization: OAuth <token>` (Yandex ID, Metrica, Track & Trace).
    OauthHeader,
    /// `Authorization: Bearer <token>` and `Client-Login: <login>` (Direct).
    DirectHeaders,
}

impl CopyFormat {
    pub fn name(self) -> &'static str {
        match self {
            CopyFormat::Token => "token",
            CopyFormat::OauthHeader => "oauth_header",
            CopyFormat::DirectHeaders => "direct_headers",
        }
    }

    pub fn render(self, token: &Secret, client_login: &str) -> Secret {
        let token = token.expose();
        Secret::new(match self {
            CopyFormat::Token => token.to_string(),
            CopyFormat::OauthHeader => format!("Authorization: OAuth {token}"),
            CopyFormat::DirectHeaders => {
                format!("Authorization: Bearer {token}\nClient-Login: {client_login}")
            }
        })
    }
}

/// The clipboard for the whole app. One long-lived handle: on X11 the copied text is served by
/// it, and would vanish with it.
#[derive(Clone, Default)]
pub struct Clipboard {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    handle: Mutex<Option<arboard::Clipboard>>,
    /// Digest of what YaToken last copied, and which copy that was.
    ours: Mutex<Option<(u64, [u8; 32])>>,
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

impl Clipboard {
    fn handle(&self) -> Result<MutexGuard<'_, Option<arboard::Clipboard>>, ClipboardError> {
        let mut guard = self.shared.handle.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(
                arboard::Clipboard::new()
                    .map_err(|e| ClipboardError::Unavailable(e.to_string()))?,
            );
        }
        Ok(guard)
    }

    /// Copies `text` as a secret. With `clear_after`, clears it then if it is still ours.
    pub fn copy_secret(
        &self,
        text: Secret,
        clear_after: Option<Duration>,
    ) -> Result<(), ClipboardError> {
        let mut guard = self.handle()?;
        let clipboard = guard.as_mut().expect("handle() fills the slot");
        let set = clipboard.set();
        #[cfg(all(
            unix,
            not(any(target_os = "macos", target_os = "ios", target_os = "android"))
        ))]
        let set = {
            use arboard::SetExtLinux;
            set.exclude_from_history()
        };
        #[cfg(windows)]
        let set = {
            use arboard::SetExtWindows;
            set.exclude_from_monitoring()
                .exclude_from_cloud()
                .exclude_from_history()
        };
        #[cfg(target_os = "macos")]
        let set = {
            use arboard::SetExtApple;
            set.exclude_from_history()
        };
        set.text(text.expose().to_string())
            .map_err(|e| ClipboardError::Unavailable(e.to_string()))?;
        drop(guard);

        let copy = {
            let mut ours = self.shared.ours.lock().unwrap_or_else(|p| p.into_inner());
            let generation = ours.map(|(g, _)| g + 1).unwrap_or(0);
            *ours = Some((generation, digest(text.expose())));
            generation
        };
        if let Some(delay) = clear_after {
            let clipboard = self.clone();
            std::thread::spawn(move || {
                std::thread::sleep(delay);
                clipboard.clear_if_still_ours(copy);
            });
        }
        Ok(())
    }

    /// Clears the clipboard if it still holds copy number `copy` and nothing newer was copied.
    fn clear_if_still_ours(&self, copy: u64) {
        let Some((generation, expected)) =
            *self.shared.ours.lock().unwrap_or_else(|p| p.into_inner())
        else {
            return;
        };
        if generation != copy {
            return;
        }
        let Ok(mut guard) = self.handle() else {
            return;
        };
        let Some(clipboard) = guard.as_mut() else {
            return;
        };
        if clipboard.get_text().ok().map(|t| digest(&t)) == Some(expected) {
            let _ = clipboard.clear();
        }
    }

    /// Reads the clipboard's text as a secret (trimmed), and clears the clipboard if it still
    /// holds that text, so the secret does not linger for other apps.
    pub fn take_secret(&self) -> Result<Secret, ClipboardError> {
        let mut guard = self.handle()?;
        let clipboard = guard.as_mut().expect("handle() fills the slot");
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_render_the_headers_each_api_expects() {
        let token = Secret::new("y0_tok");
        assert_eq!(CopyFormat::Token.render(&token, "x").expose(), "y0_tok");
        assert_eq!(
            CopyFormat::OauthHeader.render(&token, "x").expose(),
            "Authorization: OAuth y0_tok"
        );
        assert_eq!(
            CopyFormat::DirectHeaders
                .render(&token, "client-a")
                .expose(),
            "Authorization: Bearer y0_tok\nClient-Login: client-a"
        );
    }
}
