//! Apps: added, edited, deleted, with their secrets.

use super::*;

#[tokio::test]
async fn an_app_is_added_with_its_secret_in_the_keychain_only() {
    let f = Fixture::new();
    let app = f
        .accounts
        .add_app(new_app(Some("s3cret-value")))
        .await
        .unwrap();
    assert_eq!(app.client_id, CLIENT, "stored lower-case");
    assert_eq!(app.name, "Direct reports");
    assert_eq!(app.scopes, vec!["direct:api", "login:info"]);
    assert!(app.has_secret);
    assert_eq!(
        f.secret(&keys::client_secret(CLIENT)).await.as_deref(),
        Some("s3cret-value")
    );
    assert!(!f.index_text().contains("s3cret-value"));
    assert_eq!(f.accounts.load().unwrap().apps, vec![app]);
}

#[tokio::test]
async fn a_bad_client_id_is_refused_with_the_value() {
    let f = Fixture::new();
    let mut app = new_app(None);
    app.client_id = "not-a-client-id".into();
    let error = f.accounts.add_app(app).await.unwrap_err();
    assert!(
        matches!(error, StoreError::InvalidClientId { ref value } if value == "not-a-client-id")
    );
    assert!(f.index_text().is_empty(), "nothing written");
}

#[tokio::test]
async fn the_same_client_id_cannot_be_added_twice() {
    let f = Fixture::new();
    f.accounts.add_app(new_app(None)).await.unwrap();
    let error = f.accounts.add_app(new_app(None)).await.unwrap_err();
    assert!(matches!(error, StoreError::AppExists { .. }), "{error:?}");
}

#[tokio::test]
async fn a_failed_index_write_takes_the_new_app_secret_back_out() {
    let f = Fixture::new();
    f.break_index_writes();
    let error = f
        .accounts
        .add_app(new_app(Some("s3cret")))
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Storage { .. }), "{error:?}");
    assert_eq!(f.secret(&keys::client_secret(CLIENT)).await, None);
}

#[tokio::test]
async fn an_app_in_use_cannot_be_deleted_and_the_message_names_the_logins() {
    let f = Fixture::new();
    f.accounts.add_app(new_app(Some("s"))).await.unwrap();
    f.accounts
        .save_sign_in(signed_in("1", "client-a", "tok-a", None))
        .await
        .unwrap();
    let error = f.accounts.delete_app(CLIENT).await.unwrap_err();
    assert!(matches!(error, StoreError::AppInUse { ref logins, .. } if logins == &["client-a"]));
    let account = f.accounts.load().unwrap().accounts[0].id.clone();
    f.accounts.remove_account(&account).await.unwrap();
    f.accounts.delete_app(CLIENT).await.unwrap();
    assert!(f.accounts.load().unwrap().apps.is_empty());
    assert_eq!(f.secret(&keys::client_secret(CLIENT)).await, None);
}

#[tokio::test]
async fn editing_an_app_can_replace_or_remove_its_secret() {
    let f = Fixture::new();
    f.accounts.add_app(new_app(Some("old"))).await.unwrap();
    let key = keys::client_secret(CLIENT);
    let app = f
        .accounts
        .update_app(
            CLIENT,
            "Renamed".into(),
            OAuthHost::Ru,
            vec!["metrika:read".into()],
            Flow::Token,
            SecretChange::Set(Secret::new("new")),
        )
        .await
        .unwrap();
    assert_eq!(
        (app.name.as_str(), app.host, app.flow),
        ("Renamed", OAuthHost::Ru, Flow::Token)
    );
    assert_eq!(f.secret(&key).await.as_deref(), Some("new"));
    let app = f
        .accounts
        .update_app(
            CLIENT,
            "".into(),
            OAuthHost::Ru,
            vec![],
            Flow::Token,
            SecretChange::Remove,
        )
        .await
        .unwrap();
    assert_eq!(app.name, "Renamed", "an empty name keeps the old one");
    assert!(!app.has_secret);
    assert_eq!(f.secret(&key).await, None);
}
