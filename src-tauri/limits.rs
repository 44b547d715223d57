//! How much YaToken takes from Yandex, in one place: the most bytes an answer may have, the
//! longest text of each kind it keeps or shows, and how far an agency's client list may run.
//! A broken proxy or a hostile answer must never cost unbounded memory, loop forever, or put an
//! absurd value in the index; every number here is many times what a real answer needs.
//!
//! | What | Cap | A real one |
//! |---|---|---|
//! | `/token`, `/device/code`, `/revoke_token` answer | 64 KiB | under 1 KiB |
//! | `/info` answer | 64 KiB | under 2 KiB with every right |
//! | Metrica `counters?per_page=1` answer | 1 MiB | a few KiB |
//! | Track & Trace `api/v1/test` answer | 64 KiB | `{"message":"OK"}` |
//! | Direct answer (a page of 10,000 agency clients) | 16 MiB | 1–2 MB |
//! | a login (refused past it) | 254 characters | 30 (a mail address for Yandex 360 ones) |
//! | a user id, a ClientID (refused past it) | 64 characters | 19 digits, 32 hex |
//! | a name: display name, real name, a Direct client's name (cut) | 256 characters | a few dozen |
//! | Yandex's wording of an error (cut) | 1,024 characters | a sentence |
//! | an error code, a scope name, a device user code (cut; a scope dropped, a code refused) | 64 characters | `invalid_grant` |
//! | the device page's address (refused past it) | 2,048 bytes | `https://ya.ru/device` |
//! | the rights of one token (the rest dropped) | 100 | a handful |
//! | agency client pages | 100 pages, 1,000,000 clients | the largest agencies: tens of thousands |
//!
//! Nothing here does input or output: the HTTP layer reads with [`crate::http::read_capped`];
//! the readers of each answer cut or refuse what they take.

/// A kibibyte, for the caps below.
pub const KIB: usize = 1024;
/// A mebibyte.
pub const MIB: usize = 1024 * KIB;

/// An answer of Yandex OAuth (`/token`, `/device/code`, `/revoke_token`).
pub const OAUTH_ANSWER: usize = 64 * KIB;
/// An answer of Yandex ID's `/info`.
pub const INFO_ANSWER: usize = 64 * KIB;
/// An answer of Metrica's counters list (YaToken asks for one counter).
pub const METRIKA_ANSWER: usize = MIB;
/// An answer of Track & Trace's `api/v1/test` (only its status is read).
pub const COURIER_ANSWER: usize = 64 * KIB;
/// An answer of the Direct API: `Clients.get`, or a page of up to 10,000 agency clients
/// (about 100 bytes each with the four fields YaToken asks for).
pub const DIRECT_ANSWER: usize = 16 * MIB;

/// The longest login taken for a Yandex login. Yandex logins have at most 30 characters, but
/// Yandex 360 accounts sign in with a mail address, which has at most 254 (RFC 5321).
pub const LOGIN_CHARS: usize = 254;
/// The longest user id or ClientID taken for one.
pub const ID_CHARS: usize = 64;
/// Names (display name, real name, a Direct client's name) are cut past this.
pub const NAME_CHARS: usize = 256;
/// Yandex's wording of an error is cut past this.
pub const MESSAGE_CHARS: usize = 1024;
/// Error codes are cut past this; scope names and device user codes are dropped or refused.
pub const CODE_CHARS: usize = 64;
/// The longest address taken for the device page.
pub const URL_CHARS: usize = 2048;
/// The most rights of one token taken (the rest are dropped).
pub const SCOPES: usize = 100;
/// The most pages of an agency's clients fetched: with 10,000 a page, a million clients.
pub const AGENCY_PAGES: u64 = 100;
/// The most clients of one agency taken, whatever the pages' sizes.
pub const AGENCY_CLIENTS: usize = 1_000_000;

/// Whether `value` can be a real identifier of at most `max` characters (a login, a user id,
/// a ClientID): not blank, no longer, and without control characters.
pub fn plausible(value: &str, max: usize) -> bool {
    !value.trim().is_empty() && value.chars().count() <= max && !value.chars().any(char::is_control)
}

/// `text` cut to at most `max` characters (on a character boundary), ending in `…` when cut.
pub fn clip(text: impl Into<String>, max: usize) -> String {
    let mut text = text.into();
    if let Some((at, _)) = text.char_indices().nth(max) {
        let keep = text[..at]
            .char_indices()
            .nth(max.saturating_sub(1))
            .map_or(at, |(i, _)| i);
        text.truncate(keep);
        if max > 0 {
            text.push('…');
        }
    }
    text
}

/// The scope names of a space-separated list, as many as [`SCOPES`]; a name longer than
/// [`CODE_CHARS`] is not a scope and is dropped.
pub fn scope_list(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|s| s.chars().count() <= CODE_CHARS)
        .take(SCOPES)
        .map(str::to_string)
        .collect()
}

/// `bytes` as a person reads it: `64 KiB`, `16 MiB`.
pub fn size(bytes: usize) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_keeps_short_text_and_cuts_long_text_on_a_character_boundary() {
        assert_eq!(clip("Alice", 5), "Alice");
        assert_eq!(clip("Alice", 4), "Ali…");
        assert_eq!(clip("Алиса Петровна", 6), "Алиса…");
        assert_eq!(clip("Алиса", 6), "Алиса");
        assert_eq!(
            clip("x".repeat(10_000), NAME_CHARS).chars().count(),
            NAME_CHARS
        );
        assert_eq!(clip("🦀🦀🦀", 2), "🦀…");
        assert_eq!(clip("abc", 0), "");
        assert_eq!(clip("", 3), "");
    }

    #[test]
    fn identifiers_are_plausible_only_when_short_and_printable() {
        assert!(plausible("adv-alice", LOGIN_CHARS));
        assert!(plausible(&"a".repeat(LOGIN_CHARS), LOGIN_CHARS));
        assert!(!plausible(&"a".repeat(LOGIN_CHARS + 1), LOGIN_CHARS));
        assert!(!plausible(" ", LOGIN_CHARS));
        assert!(!plausible("a\u{7}b", LOGIN_CHARS));
    }

    #[test]
    fn scope_lists_drop_what_cannot_be_a_scope_and_stop_at_the_cap() {
        let long = "x".repeat(CODE_CHARS + 1);
        assert_eq!(
            scope_list(&format!("login:info  {long} direct:api")),
            ["login:info", "direct:api"]
        );
        let many = (0..1000)
            .map(|n| format!("s{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(scope_list(&many).len(), SCOPES);
    }

    #[test]
    fn sizes_read_like_a_person_writes_them() {
        assert_eq!(size(64 * KIB), "64 KiB");
        assert_eq!(size(16 * MIB), "16 MiB");
        assert_eq!(size(MIB), "1 MiB");
        assert_eq!(size(1500), "1500 bytes");
    }
}
