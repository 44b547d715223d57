//! The browser in the sign-in flows: what a browser does with an authorize address when the
//! person allows access on the fake's consent page, and reading the query of the address it
//! lands on.

/// What a browser does with the authorize address `address` when `login` allows access on
/// the fake's consent page: the address Yandex redirects to (`verification_code?code=…&state=…`,
/// or a loopback one). Blocking HTTP on a thread of its own, so async tests may call it too.
pub fn allow_in_browser(fake: &fake_yandex::FakeYandex, address: &str, login: &str) -> url::Url {
    fake.next_sign_in(login, fake_yandex::Decision::Allow);
    let address = address.to_string();
    let location = std::thread::spawn(move || {
        let client = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client");
        let answer = client
            .get(address)
            .send()
            .expect("the authorize page answers");
        assert_eq!(answer.status().as_u16(), 302, "the consent redirects");
        answer.headers()["location"]
            .to_str()
            .expect("a Location header")
            .to_string()
    })
    .join()
    .expect("the browser's request ran");
    url::Url::parse(&location).expect("the redirect is a URL")
}

/// The value of query parameter `name` in `url` (empty when absent).
pub fn query_param(url: &url::Url, name: &str) -> String {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}
