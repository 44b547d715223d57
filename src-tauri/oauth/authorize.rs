//! The URL that opens Yandex's sign-in and consent page.

use url::Url;

/// How the token comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// `response_type=token`: the token arrives in the redirect's fragment. No secret needed.
    Token,
    /// `response_type=code` with PKCE S256: a code in the query, exchanged at `/token`.
    CodePkce,
}

/// Everything `/authorize` is given. None of it is secret: the state and the PKCE challenge are
/// meant to travel in the URL.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    pub client_id: String,
    pub flow: Flow,
    pub redirect_uri: Url,
    pub device_id: String,
    pub device_name: String,
    pub state: String,
    pub login_hint: Option<String>,
    /// Only when the user narrowed the app's rights; `None` asks for all registered rights.
    pub scope: Option<Vec<String>>,
    pub code_challenge: Option<String>,
}

impl AuthorizeRequest {
    pub fn url(&self, oauth_base: &Url) -> Url {
        let mut url = oauth_base
            .join("authorize")
            .expect("a base URL joins a relative path");
        {
            let mut query = url.query_pairs_mut();
            query.append_pair(
                "response_type",
                match self.flow {
                    Flow::Token => "token",
                    Flow::CodePkce => "code",
                },
            );
            query.append_pair("client_id", &self.client_id);
            query.append_pair("redirect_uri", self.redirect_uri.as_str());
            query.append_pair("device_id", &self.device_id);
            query.append_pair("device_name", &self.device_name);
            query.append_pair("force_confirm", "yes");
            query.append_pair("state", &self.state);
            if let Some(hint) = self.login_hint.as_deref().filter(|h| !h.trim().is_empty()) {
                query.append_pair("login_hint", hint.trim());
            }
            if let Some(scope) = self.scope.as_ref().filter(|s| !s.is_empty()) {
                query.append_pair("scope", &scope.join(" "));
            }
            if let (Flow::CodePkce, Some(challenge)) = (self.flow, &self.code_challenge) {
                query.append_pair("code_challenge", challenge);
                query.append_pair("code_challenge_method", super::Pkce::METHOD);
            }
        }
        url
    }
}

/// "YaToken on <host>", cut to Yandex's 100-character limit.
pub fn device_name(host: &str) -> String {
    let name = format!("YaToken on {}", host.trim());
    name.chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(flow: Flow) -> AuthorizeRequest {
        AuthorizeRequest {
            client_id: "0123456789abcdef0123456789abcdef".into(),
            flow,
            redirect_uri: Url::parse("https://oauth.yandex.com/verification_code").unwrap(),
            device_id: "yatoken-device-1".into(),
            device_name: device_name("laptop"),
            state: "s-123".into(),
            login_hint: Some(" client-a ".into()),
            scope: Some(vec!["direct:api".into(), "metrika:read".into()]),
            code_challenge: Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into()),
        }
    }

    fn pairs(url: &Url) -> Vec<(String, String)> {
        url.query_pairs().into_owned().collect()
    }

    fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn token_flow_url_carries_device_state_hint_and_scope() {
        let base = Url::parse("https://oauth.yandex.com/").unwrap();
        let url = request(Flow::Token).url(&base);
        assert_eq!(url.path(), "/authorize");
        let p = pairs(&url);
        assert_eq!(get(&p, "response_type"), Some("token"));
        assert_eq!(get(&p, "device_id"), Some("yatoken-device-1"));
        assert_eq!(get(&p, "device_name"), Some("YaToken on laptop"));
        assert_eq!(get(&p, "force_confirm"), Some("yes"));
        assert_eq!(get(&p, "state"), Some("s-123"));
        assert_eq!(get(&p, "login_hint"), Some("client-a"));
        assert_eq!(get(&p, "scope"), Some("direct:api metrika:read"));
        assert_eq!(
            get(&p, "redirect_uri"),
            Some("https://oauth.yandex.com/verification_code")
        );
        assert_eq!(
            get(&p, "code_challenge"),
            None,
            "PKCE only with response_type=code"
        );
    }

    #[test]
    fn code_flow_url_carries_the_s256_challenge() {
        let base = Url::parse("http://127.0.0.1:4100/").unwrap();
        let p = pairs(&request(Flow::CodePkce).url(&base));
        assert_eq!(get(&p, "response_type"), Some("code"));
        assert_eq!(
            get(&p, "code_challenge"),
            Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        );
        assert_eq!(get(&p, "code_challenge_method"), Some("S256"));
    }

    #[test]
    fn empty_hint_and_unnarrowed_scope_are_left_out() {
        let mut r = request(Flow::Token);
        r.login_hint = Some("  ".into());
        r.scope = None;
        let p = pairs(&r.url(&Url::parse("https://oauth.yandex.ru/").unwrap()));
        assert_eq!(get(&p, "login_hint"), None);
        assert_eq!(get(&p, "scope"), None);
    }

    #[test]
    fn every_value_is_encoded_and_comes_back_intact() {
        let mut r = request(Flow::CodePkce);
        r.login_hint = Some("ivan+ads@yandex.ru".into());
        r.state = "a b&c=d/é".into();
        r.device_name = device_name("Рабочий ноутбук #1");
        let url = r.url(&Url::parse("https://oauth.yandex.ru/").unwrap());
        let raw = url.query().unwrap();
        assert!(
            !raw.contains(' ') && !raw.contains('é') && !raw.contains('#'),
            "{raw}"
        );
        assert!(raw.contains("login_hint=ivan%2Bads%40yandex.ru"), "{raw}");
        let p = pairs(&url);
        assert_eq!(get(&p, "login_hint"), Some("ivan+ads@yandex.ru"));
        assert_eq!(get(&p, "state"), Some("a b&c=d/é"));
        assert_eq!(
            get(&p, "device_name"),
            Some("YaToken on Рабочий ноутбук #1")
        );
        assert_eq!(url.fragment(), None);
        let keys: Vec<&str> = p.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "response_type",
                "client_id",
                "redirect_uri",
                "device_id",
                "device_name",
                "force_confirm",
                "state",
                "login_hint",
                "scope",
                "code_challenge",
                "code_challenge_method"
            ],
            "each parameter exactly once"
        );
    }

    #[test]
    fn device_name_is_cut_to_100_characters() {
        let long = "х".repeat(300);
        assert_eq!(device_name(&long).chars().count(), 100);
    }
}
