//! The flows' world, in-process: the verbs over a YaToken whose keychain and clipboard are in
//! memory, pointed at the sign-in cast's fake (`world.rs`). Needs no session: no display, no
//! D-Bus. What `flows.rs` reads back (the index, the keychain, the log) is here too.

use std::sync::Arc;

use fake_yandex::FakeYandex;
use yatoken::accounts::{Account, NewApp, OAuthHost};
use yatoken::app::YaToken;
use yatoken::audit::Action;
use yatoken::clipboard::Clipboard;
use yatoken::config::{Dirs, Endpoints, Profile};
use yatoken::i18n::Language;
use yatoken::oauth::Flow;
use yatoken::secrets::{MemoryStore, Secret};

use super::seed::minted_sign_in;
use super::world::{sign_in_cast, CODE_APP, CODE_SECRET, TOKEN_APP};

/// The rights each of the cast's apps was registered with at the fake.
const TOKEN_APP_SCOPES: &[&str] = &["login:info", "direct:api", "metrika:read"];
const CODE_APP_SCOPES: &[&str] = &["login:info", "direct:api"];

/// The sign-in cast's fake and a YaToken over a throwaway folder pointed at it, with both of
/// its apps added (the code app with its secret).
pub struct World {
    pub fake: FakeYandex,
    pub store: Arc<MemoryStore>,
    pub cx: YaToken,
    _dir: tempfile::TempDir,
}

impl World {
    pub async fn new() -> World {
        let fake = sign_in_cast();
        let dir = tempfile::tempdir().expect("a throwaway folder");
        let dirs = Dirs {
            config: dir.path().join("config"),
            data: dir.path().join("data"),
            cache: dir.path().join("cache"),
        };
        let env = fake.env();
        let endpoints = Endpoints::from_lookup(|name| {
            env.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into())
        })
        .expect("the fake's addresses");
        let profile = Profile::from_value(Some("flows".into())).unwrap();
        let store = Arc::new(MemoryStore::default());
        let cx = YaToken::new(endpoints, profile, dirs, Language::En, store.clone())
            .with_clipboard(Clipboard::in_memory());
        for (client_id, flow, secret, scopes) in [
            (TOKEN_APP, Flow::Token, None, TOKEN_APP_SCOPES),
            (CODE_APP, Flow::CodePkce, Some(CODE_SECRET), CODE_APP_SCOPES),
        ] {
            cx.accounts()
                .add_app(NewApp {
                    client_id: client_id.into(),
                    name: format!("App {}", &client_id[..4]),
                    host: OAuthHost::Com,
                    scopes: scopes.iter().map(|s| s.to_string()).collect(),
                    flow,
                    secret: secret.map(Secret::new),
                })
                .await
                .expect("add the app");
        }
        World {
            fake,
            store,
            cx,
            _dir: dir,
        }
    }

    pub fn accounts(&self) -> Vec<Account> {
        self.cx.accounts().load().expect("the index").accounts
    }

    pub fn account(&self, login: &str) -> Account {
        self.accounts()
            .into_iter()
            .find(|a| a.login == login)
            .unwrap_or_else(|| panic!("no account {login}"))
    }

    pub async fn stored_token(&self, login: &str) -> String {
        let id = self.account(login).id;
        let token = self.cx.accounts().access_token(&id).await.expect("token");
        token.expose().to_string()
    }

    /// How many tokens the keychain holds (besides the code app's client secret).
    pub fn tokens_kept(&self) -> usize {
        self.store.len() - 1
    }

    pub fn logged(&self, action: Action) -> Vec<String> {
        let entries = yatoken::domain::activity::entries(&self.cx).expect("the log");
        entries
            .into_iter()
            .filter(|e| e.action == action)
            .map(|e| e.login)
            .collect()
    }

    /// Stores an account for `login` with a token the fake minted through the code app (with a
    /// refresh token; device-bound when `device`), as a finished sign-in would.
    pub async fn seed(&self, login: &str, device: bool) -> Account {
        let (signed, _) = minted_sign_in(&self.fake, login, CODE_APP, device);
        self.cx
            .accounts()
            .save_sign_in(signed)
            .await
            .expect("seed the account")
    }
}
