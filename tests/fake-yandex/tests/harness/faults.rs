use fake_yandex::{Fault, FaultKind, Service};
use std::time::{Duration, Instant};

use crate::common::*;

#[tokio::test]
async fn a_status_fault_answers_like_a_proxy_then_runs_out() {
    let env = env();
    env.fake
        .add_fault(Fault::new(Service::OAuth, "/token", FaultKind::Status(503)).times(2));
    for _ in 0..2 {
        let response = env
            .http
            .post(format!("{}/token", env.fake.oauth_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 503);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let body = response.text().await.unwrap();
        assert!(body.contains("<h1>503 Service Unavailable</h1>"), "{body}");
        assert!(body.contains("nginx"));
    }
    let (status, body) = env.post("/token", &[], None).await;
    assert_eq!((status, error_of(&body)), (400, "invalid_request"));
}

#[tokio::test]
async fn a_fault_hits_only_its_service_and_path_prefix() {
    let env = env();
    env.fake
        .add_fault(Fault::new(Service::Login, "/info", FaultKind::Status(502)));
    let token = env.implicit_token("alice", &[]).await;
    let auth = format!("OAuth {token}");
    assert_eq!(
        env.get(format!("{}/info", env.fake.login_url()), Some(&auth))
            .await
            .0,
        502
    );
    assert_eq!(
        env.get(format!("{}/info", env.fake.login_url()), Some(&auth))
            .await
            .0,
        502
    );
    assert_eq!(
        env.get(
            format!("{}/management/v1/counters", env.fake.metrika_url()),
            Some(&auth)
        )
        .await
        .0,
        200
    );
    env.fake.clear_faults();
    assert_eq!(
        env.get(format!("{}/info", env.fake.login_url()), Some(&auth))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn a_hang_fault_never_answers() {
    let env = env();
    env.fake
        .add_fault(Fault::new(Service::Courier, "/api", FaultKind::Hang).times(1));
    let error = env
        .http
        .get(format!("{}/api/v1/test", env.fake.courier_url()))
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(
        env.get(format!("{}/api/v1/test", env.fake.courier_url()), None)
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn a_drop_fault_closes_the_connection_without_an_answer() {
    let env = env();
    env.fake
        .add_fault(Fault::new(Service::Direct, "/json/", FaultKind::Drop).times(1));
    let started = Instant::now();
    let error = env
        .http
        .post(format!("{}/json/v5/clients", env.fake.direct_url()))
        .body("{}")
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .unwrap_err();
    assert!(!error.is_timeout(), "{error:?}");
    assert!(error.status().is_none());
    assert!(started.elapsed() < Duration::from_secs(5));
    let recorded = env.fake.requests();
    assert_eq!(recorded.len(), 1, "no retry reached the fake: {recorded:?}");
    assert_eq!(recorded[0].path, "/json/v5/clients");
    let answer = env
        .http
        .post(format!("{}/json/v5/clients", env.fake.direct_url()))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
}

#[tokio::test]
async fn latency_delays_every_service() {
    let env = env();
    let latency = Duration::from_millis(200);
    env.fake.set_latency(latency);
    for service in [
        Service::OAuth,
        Service::Login,
        Service::Direct,
        Service::Metrika,
        Service::Courier,
    ] {
        let started = Instant::now();
        env.http
            .get(format!("{}/", env.fake.url(service)))
            .send()
            .await
            .unwrap();
        assert!(started.elapsed() >= latency, "{service:?}");
    }
}

#[tokio::test]
async fn peak_in_flight_counts_concurrent_requests() {
    let env = env();
    env.fake.set_latency(Duration::from_millis(300));
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..5 {
        let url = if i % 2 == 0 {
            format!("{}/info", env.fake.login_url())
        } else {
            format!("{}/api/v1/test", env.fake.courier_url())
        };
        let http = env.http.clone();
        requests.spawn(async move { http.get(url).send().await.map(|r| r.status().as_u16()) });
    }
    while let Some(status) = requests.join_next().await {
        assert_eq!(status.unwrap().unwrap(), 401);
    }
    assert_eq!(env.fake.peak_in_flight(), 5);
    env.fake.reset_peak_in_flight();
    assert_eq!(env.fake.peak_in_flight(), 0);
    env.fake.set_latency(Duration::ZERO);
    env.http
        .get(format!("{}/info", env.fake.login_url()))
        .send()
        .await
        .unwrap();
    env.http
        .get(format!("{}/info", env.fake.login_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(env.fake.peak_in_flight(), 1);
}

#[tokio::test]
async fn peak_in_flight_of_a_service_counts_only_its_own_requests() {
    let env = env();
    env.fake.set_latency(Duration::from_millis(300));
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..5 {
        // Three to Yandex ID, two to Track & Trace, all at once.
        let url = if i < 3 {
            format!("{}/info", env.fake.login_url())
        } else {
            format!("{}/api/v1/test", env.fake.courier_url())
        };
        let http = env.http.clone();
        requests.spawn(async move { http.get(url).send().await.map(|r| r.status().as_u16()) });
    }
    while let Some(status) = requests.join_next().await {
        assert_eq!(status.unwrap().unwrap(), 401);
    }
    assert_eq!(env.fake.peak_in_flight_of(Service::Login), 3);
    assert_eq!(env.fake.peak_in_flight_of(Service::Courier), 2);
    assert_eq!(env.fake.peak_in_flight_of(Service::Direct), 0);
    assert_eq!(env.fake.peak_in_flight(), 5);

    // One after another: one at a time, and the reset clears every service's peak.
    env.fake.reset_peak_in_flight();
    assert_eq!(env.fake.peak_in_flight_of(Service::Login), 0);
    assert_eq!(env.fake.peak_in_flight_of(Service::Courier), 0);
    env.fake.set_latency(Duration::ZERO);
    for _ in 0..2 {
        let url = format!("{}/info", env.fake.login_url());
        env.http.get(url).send().await.unwrap();
    }
    assert_eq!(env.fake.peak_in_flight_of(Service::Login), 1);
    assert_eq!(env.fake.peak_in_flight_of(Service::Courier), 0);
}
