//! The preferences a person sets in the window (language, proxy, how long a copied token stays
//! on the clipboard) and what the window is told about this installation.

use crate::app::YaToken;
use crate::domain::testing::TESTS_AT_ONCE;
use crate::domain::tokens::REFRESH_WITHIN_DAYS;
use crate::domain::views::{AppInfo, Limits};
use crate::error::Error;
use crate::i18n::Language;
use crate::proxy::ProxyUrl;

pub fn info(cx: &YaToken) -> AppInfo {
    let settings = cx.settings();
    let chosen_language = settings.language;
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        profile: cx.profile().name().map(str::to_string),
        language: chosen_language.unwrap_or(cx.system_language()),
        chosen_language,
        system_language: cx.system_language(),
        redirect_uri: cx.endpoints().verification_code_url().to_string(),
        create_app_url: cx.endpoints().create_app_url().to_string(),
        keychain_service: cx.keychain().service().to_string(),
        keychain_kind: keychain_kind(),
        data_dir: cx.dirs().data.display().to_string(),
        clipboard_clear_seconds: settings.clipboard_clear_seconds(),
        proxy: settings.proxy().map(|p| p.shown()),
        environment_proxy: cx.proxy_env().for_https().map(|p| p.described()),
        limits: Limits {
            tests_at_once: TESTS_AT_ONCE,
            requests_per_host: cx.requests_per_host(),
            refresh_within_days: REFRESH_WITHIN_DAYS,
        },
    }
}

/// Remembers the language chosen in the window; `None` goes back to following the system.
pub fn set_language(cx: &YaToken, language: Option<Language>) -> Result<Language, Error> {
    let settings = cx.update_settings(|s| s.language = language)?;
    // Direct's error texts follow the language.
    cx.reroute();
    Ok(settings.language_or(cx.system_language()))
}

/// Seconds until a copied token is cleared (0 = never; at most a day).
pub fn set_clipboard_clear_seconds(cx: &YaToken, seconds: u32) -> Result<(), Error> {
    cx.update_settings(|s| s.clipboard_clear_seconds = Some(seconds.min(24 * 3600)))?;
    Ok(())
}

/// Sets the proxy for every call to Yandex and the login window (`None` or blank: the
/// environment's, else none). Takes effect for the next request.
pub fn set_proxy(cx: &YaToken, text: Option<&str>) -> Result<(), Error> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    let proxy = text
        .map(|text| {
            ProxyUrl::parse_setting(text).map_err(|problem| Error::InvalidProxy {
                value: crate::proxy::redacted(text),
                problem,
            })
        })
        .transpose()?;
    cx.update_settings(|s| s.proxy = proxy.map(|p| p.shown()))?;
    cx.reroute();
    Ok(())
}

/// The proxy for a login window opening on `url`, as the web view takes it.
pub fn window_proxy(cx: &YaToken, url: &url::Url) -> Result<Option<url::Url>, Error> {
    cx.route()
        .for_window(url)
        .map_err(|proxy| Error::ProxyNotForWindow {
            proxy: proxy.described(),
        })
}

fn keychain_kind() -> &'static str {
    if cfg!(target_os = "macos") {
        "macos"
    } else if cfg!(windows) {
        "windows"
    } else {
        "secret-service"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::for_tests as yatoken;
    use crate::proxy::ProxyEnv;

    #[test]
    fn language_follows_the_system_until_chosen_and_the_choice_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let app = yatoken(dir.path(), Language::Ru);
        assert_eq!(app.language(), Language::Ru);
        assert_eq!(
            set_language(&app, Some(Language::En)).unwrap(),
            Language::En
        );
        drop(app);
        let restarted = yatoken(dir.path(), Language::Ru);
        assert_eq!(restarted.language(), Language::En);
        assert_eq!(set_language(&restarted, None).unwrap(), Language::Ru);
    }

    #[test]
    fn info_names_the_profile_service_and_redirect_uri() {
        let dir = tempfile::tempdir().unwrap();
        let info = info(&yatoken(dir.path(), Language::En));
        assert_eq!(info.profile.as_deref(), Some("unit"));
        assert_eq!(info.keychain_service, "yatoken-unit");
        assert_eq!(
            info.redirect_uri,
            "https://oauth.yandex.com/verification_code"
        );
    }

    #[test]
    fn a_failed_save_keeps_the_previous_language() {
        let dir = tempfile::tempdir().unwrap();
        let app = yatoken(dir.path(), Language::En);
        // A file where the config directory should be makes every save fail.
        std::fs::write(dir.path().join("config"), b"").unwrap();
        let error = set_language(&app, Some(Language::Ru)).unwrap_err();
        assert_eq!(error.kind(), "storage");
        assert_eq!(app.language(), Language::En);
    }

    #[test]
    fn a_proxy_setting_takes_effect_at_once_survives_a_restart_and_wins_over_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let yandex = url::Url::parse("https://oauth.yandex.com/token").unwrap();
        let env = ProxyEnv::from_lookup(|name| {
            (name == "HTTPS_PROXY").then(|| "http://proxy.corp:3128".to_string())
        })
        .unwrap();
        let app = yatoken(dir.path(), Language::En).with_proxy_env(env.clone());
        let through = |app: &YaToken| app.route().proxy_for(&yandex).map(|p| p.described());
        assert_eq!(
            through(&app).as_deref(),
            Some("http://proxy.corp:3128 (HTTPS_PROXY)")
        );
        assert_eq!(
            info(&app).environment_proxy.as_deref(),
            Some("http://proxy.corp:3128 (HTTPS_PROXY)")
        );

        set_proxy(&app, Some(" socks5://127.0.0.1:1080 ")).unwrap();
        assert_eq!(through(&app).as_deref(), Some("socks5://127.0.0.1:1080"));
        assert_eq!(info(&app).proxy.as_deref(), Some("socks5://127.0.0.1:1080"));
        drop(app);
        let restarted = yatoken(dir.path(), Language::En).with_proxy_env(env);
        assert_eq!(
            through(&restarted).as_deref(),
            Some("socks5://127.0.0.1:1080")
        );

        let refused = set_proxy(&restarted, Some("http://me:s3cret@proxy.corp:3128")).unwrap_err();
        assert_eq!(refused.kind(), "invalid_proxy");
        for language in Language::ALL {
            assert!(!refused.message(language).contains("s3cret"));
        }
        assert_eq!(
            through(&restarted).as_deref(),
            Some("socks5://127.0.0.1:1080")
        );

        set_proxy(&restarted, Some("")).unwrap();
        assert_eq!(
            through(&restarted).as_deref(),
            Some("http://proxy.corp:3128 (HTTPS_PROXY)"),
            "no setting: the environment's again"
        );
        assert_eq!(
            through(&yatoken(dir.path(), Language::En)).as_deref(),
            None,
            "no setting and no variables: no proxy"
        );
    }
}
