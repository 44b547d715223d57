use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use fake_yandex::{AppSpec, AppStatus};
use sha2::{Digest, Sha256};
use std::time::Duration;

use crate::common::*;

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

async fn pkce_code(env: &Env) -> String {
    let challenge = challenge(VERIFIER);
    env.code(
        "alice",
        &[
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_code_is_exchanged_for_a_token_and_a_refresh_token() {
    let env = env();
    let code = env.code("alice", &[]).await;
    let (status, body) = env.exchange(&code).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "bearer");
    assert!(body["access_token"].as_str().unwrap().starts_with("y0_"));
    assert_eq!(body["expires_in"], 31_536_000);
    assert!(body["refresh_token"].as_str().unwrap().starts_with("1:"));
    assert!(body.get("scope").is_none());
    assert!(env
        .fake
        .token_is_valid(body["access_token"].as_str().unwrap()));
}

#[tokio::test]
async fn basic_credentials_work_and_win_over_the_body() {
    let env = env();
    let code = env.code("alice", &[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("client_id", APP),
        ("client_secret", "wrong"),
    ];
    let (status, body) = env.post("/token", &form, Some(&basic(APP, SECRET))).await;
    assert_eq!(status, 200, "{body}");

    let code = env.code("bob", &[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("client_id", APP),
        ("client_secret", SECRET),
    ];
    let (status, body) = env.post("/token", &form, Some(&basic(APP, "wrong"))).await;
    assert_eq!((status, error_of(&body)), (401, "invalid_client"));
}

#[tokio::test]
async fn refused_client_credentials_are_401_with_basic_and_400_in_the_body() {
    let env = env();
    let code = env.code("alice", &[]).await;
    let grant = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
    ];

    let (status, body) = env
        .post("/token", &grant, Some(&basic("unknown", SECRET)))
        .await;
    assert_eq!((status, error_of(&body)), (401, "invalid_client"));
    assert_eq!(body["error_description"], "Client not found");

    let mut form = grant.to_vec();
    form.extend([("client_id", "unknown"), ("client_secret", SECRET)]);
    let (status, body) = env.post("/token", &form, None).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_client"));

    let mut form = grant.to_vec();
    form.extend([("client_id", APP), ("client_secret", "wrong")]);
    let (status, body) = env.post("/token", &form, None).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_client"));
    assert_eq!(body["error_description"], "Wrong client secret");

    let (status, body) = env.post("/token", &grant, None).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_client"));

    let mut form = grant.to_vec();
    form.push(("client_id", APP));
    let (status, body) = env.post("/token", &form, None).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_client"));
    assert_eq!(body["error_description"], "client_secret is required");

    // The code survived all of that.
    assert_eq!(env.exchange(&code).await.0, 200);
}

#[tokio::test]
async fn a_malformed_authorization_header_is_named() {
    let env = env();
    let form = [("grant_type", "authorization_code"), ("code", "1234567")];
    let (_, body) = env.post("/token", &form, Some("Bearer abc")).await;
    assert_eq!(error_of(&body), "Basic auth required");
    let (_, body) = env.post("/token", &form, Some("Basic !!!not-base64")).await;
    assert_eq!(error_of(&body), "Malformed Authorization header");
    let no_colon = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("nocolon")
    );
    let (status, body) = env.post("/token", &form, Some(&no_colon)).await;
    assert_eq!(
        (status, error_of(&body)),
        (401, "Malformed Authorization header")
    );
}

#[tokio::test]
async fn a_code_works_once() {
    let env = env();
    let code = env.code("alice", &[]).await;
    assert_eq!(env.exchange(&code).await.0, 200);
    let (status, body) = env.exchange(&code).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_grant"));
}

#[tokio::test]
async fn a_code_expires_after_ten_minutes_on_the_fake_clock() {
    let env = env();
    let fresh = env.code("alice", &[]).await;
    let stale = env.code("bob", &[]).await;
    env.fake.advance_clock(Duration::from_secs(599));
    assert_eq!(env.exchange(&fresh).await.0, 200);
    env.fake.advance_clock(Duration::from_secs(1));
    let (status, body) = env.exchange(&stale).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_grant"));
    assert_eq!(body["error_description"], "Code has expired");
}

#[tokio::test]
async fn unknown_malformed_and_foreign_codes_are_refused() {
    let env = env();
    let (_, body) = env.exchange("abc").await;
    assert_eq!(error_of(&body), "bad_verification_code");
    let (_, body) = env.exchange("12345678").await;
    assert_eq!(error_of(&body), "bad_verification_code");
    let (_, body) = env.exchange("1000000").await;
    assert_eq!(error_of(&body), "invalid_grant");

    let foreign = env.code_for(OTHER_APP, "alice", &[]).await;
    let (_, body) = env.exchange(&foreign).await;
    assert_eq!(error_of(&body), "invalid_grant");
}

async fn exchange_without_secret(
    env: &Env,
    code: &str,
    verifier: Option<&str>,
    secret: Option<&str>,
) -> (u16, serde_json::Value) {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", APP),
    ];
    if let Some(verifier) = verifier {
        form.push(("code_verifier", verifier));
    }
    if let Some(secret) = secret {
        form.push(("client_secret", secret));
    }
    env.post("/token", &form, None).await
}

#[tokio::test]
async fn pkce_is_checked_and_allows_leaving_out_the_secret() {
    let env = env();
    let code = pkce_code(&env).await;
    let (status, body) = exchange_without_secret(&env, &code, None, None).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_grant"));
    let wrong = "wrong-verifier-wrong-verifier-wrong-verifier";
    let (_, body) = exchange_without_secret(&env, &code, Some(wrong), None).await;
    assert_eq!(error_of(&body), "invalid_grant");
    let (status, body) = exchange_without_secret(&env, &code, Some(VERIFIER), None).await;
    assert_eq!(status, 200, "{body}");

    let plain = env.code("alice", &[]).await;
    let (_, body) = exchange_without_secret(&env, &plain, None, None).await;
    assert_eq!(error_of(&body), "invalid_client");

    env.fake.add_app(AppSpec {
        secretless_pkce: false,
        ..AppSpec::new(APP, SECRET, ALL_SCOPES)
    });
    let code = pkce_code(&env).await;
    let (_, body) = exchange_without_secret(&env, &code, Some(VERIFIER), None).await;
    assert_eq!(error_of(&body), "invalid_client");
    let (status, _) = exchange_without_secret(&env, &code, Some(VERIFIER), Some(SECRET)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_refresh_gives_a_new_pair_and_kills_the_old_one() {
    let env = env();
    let (_, first) = env.exchange(&env.code("alice", &[]).await).await;
    let old_access = first["access_token"].as_str().unwrap();
    let old_refresh = first["refresh_token"].as_str().unwrap();
    let refresh = |refresh_token: &str, id: &str, secret: &str| {
        let form = [
            ("grant_type", "refresh_token".to_string()),
            ("refresh_token", refresh_token.to_string()),
        ];
        let auth = basic(id, secret);
        let env = &env;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
            env.post("/token", &form, Some(&auth)).await
        }
    };
    let (status, second) = refresh(old_refresh, APP, SECRET).await;
    assert_eq!(status, 200, "{second}");
    assert_ne!(second["access_token"], first["access_token"]);
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert!(second.get("scope").is_none());
    assert!(!env.fake.token_is_valid(old_access));
    assert!(env
        .fake
        .token_is_valid(second["access_token"].as_str().unwrap()));

    let (status, body) = refresh(old_refresh, APP, SECRET).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_grant"));
    let (_, body) = refresh("1:unknown", APP, SECRET).await;
    assert_eq!(error_of(&body), "invalid_grant");
    let new_refresh = second["refresh_token"].as_str().unwrap();
    let (_, body) = refresh(new_refresh, OTHER_APP, OTHER_SECRET).await;
    assert_eq!(error_of(&body), "invalid_grant");
    assert!(env
        .fake
        .token_is_valid(second["access_token"].as_str().unwrap()));

    let (_, body) = env
        .post(
            "/token",
            &[("grant_type", "refresh_token")],
            Some(&basic(APP, SECRET)),
        )
        .await;
    assert_eq!(error_of(&body), "invalid_request");
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", new_refresh),
        ("client_id", APP),
    ];
    let (_, body) = env.post("/token", &form, None).await;
    assert_eq!(error_of(&body), "invalid_client");
}

#[tokio::test]
async fn malformed_token_requests_are_invalid_request() {
    let env = env();
    let auth = basic(APP, SECRET);
    let (status, body) = env
        .post("/token", &[("code", "1234567")], Some(&auth))
        .await;
    assert_eq!((status, error_of(&body)), (400, "invalid_request"));
    let (_, body) = env
        .post(
            "/token",
            &[("grant_type", "authorization_code")],
            Some(&auth),
        )
        .await;
    assert_eq!(error_of(&body), "invalid_request");
    let (_, body) = env
        .post(
            "/token",
            &[("grant_type", "device_code"), ("grant_type", "device_code")],
            Some(&auth),
        )
        .await;
    assert_eq!(error_of(&body), "invalid_request");

    let in_query = env
        .http
        .post(format!(
            "{}/token?grant_type=authorization_code&code=1234567",
            env.fake.oauth_url()
        ))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(in_query.status(), 400);
    let body: serde_json::Value = in_query.json().await.unwrap();
    assert_eq!(error_of(&body), "invalid_request");

    let as_json = env
        .http
        .post(format!("{}/token", env.fake.oauth_url()))
        .header("authorization", &auth)
        .json(&serde_json::json!({"grant_type": "authorization_code", "code": "1234567"}))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = as_json.json().await.unwrap();
    assert_eq!(error_of(&body), "invalid_request");
}

#[tokio::test]
async fn unknown_grant_types_are_unsupported() {
    let env = env();
    let auth = basic(APP, SECRET);
    for grant in ["password", "urn:ietf:params:oauth:grant-type:device_code"] {
        let (status, body) = env
            .post("/token", &[("grant_type", grant)], Some(&auth))
            .await;
        assert_eq!((status, error_of(&body)), (400, "unsupported_grant_type"));
    }
}

#[tokio::test]
async fn a_blocked_app_gets_unauthorized_client() {
    let env = env();
    let code = env.code("alice", &[]).await;
    env.fake.set_app_status(APP, AppStatus::Blocked);
    let (status, body) = env.exchange(&code).await;
    assert_eq!((status, error_of(&body)), (400, "unauthorized_client"));
}

#[tokio::test]
async fn a_code_is_refused_when_the_app_lost_rights_since() {
    let env = env();
    let code = env.code("alice", &[]).await;
    env.fake.add_app(AppSpec::new(APP, SECRET, &["login:info"]));
    let (_, body) = env.exchange(&code).await;
    assert_eq!(error_of(&body), "invalid_scope");
}

#[tokio::test]
async fn device_id_at_the_exchange_binds_the_token_when_authorize_had_none() {
    let env = env();
    let code = env.code("alice", &[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("device_id", "device-at-exchange"),
    ];
    let (status, body) = env.post("/token", &form, Some(&basic(APP, SECRET))).await;
    assert_eq!(status, 200);
    let token = body["access_token"].as_str().unwrap();
    let revoke = [("access_token", token)];
    let (status, _) = env
        .post("/revoke_token", &revoke, Some(&basic(APP, SECRET)))
        .await;
    assert_eq!(status, 200, "a device-bound token can be revoked");

    let code = env.code("bob", &[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("device_id", "x"),
    ];
    let (_, body) = env.post("/token", &form, Some(&basic(APP, SECRET))).await;
    assert_eq!(error_of(&body), "invalid_request");
}

#[tokio::test]
async fn tokens_expire_after_their_lifetime_on_the_fake_clock() {
    let env = env();
    let token = env.implicit_token("alice", &[]).await;
    env.fake.advance_clock(Duration::from_secs(31_535_999));
    assert!(env.fake.token_is_valid(&token));
    env.fake.advance_clock(Duration::from_secs(1));
    assert!(!env.fake.token_is_valid(&token));
    let (status, _) = env
        .get(
            format!("{}/info", env.fake.login_url()),
            Some(&format!("OAuth {token}")),
        )
        .await;
    assert_eq!(status, 401);
    // An expired token is not handed out again: the pair gets a new one.
    assert_ne!(env.implicit_token("alice", &[]).await, token);
}
