//! Every error has a message in both languages, and OAuth codes are read by what was asked.

use super::*;
use crate::accounts::StoreError;
use crate::oauth::OAuthError;

fn all_errors() -> Vec<Error> {
    vec![
        Error::from(KeychainError::Unavailable("no bus".into())),
        Error::from(KeychainError::Locked("locked".into())),
        Error::from(KeychainError::Timeout(std::time::Duration::from_secs(3))),
        Error::from(KeychainError::Failed("x".into())),
        Error::storage(
            std::path::Path::new("/tmp/x"),
            std::io::Error::other("disk full"),
        ),
        Error::from(StoreError::IndexDamaged {
            path: "/tmp/accounts.json".into(),
            reason: "bad json".into(),
        }),
        Error::from(StoreError::InvalidClientId {
            value: "abc".into(),
        }),
        Error::from(StoreError::AppExists {
            name: "Direct".into(),
        }),
        Error::from(StoreError::AppNotFound),
        Error::from(StoreError::AppInUse {
            name: "Direct".into(),
            logins: vec!["a".into(), "b".into()],
        }),
        Error::from(StoreError::AccountNotFound),
        Error::from(StoreError::TokenMissing),
        Error::SignInInProgress,
        Error::SignInCancelled,
        Error::AccessDenied,
        Error::AppNotApproved,
        Error::StateMismatch,
        Error::RedirectUnreadable,
        Error::SignInRefused { code: "x".into() },
        Error::CodeExpired,
        Error::WrongClientSecret,
        Error::SecretNeeded,
        Error::OAuthRefused { code: "x".into() },
        Error::TokenRejected,
        Error::InfoUnavailable {
            detail: "503".into(),
        },
        Error::Network(HttpError::Timeout),
        Error::Network(HttpError::Network("refused".into())),
        Error::NothingPending,
        Error::Clipboard(ClipboardError::Empty),
        Error::Clipboard(ClipboardError::Unavailable("no display".into())),
        Error::WindowFailed { detail: "x".into() },
        Error::RevokeNeedsSecret { app: "A".into() },
        Error::NotRevocable,
        Error::RevokeOtherApp,
        Error::NoRefreshToken,
        Error::RefreshNeedsSecret { app: "A".into() },
        Error::DeviceNeedsSecret { app: "A".into() },
        Error::DeviceCodeExpired,
        Error::PastedUnreadable,
        Error::LoopbackBusy { port: 8765 },
        Error::BrowserSignInTimedOut,
        Error::InvalidRedirectUri { value: "x".into() },
        Error::RefreshRefused,
        Error::UnknownAccount {
            reference: "x".into(),
        },
        Error::AmbiguousAccount {
            login: "a".into(),
            ids: vec!["1".into(), "2".into()],
        },
        Error::TokenForOtherApp {
            expected: "a".into(),
            actual: "b".into(),
        },
        Error::InvalidLogin {
            value: "a b".into(),
        },
        Error::NotAgency { login: "a".into() },
        Error::NoActiveClient { login: "a".into() },
        Error::ClientListRefused {
            code: "1000".into(),
            detail: "Server error".into(),
        },
        Error::Network(HttpError::Proxy {
            proxy: "http://127.0.0.1:9".into(),
            detail: "tcp connect error".into(),
        }),
        Error::InvalidProxy {
            value: "ftp://proxy:21".into(),
            problem: ProxyProblem::Scheme,
        },
        Error::ProxyNotForWindow {
            proxy: "https://proxy:443".into(),
        },
        Error::Network(HttpError::TooLarge { cap: 64 * 1024 }),
        Error::ImplausibleAccount {
            field: "login".into(),
        },
        Error::ClientListStuck { offset: 10_000 },
        Error::ClientListEndless {
            pages: 100,
            clients: 1_000_000,
        },
    ]
}

#[test]
fn every_kind_has_a_message_in_both_languages() {
    for error in all_errors() {
        for language in Language::ALL {
            let key = format!("error.{}", error.kind());
            assert_ne!(language.text(&key), key, "{key} missing for {language:?}");
            let message = error.message(language);
            assert!(!message.contains('{'), "{key}: {message}");
        }
    }
}

#[test]
fn proxy_errors_name_the_proxy_and_say_why_in_each_language() {
    let down = Error::Network(HttpError::Proxy {
        proxy: "http://127.0.0.1:9 (HTTPS_PROXY)".into(),
        detail: "tcp connect error".into(),
    });
    for language in Language::ALL {
        let message = down.message(language);
        assert!(
            message.contains("http://127.0.0.1:9 (HTTPS_PROXY)"),
            "{message}"
        );
    }
    let invalid = Error::InvalidProxy {
        value: "proxy:3128".into(),
        problem: ProxyProblem::Scheme,
    };
    assert!(invalid.message(Language::En).contains("http://"));
    assert!(invalid.message(Language::Ru).contains("http://"));
    assert_ne!(invalid.message(Language::En), invalid.message(Language::Ru));
}

#[test]
fn hostile_answers_are_named_with_their_limit_and_say_nothing_was_saved() {
    let too_large = Error::Network(HttpError::TooLarge { cap: 64 * 1024 });
    let stuck = Error::ClientListStuck { offset: 20_000 };
    for language in Language::ALL {
        let message = too_large.message(language);
        assert!(message.contains("64 KiB"), "{message}");
        assert!(stuck.message(language).contains("20000"));
    }
    assert!(too_large
        .message(Language::En)
        .contains("Nothing was saved"));
    let odd = Error::from(crate::yandex::InfoError::Implausible { field: "login" });
    assert_eq!(odd.kind(), "implausible_account");
    let endless = crate::yandex::direct::ListError::Endless {
        pages: 100,
        clients: 5,
    };
    assert_eq!(Error::from(endless).kind(), "client_list_endless");
}

#[test]
fn app_in_use_names_the_logins() {
    let error = Error::from(StoreError::AppInUse {
        name: "Direct".into(),
        logins: vec!["client-a".into(), "client-b".into()],
    });
    let message = error.message(Language::En);
    assert!(message.contains("client-a, client-b"), "{message}");
}

#[test]
fn oauth_codes_become_actionable_errors_by_what_was_asked() {
    let refused = |code: &str| OAuthError::Refused {
        code: code.into(),
        description: None,
        status: 400,
    };
    let kind = |step, code| Error::from_oauth(step, refused(code)).kind();
    for step in [OAuthStep::SignIn, OAuthStep::Refresh, OAuthStep::Revoke] {
        assert_eq!(kind(step, "invalid_client"), "wrong_client_secret");
        assert_eq!(kind(step, "unauthorized_client"), "app_not_approved");
        assert_eq!(kind(step, "invalid_scope"), "oauth_refused");
    }
    assert_eq!(kind(OAuthStep::SignIn, "invalid_grant"), "code_expired");
    assert_eq!(
        kind(OAuthStep::SignIn, "bad_verification_code"),
        "code_expired"
    );
    assert_eq!(kind(OAuthStep::Refresh, "invalid_grant"), "refresh_refused");
    assert_eq!(kind(OAuthStep::Revoke, "invalid_grant"), "revoke_other_app");
    assert_eq!(
        kind(OAuthStep::Revoke, "unsupported_token_type"),
        "not_revocable"
    );
    assert_eq!(
        kind(OAuthStep::SignIn, "unsupported_token_type"),
        "oauth_refused"
    );
}
