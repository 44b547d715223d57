//! The hostile answers: a gigabyte, an endless or trickling body, an absurd login, Direct
//! paging that goes nowhere. Each is made up as it is sent; these tests read just enough of it
//! to prove it is what it says, and that the fake stops when the client hangs up.

use std::time::{Duration, Instant};

use fake_yandex::{AgencyPaging, Fault, FaultKind, Service};
use serde_json::{json, Value};

use crate::common::*;

const GIB: u64 = 1 << 30;

/// Reads at most `most` bytes of `response`'s body; how many it got and whether the body ended.
async fn read_up_to(mut response: reqwest::Response, most: usize) -> (usize, bool) {
    let mut read = 0;
    while read < most {
        match response.chunk().await.unwrap() {
            Some(chunk) => read += chunk.len(),
            None => return (read, true),
        }
    }
    (read, false)
}

async fn info(env: &Env, token: &str) -> reqwest::Response {
    env.http
        .get(format!("{}/info?format=json", env.fake.login_url()))
        .header("Authorization", format!("OAuth {token}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_oversized_answer_streams_a_gigabyte_without_holding_it() {
    let env = env();
    let huge = FaultKind::Oversized {
        bytes: GIB,
        announced: false,
    };
    env.fake
        .add_fault(Fault::new(Service::Login, "/info", huge).times(1));
    let response = info(&env, "any").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), None, "chunked: no length said");
    let (read, ended) = read_up_to(response, 8 << 20).await;
    assert!(read >= 8 << 20 && !ended, "{read} {ended}");
    // Hung up after 8 MiB: the fake stops making it up soon after.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = env.fake.generated_bytes();
    assert!(sent < 64 << 20, "sent {sent} bytes after the client left");
    assert_eq!(info(&env, "any").await.status(), 401, "one time only");
}

#[tokio::test]
async fn an_announced_oversized_answer_says_its_length_and_ends_as_valid_json() {
    let env = env();
    let announced = FaultKind::Oversized {
        bytes: GIB,
        announced: true,
    };
    env.fake
        .add_fault(Fault::new(Service::Direct, "/json/", announced).times(1));
    let response = env
        .http
        .post(format!("{}/json/v5/clients", env.fake.direct_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.content_length(), Some(GIB));
    drop(response);
    let small = FaultKind::Oversized {
        bytes: 100_000,
        announced: true,
    };
    env.fake
        .add_fault(Fault::new(Service::Direct, "/json/", small).times(1));
    let response = env
        .http
        .post(format!("{}/json/v5/clients", env.fake.direct_url()))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["padding"].as_str().unwrap().len(), 100_000 - 14);
}

#[tokio::test]
async fn a_trickle_answers_at_once_and_then_never_finishes() {
    let env = env();
    let trickle = FaultKind::Trickle(Duration::from_millis(20));
    env.fake
        .add_fault(Fault::new(Service::Metrika, "/management", trickle).times(1));
    let started = Instant::now();
    let mut response = env
        .http
        .get(format!("{}/management/v1/counters", env.fake.metrika_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut body = Vec::new();
    while body.len() < 12 + 10 {
        body.extend_from_slice(&response.chunk().await.unwrap().expect("still coming"));
    }
    assert!(body.starts_with(b"{\"padding\":\"aaaaaaaaaa"), "{body:?}");
    assert!(started.elapsed() >= Duration::from_millis(20 * 9));
    let more = tokio::time::timeout(Duration::from_millis(500), response.chunk()).await;
    assert!(matches!(more, Ok(Ok(Some(_)))), "still trickling: {more:?}");
}

#[tokio::test]
async fn an_absurd_login_is_streamed_as_valid_json_of_that_length() {
    let env = env();
    let token = env.implicit_token("alice", &[]).await;
    env.fake.set_absurd_login("alice", Some(100_000));
    let response = info(&env, &token).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let login = body["login"].as_str().unwrap();
    assert_eq!(login.len(), 100_000);
    assert!(login.starts_with("aliceaaa"));
    assert_eq!(body["id"], env.fake.uid("alice").unwrap().as_str());
    assert_eq!(
        body["display_name"], "Alice Liddell",
        "the rest is as before"
    );

    env.fake.set_absurd_login("alice", Some(64 << 20));
    let (read, ended) = read_up_to(info(&env, &token).await, 1 << 20).await;
    assert!(read >= 1 << 20 && !ended);
    env.fake.set_absurd_login("alice", None);
    let body: Value = info(&env, &token).await.json().await.unwrap();
    assert_eq!(body["login"], "alice");
}

async fn agency_page(env: &Env, auth: &str, limit: u64, offset: u64) -> Value {
    let body = json!({"method": "get", "params": {
        "SelectionCriteria": {}, "FieldNames": ["Login"],
        "Page": {"Limit": limit, "Offset": offset},
    }});
    env.http
        .post(format!("{}/json/v5/agencyclients", env.fake.direct_url()))
        .header("Authorization", auth)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["result"]
        .clone()
}

#[tokio::test]
async fn agency_paging_can_stall_claim_more_on_empty_pages_or_never_end() {
    let env = env();
    let auth = format!(
        "Bearer {}",
        env.fake.issue_token("acme", APP, None).access_token
    );
    let logins = |page: &Value| -> Vec<String> {
        page["Clients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["Login"].as_str().unwrap().to_string())
            .collect()
    };
    let faithful = agency_page(&env, &auth, 2, 0).await;
    assert_eq!(
        (logins(&faithful).len(), &faithful["LimitedBy"]),
        (2, &json!(2))
    );

    env.fake.set_agency_paging(AgencyPaging::Stuck);
    for offset in [0, 2] {
        let stuck = agency_page(&env, &auth, 2, offset).await;
        assert_eq!(stuck["LimitedBy"], offset, "does not move on");
        assert!(!logins(&stuck).is_empty());
    }

    env.fake.set_agency_paging(AgencyPaging::EmptyClaimingMore);
    let empty = agency_page(&env, &auth, 2, 0).await;
    assert_eq!((logins(&empty).len(), &empty["LimitedBy"]), (0, &json!(2)));

    env.fake.set_agency_paging(AgencyPaging::Endless);
    let far = agency_page(&env, &auth, 10_000, 5_000_000).await;
    assert_eq!(logins(&far), ["ghost-5000000"]);
    assert_eq!(far["LimitedBy"], 5_000_001);

    env.fake.set_agency_paging(AgencyPaging::Faithful);
    let last = agency_page(&env, &auth, 2, 2).await;
    assert_eq!(logins(&last), ["c-three"]);
    assert!(last.get("LimitedBy").is_none());
}
