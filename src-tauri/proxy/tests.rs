//! The proxy's unit tests: parsing, the environment as curl reads it, routing, messages.

use url::Url;

use super::*;
use crate::i18n::Language;

fn env(vars: &[(&str, &str)]) -> ProxyEnv {
    ProxyEnv::from_lookup(|name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_string())
    })
    .unwrap()
}

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

fn shown(route: &Route, text: &str) -> Option<String> {
    route.proxy_for(&url(text)).map(Proxy::described)
}

#[test]
fn the_setting_takes_http_https_and_socks_urls_with_a_host_and_a_port() {
    for (text, expected) in [
        ("http://proxy.corp:3128", "http://proxy.corp:3128"),
        ("  HTTP://Proxy.Corp:3128/  ", "http://proxy.corp:3128"),
        ("http://proxy.corp:80", "http://proxy.corp:80"),
        ("https://proxy.corp:443", "https://proxy.corp:443"),
        ("socks5://127.0.0.1:1080", "socks5://127.0.0.1:1080"),
        ("socks5h://[::1]:9050", "socks5h://[::1]:9050"),
    ] {
        let parsed = ProxyUrl::parse_setting(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(parsed.shown(), expected, "{text}");
    }
}

#[test]
fn the_setting_refuses_what_it_cannot_use_and_says_why() {
    for (text, problem) in [
        ("proxy.corp:3128", ProxyProblem::Scheme),
        ("ftp://proxy.corp:21", ProxyProblem::Scheme),
        ("socks4://proxy.corp:1080", ProxyProblem::Scheme),
        ("http://proxy.corp", ProxyProblem::NoPort),
        ("socks5://proxy.corp", ProxyProblem::NoPort),
        ("http://proxy.corp:99999", ProxyProblem::NoPort),
        ("http://:3128", ProxyProblem::NoHost),
        (
            "http://user:secret@proxy.corp:3128",
            ProxyProblem::Credentials,
        ),
        ("http://user@proxy.corp:3128", ProxyProblem::Credentials),
        ("http://proxy.corp:3128/path", ProxyProblem::Path),
        ("http://proxy.corp:3128/?x=1", ProxyProblem::Path),
        ("http://proxy corp:3128", ProxyProblem::Unreadable),
    ] {
        assert_eq!(ProxyUrl::parse_setting(text), Err(problem), "{text}");
    }
}

#[test]
fn every_problem_is_explained_in_both_languages() {
    for problem in [
        ProxyProblem::Unreadable,
        ProxyProblem::Scheme,
        ProxyProblem::NoHost,
        ProxyProblem::NoPort,
        ProxyProblem::Credentials,
        ProxyProblem::Path,
    ] {
        for language in Language::ALL {
            assert_ne!(language.text(problem.key()), problem.key(), "{language:?}");
        }
    }
}

#[test]
fn a_proxy_password_is_never_shown() {
    let env = env(&[("HTTPS_PROXY", "http://me:s3cret@proxy.corp:3128")]);
    let route = Route::new(None, &env);
    let proxy = route
        .proxy_for(&url("https://login.yandex.ru/info"))
        .unwrap();
    assert_eq!(proxy.described(), "http://proxy.corp:3128 (HTTPS_PROXY)");
    assert!(!format!("{proxy:?}{route:?}").contains("s3cret"));
    assert_eq!(
        proxy.url.full().password(),
        Some("s3cret"),
        "the client gets it"
    );
    let bad = ProxyEnv::from_lookup(|name| {
        (name == "ALL_PROXY").then(|| "ftp://me:s3cret@proxy.corp:21".to_string())
    })
    .unwrap_err();
    assert_eq!(bad.variable, "ALL_PROXY");
    assert_eq!(bad.value, "ftp://***@proxy.corp:21");
}

#[test]
fn with_neither_nothing_is_proxied() {
    let route = Route::new(None, &env(&[]));
    assert_eq!(shown(&route, "https://oauth.yandex.com/token"), None);
    assert_eq!(shown(&route, "http://127.0.0.1:4100/info"), None);
    assert_eq!(shown(&Route::direct(), "https://oauth.yandex.com/"), None);
}

#[test]
fn the_environment_is_read_as_curl_reads_it() {
    let route = Route::new(
        None,
        &env(&[
            ("https_proxy", "proxy.corp:3128"),
            ("ALL_PROXY", "socks5h://socks.corp"),
        ]),
    );
    assert_eq!(
        shown(&route, "https://oauth.yandex.com/token").as_deref(),
        Some("http://proxy.corp:3128 (https_proxy)")
    );
    assert_eq!(
        shown(&route, "http://127.0.0.1:4100/info").as_deref(),
        Some("socks5h://socks.corp:1080 (ALL_PROXY)"),
        "ALL_PROXY covers what has no proxy of its own, loopback included"
    );
    let only_http = Route::new(None, &env(&[("http_proxy", "http://proxy.corp:8080")]));
    assert_eq!(shown(&only_http, "https://oauth.yandex.com/"), None);
    let upper_first = env(&[
        ("HTTPS_PROXY", "http://upper:1"),
        ("https_proxy", "http://lower:2"),
    ]);
    assert_eq!(
        shown(&Route::new(None, &upper_first), "https://x.ru/").as_deref(),
        Some("http://upper:1 (HTTPS_PROXY)")
    );
    let empty_upper = env(&[("HTTPS_PROXY", ""), ("https_proxy", "http://lower:2")]);
    assert_eq!(
        shown(&Route::new(None, &empty_upper), "https://x.ru/").as_deref(),
        Some("http://lower:2 (https_proxy)")
    );
}

#[test]
fn no_proxy_lists_hosts_reached_directly() {
    let route = Route::new(
        None,
        &env(&[
            ("ALL_PROXY", "http://proxy.corp:3128"),
            ("no_proxy", "yandex.ru, .ya.ru,10.0.0.0/8 ::1,127.0.0.1"),
        ]),
    );
    let direct = |u: &str| shown(&route, u).is_none();
    assert!(direct("https://login.yandex.ru/info"));
    assert!(direct("https://yandex.ru/"));
    assert!(direct("https://sso.ya.ru/"));
    assert!(direct("https://ya.ru/"));
    assert!(direct("https://10.1.2.3/"));
    assert!(direct("http://127.0.0.1:4100/"));
    assert!(direct("http://[::1]:4100/"));
    assert!(!direct("https://oauth.yandex.com/"));
    assert!(!direct("https://notyandex.ru/"));
    assert!(!direct("https://11.0.0.1/"));
    assert!(!direct("http://127.0.0.2/"));
    let all = Route::new(
        None,
        &env(&[("ALL_PROXY", "http://p:1"), ("NO_PROXY", "*")]),
    );
    assert_eq!(shown(&all, "https://oauth.yandex.com/"), None);
}

#[test]
fn the_setting_wins_over_every_variable() {
    let setting = ProxyUrl::parse_setting("socks5://127.0.0.1:1080").unwrap();
    let env = env(&[("HTTPS_PROXY", "http://proxy.corp:3128"), ("NO_PROXY", "*")]);
    let route = Route::new(Some(&setting), &env);
    for u in ["https://oauth.yandex.com/", "http://127.0.0.1:4100/info"] {
        assert_eq!(shown(&route, u).as_deref(), Some("socks5://127.0.0.1:1080"));
    }
}

#[test]
fn the_login_window_gets_an_http_or_socks5_proxy_without_credentials() {
    let page = url("https://oauth.yandex.com/authorize?x=1");
    let window = |vars: &[(&str, &str)]| {
        Route::new(None, &env(vars))
            .for_window(&page)
            .map(|u| u.map(|u| u.to_string()))
    };
    assert_eq!(window(&[]), Ok(None));
    assert_eq!(
        window(&[("HTTPS_PROXY", "http://me:pw@proxy.corp:3128")]),
        Ok(Some("http://proxy.corp:3128/".into()))
    );
    assert_eq!(
        window(&[("ALL_PROXY", "socks5h://socks.corp:9050")]),
        Ok(Some("socks5://socks.corp:9050".into()))
    );
    assert_eq!(
        window(&[
            ("ALL_PROXY", "http://p:1"),
            ("NO_PROXY", "oauth.yandex.com")
        ]),
        Ok(None)
    );
    let https = window(&[("HTTPS_PROXY", "https://proxy.corp:443")]).unwrap_err();
    assert_eq!(https.url.shown(), "https://proxy.corp:443");
}
