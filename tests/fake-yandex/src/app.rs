//! Registered OAuth apps: what oauth.yandex.com knows about a ClientID.
//!
//! An app is the unit every other rule hangs off: which rights a token may carry, where the
//! redirect goes, whether it may get tokens at all, and whether Direct lets it in. Tests
//! describe apps with [`AppSpec`]; the fake never invents one.

/// An app as registered at oauth.yandex.com, plus the switches other services keep about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppSpec {
    /// The ClientID: 32 lowercase hex characters at Yandex (not enforced here).
    pub client_id: String,
    /// The client secret.
    pub secret: String,
    /// Rights chosen at registration, such as `login:info` or `direct:api`.
    pub scopes: Vec<String>,
    /// Moderation state; anything but `Approved` stops new tokens.
    pub status: AppStatus,
    /// Whether Yandex Direct approved this app's API access (`false` gives Direct error 58).
    pub direct_api_approved: bool,
    /// Registered Redirect URIs; empty means just `<oauth_url>/verification_code`.
    pub redirect_uris: Vec<String>,
    /// Whether a code exchange with a verified PKCE verifier may omit `client_secret`.
    /// UNVERIFIED in Yandex's docs; defaults to `true`.
    pub secretless_pkce: bool,
}

impl AppSpec {
    /// An approved app with these rights, Direct access approved, the default redirect URI and
    /// secret-less PKCE allowed. Change fields with struct update syntax.
    pub fn new(
        client_id: impl Into<String>,
        secret: impl Into<String>,
        scopes: &[&str],
    ) -> AppSpec {
        AppSpec {
            client_id: client_id.into(),
            secret: secret.into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            status: AppStatus::Approved,
            direct_api_approved: true,
            redirect_uris: Vec::new(),
            secretless_pkce: true,
        }
    }

    pub(crate) fn is_approved(&self) -> bool {
        self.status == AppStatus::Approved
    }

    pub(crate) fn default_redirect_uri(&self) -> &str {
        self.redirect_uris.first().map(String::as_str).unwrap_or("")
    }
}

/// Moderation state of an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AppStatus {
    #[default]
    Approved,
    InModeration,
    Blocked,
}

impl AppStatus {
    pub(crate) fn refusal(self) -> &'static str {
        match self {
            AppStatus::Approved => "The application is approved",
            AppStatus::InModeration => "The application is awaiting moderation",
            AppStatus::Blocked => "The application is blocked",
        }
    }
}
