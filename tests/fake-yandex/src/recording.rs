//! The log of every request the fake received, so tests can assert what the app sent: which
//! header scheme, whether a token ever went into a URL, which cookies a sign-in carried; and
//! how many requests it handled at once, in all and per service.

use crate::fault::Service;
use crate::FakeYandex;

/// One request as received, before latency or faults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub service: Service,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// Header names are lowercase; repeated headers appear repeatedly.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RecordedRequest {
    pub(crate) fn new(
        service: Service,
        parts: &http::request::Parts,
        body: &[u8],
    ) -> RecordedRequest {
        RecordedRequest {
            service,
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().map(str::to_string),
            headers: parts
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_ascii_lowercase(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    /// The first header with this name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as `application/x-www-form-urlencoded`.
    pub fn form(&self) -> Vec<(String, String)> {
        pairs(&self.body)
    }

    /// The query string parsed into pairs.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query.as_deref().map(pairs).unwrap_or_default()
    }

    /// A cookie's value from the `Cookie` header(s).
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == "cookie")
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }
}

fn pairs(encoded: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(encoded.as_bytes())
        .into_owned()
        .collect()
}

/// What the fake saw.
impl FakeYandex {
    /// Every request seen so far, in arrival order, on every service.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.world().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.shared.world().requests.clear();
    }

    /// The most requests handled at once (all services) since start or the last reset.
    pub fn peak_in_flight(&self) -> usize {
        self.shared.peak()
    }

    /// The most requests to `service` handled at once since start or the last reset.
    pub fn peak_in_flight_of(&self, service: Service) -> usize {
        self.shared.peak_of(service)
    }

    /// Every peak, of all services and of each, back to what is in flight now.
    pub fn reset_peak_in_flight(&self) {
        self.shared.reset_peak();
    }
}
