use fake_yandex::AppStatus;

use crate::common::*;

#[tokio::test]
async fn a_device_token_is_revoked_with_its_refresh_token() {
    let env = env();
    let code = env.code("alice", &[("device_id", "laptop-1234")]).await;
    let (_, pair) = env.exchange(&code).await;
    let access = pair["access_token"].as_str().unwrap();
    let (status, body) = env
        .post(
            "/revoke_token",
            &[("access_token", access)],
            Some(&basic(APP, SECRET)),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body, serde_json::json!({"status": "ok"}));
    assert!(!env.fake.token_is_valid(access));

    let refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", pair["refresh_token"].as_str().unwrap()),
    ];
    let (_, body) = env
        .post("/token", &refresh, Some(&basic(APP, SECRET)))
        .await;
    assert_eq!(error_of(&body), "invalid_grant");

    // Revoking it again, or revoking an unknown token, is still ok.
    let form = [
        ("access_token", access),
        ("client_id", APP),
        ("client_secret", SECRET),
    ];
    assert_eq!(
        env.post("/revoke_token", &form, None).await,
        (200, serde_json::json!({"status": "ok"}))
    );
    let form = [
        ("access_token", "y0_unknown"),
        ("client_id", APP),
        ("client_secret", SECRET),
    ];
    assert_eq!(env.post("/revoke_token", &form, None).await.0, 200);
}

#[tokio::test]
async fn a_token_without_device_id_cannot_be_revoked() {
    let env = env();
    let token = env.implicit_token("alice", &[]).await;
    let (status, body) = env
        .post(
            "/revoke_token",
            &[("access_token", &token)],
            Some(&basic(APP, SECRET)),
        )
        .await;
    assert_eq!((status, error_of(&body)), (400, "unsupported_token_type"));
    assert!(
        env.fake.token_is_valid(&token),
        "it stays valid server-side"
    );
}

#[tokio::test]
async fn another_apps_token_is_invalid_grant() {
    let env = env();
    let token = env
        .fake
        .issue_token("alice", OTHER_APP, Some("device-123456"))
        .access_token;
    let (status, body) = env
        .post(
            "/revoke_token",
            &[("access_token", &token)],
            Some(&basic(APP, SECRET)),
        )
        .await;
    assert_eq!((status, error_of(&body)), (400, "invalid_grant"));
    assert!(env.fake.token_is_valid(&token));
}

#[tokio::test]
async fn revoking_needs_good_client_credentials() {
    let env = env();
    let token = env
        .fake
        .issue_token("alice", APP, Some("device-123456"))
        .access_token;
    let token = token.as_str();
    let (status, body) = env
        .post(
            "/revoke_token",
            &[("access_token", token)],
            Some(&basic(APP, "wrong")),
        )
        .await;
    assert_eq!((status, error_of(&body)), (401, "invalid_client"));
    let form = [
        ("access_token", token),
        ("client_id", APP),
        ("client_secret", "wrong"),
    ];
    let (status, body) = env.post("/revoke_token", &form, None).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_client"));
    let (status, body) = env
        .post("/revoke_token", &[("access_token", token)], None)
        .await;
    assert_eq!((status, error_of(&body)), (400, "invalid_client"));
    let form = [("access_token", token), ("client_id", APP)];
    let (status, body) = env.post("/revoke_token", &form, None).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_client"));
    env.fake.set_app_status(APP, AppStatus::Blocked);
    let (status, body) = env
        .post(
            "/revoke_token",
            &[("access_token", token)],
            Some(&basic(APP, SECRET)),
        )
        .await;
    assert_eq!((status, error_of(&body)), (401, "invalid_client"));
    assert!(env.fake.token_is_valid(token));
}

#[tokio::test]
async fn revoking_without_a_token_is_invalid_request() {
    let env = env();
    let (status, body) = env
        .post("/revoke_token", &[], Some(&basic(APP, SECRET)))
        .await;
    assert_eq!((status, error_of(&body)), (400, "invalid_request"));
}

#[tokio::test]
async fn a_lost_answer_still_revokes_and_a_revoke_without_effect_leaves_the_token_alive() {
    use fake_yandex::{Fault, FaultKind, Service};
    let env = env();
    let code = env.code("alice", &[("device_id", "laptop-1234")]).await;
    let (_, pair) = env.exchange(&code).await;
    let access = pair["access_token"].as_str().unwrap().to_string();

    env.fake.set_revoke_without_effect(true);
    let form = [("access_token", access.as_str())];
    let (status, body) = env
        .post("/revoke_token", &form, Some(&basic(APP, SECRET)))
        .await;
    assert_eq!((status, body), (200, serde_json::json!({"status": "ok"})));
    assert!(env.fake.token_is_valid(&access), "ok, and yet alive");
    env.fake.set_revoke_without_effect(false);

    env.fake
        .add_fault(Fault::new(Service::OAuth, "/revoke_token", FaultKind::LoseAnswer).times(1));
    let lost = env
        .http
        .post(format!("{}/revoke_token", env.fake.oauth_url()))
        .header("authorization", basic(APP, SECRET))
        .form(&form)
        .timeout(std::time::Duration::from_secs(10))
        .send()
        .await;
    let error = lost.expect_err("no answer arrives");
    assert!(!error.is_timeout(), "the connection is closed: {error:?}");
    assert!(!env.fake.token_is_valid(&access), "but the revoke happened");
}
