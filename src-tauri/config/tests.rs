//! The configuration's unit tests.

use std::ffi::OsString;

use super::*;

fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.into())
}

#[test]
fn endpoints_default_to_production_yandex() {
    let endpoints = Endpoints::from_lookup(|_| None).unwrap();
    assert_eq!(endpoints.oauth.as_str(), "https://oauth.yandex.com/");
    assert_eq!(endpoints.login.as_str(), "https://login.yandex.ru/");
    assert_eq!(endpoints.direct.as_str(), "https://api.direct.yandex.com/");
    assert_eq!(
        endpoints.metrika.as_str(),
        "https://api-metrika.yandex.net/"
    );
    assert_eq!(endpoints.courier.as_str(), "https://courier.yandex.ru/");
    assert_eq!(
        endpoints.verification_code_url().as_str(),
        "https://oauth.yandex.com/verification_code"
    );
    assert_eq!(endpoints.oauth_ru.as_str(), "https://oauth.yandex.ru/");
    assert_eq!(endpoints.verification_code_urls().len(), 2);
    assert!(endpoints.loopback_origins().is_empty());
}

#[test]
fn endpoints_follow_the_environment() {
    let endpoints = Endpoints::from_lookup(lookup(&[
        ("YATOKEN_OAUTH_URL", "http://127.0.0.1:4100"),
        (
            "YATOKEN_DIRECT_URL",
            "https://api-sandbox.direct.yandex.com",
        ),
    ]))
    .unwrap();
    assert_eq!(endpoints.oauth.as_str(), "http://127.0.0.1:4100/");
    assert_eq!(
        endpoints.oauth_ru, endpoints.oauth,
        "one override for both hosts"
    );
    assert_eq!(endpoints.verification_code_urls().len(), 1);
    assert_eq!(endpoints.loopback_origins(), vec![endpoints.oauth.origin()]);
    assert_eq!(
        endpoints.verification_code_url().as_str(),
        "http://127.0.0.1:4100/verification_code"
    );
    assert_eq!(
        endpoints.direct.host_str(),
        Some("api-sandbox.direct.yandex.com")
    );
    assert_eq!(endpoints.login.host_str(), Some("login.yandex.ru"));
}

#[test]
fn a_base_path_is_kept_when_joining() {
    let endpoints = Endpoints::from_lookup(lookup(&[(
        "YATOKEN_OAUTH_URL",
        "https://proxy.example/oauth",
    )]))
    .unwrap();
    assert_eq!(
        endpoints.verification_code_url().as_str(),
        "https://proxy.example/oauth/verification_code"
    );
}

#[test]
fn malformed_endpoint_names_its_variable() {
    for (variable, value) in [
        ("YATOKEN_LOGIN_URL", "not a url"),
        ("YATOKEN_METRIKA_URL", "http://api-metrika.yandex.net"),
        ("YATOKEN_COURIER_URL", "ftp://courier.yandex.ru"),
        ("YATOKEN_OAUTH_URL", "https://oauth.yandex.com/?x=1"),
        (
            "YATOKEN_DIRECT_URL",
            "https://user:pw@api.direct.yandex.com",
        ),
    ] {
        let error = Endpoints::from_lookup(lookup(&[(variable, value)])).unwrap_err();
        assert_eq!(error.variable, variable);
        assert_eq!(error.value, value);
        assert!(error.to_string().starts_with(variable), "{error}");
    }
}

#[test]
fn profile_namespaces_the_keychain_service() {
    assert_eq!(
        Profile::from_value(None).unwrap().keychain_service(),
        "yatoken"
    );
    assert_eq!(
        Profile::from_value(Some("".into()))
            .unwrap()
            .keychain_service(),
        "yatoken"
    );
    assert_eq!(
        Profile::from_value(Some("agency-7".into()))
            .unwrap()
            .keychain_service(),
        "yatoken-agency-7"
    );
    let error = Profile::from_value(Some("../evil".into())).unwrap_err();
    assert_eq!(error.variable, "YATOKEN_PROFILE");
}

#[test]
fn profile_directories_carry_the_namespace() {
    let dirs = Profile::from_value(Some("work".into()))
        .unwrap()
        .dirs()
        .unwrap();
    for dir in [&dirs.config, &dirs.data, &dirs.cache] {
        assert!(dir.ends_with("yatoken-work"), "{}", dir.display());
    }
    assert!(dirs.settings_file().starts_with(&dirs.config));
}
