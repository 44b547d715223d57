//! Reading from standard input: a secret piped in (never an argument), and the lines a person
//! pastes while a browser sign-in waits.

use std::io::{IsTerminal, Read};

use super::output::tell;
use super::Say;
use crate::domain::sign_in::Pasted;
use crate::error::Error;
use crate::secrets::Secret;

/// Reads one secret from standard input (trimmed). Refuses an interactive terminal with no
/// input piped, rather than waiting silently.
pub fn read_secret(say: &Say) -> Result<Secret, Error> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        tell!("{}", say.text("cli.paste_secret", &[]));
    }
    let mut text = String::new();
    stdin
        .read_to_string(&mut text)
        .map_err(|source| Error::storage(std::path::Path::new("<stdin>"), source))?;
    Ok(Secret::new(text.trim()))
}

/// Standard input, line by line, read on a thread of its own (a read cannot be cancelled), so
/// that the pasted code and a later question share one reader. Ends at end of input.
pub fn stdin_lines() -> tokio::sync::mpsc::Receiver<String> {
    let (sender, lines) = tokio::sync::mpsc::channel(4);
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { return };
            if sender.blocking_send(line).is_err() {
                return;
            }
        }
    });
    lines
}

/// Hands each non-empty line to the browser sign-in until one reads; says why one does not.
/// Ends when the input ends (the sign-in may still finish at a loopback redirect).
pub async fn forward_pastes(
    say: &Say,
    lines: &mut tokio::sync::mpsc::Receiver<String>,
    pastes: tokio::sync::mpsc::Sender<Pasted>,
) {
    while let Some(line) = lines.recv().await {
        if line.trim().is_empty() {
            continue;
        }
        let (reply, answer) = tokio::sync::oneshot::channel();
        let text = Secret::new(line.trim());
        if pastes.send(Pasted { text, reply }).await.is_err() {
            return;
        }
        match answer.await {
            Ok(Ok(())) => return std::future::pending().await,
            Ok(Err(error)) => tell!("yatoken: {}", error.message(say.language)),
            Err(_) => return std::future::pending().await,
        }
    }
    drop(pastes);
    std::future::pending().await
}
