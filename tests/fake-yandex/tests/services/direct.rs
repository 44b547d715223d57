use fake_yandex::{AppSpec, FakeYandex};
use serde_json::{json, Value};

use crate::common::*;

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Answer {
    fn error_code(&self) -> i64 {
        self.body["error"]["error_code"]
            .as_i64()
            .unwrap_or_else(|| panic!("no error in {}", self.body))
    }

    fn clients(&self) -> &Vec<Value> {
        self.body["result"]["Clients"]
            .as_array()
            .unwrap_or_else(|| panic!("no clients in {}", self.body))
    }

    fn logins(&self) -> Vec<&str> {
        self.clients()
            .iter()
            .map(|c| c["Login"].as_str().unwrap())
            .collect()
    }

    fn header(&self, name: &str) -> &str {
        self.headers[name].to_str().unwrap()
    }
}

async fn call(env: &Env, path: &str, headers: &[(&str, &str)], body: Value) -> Answer {
    let mut request = env
        .http
        .post(format!("{}{path}", env.fake.direct_url()))
        .json(&body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.json().await.unwrap(),
    }
}

fn get(fields: &[&str]) -> Value {
    json!({"method": "get", "params": {"FieldNames": fields}})
}

fn agency_get(criteria: Value, page: Option<Value>) -> Value {
    let mut body = json!({"method": "get", "params": {"SelectionCriteria": criteria, "FieldNames": ["ClientId", "Login", "Archived"]}});
    if let Some(page) = page {
        body["params"]["Page"] = page;
    }
    body
}

fn bearer(fake: &FakeYandex, login: &str) -> String {
    format!("Bearer {}", fake.issue_token(login, APP, None).access_token)
}

#[tokio::test]
async fn an_advertiser_gets_its_own_account_and_spends_units() {
    let env = env();
    let auth = bearer(&env.fake, "alice");
    let first = call(
        &env,
        "/json/v5/clients",
        &[("authorization", &auth)],
        get(&["ClientId", "Login", "Type"]),
    )
    .await;
    assert_eq!(first.status, 200);
    let client = &first.clients()[0];
    assert_eq!(client["Login"], "alice");
    assert_eq!(client["Type"], "CLIENT");
    assert!(client["ClientId"].as_u64().unwrap() > 0);
    assert_eq!(
        client.as_object().unwrap().len(),
        3,
        "only the FieldNames asked for"
    );
    assert!(!first.header("RequestId").is_empty());
    assert_eq!(first.header("Units-Used-Login"), "alice");

    let second = call(
        &env,
        "/json/v501/clients",
        &[("authorization", &auth)],
        get(&["ClientInfo", "Currency", "Archived"]),
    )
    .await;
    let client = &second.clients()[0];
    assert_eq!(client["ClientInfo"], "Alice Liddell");
    assert_eq!(client["Currency"], "RUB");
    assert_eq!(client["Archived"], "NO");
    let remaining = |a: &Answer| -> u64 {
        a.header("Units")
            .split('/')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(remaining(&second) < remaining(&first));
    assert_eq!(first.header("Units").split('/').count(), 3);
}

#[tokio::test]
async fn an_advertiser_representative_sees_the_advertiser() {
    let env = env();
    let auth = bearer(&env.fake, "assistant");
    let answer = call(
        &env,
        "/json/v5/clients",
        &[("authorization", &auth)],
        get(&["Login"]),
    )
    .await;
    assert_eq!(answer.logins(), ["alice"]);
    let with_login = call(
        &env,
        "/json/v5/clients",
        &[("authorization", &auth), ("client-login", "alice")],
        get(&["Login"]),
    )
    .await;
    assert_eq!(with_login.logins(), ["alice"]);
    let foreign = call(
        &env,
        "/json/v5/clients",
        &[("authorization", &auth), ("client-login", "c-one")],
        get(&["Login"]),
    )
    .await;
    assert_eq!((foreign.status, foreign.error_code()), (200, 54));
}

#[tokio::test]
async fn an_agency_sees_itself_or_the_client_named_in_client_login() {
    let env = env();
    for login in ["acme", "acme-manager"] {
        let auth = bearer(&env.fake, login);
        let own = call(
            &env,
            "/json/v5/clients",
            &[("authorization", &auth)],
            get(&["Login", "Type"]),
        )
        .await;
        assert_eq!(own.logins(), ["acme"]);
        assert_eq!(own.clients()[0]["Type"], "AGENCY");
        let client = call(
            &env,
            "/json/v5/clients",
            &[("authorization", &auth), ("client-login", "c-two")],
            get(&["Login", "Type"]),
        )
        .await;
        assert_eq!(client.logins(), ["c-two"]);
        assert_eq!(client.clients()[0]["Type"], "SUBCLIENT");
        assert_eq!(client.header("Units-Used-Login"), "c-two");
        let operator = call(
            &env,
            "/json/v5/clients",
            &[
                ("authorization", &auth),
                ("client-login", "c-two"),
                ("use-operator-units", "true"),
            ],
            get(&["Login"]),
        )
        .await;
        assert_eq!(operator.header("Units-Used-Login"), "acme");
        let stranger = call(
            &env,
            "/json/v5/clients",
            &[("authorization", &auth), ("client-login", "alice")],
            get(&["Login"]),
        )
        .await;
        assert_eq!(stranger.error_code(), 54);
    }
}

#[tokio::test]
async fn agency_clients_are_filtered_and_paged() {
    let env = env();
    env.fake.set_client_archived("c-three", true);
    let auth = bearer(&env.fake, "acme-manager");
    let headers = [("authorization", auth.as_str())];
    let all = call(
        &env,
        "/json/v5/agencyclients",
        &headers,
        agency_get(json!({}), None),
    )
    .await;
    assert_eq!(all.logins(), ["c-one", "c-two", "c-three"]);
    assert!(all.body["result"].get("LimitedBy").is_none());
    assert_eq!(all.header("Units-Used-Login"), "acme");

    let picked = call(
        &env,
        "/json/v501/agencyclients",
        &headers,
        agency_get(json!({"Logins": ["c-two", "alice"]}), None),
    )
    .await;
    assert_eq!(picked.logins(), ["c-two"]);
    let archived = call(
        &env,
        "/json/v5/agencyclients",
        &headers,
        agency_get(json!({"Archived": "YES"}), None),
    )
    .await;
    assert_eq!(archived.logins(), ["c-three"]);
    assert_eq!(archived.clients()[0]["Archived"], "YES");
    let active = call(
        &env,
        "/json/v5/agencyclients",
        &headers,
        agency_get(json!({"Archived": "NO"}), None),
    )
    .await;
    assert_eq!(active.logins(), ["c-one", "c-two"]);

    let first_page = call(
        &env,
        "/json/v5/agencyclients",
        &headers,
        agency_get(json!({}), Some(json!({"Limit": 2}))),
    )
    .await;
    assert_eq!(first_page.logins(), ["c-one", "c-two"]);
    assert_eq!(first_page.body["result"]["LimitedBy"], 2);
    let last_page = call(
        &env,
        "/json/v5/agencyclients",
        &headers,
        agency_get(json!({}), Some(json!({"Limit": 2, "Offset": 2}))),
    )
    .await;
    assert_eq!(last_page.logins(), ["c-three"]);
    assert!(last_page.body["result"].get("LimitedBy").is_none());
}

#[tokio::test]
async fn agency_clients_refuses_advertisers_and_client_login() {
    let env = env();
    let advertiser = bearer(&env.fake, "alice");
    let answer = call(
        &env,
        "/json/v5/agencyclients",
        &[("authorization", &advertiser)],
        agency_get(json!({}), None),
    )
    .await;
    assert_eq!((answer.status, answer.error_code()), (200, 54));
    let agency = bearer(&env.fake, "acme");
    let answer = call(
        &env,
        "/json/v5/agencyclients",
        &[("authorization", &agency), ("client-login", "c-one")],
        agency_get(json!({}), None),
    )
    .await;
    assert_eq!(answer.error_code(), 54);
}

#[tokio::test]
async fn token_problems_are_error_53_inside_http_200() {
    let env = env();
    let token = env.fake.issue_token("alice", APP, None).access_token;
    let narrow = env.implicit_token("bob", &[("scope", "login:info")]).await;
    let cases = [
        None,
        Some(format!("OAuth {token}")),
        Some("Bearer y0_unknown".to_string()),
        Some(format!("Bearer {narrow}")),
    ];
    for authorization in cases {
        let mut headers = vec![];
        if let Some(value) = &authorization {
            headers.push(("authorization", value.as_str()));
        }
        let answer = call(&env, "/json/v5/clients", &headers, get(&["Login"])).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.error_code(), 53, "{authorization:?}");
        assert_eq!(answer.body["error"]["error_string"], "Authorization error");
        assert_eq!(
            answer.body["error"]["request_id"],
            answer.header("RequestId")
        );
        assert!(answer.headers.get("Units").is_none());
    }
    env.fake.invalidate_user("alice");
    let dead = call(
        &env,
        "/json/v5/clients",
        &[("authorization", &format!("Bearer {token}"))],
        get(&["Login"]),
    )
    .await;
    assert_eq!(dead.error_code(), 53);
}

#[tokio::test]
async fn an_unapproved_app_is_error_58() {
    let env = env();
    env.fake.add_app(AppSpec {
        direct_api_approved: false,
        ..AppSpec::new(APP, SECRET, ALL_SCOPES)
    });
    let answer = call(
        &env,
        "/json/v5/clients",
        &[("authorization", &bearer(&env.fake, "alice"))],
        get(&["Login"]),
    )
    .await;
    assert_eq!((answer.status, answer.error_code()), (200, 58));
}

#[tokio::test]
async fn a_user_without_direct_is_error_513() {
    let env = env();
    let answer = call(
        &env,
        "/json/v5/clients",
        &[("authorization", &bearer(&env.fake, "bob"))],
        get(&["Login"]),
    )
    .await;
    assert_eq!((answer.status, answer.error_code()), (200, 513));
}

#[tokio::test]
async fn malformed_requests_are_error_8000() {
    let env = env();
    let auth = bearer(&env.fake, "acme");
    let headers = [("authorization", auth.as_str())];
    let bodies = [
        ("/json/v5/clients", json!("not an object")),
        ("/json/v5/clients", json!({"method": "get"})),
        (
            "/json/v5/clients",
            json!({"params": {"FieldNames": ["Login"]}}),
        ),
        (
            "/json/v5/clients",
            json!({"method": "delete", "params": {"FieldNames": ["Login"]}}),
        ),
        ("/json/v5/clients", json!({"method": "get", "params": {}})),
        (
            "/json/v5/clients",
            json!({"method": "get", "params": {"FieldNames": []}}),
        ),
        ("/json/v5/clients", get(&["Login", "Password"])),
        (
            "/json/v5/agencyclients",
            json!({"method": "get", "params": {"FieldNames": ["Login"]}}),
        ),
        (
            "/json/v5/agencyclients",
            agency_get(json!({"Archived": "MAYBE"}), None),
        ),
        (
            "/json/v5/agencyclients",
            agency_get(json!({"Logins": "c-one"}), None),
        ),
        (
            "/json/v5/agencyclients",
            agency_get(json!({}), Some(json!({"Limit": 0}))),
        ),
        (
            "/json/v5/agencyclients",
            agency_get(json!({}), Some(json!({"Offset": -1}))),
        ),
    ];
    for (path, body) in bodies {
        let answer = call(&env, path, &headers, body.clone()).await;
        assert_eq!((answer.status, answer.error_code()), (200, 8000), "{body}");
    }
    let raw = env
        .http
        .post(format!("{}/json/v5/clients", env.fake.direct_url()))
        .header("authorization", &auth)
        .body("{not json")
        .send()
        .await
        .unwrap();
    let body: Value = raw.json().await.unwrap();
    assert_eq!(body["error"]["error_code"], 8000);
}
