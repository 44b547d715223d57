//! How each API's answers are classified, and what the person is told about each.

use super::*;
use crate::i18n::Language;

fn check(status: Status) -> Check {
    Check::new(Api::Direct, status)
}

fn check_without_context(check: &Check) -> Check {
    Check {
        client: None,
        agency: false,
        ..check.clone()
    }
}

#[test]
fn the_verdict_puts_dead_first_then_unknown_then_no_access() {
    use Status::*;
    assert_eq!(verdict(&[check(Valid)]), Valid);
    assert_eq!(verdict(&[check(Valid), check(NoAccess)]), NoAccess);
    assert_eq!(verdict(&[check(NoAccess), check(Error)]), Error);
    assert_eq!(
        verdict(&[check(Error), check(Invalid), check(Valid)]),
        Invalid
    );
}

#[test]
fn direct_codes_are_classified() {
    assert_eq!(direct_status(53), Status::Invalid);
    for code in [54, 58, 513] {
        assert_eq!(direct_status(code), Status::NoAccess, "{code}");
    }
    for code in [52, 152, 506, 1000, 1001, 1002, 8000] {
        assert_eq!(direct_status(code), Status::Error, "{code}");
    }
}

#[test]
fn metrika_is_classified_by_error_type_not_status() {
    assert_eq!(metrika_status(403, Some("invalid_token")), Status::Invalid);
    assert_eq!(metrika_status(401, Some("unauthorized")), Status::Invalid);
    assert_eq!(metrika_status(403, Some("access_denied")), Status::NoAccess);
    assert_eq!(
        metrika_status(429, Some("quota_requests_by_uid")),
        Status::Error
    );
    assert_eq!(metrika_status(401, None), Status::Invalid);
    assert_eq!(metrika_status(503, None), Status::Error);
}

#[test]
fn apis_follow_the_rights() {
    let scopes = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        apis_for(&scopes(&[
            "login:info",
            "direct:api",
            "metrika:read",
            "courier:logistician"
        ])),
        vec![Api::Direct, Api::Metrika, Api::Courier]
    );
    assert_eq!(apis_for(&scopes(&["metrika:write"])), vec![Api::Metrika]);
    assert!(apis_for(&scopes(&["login:info"])).is_empty());
}

#[test]
fn every_message_is_translated_and_filled() {
    let cases = [
        Check::new(Api::Identity, Status::Valid).detail("adv"),
        Check::new(Api::Identity, Status::Invalid).code(401),
        Check::new(Api::Identity, Status::Error)
            .code("timeout")
            .detail("t"),
        Check::new(Api::Direct, Status::Valid),
        Check::new(Api::Direct, Status::Valid).detail("63990/64000"),
        Check::new(Api::Direct, Status::Invalid).code(53),
        Check::new(Api::Direct, Status::NoAccess).code(513),
        Check::new(Api::Direct, Status::NoAccess).code(58),
        Check::new(Api::Direct, Status::NoAccess).code(54),
        Check::new(Api::Direct, Status::NoAccess)
            .code(3000)
            .detail("No API access"),
        Check::new(Api::Direct, Status::Error)
            .code(152)
            .detail("Not enough units"),
        Check::new(Api::Direct, Status::Error)
            .code("timeout")
            .detail("t"),
        Check::new(Api::Metrika, Status::Valid).detail("2"),
        Check::new(Api::Metrika, Status::Invalid).code("invalid_token"),
        Check::new(Api::Metrika, Status::NoAccess).code("access_denied"),
        Check::new(Api::Metrika, Status::Error).code("quota_requests_by_uid"),
        Check::new(Api::Courier, Status::Valid),
        Check::new(Api::Courier, Status::Invalid).code(401),
        Check::new(Api::Courier, Status::NoAccess).code(403),
        Check::new(Api::Courier, Status::Error)
            .code("http-502")
            .detail("HTTP 502"),
        Check::new(Api::Identity, Status::Error)
            .code("timeout")
            .detail("t"),
        Check::new(Api::Direct, Status::Error)
            .code("network")
            .detail("refused"),
        Check::new(Api::Metrika, Status::Error)
            .code("timeout")
            .detail("t"),
        Check::new(Api::Courier, Status::Error)
            .code("timeout")
            .detail("t"),
    ];
    for check in cases {
        for language in Language::ALL {
            let message = check.message(language);
            assert!(!message.starts_with("check."), "untranslated: {message}");
            assert!(!message.contains('{'), "unfilled: {message}");
        }
    }
    let for_client = |status, code: Option<i64>| {
        let mut check = Check::new(Api::Direct, status).detail("63990/64000");
        check.code = code.map(|c| c.to_string());
        check.client = Some("client-zed".into());
        check
    };
    let as_agency = |status, code: i64| {
        let mut check = Check::new(Api::Direct, status).code(code);
        check.agency = true;
        check
    };
    for language in Language::ALL {
        for check in [
            for_client(Status::Valid, None),
            for_client(Status::NoAccess, Some(54)),
            for_client(Status::NoAccess, Some(513)),
        ] {
            let message = check.message(language);
            assert!(message.contains("client-zed"), "{message}");
            assert!(!message.contains('{'), "unfilled: {message}");
        }
        for check in [
            as_agency(Status::NoAccess, 54),
            as_agency(Status::NoAccess, 513),
        ] {
            let message = check.message(language);
            assert_ne!(message, check_without_context(&check).message(language));
        }
    }
    assert!(for_client(Status::NoAccess, Some(54))
        .message(Language::En)
        .contains("not a client of this agency"));
    assert!(for_client(Status::Invalid, Some(53))
        .message(Language::En)
        .contains("error 53"));
    let units = Check::new(Api::Direct, Status::Valid).detail("63990/64000");
    assert!(units.message(Language::En).contains("63990/64000"));
    let no_direct = Check::new(Api::Direct, Status::NoAccess).code(513);
    assert!(no_direct.message(Language::En).contains("513"));
    let dropped = Check::new(Api::Direct, Status::Error)
        .code("network")
        .detail("refused");
    assert!(dropped
        .message(Language::En)
        .starts_with("Direct could not be asked"));
    let slow = Check::new(Api::Metrika, Status::Error)
        .code("timeout")
        .detail("t");
    assert!(slow.message(Language::Ru).contains("вовремя"));
    for api in [Api::Identity, Api::Direct, Api::Metrika, Api::Courier] {
        let proxied = unreachable(
            api,
            HttpError::Proxy {
                proxy: "http://127.0.0.1:9".into(),
                detail: "refused".into(),
            },
        );
        for language in Language::ALL {
            let message = proxied.message(language);
            assert!(message.contains("http://127.0.0.1:9"), "{message}");
            assert!(!message.contains('{'), "unfilled: {message}");
            assert_ne!(
                message,
                Check::new(api, Status::Error).message(language),
                "a proxy's failure reads differently from Yandex's"
            );
        }
    }
}

#[test]
fn too_large_answers_and_implausible_owners_read_as_such_for_every_api() {
    for api in [Api::Identity, Api::Direct, Api::Metrika, Api::Courier] {
        let large = unreachable(api, HttpError::TooLarge { cap: 64 * 1024 });
        assert_eq!(large.code.as_deref(), Some("too_large"));
        for language in Language::ALL {
            let message = large.message(language);
            assert!(message.contains("64 KiB"), "{message}");
            assert!(!message.contains('{'), "unfilled: {message}");
            assert_ne!(message, Check::new(api, Status::Error).message(language));
        }
    }
    let odd = Check::new(Api::Identity, Status::Error)
        .code("implausible")
        .detail("login");
    for language in Language::ALL {
        let message = odd.message(language);
        assert!(message.contains("login"), "{message}");
        assert_ne!(
            message,
            Check::new(Api::Identity, Status::Error).message(language)
        );
    }
}
