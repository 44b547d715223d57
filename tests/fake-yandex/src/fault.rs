//! Scripted failures of the network path: a proxy error page, a request that never ends, a
//! connection that closes without a word, an answer of a gigabyte or one that trickles in
//! forever. They let the app's tests prove it survives what real
//! networks do, without the fake's services knowing about it.

/// One of the fake hosts: the five YaToken calls, and three more that only the sign-in pages
/// pass through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// oauth.yandex.com
    OAuth,
    /// login.yandex.ru
    Login,
    /// api.direct.yandex.com
    Direct,
    /// api-metrika.yandex.net
    Metrika,
    /// courier.yandex.ru
    Courier,
    /// passport.yandex.ru: the hops of a sign-in and the captcha.
    Passport,
    /// sso.passport.yandex.ru: the cookie sync between Yandex's domains.
    Sso,
    /// A social network a Yandex account can be linked to (VK, say), on its own origin.
    Social,
}

impl Service {
    pub(crate) const ALL: [Service; 8] = [
        Service::OAuth,
        Service::Login,
        Service::Direct,
        Service::Metrika,
        Service::Courier,
        Service::Passport,
        Service::Sso,
        Service::Social,
    ];

    /// The variable that points YaToken at this service, for the five it calls itself.
    pub(crate) fn env_var(self) -> Option<&'static str> {
        match self {
            Service::OAuth => Some("YATOKEN_OAUTH_URL"),
            Service::Login => Some("YATOKEN_LOGIN_URL"),
            Service::Direct => Some("YATOKEN_DIRECT_URL"),
            Service::Metrika => Some("YATOKEN_METRIKA_URL"),
            Service::Courier => Some("YATOKEN_COURIER_URL"),
            Service::Passport | Service::Sso | Service::Social => None,
        }
    }
}

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer with this HTTP status and a short HTML body, as a front proxy (nginx) would.
    Status(u16),
    /// Never answer; the request is held until the fake is dropped.
    Hang,
    /// Close the TCP connection without sending any response.
    Drop,
    /// Do what the request asks (a revoke takes effect, a token is issued), then close the
    /// connection without sending the answer: the caller cannot tell whether it happened.
    LoseAnswer,
    /// Answer 200 with a JSON body of `bytes` bytes (`{"padding":"aaa…"}`), made up as it is
    /// sent, never held in memory; `u64::MAX` is endless in practice. `announced` sends its
    /// `Content-Length`; otherwise it is chunked, its length unknown until it ends.
    Oversized { bytes: u64, announced: bool },
    /// Answer 200 and then trickle the body in, one byte per this long, forever.
    Trickle(std::time::Duration),
}

/// A failure applied to requests on `service` whose path starts with `path_prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub service: Service,
    pub path_prefix: String,
    pub kind: FaultKind,
    /// How many requests it hits; `None` means until [`crate::FakeYandex::clear_faults`].
    pub times: Option<u32>,
}

impl Fault {
    /// A fault on every matching request until cleared.
    pub fn new(service: Service, path_prefix: impl Into<String>, kind: FaultKind) -> Fault {
        Fault {
            service,
            path_prefix: path_prefix.into(),
            kind,
            times: None,
        }
    }

    /// The same fault, limited to the next `times` matching requests.
    pub fn times(self, times: u32) -> Fault {
        Fault {
            times: Some(times),
            ..self
        }
    }

    fn matches(&self, service: Service, path: &str) -> bool {
        self.service == service && path.starts_with(&self.path_prefix) && self.times != Some(0)
    }
}

/// Active faults, first match wins.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    faults: Vec<Fault>,
}

impl Faults {
    pub fn add(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    pub fn clear(&mut self) {
        self.faults.clear();
    }

    /// The fault this request meets, if any, counting it against the fault's `times`.
    pub fn take(&mut self, service: Service, path: &str) -> Option<FaultKind> {
        let index = self.faults.iter().position(|f| f.matches(service, path))?;
        let fault = &mut self.faults[index];
        let kind = fault.kind;
        if let Some(times) = &mut fault.times {
            *times -= 1;
            if *times == 0 {
                self.faults.remove(index);
            }
        }
        Some(kind)
    }
}

/// The body a front proxy sends with an error status.
pub(crate) fn proxy_page(status: u16, reason: &str) -> String {
    format!(
        "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_faults_run_out() {
        let mut faults = Faults::default();
        faults.add(Fault::new(Service::OAuth, "/token", FaultKind::Status(503)).times(2));
        assert_eq!(faults.take(Service::Login, "/token"), None);
        assert_eq!(faults.take(Service::OAuth, "/authorize"), None);
        assert_eq!(
            faults.take(Service::OAuth, "/token"),
            Some(FaultKind::Status(503))
        );
        assert_eq!(
            faults.take(Service::OAuth, "/token"),
            Some(FaultKind::Status(503))
        );
        assert_eq!(faults.take(Service::OAuth, "/token"), None);
    }
}
