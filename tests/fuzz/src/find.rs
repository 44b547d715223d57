//! The command line's account resolution (`domain::roster::find`): what the person typed, against
//! the index's accounts. The input's first line is what was typed; each further line is an
//! account, `ID<TAB>LOGIN` (no tab: the line is both). The answer must be an account of the
//! index: the one with that id, else the only one with that login; otherwise unknown or
//! ambiguous, naming every account with that login.

use std::sync::OnceLock;

use yatoken::accounts::{same_login, Account};
use yatoken::domain::roster::find_in;
use yatoken::error::Error;

/// An account as the index holds one; each input sets its id and login.
fn template() -> &'static Account {
    static TEMPLATE: OnceLock<Account> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        serde_json::from_value(serde_json::json!({
            "id": "", "uid": "1", "login": "", "display_name": "", "role": null,
            "client_id": "c", "device_bound": null,
            "issued_at": "2026-01-01T00:00:00Z", "created_at": "2026-01-01T00:00:00Z"
        }))
        .expect("an account")
    })
}

pub(crate) fn prepare() {
    template();
}

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (typed, listed) = match text.split_once('\n') {
        Some((typed, listed)) => (typed, listed),
        None => (text, ""),
    };
    let accounts: Vec<Account> = listed
        .lines()
        .map(|line| {
            let (id, login) = line.split_once('\t').unwrap_or((line, line));
            Account {
                id: id.to_string(),
                login: login.to_string(),
                ..template().clone()
            }
        })
        .collect();

    assert!(same_login(typed, typed));
    let by_id = accounts.iter().find(|a| a.id == typed);
    let by_login: Vec<&Account> = accounts
        .iter()
        .filter(|a| {
            let same = same_login(&a.login, typed);
            assert_eq!(same, same_login(typed, &a.login), "same_login is symmetric");
            same
        })
        .collect();

    match find_in(&accounts, typed) {
        Ok(found) => {
            assert!(accounts.contains(&found), "an account of the index");
            match by_id {
                Some(account) => assert_eq!(&found, account, "the id comes first"),
                None => assert_eq!(by_login, [&found], "the only one with that login"),
            }
        }
        Err(Error::UnknownAccount { reference }) => {
            assert_eq!(reference, typed);
            assert!(by_id.is_none() && by_login.is_empty());
        }
        Err(Error::AmbiguousAccount { login, ids }) => {
            assert_eq!(login, typed);
            assert!(by_id.is_none() && by_login.len() > 1);
            let expected: Vec<&String> = by_login.iter().map(|a| &a.id).collect();
            assert_eq!(ids.iter().collect::<Vec<_>>(), expected);
        }
        Err(other) => panic!("find only knows unknown and ambiguous: {other:?}"),
    }
}
