use crate::common::*;

async fn page(env: &Env, params: &[(&str, &str)], cookie: Option<&str>) -> (u16, String) {
    let mut request = env
        .http
        .get(format!("{}/authorize", env.fake.oauth_url()))
        .query(params);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn confirm(env: &Env, form: &[(&str, &str)]) -> reqwest::Response {
    env.http
        .post(format!("{}/authorize/confirm", env.fake.oauth_url()))
        .form(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_consent_page_carries_the_request_and_stable_test_ids() {
    let env = env();
    let (status, html) = page(
        &env,
        &[
            ("response_type", "token"),
            ("client_id", APP),
            ("login_hint", "alice"),
            ("state", "a\"b<c"),
            ("device_id", "device-1"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 200);
    for id in ["fake-login", "fake-allow", "fake-deny"] {
        assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
    }
    assert!(html.contains("data-testid=\"fake-login\" value=\"alice\""));
    assert!(html.contains("name=\"state\" value=\"a&quot;b&lt;c\""));
    assert!(html.contains("unknown device"));
    assert!(html.contains("direct:api"));
    assert!(!html.contains("fake-signed-in"));
    let allow = html.find("data-testid=\"fake-allow\"").unwrap();
    let deny = html.find("data-testid=\"fake-deny\"").unwrap();
    assert!(
        allow < deny,
        "Enter in the login field must submit Allow, the first button"
    );
}

#[tokio::test]
async fn allowing_on_the_page_redirects_and_signs_the_user_in() {
    let env = env();
    let response = confirm(
        &env,
        &[
            ("response_type", "token"),
            ("client_id", APP),
            ("state", "st"),
            ("login", "Alice"),
            ("decision", "allow"),
        ],
    )
    .await;
    assert_eq!(response.status(), 302);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("Session_id="));
    let answer = fragment(&location(&response));
    assert_eq!(answer["state"], "st");
    assert!(env.fake.token_is_valid(&answer["access_token"]));

    let session = cookie.split(';').next().unwrap();
    let (_, html) = page(
        &env,
        &[("response_type", "token"), ("client_id", APP)],
        Some(session),
    )
    .await;
    assert!(html.contains("data-testid=\"fake-signed-in\">Signed in as <b>alice</b>"));
    assert!(html.contains("data-testid=\"fake-login\" value=\"alice\""));

    let recorded = env.fake.requests();
    let last = recorded.last().unwrap();
    assert_eq!(last.path, "/authorize");
    assert_eq!(
        last.cookie("Session_id"),
        Some(&session["Session_id=".len()..])
    );
}

#[tokio::test]
async fn a_scripted_sign_in_also_sets_the_session_cookie() {
    let env = env();
    env.fake.next_sign_in("bob", fake_yandex::Decision::Allow);
    let response = env
        .authorize(&[("response_type", "token"), ("client_id", APP)])
        .await;
    assert!(response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("Session_id="));
    assert_eq!(env.fake.requests()[0].header("cookie"), None);
}

#[tokio::test]
async fn an_unknown_or_empty_login_shows_the_page_again() {
    let env = env();
    let base = [
        ("response_type", "code"),
        ("client_id", APP),
        ("decision", "allow"),
    ];
    let mut form = base.to_vec();
    form.push(("login", "nobody"));
    let response = confirm(&env, &form).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("data-testid=\"fake-message\""));
    assert!(html.contains("nobody"));

    let mut form = base.to_vec();
    form.push(("login", ""));
    let html = confirm(&env, &form).await.text().await.unwrap();
    assert!(html.contains("Enter a login."));
}

#[tokio::test]
async fn denying_on_the_page_redirects_with_access_denied() {
    let env = env();
    let response = confirm(
        &env,
        &[
            ("response_type", "code"),
            ("client_id", APP),
            ("login", ""),
            ("decision", "deny"),
        ],
    )
    .await;
    assert_eq!(response.status(), 302);
    assert_eq!(query(&location(&response))["error"], "access_denied");
    assert!(response.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn unticking_an_optional_right_grants_fewer_rights() {
    let env = env();
    let params = [
        ("response_type", "token"),
        ("client_id", APP),
        ("scope", "login:info"),
        ("optional_scope", "login:email metrika:read"),
    ];
    let (_, html) = page(&env, &params, None).await;
    assert!(html.contains("data-testid=\"fake-grant-metrika:read\""));

    let mut form = params.to_vec();
    form.extend([
        ("login", "alice"),
        ("decision", "allow"),
        ("grant", "login:email"),
    ]);
    let answer = fragment(&location(&confirm(&env, &form).await));
    assert_eq!(answer["scope"], "login:info login:email");

    let mut form = params.to_vec();
    form.extend([
        ("login", "bob"),
        ("decision", "allow"),
        ("grant", "login:email"),
        ("grant", "metrika:read"),
    ]);
    let answer = fragment(&location(&confirm(&env, &form).await));
    assert!(!answer.contains_key("scope"));
}

#[tokio::test]
async fn the_confirm_step_validates_the_request_again() {
    let env = env();
    let response = confirm(
        &env,
        &[
            ("response_type", "token"),
            ("client_id", "nope"),
            ("login", "alice"),
            ("decision", "allow"),
        ],
    )
    .await;
    assert_eq!(response.status(), 400);
}
