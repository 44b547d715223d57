//! The index file (`accounts.json`), as `Index::load` reads its bytes. An index that loads is of
//! a format this YaToken knows, saves without panicking, and loads back from what it saves as
//! the same index; saving that again gives the same bytes. Every account and app is found by
//! its own id.

use yatoken::accounts::Index;

pub fn run(data: &[u8]) {
    let index = match Index::from_bytes(data) {
        Ok(index) => index,
        Err(reason) => {
            assert!(!reason.is_empty());
            return;
        }
    };
    assert!(index.version <= Index::VERSION);
    let saved = index.to_bytes();
    let again = Index::from_bytes(&saved).expect("a saved index loads");
    assert_eq!(again, index);
    assert_eq!(again.to_bytes(), saved);
    for (at, account) in index.accounts.iter().enumerate() {
        let found = index.account(&account.id).expect("an account by its id");
        assert_eq!(found.id, account.id);
        let position = index.position_of(&account.id).expect("its position");
        assert!(position <= at && index.accounts[position].id == account.id);
    }
    for app in &index.apps {
        let found = index.app(&app.client_id).expect("an app by its ClientID");
        assert_eq!(found.client_id, app.client_id);
    }
}
