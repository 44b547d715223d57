//! The device flow ("sign in with a code") against the fake Yandex: the code pair, polling at
//! the pace asked for, backing off on `slow_down`, and every way it ends without a token. Plain
//! HTTP to the fake; no desktop session needed.

use std::time::Duration;

use fake_yandex::{AppSpec, FakeYandex, Service, UserKind, UserSpec};
use url::Url;
use yatoken::oauth::{
    request_device_code, wait_for_device_token, ClientCredentials, DeviceCode, DeviceError,
};
use yatoken::secrets::Secret;

const APP: &str = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf";
const SECRET: &str = "device-app-secret";

struct Setup {
    fake: FakeYandex,
    http: yatoken::http::Client,
    oauth: Url,
}

impl Setup {
    fn new() -> Self {
        let fake = FakeYandex::start();
        fake.add_app(AppSpec::new(APP, SECRET, &["login:info", "direct:api"]));
        fake.add_user(UserSpec::new("adv-alice", UserKind::Advertiser));
        // Polls a second apart, so that the tests take seconds, not minutes.
        fake.set_device_polling(1, None);
        let oauth = Url::parse(&format!("{}/", fake.oauth_url())).unwrap();
        Self {
            fake,
            http: reqwest::Client::new().into(),
            oauth,
        }
    }

    async fn code(&self) -> DeviceCode {
        request_device_code(
            &self.http,
            &self.oauth,
            APP,
            "yatoken-test-device",
            "YaToken test",
            &["login:info".to_string(), "direct:api".to_string()],
        )
        .await
        .expect("a device code")
    }

    async fn wait(&self, code: &DeviceCode, secret: Option<&str>) -> Result<String, DeviceError> {
        let credentials = ClientCredentials {
            client_id: APP.into(),
            secret: secret.map(Secret::new),
        };
        tokio::time::timeout(
            Duration::from_secs(30),
            wait_for_device_token(&self.http, &self.oauth, code, &credentials),
        )
        .await
        .expect("the wait ends")
        .map(|token| token.access_token.expose().to_string())
    }

    fn polls(&self) -> usize {
        self.fake
            .requests()
            .iter()
            .filter(|r| r.service == Service::OAuth && r.path == "/token")
            .count()
    }

    /// Waits for the token while the person confirms on the device page after `delay`.
    async fn wait_while_approved_after(
        &self,
        code: &DeviceCode,
        delay: Duration,
    ) -> Result<String, DeviceError> {
        let person = async {
            tokio::time::sleep(delay).await;
            self.fake.approve_device_code(&code.user_code, "adv-alice");
        };
        tokio::join!(self.wait(code, Some(SECRET)), person).0
    }
}

#[tokio::test]
async fn a_confirmed_code_gives_a_working_token_after_pending_polls() {
    let setup = Setup::new();
    let code = setup.code().await;
    assert_eq!(code.user_code.len(), 8, "{}", code.user_code);
    assert_eq!(
        code.verification_url.as_str(),
        format!("{}/device", setup.fake.oauth_url())
    );
    assert_eq!(code.interval, Duration::from_secs(1));
    let token = setup
        .wait_while_approved_after(&code, Duration::from_millis(2500))
        .await
        .expect("a token");
    assert!(setup.fake.token_is_valid(&token));
    assert!(
        setup.polls() >= 2,
        "it polled while the person had not confirmed"
    );
    let device_code = code.device_code.expose().to_string();
    assert!(
        setup
            .fake
            .requests()
            .iter()
            .all(|r| !r.path.contains(&device_code)
                && !r.query.as_deref().unwrap_or("").contains(&device_code)),
        "the device code travels in form bodies only"
    );
}

#[tokio::test]
async fn slow_down_makes_it_poll_less_often() {
    let setup = Setup::new();
    // Advertises one second, but wants two between polls: the second poll gets slow_down.
    setup
        .fake
        .set_device_polling(1, Some(Duration::from_secs(2)));
    let code = setup.code().await;
    // A client that kept polling every second would get slow_down until the code expired.
    let token = setup
        .wait_while_approved_after(&code, Duration::from_millis(2500))
        .await
        .expect("a token");
    assert!(setup.fake.token_is_valid(&token));
    assert_eq!(
        setup.polls(),
        3,
        "pending at 1 s, slow_down at 2 s, then the token 5 s later"
    );
}

#[tokio::test]
async fn a_refused_code_ends_as_denied() {
    let setup = Setup::new();
    let code = setup.code().await;
    let person = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        setup.fake.deny_device_code(&code.user_code);
    };
    let (result, ()) = tokio::join!(setup.wait(&code, Some(SECRET)), person);
    assert_eq!(result, Err(DeviceError::Denied));
}

#[tokio::test]
async fn an_expired_code_ends_as_expired() {
    let setup = Setup::new();
    let code = setup.code().await;
    setup.fake.advance_clock(Duration::from_secs(301));
    assert_eq!(
        setup.wait(&code, Some(SECRET)).await,
        Err(DeviceError::Expired)
    );
}

#[tokio::test]
async fn a_code_already_used_ends_as_expired() {
    let setup = Setup::new();
    let code = setup.code().await;
    setup.fake.approve_device_code(&code.user_code, "adv-alice");
    assert!(setup.wait(&code, Some(SECRET)).await.is_ok());
    assert_eq!(
        setup.wait(&code, Some(SECRET)).await,
        Err(DeviceError::Expired)
    );
}

#[tokio::test]
async fn without_the_client_secret_it_says_so_before_polling() {
    let setup = Setup::new();
    let code = setup.code().await;
    assert_eq!(
        setup.wait(&code, None).await,
        Err(DeviceError::SecretNeeded)
    );
    assert_eq!(setup.polls(), 0);
}

#[tokio::test]
async fn a_wrong_client_secret_is_yandexs_refusal() {
    let setup = Setup::new();
    let code = setup.code().await;
    setup.fake.approve_device_code(&code.user_code, "adv-alice");
    match setup.wait(&code, Some("not-the-secret")).await {
        Err(DeviceError::OAuth(error)) => {
            assert_eq!(error.code(), Some("invalid_client"), "{error}")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_app_gets_no_code() {
    let setup = Setup::new();
    let error = request_device_code(
        &setup.http,
        &setup.oauth,
        "ffffffffffffffffffffffffffffffff",
        "yatoken-test-device",
        "YaToken test",
        &[],
    )
    .await
    .unwrap_err();
    assert!(error.code().is_some(), "{error}");
}
