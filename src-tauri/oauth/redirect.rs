//! Reading the redirect to `verification_code`: the token flow puts its answer in the fragment,
//! the code flow in the query, errors in either. `cid` (undocumented) and anything else unknown
//! is ignored. The redirect URL itself is never logged: it carries the token or the code.

use url::Url;

use crate::secrets::Secret;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    Token {
        access_token: Secret,
        expires_in: Option<u64>,
        /// Present only when Yandex granted fewer rights than requested.
        scope: Option<Vec<String>>,
        state: Option<String>,
    },
    Code {
        code: Secret,
        state: Option<String>,
    },
    Error {
        error: String,
        description: Option<String>,
        state: Option<String>,
    },
}

impl Redirect {
    /// The same answer, carrying `state` (for one read without any).
    pub fn with_state(self, state: &str) -> Self {
        let state = Some(state.to_string());
        match self {
            Redirect::Token {
                access_token,
                expires_in,
                scope,
                ..
            } => Redirect::Token {
                access_token,
                expires_in,
                scope,
                state,
            },
            Redirect::Code { code, .. } => Redirect::Code { code, state },
            Redirect::Error {
                error, description, ..
            } => Redirect::Error {
                error,
                description,
                state,
            },
        }
    }

    pub fn state(&self) -> Option<&str> {
        match self {
            Redirect::Token { state, .. }
            | Redirect::Code { state, .. }
            | Redirect::Error { state, .. } => state.as_deref(),
        }
    }
}

/// A redirect to `verification_code` that carries nothing YaToken can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the Yandex redirect carried no token, code or error")]
pub struct RedirectError;

/// `None` when `url` is not a redirect to one of `targets` (the `verification_code` pages);
/// otherwise what it says.
pub fn parse_redirect(url: &Url, targets: &[Url]) -> Option<Result<Redirect, RedirectError>> {
    let is_target = targets.iter().any(|target| {
        url.scheme() == target.scheme()
            && url.host_str() == target.host_str()
            && url.port_or_known_default() == target.port_or_known_default()
            && url.path().trim_end_matches('/') == target.path().trim_end_matches('/')
    });
    if !is_target {
        return None;
    }
    Some(read_redirect(url).ok_or(RedirectError))
}

/// What any address says in its fragment or query (a token, a code or an error), wherever it
/// points: an address pasted from the browser, a loopback redirect.
pub fn read_redirect(url: &Url) -> Option<Redirect> {
    let fragment = url.fragment().map(pairs).unwrap_or_default();
    let query = url.query().map(pairs).unwrap_or_default();
    from_pairs(&fragment).or_else(|| from_pairs(&query))
}

fn pairs(encoded: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(encoded.as_bytes())
        .into_owned()
        .collect()
}

fn from_pairs(pairs: &[(String, String)]) -> Option<Redirect> {
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let state = get("state");
    if let Some(error) = get("error") {
        use crate::limits::{clip, CODE_CHARS, MESSAGE_CHARS};
        return Some(Redirect::Error {
            error: clip(error, CODE_CHARS),
            description: get("error_description").map(|d| clip(d, MESSAGE_CHARS)),
            state,
        });
    }
    if let Some(token) = get("access_token") {
        return Some(Redirect::Token {
            access_token: Secret::new(token),
            expires_in: get("expires_in").and_then(|v| v.trim().parse().ok()),
            scope: get("scope").map(|s| crate::limits::scope_list(&s)),
            state,
        });
    }
    get("code").map(|code| Redirect::Code {
        code: Secret::new(code),
        state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Vec<Url> {
        vec![
            Url::parse("https://oauth.yandex.com/verification_code").unwrap(),
            Url::parse("https://oauth.yandex.ru/verification_code").unwrap(),
        ]
    }

    fn parse(url: &str) -> Option<Result<Redirect, RedirectError>> {
        parse_redirect(&Url::parse(url).unwrap(), &targets())
    }

    #[test]
    fn token_in_the_fragment_with_cid_ignored() {
        let redirect = parse(
            "https://oauth.yandex.com/verification_code#access_token=y0_AgAAAA&token_type=bearer\
             &expires_in=31533775&cid=uvhk86yf6daxn87286afc48rqw&state=abc",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            redirect,
            Redirect::Token {
                access_token: Secret::new("y0_AgAAAA"),
                expires_in: Some(31533775),
                scope: None,
                state: Some("abc".into()),
            }
        );
    }

    #[test]
    fn fewer_rights_arrive_as_scope() {
        let redirect = parse(
            "https://oauth.yandex.ru/verification_code#access_token=t&expires_in=10&scope=login%3Ainfo+direct%3Aapi&state=s",
        )
        .unwrap()
        .unwrap();
        let Redirect::Token { scope, .. } = redirect else {
            panic!("token expected")
        };
        assert_eq!(scope, Some(vec!["login:info".into(), "direct:api".into()]));
    }

    #[test]
    fn code_in_the_query() {
        let redirect =
            parse("https://oauth.yandex.ru/verification_code?code=7398468&state=s&cid=x")
                .unwrap()
                .unwrap();
        assert_eq!(
            redirect,
            Redirect::Code {
                code: Secret::new("7398468"),
                state: Some("s".into())
            }
        );
    }

    #[test]
    fn errors_in_fragment_or_query() {
        let denied =
            parse("https://oauth.yandex.com/verification_code#error=access_denied&state=s")
                .unwrap()
                .unwrap();
        assert_eq!(denied.state(), Some("s"));
        assert!(matches!(denied, Redirect::Error { ref error, .. } if error == "access_denied"));
        let blocked = parse(
            "https://oauth.yandex.com/verification_code?error=unauthorized_client&error_description=App+blocked",
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            blocked,
            Redirect::Error {
                error: "unauthorized_client".into(),
                description: Some("App blocked".into()),
                state: None
            }
        );
    }

    #[test]
    fn other_pages_are_not_redirects() {
        assert_eq!(parse("https://oauth.yandex.com/authorize?code=1"), None);
        assert_eq!(
            parse("https://passport.yandex.com/verification_code?code=1"),
            None
        );
        assert_eq!(
            parse("http://oauth.yandex.com/verification_code?code=1"),
            None
        );
        assert_eq!(
            parse("https://oauth.yandex.com:8443/verification_code?code=1"),
            None
        );
    }

    #[test]
    fn a_redirect_with_nothing_useful_is_an_error() {
        assert_eq!(
            parse("https://oauth.yandex.com/verification_code?cid=abc"),
            Some(Err(RedirectError))
        );
    }

    /// (redirect URL, what it must read as) for the shapes Yandex is documented or seen to send,
    /// and for ones it must survive. Reads as: "token|<token>|<expires_in>|<state>",
    /// "code|<code>|<state>", "error|<code>|<state>" or "nothing".
    #[test]
    fn redirect_table() {
        let cases = [
            ("https://oauth.yandex.com/verification_code#access_token=y0_A&expires_in=31536000", "token|y0_A|31536000|"),
            ("https://oauth.yandex.ru/verification_code#access_token=AQAAAA&token_type=bearer&expires_in=10&state=s&cid=abc", "token|AQAAAA|10|s"),
            ("https://oauth.yandex.com/verification_code#access_token=AgAAAA&expires_in=not-a-number&state=s", "token|AgAAAA||s"),
            ("https://oauth.yandex.com/verification_code#access_token=t&state=s&unknown=1&scope=login%3Ainfo", "token|t||s"),
            ("https://oauth.yandex.com/verification_code?code=7398468&state=s", "code|7398468|s"),
            ("https://oauth.yandex.ru/verification_code?code=abcdefghijklmnop&cid=x", "code|abcdefghijklmnop|"),
            ("https://oauth.yandex.com/verification_code?code=1234567#", "code|1234567|"),
            ("https://oauth.yandex.com/verification_code#error=access_denied", "error|access_denied|"),
            ("https://oauth.yandex.com/verification_code#error=unauthorized_client&state=s", "error|unauthorized_client|s"),
            ("https://oauth.yandex.ru/verification_code?error=access_denied&error_description=%D0%9E%D1%82%D0%BA%D0%B0%D0%B7&state=s", "error|access_denied|s"),
            ("https://oauth.yandex.ru/verification_code?error=invalid_scope&state=s", "error|invalid_scope|s"),
            ("https://oauth.yandex.com/verification_code#error=access_denied&access_token=t", "error|access_denied|"),
            ("https://oauth.yandex.com/verification_code", "nothing"),
            ("https://oauth.yandex.com/verification_code#", "nothing"),
            ("https://oauth.yandex.com/verification_code#access_token=&expires_in=5", "nothing"),
            ("https://oauth.yandex.com/verification_code?cid=only", "nothing"),
            ("https://oauth.yandex.com/verification_code#%%%garbage%%%", "nothing"),
            ("https://oauth.yandex.com/verification_code?code=&state=s", "nothing"),
        ];
        for (url, expected) in cases {
            let read = match parse(url).unwrap_or_else(|| panic!("{url} is a redirect")) {
                Ok(Redirect::Token {
                    access_token,
                    expires_in,
                    state,
                    ..
                }) => format!(
                    "token|{}|{}|{}",
                    access_token.expose(),
                    expires_in.map(|e| e.to_string()).unwrap_or_default(),
                    state.unwrap_or_default()
                ),
                Ok(Redirect::Code { code, state }) => {
                    format!("code|{}|{}", code.expose(), state.unwrap_or_default())
                }
                Ok(Redirect::Error { error, state, .. }) => {
                    format!("error|{error}|{}", state.unwrap_or_default())
                }
                Err(RedirectError) => "nothing".to_string(),
            };
            assert_eq!(read, expected, "{url}");
        }
    }

    #[test]
    fn an_absurd_error_is_cut_to_size() {
        let long = "e".repeat(10_000);
        let url = format!(
            "https://oauth.yandex.com/verification_code?error={long}&error_description={long}"
        );
        let Some(Ok(Redirect::Error {
            error, description, ..
        })) = parse(&url)
        else {
            panic!("not an error");
        };
        assert_eq!(error.chars().count(), crate::limits::CODE_CHARS);
        assert_eq!(
            description.unwrap().chars().count(),
            crate::limits::MESSAGE_CHARS
        );
    }

    #[test]
    fn a_local_fake_is_matched_by_port() {
        let fake = vec![Url::parse("http://127.0.0.1:4100/verification_code").unwrap()];
        let url = Url::parse("http://127.0.0.1:4100/verification_code?code=1&state=s").unwrap();
        assert!(parse_redirect(&url, &fake).is_some());
        let other = Url::parse("http://127.0.0.1:4200/verification_code?code=1").unwrap();
        assert!(parse_redirect(&other, &fake).is_none());
    }
}
