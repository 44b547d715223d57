//! The keychain layer against a real Secret Service (gnome-keyring in the throwaway session),
//! checked from the outside with `secret-tool`, the way a user would look.

mod support;

use std::process::Command;
use std::sync::Arc;

use yatoken::secrets::{Keychain, Secret, SystemStore};

fn keychain() -> Keychain {
    support::session();
    let service = format!("yatoken-{}", support::unique_profile("keychain"));
    Keychain::new(service, Arc::new(SystemStore))
}

use support::secret_tool_search as search;

fn lookup(service: &str, key: &str) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", key])
        .output()
        .expect("secret-tool is installed (libsecret-tools)");
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[tokio::test]
async fn a_secret_round_trips_through_the_secret_service() {
    let keychain = keychain();
    let service = keychain.service().to_string();
    keychain
        .persist("account-1.access", Secret::new("y0_AgAAAAB-round-trip"))
        .await
        .unwrap();

    let listing = search(&service);
    assert!(
        listing.contains("attribute.username = account-1.access"),
        "{listing}"
    );
    assert!(
        listing.contains(&format!("label = YaToken: account-1.access ({service})")),
        "{listing}"
    );
    assert_eq!(
        lookup(&service, "account-1.access").as_deref(),
        Some("y0_AgAAAAB-round-trip")
    );

    let read = keychain.retrieve("account-1.access").await.unwrap();
    assert_eq!(
        read.as_ref().map(Secret::expose),
        Some("y0_AgAAAAB-round-trip")
    );

    keychain.delete("account-1.access").await.unwrap();
    assert_eq!(keychain.retrieve("account-1.access").await.unwrap(), None);
    assert_eq!(lookup(&service, "account-1.access"), None);
}

#[tokio::test]
async fn persisting_again_replaces_the_secret_in_place() {
    let keychain = keychain();
    let service = keychain.service().to_string();
    keychain
        .persist("k", Secret::new("old-value"))
        .await
        .unwrap();
    keychain
        .persist("k", Secret::new("new-value"))
        .await
        .unwrap();
    assert_eq!(lookup(&service, "k").as_deref(), Some("new-value"));
    let items = search(&service).matches("attribute.username = k\n").count();
    assert_eq!(items, 1, "one item per key, not a twin");
    keychain.delete("k").await.unwrap();
}

#[tokio::test]
async fn missing_entries_read_as_none_and_deleting_them_is_a_no_op() {
    let keychain = keychain();
    assert_eq!(keychain.retrieve("never-stored").await, Ok(None));
    assert_eq!(keychain.delete("never-stored").await, Ok(()));
}

#[tokio::test]
async fn profiles_keep_separate_entries_under_the_same_key() {
    let work = keychain();
    let home = keychain();
    work.persist("account-7.access", Secret::new("work-token"))
        .await
        .unwrap();
    assert_eq!(home.retrieve("account-7.access").await, Ok(None));
    home.persist("account-7.access", Secret::new("home-token"))
        .await
        .unwrap();
    assert_eq!(
        work.retrieve("account-7.access")
            .await
            .unwrap()
            .map(|s| s.expose().to_string()),
        Some("work-token".to_string())
    );
    work.delete("account-7.access").await.unwrap();
    assert_eq!(
        home.retrieve("account-7.access")
            .await
            .unwrap()
            .map(|s| s.expose().to_string()),
        Some("home-token".to_string())
    );
    home.delete("account-7.access").await.unwrap();
}
