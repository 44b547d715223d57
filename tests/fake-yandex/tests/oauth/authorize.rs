use fake_yandex::{AppSpec, AppStatus, Decision};

use crate::common::*;

#[tokio::test]
async fn implicit_flow_puts_the_token_in_the_fragment() {
    let env = env();
    env.fake.next_sign_in("alice", Decision::Allow);
    let response = env
        .authorize(&[
            ("response_type", "token"),
            ("client_id", APP),
            ("state", "xyz 1"),
        ])
        .await;
    assert_eq!(response.status(), 302);
    let location = location(&response);
    assert!(location.starts_with(&format!("{}/verification_code#", env.fake.oauth_url())));
    let answer = fragment(&location);
    assert!(answer["access_token"].starts_with("y0_"));
    assert!(answer["access_token"].len() > 50);
    assert_eq!(answer["token_type"], "bearer");
    assert_eq!(answer["expires_in"], "31536000");
    assert_eq!(answer["state"], "xyz 1");
    assert_eq!(answer["cid"].len(), 26);
    assert!(
        !answer.contains_key("scope"),
        "all rights were granted: {answer:?}"
    );
    assert!(!answer.contains_key("refresh_token"));
    assert!(env.fake.token_is_valid(&answer["access_token"]));
}

#[tokio::test]
async fn code_flow_puts_the_code_in_the_query() {
    let env = env();
    env.fake.next_sign_in("alice", Decision::Allow);
    let response = env
        .authorize(&[
            ("response_type", "code"),
            ("client_id", APP),
            ("state", "s1"),
        ])
        .await;
    assert_eq!(response.status(), 302);
    let location = location(&response);
    assert!(location.starts_with(&format!("{}/verification_code?", env.fake.oauth_url())));
    let answer = query(&location);
    assert_eq!(answer["code"].len(), 7);
    assert!(answer["code"].bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(answer["state"], "s1");
    assert_eq!(answer["cid"].len(), 26);
    assert!(!location.contains('#'));
}

#[tokio::test]
async fn scope_is_reported_only_when_fewer_rights_are_granted() {
    let env = env();
    let full = env
        .implicit("alice", &[("scope", "login:info direct:api")])
        .await;
    assert!(!full.contains_key("scope"));

    env.fake.next_sign_in_granting("bob", &["login:info"]);
    let response = env
        .authorize(&[
            ("response_type", "token"),
            ("client_id", APP),
            ("scope", "login:info direct:api"),
        ])
        .await;
    let fewer = fragment(&location(&response));
    assert_eq!(fewer["scope"], "login:info");

    env.fake.next_sign_in_granting("alice", &["login:info"]);
    let code = query(&location(
        &env.authorize(&[
            ("response_type", "code"),
            ("client_id", APP),
            ("scope", "login:info direct:api"),
        ])
        .await,
    ))["code"]
        .clone();
    let (status, body) = env.exchange(&code).await;
    assert_eq!(status, 200);
    assert_eq!(body["scope"], "login:info");
}

#[tokio::test]
async fn denial_comes_back_as_access_denied() {
    let env = env();
    env.fake.next_sign_in("alice", Decision::Deny);
    let response = env
        .authorize(&[
            ("response_type", "token"),
            ("client_id", APP),
            ("state", "st"),
        ])
        .await;
    let answer = fragment(&location(&response));
    assert_eq!(answer["error"], "access_denied");
    assert_eq!(answer["state"], "st");
    assert!(!answer.contains_key("access_token"));

    env.fake.next_sign_in("alice", Decision::Deny);
    let response = env
        .authorize(&[
            ("response_type", "code"),
            ("client_id", APP),
            ("state", "st"),
        ])
        .await;
    let answer = query(&location(&response));
    assert_eq!(answer["error"], "access_denied");
    assert!(!answer["error_description"].is_empty());
    assert_eq!(answer["state"], "st");
    assert!(!answer.contains_key("code"));
}

#[tokio::test]
async fn an_app_not_approved_is_refused_with_unauthorized_client() {
    let env = env();
    for status in [AppStatus::InModeration, AppStatus::Blocked] {
        env.fake.set_app_status(APP, status);
        let token = env
            .authorize(&[
                ("response_type", "token"),
                ("client_id", APP),
                ("state", "s"),
            ])
            .await;
        assert_eq!(token.status(), 302);
        let answer = fragment(&location(&token));
        assert_eq!(answer["error"], "unauthorized_client");
        assert!(!answer["error_description"].is_empty());
        assert_eq!(answer["state"], "s");

        let code = env
            .authorize(&[
                ("response_type", "code"),
                ("client_id", APP),
                ("state", "s"),
            ])
            .await;
        let answer = query(&location(&code));
        assert_eq!(answer["error"], "unauthorized_client");
        assert_eq!(answer["state"], "s");
    }
}

#[tokio::test]
async fn bad_parameters_get_an_error_page_without_a_redirect() {
    let env = env();
    let long_name = "n".repeat(101);
    let long_state = "s".repeat(1025);
    let long_device = "d".repeat(51);
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("client_id", APP)], "response_type is required"),
        (
            vec![("response_type", "id_token"), ("client_id", APP)],
            "Unsupported response_type",
        ),
        (vec![("response_type", "token")], "client_id is required"),
        (
            vec![("response_type", "token"), ("client_id", "0000")],
            "Client not found",
        ),
        (
            vec![
                ("response_type", "token"),
                ("client_id", APP),
                ("device_id", "12345"),
            ],
            "device_id",
        ),
        (
            vec![
                ("response_type", "token"),
                ("client_id", APP),
                ("device_id", &long_device),
            ],
            "device_id",
        ),
        (
            vec![
                ("response_type", "token"),
                ("client_id", APP),
                ("device_id", "dev\tice-1"),
            ],
            "device_id",
        ),
        (
            vec![
                ("response_type", "token"),
                ("client_id", APP),
                ("device_id", "device-1"),
                ("device_name", &long_name),
            ],
            "device_name",
        ),
        (
            vec![
                ("response_type", "token"),
                ("client_id", APP),
                ("state", &long_state),
            ],
            "state",
        ),
        (
            vec![
                ("response_type", "token"),
                ("client_id", APP),
                ("scope", "login:info cloud_api:disk.read"),
            ],
            "invalid_scope",
        ),
        (
            vec![
                ("response_type", "token"),
                ("client_id", APP),
                ("optional_scope", "adfox:api"),
            ],
            "invalid_scope",
        ),
        (
            vec![
                ("response_type", "token"),
                ("client_id", APP),
                ("code_challenge", challenge),
                ("code_challenge_method", "S256"),
            ],
            "only supported with response_type=code",
        ),
        (
            vec![
                ("response_type", "code"),
                ("client_id", APP),
                ("code_challenge", challenge),
                ("code_challenge_method", "plain"),
            ],
            "Unsupported code_challenge_method",
        ),
        (
            vec![
                ("response_type", "code"),
                ("client_id", APP),
                ("code_challenge", challenge),
            ],
            "code_challenge_method is required",
        ),
        (
            vec![
                ("response_type", "code"),
                ("client_id", APP),
                ("code_challenge_method", "S256"),
            ],
            "code_challenge is required",
        ),
        (
            vec![
                ("response_type", "code"),
                ("client_id", APP),
                ("code_challenge", "short"),
                ("code_challenge_method", "S256"),
            ],
            "malformed",
        ),
        (
            vec![
                ("response_type", "token"),
                ("client_id", APP),
                ("state", "a"),
                ("state", "b"),
            ],
            "Duplicate parameter: state",
        ),
    ];
    for (params, message) in cases {
        env.fake.next_sign_in("alice", Decision::Allow);
        let response = env.authorize(&params).await;
        assert_eq!(response.status(), 400, "{params:?}");
        assert!(response.headers().get("location").is_none());
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let page = response.text().await.unwrap();
        assert!(page.contains(message), "{params:?}: {page}");
    }
    // None of the bad requests used up a scripted sign-in: 17 are still queued, so the next
    // valid request decides at once.
    let response = env
        .authorize(&[("response_type", "token"), ("client_id", APP)])
        .await;
    assert_eq!(response.status(), 302);
}

#[tokio::test]
async fn a_redirect_uri_that_is_not_registered_is_ignored() {
    let env = env();
    let registered = ["https://app.example/first", "https://app.example/second"];
    env.fake.add_app(AppSpec {
        redirect_uris: registered.iter().map(|s| s.to_string()).collect(),
        ..AppSpec::new(APP, SECRET, ALL_SCOPES)
    });
    env.fake.next_sign_in("alice", Decision::Allow);
    let response = env
        .authorize(&[
            ("response_type", "token"),
            ("client_id", APP),
            ("redirect_uri", "https://app.example/second/"),
        ])
        .await;
    assert!(location(&response).starts_with("https://app.example/first#access_token="));

    env.fake.next_sign_in("alice", Decision::Allow);
    let response = env
        .authorize(&[
            ("response_type", "code"),
            ("client_id", APP),
            ("redirect_uri", registered[1]),
        ])
        .await;
    assert!(location(&response).starts_with("https://app.example/second?code="));
}

#[tokio::test]
async fn without_device_id_the_same_pair_gets_the_same_token() {
    let env = env();
    let first = env.implicit_token("alice", &[]).await;
    let again = env.implicit_token("alice", &[]).await;
    assert_eq!(first, again);
    let other_user = env.implicit_token("bob", &[]).await;
    assert_ne!(first, other_user);
    // A device name without a device id is ignored: still the same, non-device token.
    let named = env
        .implicit_token("alice", &[("device_name", "Laptop")])
        .await;
    assert_eq!(first, named);
}

#[tokio::test]
async fn device_tokens_are_distinct_per_device() {
    let env = env();
    let plain = env.implicit_token("alice", &[]).await;
    let one = env
        .implicit_token(
            "alice",
            &[("device_id", "device-one"), ("device_name", "One")],
        )
        .await;
    let two = env
        .implicit_token("alice", &[("device_id", "device-two")])
        .await;
    let one_again = env
        .implicit_token("alice", &[("device_id", "device-one")])
        .await;
    assert_ne!(one, two);
    assert_ne!(one, plain);
    assert_eq!(one, one_again);
    for token in [&plain, &one, &two] {
        assert!(env.fake.token_is_valid(token));
    }
}

#[tokio::test]
async fn the_31st_device_token_evicts_the_oldest() {
    let env = env();
    let mut tokens = Vec::new();
    for i in 0..31 {
        let device = format!("device-{i:03}");
        tokens.push(env.implicit_token("alice", &[("device_id", &device)]).await);
    }
    assert!(!env.fake.token_is_valid(&tokens[0]));
    assert!(tokens[1..].iter().all(|t| env.fake.token_is_valid(t)));
}

#[tokio::test]
async fn a_new_token_with_different_rights_kills_the_old_one() {
    let env = env();
    let broad = env.implicit_token("alice", &[]).await;
    let narrow = env
        .implicit_token("alice", &[("scope", "login:info")])
        .await;
    assert_ne!(broad, narrow);
    assert!(!env.fake.token_is_valid(&broad));
    assert!(env.fake.token_is_valid(&narrow));
}

#[tokio::test]
async fn scripted_sign_ins_are_used_in_order() {
    let env = env();
    env.fake.next_sign_in("alice", Decision::Allow);
    env.fake.next_sign_in("bob", Decision::Deny);
    let first = env
        .authorize(&[("response_type", "token"), ("client_id", APP)])
        .await;
    assert!(fragment(&location(&first)).contains_key("access_token"));
    let second = env
        .authorize(&[("response_type", "token"), ("client_id", APP)])
        .await;
    assert_eq!(fragment(&location(&second))["error"], "access_denied");
    let third = env
        .authorize(&[("response_type", "token"), ("client_id", APP)])
        .await;
    assert_eq!(third.status(), 200, "no script left: the consent page");
}

#[test]
#[should_panic(expected = "no user with login")]
fn scripting_an_unknown_login_panics() {
    let env = env();
    env.fake.next_sign_in("nobody", Decision::Allow);
}

#[tokio::test]
async fn the_verification_page_shows_the_code_or_the_token() {
    let env = env();
    let page = env
        .http
        .get(format!(
            "{}/verification_code?code=1234567&cid=abc",
            env.fake.oauth_url()
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"fake-code\">1234567<"));

    let page = env
        .http
        .get(format!("{}/verification_code", env.fake.oauth_url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"fake-token\""));
    assert!(page.contains("location.hash"));

    let page = env
        .http
        .get(format!(
            "{}/verification_code?error=access_denied",
            env.fake.oauth_url()
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"fake-error\">access_denied<"));
}

#[tokio::test]
async fn a_scripted_forged_state_replaces_the_requests_state() {
    let env = env();
    env.fake
        .next_sign_in_with_forged_state("alice", "planted-state");
    let response = env
        .authorize(&[
            ("response_type", "token"),
            ("client_id", APP),
            ("state", "the-apps-state"),
        ])
        .await;
    assert_eq!(response.status(), 302);
    let answer = fragment(&location(&response));
    assert_eq!(answer["state"], "planted-state");
    assert!(env.fake.token_is_valid(&answer["access_token"]));
}
