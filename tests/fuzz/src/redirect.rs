//! The redirect to `verification_code` (`oauth::parse_redirect`, as the login window reads it)
//! and any address pasted or caught on loopback (`oauth::read_redirect`). The input is the
//! address, and also a reference resolved against the `.com` page (`?code=…`, `#access_token=…`).

use std::sync::OnceLock;

use url::Url;
use yatoken::config::Endpoints;
use yatoken::oauth::{parse_redirect, read_redirect, Redirect, RedirectError};

fn targets() -> &'static [Url] {
    static TARGETS: OnceLock<Vec<Url>> = OnceLock::new();
    TARGETS.get_or_init(|| {
        Endpoints::from_lookup(|_| None)
            .expect("the production endpoints")
            .verification_code_urls()
    })
}

pub(crate) fn prepare() {
    targets();
}

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(url) = Url::parse(text) {
        check(&url);
    }
    if let Ok(url) = targets()[0].join(text) {
        check(&url);
    }
}

fn check(url: &Url) {
    let read = read_redirect(url);
    if let Some(redirect) = &read {
        holds(redirect);
    }
    if let Some(parsed) = parse_redirect(url, targets()) {
        assert_eq!(parsed, read.clone().ok_or(RedirectError), "{url}");
        assert_eq!(url.scheme(), "https", "{url}");
        let host = url.host_str().unwrap_or_default();
        assert!(
            host == "oauth.yandex.com" || host == "oauth.yandex.ru",
            "{url}"
        );
    }
}

/// What any redirect read must be: no empty token, code, error or state; scopes are words.
fn holds(redirect: &Redirect) {
    match redirect {
        Redirect::Token {
            access_token,
            scope,
            ..
        } => {
            assert!(!access_token.expose().is_empty());
            for word in scope.iter().flatten() {
                assert!(!word.is_empty() && !word.contains(char::is_whitespace));
            }
        }
        Redirect::Code { code, .. } => assert!(!code.expose().is_empty()),
        Redirect::Error {
            error, description, ..
        } => {
            assert!(!error.is_empty());
            assert_ne!(description.as_deref(), Some(""));
        }
    }
    assert_ne!(redirect.state(), Some(""));
    // Giving a redirect the state it has changes nothing; any other state replaces it.
    if let Some(state) = redirect.state() {
        assert_eq!(&redirect.clone().with_state(state), redirect);
    }
    let restated = redirect.clone().with_state("s");
    assert_eq!(restated.state(), Some("s"));
    assert_eq!(
        std::mem::discriminant(&restated),
        std::mem::discriminant(redirect)
    );
}
