//! The system clipboard, used from Rust so that secrets never pass through the window's
//! JavaScript.
//!
//! Copying marks the text as a secret for clipboard managers where the platform has a way (on
//! Linux the `x-kde-passwordManagerHint` type; on Windows the history, cloud and monitoring
//! exclusions; on macOS the concealed type), and clears it after a delay **only if the clipboard
//! still holds what YaToken put there** — remembered as a SHA-256 digest, not as the token.
//! Pasting (a client secret, a token to import) reads it here and clears it afterwards.
//!
//! [`Clipboard::in_memory`] is one no other program sees, for running the verbs without a
//! desktop (the flow tests).

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
    board: Mutex<Board>,
    /// Digest of what YaToken last copied, and which copy that was.
    ours: Mutex<Option<(u64, [u8; 32])>>,
}

/// Where the text goes: the system clipboard (opened on first use), or one held in memory.
enum Board {
    System(Option<arboard::Clipboard>),
    Memory(Option<String>),
}

impl Default for Board {
    fn default() -> Self {
        Board::System(None)
    }
}

impl Board {
    fn system(
        handle: &mut Option<arboard::Clipboard>,
    ) -> Result<&mut arboard::Clipboard, ClipboardError> {
        if handle.is_none() {
            *handle = Some(
                arboard::Clipboard::new()
                    .map_err(|e| ClipboardError::Unavailable(e.to_string()))?,
            );
        }
        Ok(handle.as_mut().expect("filled above"))
    }

    /// The text on the clipboard; `None` when there is none.
    fn text(&mut self) -> Result<Option<String>, ClipboardError> {
        match self {
            Board::Memory(text) => Ok(text.clone()),
            Board::System(handle) => match Self::system(handle)?.get_text() {
                Ok(text) => Ok(Some(text)),
                Err(arboard::Error::ContentNotAvailable) => Ok(None),
                Err(e) => Err(ClipboardError::Unavailable(e.to_string())),
            },
        }
    }

    /// Puts a secret on the clipboard, kept out of clipboard histories where the system can.
    fn set_secret(&mut self, text: &str) -> Result<(), ClipboardError> {
        let handle = match self {
            Board::Memory(held) => {
                *held = Some(text.to_string());
                return Ok(());
            }
            Board::System(handle) => Self::system(handle)?,
        };
        let set = handle.set();
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
        set.text(text.to_string())
            .map_err(|e| ClipboardError::Unavailable(e.to_string()))
    }

    fn clear(&mut self) {
        match self {
            Board::Memory(held) => *held = None,
            Board::System(handle) => {
                if let Ok(handle) = Self::system(handle) {
                    let _ = handle.clear();
                }
            }
        }
    }
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

impl Clipboard {
    /// A clipboard of its own, in memory, that no other program sees: for running the verbs
    /// without a desktop (the flow tests).
    pub fn in_memory() -> Self {
        let shared = Shared {
            board: Mutex::new(Board::Memory(None)),
            ours: Mutex::default(),
        };
        Self {
            shared: Arc::new(shared),
        }
    }

    fn board(&self) -> MutexGuard<'_, Board> {
        self.shared.board.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The text on the clipboard now, if any (for tests of what was copied).
    pub fn text(&self) -> Result<Option<String>, ClipboardError> {
        self.board().text()
    }

    /// Puts plain text on the clipboard, as another program would (for tests of pasting).
    pub fn put_text(&self, text: &str) -> Result<(), ClipboardError> {
        self.board().set_secret(text)
    }

    /// Copies `text` as a secret. With `clear_after`, clears it then if it is still ours.
    pub fn copy_secret(
        &self,
        text: Secret,
        clear_after: Option<Duration>,
    ) -> Result<(), ClipboardError> {
        self.board().set_secret(text.expose())?;
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
        let mut board = self.board();
        if board.text().ok().flatten().map(|t| digest(&t)) == Some(expected) {
            board.clear();
        }
    }

    /// Reads the clipboard's text as a secret (trimmed), and clears the clipboard if it still
    /// holds that text, so the secret does not linger for other apps.
    pub fn take_secret(&self) -> Result<Secret, ClipboardError> {
        let mut board = self.board();
        let text = board.text()?.ok_or(ClipboardError::Empty)?;
        let secret = Secret::new(text.trim());
        if secret.expose().is_empty() {
            return Err(ClipboardError::Empty);
        }
        if board.text().ok().flatten().as_deref() == Some(text.as_str()) {
            board.clear();
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
