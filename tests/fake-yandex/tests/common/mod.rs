//! Shared set-up for the fake's own tests: a seeded fake, an HTTP client that does not follow
//! redirects, and small readers for redirects and JSON answers.
#![allow(dead_code)]

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use fake_yandex::{AppSpec, Decision, FakeYandex, UserKind, UserSpec};
use serde_json::Value;

pub const APP: &str = "0123456789abcdef0123456789abcdef";
pub const SECRET: &str = "5ecre75ecre75ecre75ecre75ecre7aa";
pub const OTHER_APP: &str = "fedcba9876543210fedcba9876543210";
pub const OTHER_SECRET: &str = "07he707he707he707he707he707he7bb";
pub const ALL_SCOPES: &[&str] = &[
    "login:info",
    "login:email",
    "direct:api",
    "metrika:read",
    "courier:logistician",
];

pub struct Env {
    pub fake: FakeYandex,
    pub http: reqwest::Client,
}

/// A fake with two apps and users for every Direct role:
/// alice (advertiser, courier admin), assistant (alice's representative), acme (agency with
/// clients c-one, c-two, c-three), acme-manager (acme's representative), bob (no Direct, no
/// Metrica counters).
pub fn env() -> Env {
    let fake = FakeYandex::start();
    fake.add_app(AppSpec::new(APP, SECRET, ALL_SCOPES));
    fake.add_app(AppSpec::new(
        OTHER_APP,
        OTHER_SECRET,
        &["login:info", "direct:api"],
    ));
    fake.add_user(UserSpec {
        display_name: "Alice Liddell".into(),
        courier_admin: true,
        ..UserSpec::new("alice", UserKind::Advertiser)
    });
    fake.add_user(UserSpec::new(
        "assistant",
        UserKind::AdvertiserRepresentative {
            advertiser: "alice".into(),
        },
    ));
    fake.add_user(UserSpec::new(
        "acme",
        UserKind::Agency {
            clients: vec!["c-one".into(), "c-two".into(), "c-three".into()],
        },
    ));
    fake.add_user(UserSpec::new(
        "acme-manager",
        UserKind::AgencyRepresentative {
            agency: "acme".into(),
        },
    ));
    fake.add_user(UserSpec {
        metrika: false,
        ..UserSpec::new("bob", UserKind::NoDirect)
    });
    Env {
        fake,
        http: client(),
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client")
}

pub fn basic(id: &str, secret: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

pub type Pairs = BTreeMap<String, String>;

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .expect("a Location header")
        .to_str()
        .expect("an ASCII Location")
        .to_string()
}

pub fn fragment(location: &str) -> Pairs {
    let (_, fragment) = location.split_once('#').expect("a fragment");
    form_urlencoded::parse(fragment.as_bytes())
        .into_owned()
        .collect()
}

pub fn query(location: &str) -> Pairs {
    let url = url::Url::parse(location).expect("a URL");
    url.query_pairs().into_owned().collect()
}

impl Env {
    pub async fn authorize(&self, params: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .get(format!("{}/authorize", self.fake.oauth_url()))
            .query(params)
            .send()
            .await
            .expect("an /authorize answer")
    }

    /// A scripted implicit sign-in; returns the fragment of the redirect.
    pub async fn implicit(&self, login: &str, extra: &[(&str, &str)]) -> Pairs {
        self.fake.next_sign_in(login, Decision::Allow);
        let mut params = vec![("response_type", "token"), ("client_id", APP)];
        params.extend_from_slice(extra);
        let response = self.authorize(&params).await;
        assert_eq!(response.status(), 302);
        fragment(&location(&response))
    }

    pub async fn implicit_token(&self, login: &str, extra: &[(&str, &str)]) -> String {
        self.implicit(login, extra).await["access_token"].clone()
    }

    /// A scripted code sign-in to `client_id`; returns the code.
    pub async fn code_for(&self, client_id: &str, login: &str, extra: &[(&str, &str)]) -> String {
        self.fake.next_sign_in(login, Decision::Allow);
        let mut params = vec![("response_type", "code"), ("client_id", client_id)];
        params.extend_from_slice(extra);
        let response = self.authorize(&params).await;
        assert_eq!(response.status(), 302);
        query(&location(&response))["code"].clone()
    }

    pub async fn code(&self, login: &str, extra: &[(&str, &str)]) -> String {
        self.code_for(APP, login, extra).await
    }

    /// POSTs a form to the OAuth service; returns status and JSON body.
    pub async fn post(
        &self,
        path: &str,
        form: &[(&str, &str)],
        authorization: Option<&str>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .post(format!("{}{path}", self.fake.oauth_url()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(
                form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(form)
                    .finish(),
            );
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let response = request.send().await.expect("an OAuth answer");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    /// Exchanges a code with body credentials; returns status and JSON.
    pub async fn exchange(&self, code: &str) -> (u16, Value) {
        self.post(
            "/token",
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("client_id", APP),
                ("client_secret", SECRET),
            ],
            None,
        )
        .await
    }

    /// GET on a service with an optional Authorization header; returns status and body text.
    pub async fn get(&self, url: String, authorization: Option<&str>) -> (u16, String) {
        let mut request = self.http.get(url);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let response = request.send().await.expect("an answer");
        (
            response.status().as_u16(),
            response.text().await.expect("a body"),
        )
    }
}

pub fn error_of(body: &Value) -> &str {
    body["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error in {body}"))
}
