//! A proxy URL as YaToken accepts it (the setting, the environment), and why one cannot be used.

use std::fmt;

use url::{Host, Url};

/// A proxy URL YaToken can use: http, https, socks5 or socks5h, with a host and a port.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl(pub(super) Url);

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
    pub(super) fn parse_env(text: &str) -> Result<ProxyUrl, ProxyProblem> {
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
    pub(super) fn full(&self) -> &Url {
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
