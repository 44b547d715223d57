//! The environment's proxy variables, read as curl reads them.

use super::{redacted, Proxy, ProxyUrl, Source};
use crate::config::ConfigError;
use crate::i18n::Language;

/// The environment's proxy variables, read once at start.
#[derive(Debug, Clone, Default)]
pub struct ProxyEnv {
    pub(super) http: Option<Proxy>,
    pub(super) https: Option<Proxy>,
    pub(super) all: Option<Proxy>,
    pub(super) no_proxy: Option<String>,
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
