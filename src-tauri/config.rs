//! Where YaToken talks to and where it keeps things: the Yandex base URLs (`Endpoints`) and the
//! profile that namespaces the data directories and the keychain service.
//!
//! This is the only module that spells a Yandex host. Everything else receives an `Endpoints`
//! value. A malformed variable is an error naming the variable, never a silent fallback.

use std::ffi::OsString;
use std::path::PathBuf;

use url::Url;

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

/// A configuration value that cannot be used; the app refuses to start with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}={value:?} is not usable: {reason}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub reason: String,
}

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

/// A named, separate set of accounts: its own data directories and keychain service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    name: Option<String>,
}

impl Profile {
    pub fn default_profile() -> Self {
        Self { name: None }
    }

    /// `YATOKEN_PROFILE`, when set and not empty.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_value(std::env::var_os("YATOKEN_PROFILE"))
    }

    pub fn from_value(value: Option<OsString>) -> Result<Self, ConfigError> {
        let Some(value) = value else {
            return Ok(Self::default_profile());
        };
        let fail = |value: String| ConfigError {
            variable: "YATOKEN_PROFILE",
            value,
            reason: "use 1-40 letters, digits, '-' or '_'".to_string(),
        };
        let value = value
            .into_string()
            .map_err(|raw| fail(raw.to_string_lossy().into_owned()))?;
        if value.is_empty() {
            return Ok(Self::default_profile());
        }
        let valid = value.len() <= 40
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(fail(value));
        }
        Ok(Self { name: Some(value) })
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// `yatoken` for the default profile, `yatoken-<name>` otherwise. Used both as the keychain
    /// service and as the name of the data directories.
    pub fn namespace(&self) -> String {
        match &self.name {
            None => "yatoken".to_string(),
            Some(name) => format!("yatoken-{name}"),
        }
    }

    pub fn keychain_service(&self) -> String {
        self.namespace()
    }

    /// The platform's config and data directories for this profile (XDG on Linux).
    pub fn dirs(&self) -> Result<Dirs, ConfigError> {
        let project =
            directories::ProjectDirs::from("", "", &self.namespace()).ok_or_else(|| {
                ConfigError {
                    variable: "HOME",
                    value: String::new(),
                    reason: "no home directory: cannot place YaToken's data".to_string(),
                }
            })?;
        Ok(Dirs {
            config: project.config_dir().to_path_buf(),
            data: project.data_dir().to_path_buf(),
            cache: project.cache_dir().to_path_buf(),
        })
    }
}

/// Directories of one profile. None of them ever holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// Settings.
    pub config: PathBuf,
    /// The account index and the embedded browser's data.
    pub data: PathBuf,
    pub cache: PathBuf,
}

impl Dirs {
    pub fn settings_file(&self) -> PathBuf {
        self.config.join("settings.json")
    }

    /// The account index: metadata only.
    pub fn index_file(&self) -> PathBuf {
        self.data.join("accounts.json")
    }

    /// The audit log: what happened to which account, never a token.
    pub fn audit_file(&self) -> PathBuf {
        self.data.join("audit.jsonl")
    }

    /// Cookies and storage of the main window's web view. Login windows never use it.
    pub fn webview(&self) -> PathBuf {
        self.data.join("webview")
    }
}

#[cfg(test)]
mod tests {
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
}
