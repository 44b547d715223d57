use fake_yandex::Service;
use serde_json::Value;

use crate::common::*;

async fn info(env: &Env, authorization: Option<&str>) -> (u16, String) {
    env.get(
        format!("{}/info?format=json", env.fake.login_url()),
        authorization,
    )
    .await
}

#[tokio::test]
async fn info_names_the_user_and_adds_fields_by_right() {
    let env = env();
    let uid = env.fake.uid("alice").unwrap();
    let token = env.implicit_token("alice", &[]).await;
    let (status, body) = info(&env, Some(&format!("OAuth {token}"))).await;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["id"], uid.as_str());
    assert!(uid.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(body["login"], "alice");
    assert_eq!(body["client_id"], APP);
    assert!(body["psuid"].as_str().unwrap().starts_with("1."));
    assert_eq!(body["display_name"], "Alice Liddell");
    assert_eq!(body["first_name"], "Alice");
    assert_eq!(body["last_name"], "Liddell");
    assert_eq!(body["default_email"], "alice@yandex.ru");
    assert_eq!(body["emails"][0], "alice@yandex.ru");

    let narrow = env.implicit_token("bob", &[("scope", "direct:api")]).await;
    let (_, body) = info(&env, Some(&format!("OAuth {narrow}"))).await;
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["login"], "bob");
    assert!(body.get("display_name").is_none());
    assert!(body.get("default_email").is_none());
}

#[tokio::test]
async fn psuid_is_stable_per_app_and_differs_across_apps() {
    let env = env();
    let psuid = |token: String| {
        let env = &env;
        async move {
            let (_, body) = info(env, Some(&format!("OAuth {token}"))).await;
            serde_json::from_str::<Value>(&body).unwrap()["psuid"].clone()
        }
    };
    let a = psuid(env.fake.issue_token("alice", APP, None).access_token).await;
    let b = psuid(
        env.fake
            .issue_token("alice", APP, Some("device-12345"))
            .access_token,
    )
    .await;
    let c = psuid(env.fake.issue_token("alice", OTHER_APP, None).access_token).await;
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[tokio::test]
async fn a_bad_or_missing_token_is_401() {
    let env = env();
    let token = env.implicit_token("alice", &[]).await;
    assert_eq!(info(&env, None).await.0, 401);
    assert_eq!(info(&env, Some("OAuth y0_not-a-token")).await.0, 401);
    assert_eq!(info(&env, Some(&format!("Bearer {token}"))).await.0, 401);
    assert_eq!(info(&env, Some(&token)).await.0, 401);
    env.fake.invalidate_user("alice");
    assert_eq!(info(&env, Some(&format!("OAuth {token}"))).await.0, 401);
}

#[tokio::test]
async fn the_insecure_query_form_works_and_is_recorded() {
    let env = env();
    let token = env.implicit_token("alice", &[]).await;
    env.fake.clear_requests();
    let (status, _) = env
        .get(
            format!("{}/info?oauth_token={token}", env.fake.login_url()),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let recorded = env.fake.requests();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].service, Service::Login);
    assert!(recorded[0]
        .query_pairs()
        .contains(&("oauth_token".to_string(), token.clone())));
}

#[tokio::test]
async fn only_json_is_served() {
    let env = env();
    let token = env.implicit_token("alice", &[]).await;
    let (status, _) = env
        .get(
            format!("{}/info?format=xml", env.fake.login_url()),
            Some(&format!("OAuth {token}")),
        )
        .await;
    assert_eq!(status, 400);
}
