//! The proxy that every call to Yandex and the login window go through, if any.
//!
//! Which proxy, in this order:
//! 1. The profile's proxy setting (Settings, `settings.json`): every request, to every host.
//! 2. Otherwise the environment, read as curl reads it: `HTTPS_PROXY` for https destinations,
//!    `HTTP_PROXY` for http ones, `ALL_PROXY` for either when the specific one is unset (each
//!    upper or lower case); `NO_PROXY` lists hosts reached directly. `localhost` and `127.0.0.1`
//!    are proxied like any other host unless `NO_PROXY` names them.
//! 3. Otherwise nothing is proxied: the desktop's proxy settings are not consulted.
//!
//! The setting refuses a user name or password (there is no safe place for it in a settings
//! file); a proxy URL in the environment may carry them. Either way this module shows a proxy as
//! `scheme://host:port` only: a proxy password is never displayed, logged or put in a message.

use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use url::{Host, Url};

use crate::config::ConfigError;
use crate::i18n::Language;

/// How long a connection (to Yandex, or to the proxy and through it) may take to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A proxy URL YaToken can use: http, https, socks5 or socks5h, with a host and a port.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl(Url);

/// Why a proxy URL cannot be used. Each has a message in both languages (`key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyProblem {
    Unreadable,
    Scheme,
    NoHost,
    NoPort,
    Credentials,
    Path,
}

impl ProxyProblem {
    /// The translation key of the explanation.
    pub fn key(self) -> &'static str {
        match self {
            ProxyProblem::Unreadable => "proxy.problem.unreadable",
            ProxyProblem::Scheme => "proxy.problem.scheme",
            ProxyProblem::NoHost => "proxy.problem.no_host",
            ProxyProblem::NoPort => "proxy.problem.no_port",
            ProxyProblem::Credentials => "proxy.problem.credentials",
            ProxyProblem::Path => "proxy.problem.path",
        }
    }
}

impl ProxyUrl {
    /// The Settings field: `http://host:port`, `https://…`, `socks5://…` or `socks5h://…`, the
    /// scheme and the port written out, and no user name or password.
    pub fn parse_setting(text: &str) -> Result<ProxyUrl, ProxyProblem> {
        let text = text.trim();
        if !text.contains("://") {
            return Err(ProxyProblem::Scheme);
        }
        let url = Self::parse(text)?;
        if !url.0.username().is_empty() || url.0.password().is_some() {
            return Err(ProxyProblem::Credentials);
        }
        if !has_explicit_port(text) {
            return Err(ProxyProblem::NoPort);
        }
        Ok(url)
    }

    /// An environment variable, as curl takes it: `host:port` alone means http, a missing port
    /// is the scheme's own (1080 for SOCKS), and `user:password@` is allowed.
    fn parse_env(text: &str) -> Result<ProxyUrl, ProxyProblem> {
        let text = text.trim();
        if text.contains("://") {
            Self::parse(text)
        } else {
            Self::parse(&format!("http://{text}"))
        }
    }

    fn parse(text: &str) -> Result<ProxyUrl, ProxyProblem> {
        let mut url = Url::parse(text).map_err(|e| match e {
            url::ParseError::EmptyHost => ProxyProblem::NoHost,
            url::ParseError::InvalidPort => ProxyProblem::NoPort,
            _ => ProxyProblem::Unreadable,
        })?;
        if !matches!(url.scheme(), "http" | "https" | "socks5" | "socks5h") {
            return Err(ProxyProblem::Scheme);
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(ProxyProblem::NoHost);
        }
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err(ProxyProblem::Path);
        }
        if url.port_or_known_default().is_none() {
            // SOCKS has no port in the URL standard; 1080 is its registered port.
            let _ = url.set_port(Some(1080));
        }
        Ok(ProxyUrl(url))
    }

    /// `scheme://host:port`: what messages and the window show. Never a user or password.
    pub fn shown(&self) -> String {
        let host = match self.0.host() {
            Some(Host::Ipv6(ip)) => format!("[{ip}]"),
            Some(host) => host.to_string(),
            None => String::new(),
        };
        let port = self.0.port_or_known_default().unwrap_or_default();
        format!("{}://{host}:{port}", self.0.scheme())
    }

    /// The whole URL, credentials included: for the HTTP client only.
    fn full(&self) -> &Url {
        &self.0
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProxyUrl({})", self.shown())
    }
}

/// Whether `text` (which has a scheme) spells out a port: `url` drops `:80` from http URLs.
fn has_explicit_port(text: &str) -> bool {
    let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    host_port.rsplit_once(':').is_some_and(|(host, port)| {
        !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !host.ends_with(':')
    })
}

/// Where a proxy in force came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The profile's proxy setting.
    Setting,
    /// This environment variable.
    Variable(&'static str),
}

/// A proxy in force, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    pub url: ProxyUrl,
    pub source: Source,
}

impl Proxy {
    /// `http://host:port`, or `http://host:port (HTTPS_PROXY)` when it came from a variable.
    pub fn described(&self) -> String {
        match self.source {
            Source::Setting => self.url.shown(),
            Source::Variable(name) => format!("{} ({name})", self.url.shown()),
        }
    }
}

/// The environment's proxy variables, read once at start.
#[derive(Debug, Clone, Default)]
pub struct ProxyEnv {
    http: Option<Proxy>,
    https: Option<Proxy>,
    all: Option<Proxy>,
    no_proxy: Option<String>,
}

const HTTP_VARIABLES: [&str; 2] = ["HTTP_PROXY", "http_proxy"];
const HTTPS_VARIABLES: [&str; 2] = ["HTTPS_PROXY", "https_proxy"];
const ALL_VARIABLES: [&str; 2] = ["ALL_PROXY", "all_proxy"];
const NO_PROXY_VARIABLES: [&str; 2] = ["NO_PROXY", "no_proxy"];

impl ProxyEnv {
    /// No proxy variables at all.
    pub fn none() -> Self {
        Self::default()
    }

    /// Reads the process environment. A value that cannot be used stops YaToken at start, as
    /// any other configuration variable does, rather than being skipped (which would send every
    /// request around the proxy).
    pub fn from_process() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `lookup` (the first set and non-empty of each pair).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let first = |names: [&'static str; 2]| {
            names.into_iter().find_map(|name| {
                let value = lookup(name)?;
                (!value.trim().is_empty()).then_some((name, value))
            })
        };
        let proxy = |names| -> Result<Option<Proxy>, ConfigError> {
            let Some((variable, value)) = first(names) else {
                return Ok(None);
            };
            let url = ProxyUrl::parse_env(&value).map_err(|problem| ConfigError {
                variable,
                value: redacted(&value),
                reason: Language::En.text(problem.key()).to_string(),
            })?;
            Ok(Some(Proxy {
                url,
                source: Source::Variable(variable),
            }))
        };
        Ok(Self {
            http: proxy(HTTP_VARIABLES)?,
            https: proxy(HTTPS_VARIABLES)?,
            all: proxy(ALL_VARIABLES)?,
            no_proxy: first(NO_PROXY_VARIABLES).map(|(_, value)| value),
        })
    }

    /// The proxy the environment names for https destinations (for the Settings hint).
    pub fn for_https(&self) -> Option<&Proxy> {
        self.https.as_ref().or(self.all.as_ref())
    }
}

/// A proxy value with any `user:password@` masked, for a message.
pub(crate) fn redacted(value: &str) -> String {
    let (scheme, rest) = value.split_once("://").unwrap_or(("", value));
    match rest.rsplit_once('@') {
        Some((_, host)) if scheme.is_empty() => format!("***@{host}"),
        Some((_, host)) => format!("{scheme}://***@{host}"),
        None => value.to_string(),
    }
}

/// Which proxy each request takes: built from the setting and the environment, and handed to
/// the HTTP client, the login window, and the messages that name the proxy. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Route {
    inner: Arc<RouteInner>,
}

#[derive(Debug, Default)]
struct RouteInner {
    http: Option<Proxy>,
    https: Option<Proxy>,
    /// `NO_PROXY`, lower-cased entries; only with proxies from the environment.
    no_proxy: Vec<String>,
}

impl Route {
    /// Nothing proxied.
    pub fn direct() -> Self {
        Self::default()
    }

    /// The setting when there is one, else the environment, else nothing.
    pub fn new(setting: Option<&ProxyUrl>, env: &ProxyEnv) -> Self {
        let inner = match setting {
            Some(url) => {
                let proxy = Proxy {
                    url: url.clone(),
                    source: Source::Setting,
                };
                RouteInner {
                    http: Some(proxy.clone()),
                    https: Some(proxy),
                    no_proxy: Vec::new(),
                }
            }
            None => RouteInner {
                http: env.http.clone().or_else(|| env.all.clone()),
                https: env.https.clone().or_else(|| env.all.clone()),
                no_proxy: env
                    .no_proxy
                    .iter()
                    .flat_map(|list| list.split([',', ' ']))
                    .map(|entry| entry.trim().to_ascii_lowercase())
                    .filter(|entry| !entry.is_empty())
                    .collect(),
            },
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The proxy a request to `url` goes through, or `None` for a direct connection.
    pub fn proxy_for(&self, url: &Url) -> Option<&Proxy> {
        let proxy = match url.scheme() {
            "http" => self.inner.http.as_ref(),
            "https" => self.inner.https.as_ref(),
            _ => None,
        }?;
        let excluded = url
            .host()
            .is_some_and(|host| self.inner.no_proxy.iter().any(|e| excludes(e, &host)));
        (!excluded).then_some(proxy)
    }

    /// The proxy for the login window, whose first page is `url`, as a web view takes it
    /// (`http://host:port` or `socks5://host:port`; no credentials). The window has one proxy
    /// for every page, so it follows the choice made for its first page.
    pub fn for_window(&self, url: &Url) -> Result<Option<Url>, Proxy> {
        let Some(proxy) = self.proxy_for(url) else {
            return Ok(None);
        };
        let scheme = match proxy.url.0.scheme() {
            "http" => "http",
            "socks5" | "socks5h" => "socks5",
            _ => return Err(proxy.clone()),
        };
        let host_port = proxy
            .url
            .shown()
            .split_once("://")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or_default();
        Url::parse(&format!("{scheme}://{host_port}"))
            .map(Some)
            .map_err(|_| proxy.clone())
    }

    /// Sets the client up to use exactly this route: the implicit environment lookup of the
    /// HTTP library is switched off, and connection failures are tagged so that
    /// `through_proxy` can name the proxy.
    pub fn configure(&self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        let mut builder = builder.no_proxy();
        if self.inner.http.is_some() || self.inner.https.is_some() {
            let route = self.clone();
            builder = builder.proxy(reqwest::Proxy::custom(move |url| {
                route.proxy_for(url).map(|proxy| proxy.url.full().clone())
            }));
        }
        builder.connector_layer(TagConnectFailures {
            route: self.clone(),
        })
    }
}

/// Whether the `NO_PROXY` entry covers `host`: `*`, an address or a network (`10.0.0.0/8`), or
/// a domain with its subdomains (`yandex.ru` and `.yandex.ru` alike).
fn excludes(entry: &str, host: &Host<&str>) -> bool {
    if entry == "*" {
        return true;
    }
    let ip = match host {
        Host::Domain(name) => {
            let name = name.to_ascii_lowercase();
            let domain = entry.strip_prefix('.').unwrap_or(entry);
            return name == domain || name.ends_with(&format!(".{domain}"));
        }
        Host::Ipv4(ip) => IpAddr::V4(*ip),
        Host::Ipv6(ip) => IpAddr::V6(*ip),
    };
    let entry = entry.trim_start_matches('[').replace(']', "");
    let (address, bits) = match entry.split_once('/') {
        Some((address, bits)) => (address, bits.parse::<u32>().ok()),
        None => (entry.as_str(), None),
    };
    let Ok(network) = address.parse::<IpAddr>() else {
        return false;
    };
    match (network, ip) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(n) & mask == u32::from(a) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let bits = bits.unwrap_or(128).min(128);
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Wraps every connection the client opens: a time limit, and on failure a `ConnectFailed`
/// carrying the route, so the error can say which proxy did not answer.
#[derive(Clone)]
struct TagConnectFailures {
    route: Route,
}

impl<S> tower_layer::Layer<S> for TagConnectFailures {
    type Service = Tagged<S>;

    fn layer(&self, inner: S) -> Tagged<S> {
        Tagged {
            inner,
            route: self.route.clone(),
        }
    }
}

#[derive(Clone)]
struct Tagged<S> {
    inner: S,
    route: Route,
}

impl<S, R> tower_service::Service<R> for Tagged<S>
where
    S: tower_service::Service<R, Error = BoxError>,
    S::Future: Send + 'static,
    S::Response: 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        let connecting = self.inner.call(request);
        let route = self.route.clone();
        Box::pin(async move {
            let outcome = match tokio::time::timeout(CONNECT_TIMEOUT, connecting).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Box::new(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "connection timed out",
                )) as BoxError),
            };
            outcome.map_err(|source| Box::new(ConnectFailed { route, source }) as BoxError)
        })
    }
}

/// A connection that could not be opened, with the route it was opened on.
#[derive(Debug)]
pub(crate) struct ConnectFailed {
    route: Route,
    source: BoxError,
}

impl fmt::Display for ConnectFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not connect")
    }
}

impl std::error::Error for ConnectFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// The proxy a failed request went through, when it failed because the connection through it
/// (to the proxy, or the proxy's own to Yandex) could not be opened.
pub(crate) fn through_proxy(error: &reqwest::Error) -> Option<Proxy> {
    let url = error.url()?;
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(failed) = cause.downcast_ref::<ConnectFailed>() {
            return failed.route.proxy_for(url).cloned();
        }
        source = cause.source();
    }
    None
}

/// Whether `cause` is the tag added by this module (left out of error texts).
pub(crate) fn is_tag(cause: &(dyn std::error::Error + 'static)) -> bool {
    cause.is::<ConnectFailed>()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
