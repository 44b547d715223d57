//! The Yandex base URLs, from `YATOKEN_*_URL` or the production defaults, and which hosts are
//! Yandex's.

use std::ffi::OsString;

use url::Url;

use super::ConfigError;

/// The base URLs of every Yandex service YaToken calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// Yandex OAuth on `.com` (English pages); the Redirect URI users register lives here.
    pub oauth: Url,
    /// Yandex OAuth on `.ru` (Russian pages). `YATOKEN_OAUTH_URL` replaces both hosts.
    pub oauth_ru: Url,
    pub login: Url,
    pub direct: Url,
    pub metrika: Url,
    pub courier: Url,
}

const ENDPOINT_VARIABLES: [(&str, &str); 5] = [
    ("YATOKEN_OAUTH_URL", "https://oauth.yandex.com"),
    ("YATOKEN_LOGIN_URL", "https://login.yandex.ru"),
    ("YATOKEN_DIRECT_URL", "https://api.direct.yandex.com"),
    ("YATOKEN_METRIKA_URL", "https://api-metrika.yandex.net"),
    ("YATOKEN_COURIER_URL", "https://courier.yandex.ru"),
];

impl Endpoints {
    /// Reads `YATOKEN_*_URL` from the process environment, with production defaults.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var_os(name))
    }

    /// Reads the variables through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<OsString>) -> Result<Self, ConfigError> {
        let mut urls =
            ENDPOINT_VARIABLES
                .iter()
                .map(|&(variable, default)| match lookup(variable) {
                    None => Ok(Url::parse(default).expect("default endpoint is a valid URL")),
                    Some(value) => parse_base_url(variable, value),
                });
        let mut next = || urls.next().expect("five endpoint variables");
        let oauth = next()?;
        let oauth_ru = match lookup(ENDPOINT_VARIABLES[0].0) {
            Some(_) => oauth.clone(),
            None => Url::parse("https://oauth.yandex.ru/").expect("a valid URL"),
        };
        Ok(Self {
            oauth,
            oauth_ru,
            login: next()?,
            direct: next()?,
            metrika: next()?,
            courier: next()?,
        })
    }

    /// The page Yandex redirects to after sign-in, to be registered as the app's Redirect URI.
    pub fn verification_code_url(&self) -> Url {
        self.oauth
            .join("verification_code")
            .expect("a base URL joins a relative path")
    }

    /// Yandex's page for registering a new OAuth app.
    pub fn create_app_url(&self) -> Url {
        self.oauth
            .join("client/new")
            .expect("a base URL joins a relative path")
    }

    /// Every `verification_code` page a sign-in may end on (`.com` and `.ru`).
    pub fn verification_code_urls(&self) -> Vec<Url> {
        let mut urls = vec![self.verification_code_url()];
        let ru = self
            .oauth_ru
            .join("verification_code")
            .expect("a base URL joins a relative path");
        if !urls.contains(&ru) {
            urls.push(ru);
        }
        urls
    }

    /// The origins of every configured service: what counts as Yandex besides its own domains
    /// (a local fake, in tests).
    pub fn origins(&self) -> Vec<url::Origin> {
        let mut origins: Vec<url::Origin> = Vec::new();
        for url in [
            &self.oauth,
            &self.oauth_ru,
            &self.login,
            &self.direct,
            &self.metrika,
            &self.courier,
        ] {
            if !origins.contains(&url.origin()) {
                origins.push(url.origin());
            }
        }
        origins
    }

    /// Origins allowed over plain http in the login window: only configured loopback fakes.
    pub fn loopback_origins(&self) -> Vec<url::Origin> {
        let mut origins: Vec<url::Origin> = Vec::new();
        for url in [&self.oauth, &self.oauth_ru, &self.login] {
            if url.scheme() == "http" && !origins.contains(&url.origin()) {
                origins.push(url.origin());
            }
        }
        origins
    }
}

/// The domains Yandex signs people in on, with every subdomain (`passport.yandex.ru`,
/// `sso.ya.ru`, `yastatic.net`, `cookier.360.yandex.ru`): what the login window's title calls a
/// Yandex page.
const YANDEX_DOMAINS: [&str; 14] = [
    "yandex.ru",
    "yandex.com",
    "yandex.net",
    "ya.ru",
    "yastatic.net",
    "yandex.by",
    "yandex.kz",
    "yandex.uz",
    "yandex.com.tr",
    "yandex.com.am",
    "yandex.com.ge",
    "yandex.az",
    "yandex.co.il",
    "yandex.tj",
];

/// Whether `host` is one of Yandex's domains or below one.
pub fn is_yandex_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    YANDEX_DOMAINS.iter().any(|domain| {
        host == *domain
            || host
                .strip_suffix(domain)
                .is_some_and(|rest| rest.ends_with('.'))
    })
}

fn parse_base_url(variable: &'static str, value: OsString) -> Result<Url, ConfigError> {
    let fail = |value: String, reason: &str| ConfigError {
        variable,
        value,
        reason: reason.to_string(),
    };
    let value = value
        .into_string()
        .map_err(|raw| fail(raw.to_string_lossy().into_owned(), "not valid UTF-8"))?;
    let url = Url::parse(value.trim()).map_err(|e| fail(value.clone(), &e.to_string()))?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(fail(
                value,
                "plain http is allowed only for 127.0.0.1 or localhost (a local fake); use https",
            ))
        }
        _ => return Err(fail(value, "expected an https:// URL")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(fail(value, "the URL has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(fail(
            value,
            "the URL must not carry a user name or password",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(fail(value, "a base URL has no ?query or #fragment"));
    }
    // A base URL with a path must end in '/' for `Url::join` to keep the path.
    let mut url = url;
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}
