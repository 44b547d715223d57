use fake_yandex::{Fault, FaultKind, Service};

use crate::common::*;

#[tokio::test]
async fn every_request_is_recorded_in_order_with_its_details() {
    let env = env();
    env.fake
        .add_fault(Fault::new(Service::OAuth, "/token", FaultKind::Status(500)));
    env.http
        .post(format!("{}/token?x=1&y=two+words", env.fake.oauth_url()))
        .header("Authorization", "Basic abc")
        .header("X-Custom", "value")
        .form(&[("grant_type", "authorization_code"), ("code", "12 34")])
        .send()
        .await
        .unwrap();
    env.http
        .get(format!("{}/management/v1/counters", env.fake.metrika_url()))
        .send()
        .await
        .unwrap();

    let recorded = env.fake.requests();
    assert_eq!(recorded.len(), 2);
    let token = &recorded[0];
    assert_eq!(token.service, Service::OAuth);
    assert_eq!(token.method, "POST");
    assert_eq!(token.path, "/token");
    assert_eq!(token.query.as_deref(), Some("x=1&y=two+words"));
    assert_eq!(
        token.query_pairs(),
        vec![
            ("x".to_string(), "1".to_string()),
            ("y".to_string(), "two words".to_string())
        ]
    );
    assert_eq!(token.header("authorization"), Some("Basic abc"));
    assert_eq!(token.header("X-CUSTOM"), Some("value"));
    assert!(token.headers.iter().any(|(name, _)| name == "x-custom"));
    assert!(token
        .headers
        .iter()
        .all(|(name, _)| *name == name.to_lowercase()));
    assert_eq!(token.body, "grant_type=authorization_code&code=12+34");
    assert_eq!(
        token.form(),
        vec![
            ("grant_type".to_string(), "authorization_code".to_string()),
            ("code".to_string(), "12 34".to_string())
        ]
    );
    assert_eq!(recorded[1].service, Service::Metrika);
    assert_eq!(recorded[1].method, "GET");
    assert_eq!(recorded[1].query, None);

    env.fake.clear_requests();
    assert!(env.fake.requests().is_empty());
}
