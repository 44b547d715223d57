use fake_yandex::{Decision, FakeYandex, Fault, FaultKind, Service};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::*;

#[test]
fn it_works_from_a_plain_synchronous_test() {
    let fake = FakeYandex::start();
    let address = fake.oauth_url().trim_start_matches("http://").to_string();
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(stream, "GET /verification_code?code=7654321 HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("7654321"));
}

#[test]
fn urls_and_env_point_at_five_distinct_local_services() {
    let fake = FakeYandex::start();
    let env = fake.env();
    let names: Vec<&str> = env.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "YATOKEN_OAUTH_URL",
            "YATOKEN_LOGIN_URL",
            "YATOKEN_DIRECT_URL",
            "YATOKEN_METRIKA_URL",
            "YATOKEN_COURIER_URL"
        ]
    );
    let urls = [
        fake.oauth_url(),
        fake.login_url(),
        fake.direct_url(),
        fake.metrika_url(),
        fake.courier_url(),
    ];
    for ((_, value), url) in env.iter().zip(&urls) {
        assert_eq!(value, url);
        assert!(url.starts_with("http://127.0.0.1:"));
        assert!(!url.ends_with('/'));
    }
    let mut distinct = urls.to_vec();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 5);
}

#[tokio::test]
async fn dropping_the_fake_ends_hanging_requests_and_closes_the_ports() {
    let env = env();
    env.fake
        .add_fault(Fault::new(Service::Login, "/", FaultKind::Hang));
    let url = format!("{}/info", env.fake.login_url());
    let http = env.http.clone();
    let hanging = tokio::spawn(async move { http.get(url).send().await });
    while env.fake.requests().is_empty() {
        tokio::task::yield_now().await;
    }
    let oauth = env.fake.oauth_url();
    drop(env.fake);
    let outcome = tokio::time::timeout(Duration::from_secs(5), hanging)
        .await
        .expect("the hanging request ended")
        .unwrap();
    assert!(outcome.is_err());
    let refused = client()
        .get(format!("{oauth}/verification_code"))
        .send()
        .await;
    assert!(refused.unwrap_err().is_connect());
}

#[tokio::test]
async fn invalidating_a_user_kills_all_its_tokens_and_its_session() {
    let env = env();
    let plain = env.implicit_token("alice", &[]).await;
    let device = env.fake.issue_token("alice", APP, Some("device-12345"));
    let other_app = env.fake.issue_token("alice", OTHER_APP, None).access_token;
    let bobs = env.implicit_token("bob", &[]).await;
    let code = env.code("alice", &[]).await;

    env.fake.invalidate_user("alice");
    for token in [&plain, &device.access_token, &other_app] {
        assert!(!env.fake.token_is_valid(token));
    }
    assert!(env.fake.token_is_valid(&bobs));
    let refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", device.refresh_token.as_deref().unwrap()),
    ];
    let (_, body) = env
        .post("/token", &refresh, Some(&basic(APP, SECRET)))
        .await;
    assert_eq!(error_of(&body), "invalid_grant");
    let (_, body) = env.exchange(&code).await;
    assert_eq!(error_of(&body), "invalid_grant");

    let fresh = env.implicit_token("alice", &[]).await;
    assert_ne!(fresh, plain);
    assert!(env.fake.token_is_valid(&fresh));
}

#[tokio::test]
async fn a_session_ends_when_the_user_is_invalidated() {
    let env = env();
    env.fake.next_sign_in("alice", Decision::Allow);
    let response = env
        .authorize(&[("response_type", "token"), ("client_id", APP)])
        .await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let signed_in = |cookie: String| {
        let request = env
            .http
            .get(format!(
                "{}/authorize?response_type=token&client_id={APP}",
                env.fake.oauth_url()
            ))
            .header("cookie", cookie);
        async move {
            request
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
                .contains("fake-signed-in")
        }
    };
    assert!(signed_in(cookie.clone()).await);
    env.fake.invalidate_user("alice");
    assert!(!signed_in(cookie).await);
}

#[tokio::test]
async fn issued_tokens_follow_the_uniqueness_rules() {
    let env = env();
    let a = env.fake.issue_token("alice", APP, None);
    let b = env.fake.issue_token("alice", APP, None);
    assert_eq!(a, b);
    assert!(a.refresh_token.is_some());
    assert_eq!(a.expires_in, 31_536_000);
    let via_sign_in = env.implicit_token("alice", &[]).await;
    assert_eq!(via_sign_in, a.access_token);
    env.fake.advance_clock(Duration::from_secs(1000));
    assert_eq!(
        env.fake.issue_token("alice", APP, None).expires_in,
        31_535_000
    );
    let on_device = env.fake.issue_token("alice", APP, Some("device-abcdef"));
    assert_ne!(on_device.access_token, a.access_token);
    assert!(!env.fake.token_is_valid("y0_never-issued"));
}
