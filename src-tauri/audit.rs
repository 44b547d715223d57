//! The audit log: an append-only record of what happened to which account, when, and from
//! where (the window or the command line). Never a token: entries name accounts by id and
//! login, and say what was done (a verdict, a copy format).
//!
//! One JSON object per line, appended with a single `O_APPEND` write, so processes writing at
//! the same time never interleave within a line. A line that cannot be read is skipped.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Window,
    Cli,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    SignedIn,
    Imported,
    Tested,
    Copied,
    Revealed,
    Revoked,
    /// Yandex accepted a revoke but the token still works; nothing was removed.
    RevokeFailed,
    Forgotten,
    Refreshed,
    RefreshRefused,
    /// An agency account's active client changed (the detail names it).
    ClientChosen,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Window => "window",
            Source::Cli => "cli",
        }
    }
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::SignedIn => "signed_in",
            Action::Imported => "imported",
            Action::Tested => "tested",
            Action::Copied => "copied",
            Action::Revealed => "revealed",
            Action::Revoked => "revoked",
            Action::RevokeFailed => "revoke_failed",
            Action::Forgotten => "forgotten",
            Action::Refreshed => "refreshed",
            Action::RefreshRefused => "refresh_refused",
            Action::ClientChosen => "client_chosen",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub action: Action,
    pub source: Source,
    pub account_id: String,
    pub login: String,
    /// What came of it: a verdict, a copy format. Never a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line, in one write (appends of several processes never interleave). A log
    /// whose last line was torn (a crash mid-write) gets a line break first, so the torn line
    /// stays alone and the new entry stays readable.
    pub fn append(&self, entry: &Entry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        if let Some(dir) = self.path.parent() {
            crate::atomic_file::create_private_dir(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.create(true).read(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&self.path)?;
        crate::atomic_file::make_private_file(&file)?;
        if ends_torn(&mut file)? {
            line.insert(0, b'\n');
        }
        file.write_all(&line)
    }

    /// Every readable entry, oldest first, and how many lines were skipped as unreadable (torn,
    /// invalid bytes, not an entry): one bad line never hides the others.
    pub fn read(&self) -> std::io::Result<LogRead> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LogRead::default()),
            Err(e) => return Err(e),
        };
        let mut read = LogRead::default();
        for line in bytes.split(|&b| b == b'\n') {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice(line) {
                Ok(entry) => read.entries.push(entry),
                Err(_) => read.skipped += 1,
            }
        }
        Ok(read)
    }
}

/// What reading the log found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LogRead {
    pub entries: Vec<Entry>,
    /// Lines that could not be read and were left out.
    pub skipped: usize,
}

/// Whether `file` has content that does not end with a line break.
fn ends_torn(file: &mut std::fs::File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// The entries as CSV (RFC 4180), with a header row.
pub fn to_csv(entries: &[Entry]) -> String {
    fn field(value: &str) -> String {
        if value.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value.to_string()
        }
    }
    let mut csv = String::from("time,action,source,account_id,login,detail\r\n");
    for entry in entries {
        let at = entry
            .at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let row = [
            at,
            entry.action.name().to_string(),
            entry.source.name().to_string(),
            entry.account_id.clone(),
            entry.login.clone(),
            entry.detail.clone().unwrap_or_default(),
        ];
        csv.push_str(&row.iter().map(|v| field(v)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: Action, login: &str, detail: Option<&str>) -> Entry {
        Entry {
            at: time::macros::datetime!(2026-11-21 10:00 UTC),
            action,
            source: Source::Cli,
            account_id: "id1".into(),
            login: login.into(),
            detail: detail.map(str::to_string),
        }
    }

    #[test]
    fn entries_are_appended_and_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(dir.path().join("data/audit.jsonl"));
        assert_eq!(log.read().unwrap(), LogRead::default());
        log.append(&entry(Action::SignedIn, "a", None)).unwrap();
        log.append(&entry(Action::Tested, "a", Some("valid")))
            .unwrap();
        let read = log.read().unwrap();
        let actions: Vec<Action> = read.entries.iter().map(|e| e.action).collect();
        assert_eq!(actions, [Action::SignedIn, Action::Tested]);
        assert_eq!(read.skipped, 0);
    }

    #[test]
    fn a_torn_last_line_and_invalid_bytes_are_skipped_and_counted_and_lose_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(dir.path().join("data/audit.jsonl"));
        log.append(&entry(Action::SignedIn, "a", None)).unwrap();
        let raw = |bytes: &[u8]| {
            std::fs::OpenOptions::new()
                .append(true)
                .open(log.path())
                .unwrap()
                .write_all(bytes)
                .unwrap()
        };
        raw(b"{\"at\":\"2026-11-21T10:00:00Z\",\"act\xff\xfe\"}\n");
        // A crash mid-write: the last line has no end.
        raw(b"{\"at\":\"2026-11-21T10:00:00Z\",\"action\":\"tes");
        log.append(&entry(Action::Copied, "a", Some("token")))
            .unwrap();
        log.append(&entry(Action::Revoked, "a", None)).unwrap();
        let read = log.read().unwrap();
        let actions: Vec<Action> = read.entries.iter().map(|e| e.action).collect();
        assert_eq!(actions, [Action::SignedIn, Action::Copied, Action::Revoked]);
        assert_eq!(read.skipped, 2, "the invalid bytes and the torn line");
    }

    #[test]
    fn names_match_the_serialised_form() {
        for action in [Action::SignedIn, Action::RefreshRefused, Action::Copied] {
            assert_eq!(serde_json::to_value(action).unwrap(), action.name());
        }
        assert_eq!(
            serde_json::to_value(Source::Cli).unwrap(),
            Source::Cli.name()
        );
    }

    #[test]
    fn csv_escapes_and_names_actions() {
        let csv = to_csv(&[entry(Action::RefreshRefused, "a,\"b\"", Some("x"))]);
        assert_eq!(
            csv,
            "time,action,source,account_id,login,detail\r\n\
             2026-11-21T10:00:00Z,refresh_refused,cli,id1,\"a,\"\"b\"\"\",x\r\n"
        );
    }
}
