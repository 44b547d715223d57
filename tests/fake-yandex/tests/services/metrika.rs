use serde_json::Value;

use crate::common::*;

async fn counters(env: &Env, authorization: Option<&str>) -> (u16, Value) {
    let (status, body) = env
        .get(
            format!("{}/management/v1/counters", env.fake.metrika_url()),
            authorization,
        )
        .await;
    (status, serde_json::from_str(&body).unwrap())
}

#[tokio::test]
async fn counters_are_listed_for_a_token_with_a_metrika_right() {
    let env = env();
    let token = env.implicit_token("alice", &[]).await;
    let (status, body) = counters(&env, Some(&format!("OAuth {token}"))).await;
    assert_eq!(status, 200);
    assert_eq!(body["rows"], 2);
    assert_eq!(body["counters"].as_array().unwrap().len(), 2);
    assert_eq!(body["counters"][0]["owner_login"], "alice");

    let empty = env.implicit_token("bob", &[]).await;
    let (status, body) = counters(&env, Some(&format!("OAuth {empty}"))).await;
    assert_eq!(status, 200);
    assert_eq!(body["rows"], 0);
    assert_eq!(body["counters"], serde_json::json!([]));
}

#[tokio::test]
async fn a_missing_token_is_401_unauthorized() {
    let env = env();
    let (status, body) = counters(&env, None).await;
    assert_eq!(status, 401);
    assert_eq!(body["errors"][0]["error_type"], "unauthorized");
    assert_eq!(body["code"], 401);
    let token = env.implicit_token("alice", &[]).await;
    let (status, _) = counters(&env, Some(&format!("Bearer {token}"))).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_dead_token_is_403_invalid_token() {
    let env = env();
    let (status, body) = counters(&env, Some("OAuth y0_unknown")).await;
    assert_eq!(status, 403);
    assert_eq!(
        body,
        serde_json::json!({
            "errors": [{"error_type": "invalid_token", "message": "Invalid oauth_token"}],
            "code": 403,
            "message": "Invalid oauth_token",
        })
    );
    let token = env.implicit_token("alice", &[]).await;
    env.fake.invalidate_user("alice");
    let (status, body) = counters(&env, Some(&format!("OAuth {token}"))).await;
    assert_eq!(
        (status, body["errors"][0]["error_type"].as_str()),
        (403, Some("invalid_token"))
    );
}

#[tokio::test]
async fn a_token_without_a_metrika_right_is_403_access_denied() {
    let env = env();
    let token = env
        .implicit_token("alice", &[("scope", "login:info direct:api")])
        .await;
    let (status, body) = counters(&env, Some(&format!("OAuth {token}"))).await;
    assert_eq!(status, 403);
    assert_eq!(body["errors"][0]["error_type"], "access_denied");
}
