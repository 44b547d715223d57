//! Start-up configuration as a person meets it: the real binary, a bad variable, a clear message.

mod support;

use std::process::Command;

use yatoken::i18n::Language;

fn start_with(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let home = tempfile::tempdir().unwrap();
    let output = Command::new(support::app_binary())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env_remove("YATOKEN_PROFILE")
        .envs(env.iter().copied())
        .output()
        .expect("run the app binary");
    let created = std::fs::read_dir(home.path()).unwrap().count();
    assert_eq!(created, 0, "a refused start must not create any directory");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_malformed_endpoint_stops_the_app_with_a_message_naming_the_variable() {
    let (code, stderr) = start_with(&[
        ("LC_ALL", "en_US.UTF-8"),
        ("YATOKEN_DIRECT_URL", "api.direct.yandex.com"),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("YATOKEN_DIRECT_URL=api.direct.yandex.com"),
        "{stderr}"
    );
    assert!(stderr.contains("start YaToken again"), "{stderr}");
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let (code, stderr) = start_with(&[
        ("LC_ALL", "en_US.UTF-8"),
        ("YATOKEN_OAUTH_URL", "http://oauth.yandex.com"),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("YATOKEN_OAUTH_URL"), "{stderr}");
    assert!(stderr.contains("https"), "{stderr}");
}

#[test]
fn the_message_follows_a_russian_locale() {
    let (code, stderr) = start_with(&[
        ("LC_ALL", "ru_RU.UTF-8"),
        ("YATOKEN_METRIKA_URL", "ftp://api-metrika.yandex.net"),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    let expected_start = Language::Ru
        .text("error.config")
        .split('{')
        .next()
        .unwrap()
        .to_string();
    assert!(stderr.contains(&expected_start), "{stderr}");
    assert!(stderr.contains("YATOKEN_METRIKA_URL"), "{stderr}");
}

#[test]
fn an_unusable_profile_name_is_refused() {
    let (code, stderr) = start_with(&[("LC_ALL", "C"), ("YATOKEN_PROFILE", "../other")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("YATOKEN_PROFILE"), "{stderr}");
}
