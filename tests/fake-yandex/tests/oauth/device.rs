use fake_yandex::AppStatus;
use serde_json::Value;
use std::time::Duration;

use crate::common::*;

async fn device_code(env: &Env, extra: &[(&str, &str)]) -> Value {
    let mut form = vec![("client_id", APP)];
    form.extend_from_slice(extra);
    let (status, body) = env.post("/device/code", &form, None).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn poll(env: &Env, device_code: &str) -> (u16, Value) {
    let form = [("grant_type", "device_code"), ("code", device_code)];
    env.post("/token", &form, Some(&basic(APP, SECRET))).await
}

#[tokio::test]
async fn the_device_flow_pends_until_approved_then_gives_a_token_once() {
    let env = env();
    let codes = device_code(
        &env,
        &[("device_id", "tv-in-the-hall"), ("device_name", "TV")],
    )
    .await;
    assert_eq!(codes["interval"], 5);
    assert_eq!(codes["expires_in"], 300);
    assert_eq!(
        codes["verification_url"],
        format!("{}/device", env.fake.oauth_url())
    );
    assert_eq!(codes["user_code"].as_str().unwrap().len(), 8);
    let device = codes["device_code"].as_str().unwrap();

    let (status, body) = poll(&env, device).await;
    assert_eq!((status, error_of(&body)), (400, "authorization_pending"));

    env.fake
        .approve_device_code(codes["user_code"].as_str().unwrap(), "alice");
    let (status, body) = poll(&env, device).await;
    assert_eq!(status, 200, "{body}");
    let token = body["access_token"].as_str().unwrap();
    assert!(body["refresh_token"].is_string());
    assert!(env.fake.token_is_valid(token));
    let (status, _) = env
        .post(
            "/revoke_token",
            &[("access_token", token)],
            Some(&basic(APP, SECRET)),
        )
        .await;
    assert_eq!(status, 200, "the device id made it a device token");

    let (_, body) = poll(&env, device).await;
    assert_eq!(error_of(&body), "invalid_grant");
}

#[tokio::test]
async fn a_denied_device_code_answers_access_denied() {
    let env = env();
    let codes = device_code(&env, &[]).await;
    env.fake
        .deny_device_code(codes["user_code"].as_str().unwrap());
    let (status, body) = poll(&env, codes["device_code"].as_str().unwrap()).await;
    assert_eq!((status, error_of(&body)), (400, "access_denied"));
}

#[tokio::test]
async fn a_device_code_expires() {
    let env = env();
    let codes = device_code(&env, &[]).await;
    env.fake.advance_clock(Duration::from_secs(300));
    let (_, body) = poll(&env, codes["device_code"].as_str().unwrap()).await;
    assert_eq!(error_of(&body), "invalid_grant");
    assert_eq!(body["error_description"], "Code has expired");
}

#[tokio::test]
async fn a_device_code_is_bound_to_its_app_and_needs_the_secret() {
    let env = env();
    let codes = device_code(&env, &[]).await;
    let device = codes["device_code"].as_str().unwrap();
    let form = [("grant_type", "device_code"), ("code", device)];
    let (_, body) = env
        .post("/token", &form, Some(&basic(OTHER_APP, OTHER_SECRET)))
        .await;
    assert_eq!(error_of(&body), "invalid_grant");
    let form = [
        ("grant_type", "device_code"),
        ("code", device),
        ("client_id", APP),
    ];
    let (_, body) = env.post("/token", &form, None).await;
    assert_eq!(error_of(&body), "invalid_client");
    let (_, body) = env
        .post(
            "/token",
            &[("grant_type", "device_code")],
            Some(&basic(APP, SECRET)),
        )
        .await;
    assert_eq!(error_of(&body), "invalid_request");
}

#[tokio::test]
async fn bad_device_code_requests_are_refused() {
    let env = env();
    let (status, body) = env.post("/device/code", &[], None).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_request"));
    let (_, body) = env
        .post("/device/code", &[("client_id", "nope")], None)
        .await;
    assert_eq!(error_of(&body), "invalid_client");
    let (_, body) = env
        .post(
            "/device/code",
            &[("client_id", APP), ("device_id", "123")],
            None,
        )
        .await;
    assert_eq!(error_of(&body), "invalid_request");
    let (_, body) = env
        .post(
            "/device/code",
            &[("client_id", APP), ("scope", "adfox:api")],
            None,
        )
        .await;
    assert_eq!(error_of(&body), "invalid_scope");
    env.fake.set_app_status(APP, AppStatus::InModeration);
    let (_, body) = env.post("/device/code", &[("client_id", APP)], None).await;
    assert_eq!(error_of(&body), "unauthorized_client");
}

#[tokio::test]
async fn a_person_can_confirm_a_device_on_the_device_page() {
    let env = env();
    let codes = device_code(&env, &[]).await;
    let user_code = codes["user_code"].as_str().unwrap();
    let page = env
        .http
        .get(format!(
            "{}/device?user_code={user_code}",
            env.fake.oauth_url()
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!(
        "data-testid=\"fake-user-code\" value=\"{user_code}\""
    )));

    let confirm = |form: Vec<(&'static str, String)>| {
        let request = env
            .http
            .post(format!("{}/device/confirm", env.fake.oauth_url()))
            .form(&form);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let wrong_code = confirm(vec![
        ("user_code", "zzzzzzzz".into()),
        ("login", "alice".into()),
        ("decision", "allow".into()),
    ])
    .await;
    assert!(wrong_code.contains("wrong or has expired"));
    let wrong_login = confirm(vec![
        ("user_code", user_code.into()),
        ("login", "nobody".into()),
        ("decision", "allow".into()),
    ])
    .await;
    assert!(wrong_login.contains("no account"));
    let done = confirm(vec![
        ("user_code", user_code.to_uppercase()),
        ("login", "alice".into()),
        ("decision", "allow".into()),
    ])
    .await;
    assert!(done.contains("data-testid=\"fake-done\">Done"));

    let (status, body) = poll(&env, codes["device_code"].as_str().unwrap()).await;
    assert_eq!(status, 200, "{body}");
}
