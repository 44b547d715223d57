use fake_yandex::{UserKind, UserSpec};

use crate::common::*;

async fn test_call(env: &Env, authorization: Option<&str>) -> (u16, String) {
    env.get(
        format!("{}/api/v1/test", env.fake.courier_url()),
        authorization,
    )
    .await
}

#[tokio::test]
async fn an_administrator_with_the_right_gets_ok() {
    let env = env();
    let token = env.implicit_token("alice", &[]).await;
    let (status, body) = test_call(&env, Some(&format!("OAuth {token}"))).await;
    assert_eq!((status, body.as_str()), (200, r#"{"message":"OK"}"#));
}

#[tokio::test]
async fn a_missing_schemeless_or_dead_token_is_401() {
    let env = env();
    let token = env.implicit_token("alice", &[]).await;
    assert_eq!(test_call(&env, None).await.0, 401);
    assert_eq!(test_call(&env, Some(&token)).await.0, 401);
    assert_eq!(test_call(&env, Some("OAuth y0_unknown")).await.0, 401);
    env.fake.invalidate_user("alice");
    assert_eq!(
        test_call(&env, Some(&format!("OAuth {token}"))).await.0,
        401
    );
}

#[tokio::test]
async fn no_right_or_no_admin_role_is_403() {
    let env = env();
    let without_right = env
        .implicit_token("alice", &[("scope", "login:info")])
        .await;
    assert_eq!(
        test_call(&env, Some(&format!("OAuth {without_right}")))
            .await
            .0,
        403
    );
    env.fake
        .add_user(UserSpec::new("carol", UserKind::NoDirect));
    let not_admin = env.implicit_token("carol", &[]).await;
    assert_eq!(
        test_call(&env, Some(&format!("OAuth {not_admin}"))).await.0,
        403
    );
}
