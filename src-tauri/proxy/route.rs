//! Which proxy each request takes, from the setting and the environment (`NO_PROXY` included),
//! as the HTTP client and the login window are given it.

use std::net::IpAddr;
use std::sync::Arc;

use url::{Host, Url};

use super::tag::TagConnectFailures;
use super::{Proxy, ProxyEnv, ProxyUrl, Source};

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
