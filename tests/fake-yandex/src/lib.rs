//! A faithful local fake of the Yandex servers YaToken talks to: oauth.yandex.com (authorize,
//! consent, token, device flow, revoke), login.yandex.ru `/info`, the Direct API v5
//! (Clients, AgencyClients), the Metrica management API (counters) and Routing Track & Trace
//! (`/api/v1/test`).
//!
//! It exists so that the app's tests never touch the real Yandex, and so that they meet the
//! real servers' awkward parts: the same token handed out twice, `scope` reported only when
//! fewer rights were granted, Direct errors inside HTTP 200, Metrica's 403 `invalid_token`,
//! revocation that only works for device-bound tokens. Behaviour the docs leave open is marked
//! INFERRED where it is implemented and listed in the crate README.
//!
//! Each service (the five YaToken calls, and passport, sso and a social network that only the
//! sign-in pages visit) listens on its own random port on 127.0.0.1, served by a
//! background thread with its own runtime, so a [`FakeYandex`] works from sync and async
//! tests alike. Tests script it through plain, synchronous methods.

mod app;
mod authorization;
mod cookie;
mod courier;
mod direct;
mod fault;
mod login;
mod metrika;
mod mint;
mod oauth;
mod page;
mod passport;
mod recording;
mod server;
mod social;
mod sso;
mod stream;
mod token;
mod user;
mod world;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

pub use app::{AppSpec, AppStatus};
pub use direct::clients::AgencyPaging;
pub use fault::{Fault, FaultKind, Service};
pub use oauth::sign_in::Decision;
pub use recording::RecordedRequest;
pub use token::IssuedToken;
pub use user::{UserKind, UserSpec};

use oauth::device::DeviceState;
use oauth::sign_in::ScriptedSignIn;
use server::Server;
use token::Grant;
use world::{Shared, Urls, World};

/// A running fake. Dropping it stops every listener and ends every request still open.
pub struct FakeYandex {
    shared: Arc<Shared>,
    urls: Urls,
    _server: Server,
}

impl std::fmt::Debug for FakeYandex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeYandex")
            .field("urls", &self.urls)
            .finish_non_exhaustive()
    }
}

impl FakeYandex {
    /// Starts a listener on 127.0.0.1 (a random port) per service, served by a
    /// dedicated background thread with its own tokio runtime.
    pub fn start() -> FakeYandex {
        let listeners: Vec<(Service, TcpListener)> = Service::ALL
            .iter()
            .map(|&service| {
                let listener =
                    TcpListener::bind("127.0.0.1:0").expect("fake-yandex: cannot bind 127.0.0.1:0");
                listener
                    .set_nonblocking(true)
                    .expect("fake-yandex: cannot make a listener non-blocking");
                (service, listener)
            })
            .collect();
        let url = |service: Service| {
            let (_, listener) = listeners
                .iter()
                .find(|(s, _)| *s == service)
                .expect("a listener per service");
            format!("http://{}", listener.local_addr().expect("a bound address"))
        };
        let urls = Urls {
            oauth: url(Service::OAuth),
            login: url(Service::Login),
            direct: url(Service::Direct),
            metrika: url(Service::Metrika),
            courier: url(Service::Courier),
            passport: url(Service::Passport),
            sso: url(Service::Sso),
            social: url(Service::Social),
        };
        let shared = Arc::new(Shared::new(World::new(urls.clone())));
        let server = Server::spawn(shared.clone(), listeners);
        FakeYandex {
            shared,
            urls,
            _server: server,
        }
    }

    /// `http://127.0.0.1:PORT` of the fake oauth.yandex.com (no trailing slash).
    pub fn oauth_url(&self) -> String {
        self.urls.oauth.clone()
    }

    /// The fake login.yandex.ru.
    pub fn login_url(&self) -> String {
        self.urls.login.clone()
    }

    /// The fake api.direct.yandex.com.
    pub fn direct_url(&self) -> String {
        self.urls.direct.clone()
    }

    /// The fake api-metrika.yandex.net.
    pub fn metrika_url(&self) -> String {
        self.urls.metrika.clone()
    }

    /// The fake courier.yandex.ru.
    pub fn courier_url(&self) -> String {
        self.urls.courier.clone()
    }

    /// The base URL of one service.
    pub fn url(&self, service: Service) -> String {
        self.urls.of(service).to_string()
    }

    /// The variables that point YaToken at this fake: `YATOKEN_OAUTH_URL`,
    /// `YATOKEN_LOGIN_URL`, `YATOKEN_DIRECT_URL`, `YATOKEN_METRIKA_URL`, `YATOKEN_COURIER_URL`.
    pub fn env(&self) -> Vec<(String, String)> {
        Service::ALL
            .iter()
            .filter_map(|&s| Some((s.env_var()?.to_string(), self.url(s))))
            .collect()
    }

    /// Registers an app, or re-registers it. Re-registering with different rights revokes
    /// all of its tokens, as Yandex does.
    pub fn add_app(&self, app: AppSpec) {
        self.shared.world().add_app(app);
    }

    /// Adds a user (or replaces the one with the same login) and returns its uid.
    pub fn add_user(&self, user: UserSpec) -> String {
        let mut world = self.shared.world();
        world.direct.register(&user);
        world.users.add(user)
    }

    /// The uid of a user added earlier.
    pub fn uid(&self, login: &str) -> Option<String> {
        self.shared.world().users.find(login).map(|u| u.uid.clone())
    }

    /// Queues a decision: the next valid `/authorize` skips the consent page and answers at
    /// once as this user. Panics if no such user was added.
    pub fn next_sign_in(&self, login: &str, decision: Decision) {
        self.queue_sign_in(login, decision, None);
    }

    /// Like `next_sign_in(login, Decision::Allow)`, but the user grants only those of the
    /// requested rights that are in `granted_scopes`.
    pub fn next_sign_in_granting(&self, login: &str, granted_scopes: &[&str]) {
        let granted = granted_scopes.iter().map(|s| s.to_string()).collect();
        self.queue_sign_in(login, Decision::Allow, Some(granted));
    }

    /// Like `next_sign_in(login, Decision::Allow)`, but the redirect carries `state` instead of
    /// the one the app sent, as a redirect planted by someone else would.
    pub fn next_sign_in_with_forged_state(&self, login: &str, state: &str) {
        self.queue(login, Decision::Allow, None, Some(state.to_string()));
    }

    fn queue_sign_in(&self, login: &str, decision: Decision, granted: Option<Vec<String>>) {
        self.queue(login, decision, granted, None);
    }

    fn queue(
        &self,
        login: &str,
        decision: Decision,
        granted: Option<Vec<String>>,
        forged_state: Option<String>,
    ) {
        let mut world = self.shared.world();
        let uid = world.user(login).uid.clone();
        world.sign_ins.push_back(ScriptedSignIn {
            uid,
            decision,
            granted,
            forged_state,
        });
    }

    /// From now on every sign-in whose cookie store lacks the sync cookie (every incognito one)
    /// hops from `/authorize` to passport, through sso's cookie sync (a JavaScript hop and two
    /// 302s, one setting a cookie) and back, before the consent page or a scripted decision.
    pub fn set_sign_in_hops(&self, on: bool) {
        self.shared.world().sign_in_hops = on;
    }

    /// From now on every sign-in without a passed captcha is sent to passport's captcha page
    /// (302 with `X-Yandex-Captcha: captcha`); typing `answer` there sets the `spravka` cookie
    /// and goes on. `None` turns it off.
    pub fn set_captcha(&self, answer: Option<&str>) {
        self.shared.world().captcha = answer.map(str::to_string);
    }

    /// The consent page starts a download (a main-frame navigation to an attachment).
    pub fn set_consent_download(&self, on: bool) {
        self.shared.world().consent_download = on;
    }

    /// The consent page carries a subframe that goes to `verification_code` with a live token
    /// of `login` and the request's `state`. Panics if no such user was added.
    pub fn set_consent_subframe(&self, login: Option<&str>) {
        let mut world = self.shared.world();
        if let Some(login) = login {
            world.user(login);
        }
        world.consent_subframe = login.map(str::to_string);
    }

    /// From now on `/revoke_token` answers `{"status":"ok"}` but the token keeps working, as
    /// when Yandex's replicas have not caught up yet: what YaToken must not take for a revoke.
    pub fn set_revoke_without_effect(&self, on: bool) {
        self.shared.world().revoke_without_effect = on;
    }

    /// Every request on every service first waits this long (real time).
    pub fn set_latency(&self, latency: Duration) {
        self.shared.world().latency = latency;
    }

    pub fn add_fault(&self, fault: Fault) {
        self.shared.world().faults.add(fault);
    }

    pub fn clear_faults(&self) {
        self.shared.world().faults.clear();
    }

    /// A password change: every token, session and unused code of the user dies.
    pub fn invalidate_user(&self, login: &str) {
        let mut world = self.shared.world();
        let uid = world.user(login).uid.clone();
        world.tokens.revoke_user(&uid);
        world.sessions.close_user(&uid);
        world.codes.revoke_user(&uid);
    }

    /// Changes an app's moderation state. Panics if no such app was added.
    pub fn set_app_status(&self, client_id: &str, status: AppStatus) {
        self.shared
            .world()
            .apps
            .get_mut(client_id)
            .unwrap_or_else(|| {
                panic!("fake-yandex: no app with client_id {client_id:?}; call add_app first")
            })
            .status = status;
    }

    /// Moves the fake clock that code, device-code and token expiry use. It moves only here.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.world().now += by.as_secs();
    }

    /// Mints a token with all of the app's rights, as if the user got it elsewhere (with a
    /// refresh token, as the code flow gives). The uniqueness rules apply: without
    /// `device_id` the pair's live token comes back.
    pub fn issue_token(
        &self,
        login: &str,
        client_id: &str,
        device_id: Option<&str>,
    ) -> IssuedToken {
        let mut world = self.shared.world();
        let uid = world.user(login).uid.clone();
        let scopes = world.app(client_id).scopes.clone();
        let grant = Grant {
            client_id: client_id.to_string(),
            uid,
            scopes,
            device_id: device_id.map(str::to_string),
        };
        let now = world.now;
        world.tokens.issue(now, grant, true)
    }

    /// How many tokens of `login` for `client_id` are alive and unexpired: a revoke that left
    /// one of them working is found here.
    pub fn live_tokens(&self, login: &str, client_id: &str) -> usize {
        let world = self.shared.world();
        let uid = world.user(login).uid.clone();
        let now = world.now;
        world.tokens.live_of(&uid, client_id, now)
    }

    /// Whether the token is alive and unexpired.
    pub fn token_is_valid(&self, access_token: &str) -> bool {
        let world = self.shared.world();
        world.tokens.valid(access_token, world.now).is_some()
    }

    /// The user confirms a device code, as on the `/device` page. Panics if the code is not
    /// pending or the user is unknown.
    pub fn approve_device_code(&self, user_code: &str, login: &str) {
        let mut world = self.shared.world();
        let uid = world.user(login).uid.clone();
        let now = world.now;
        let code = world
            .device_codes
            .pending_mut(now, user_code)
            .unwrap_or_else(|| panic!("fake-yandex: no pending device code {user_code:?}"));
        code.state = DeviceState::Approved { uid };
    }

    /// How the device flow paces polls: the `interval` it advertises (seconds; 5 by default) and,
    /// when `slow_down_below` is set, `slow_down` for polls of one code closer together than that.
    pub fn set_device_polling(&self, interval: u64, slow_down_below: Option<Duration>) {
        let mut world = self.shared.world();
        world.device_codes.interval = interval;
        world.device_codes.slow_down_below = slow_down_below;
    }

    /// The user refuses a device code. Panics if the code is not pending.
    pub fn deny_device_code(&self, user_code: &str) {
        let mut world = self.shared.world();
        let now = world.now;
        let code = world
            .device_codes
            .pending_mut(now, user_code)
            .unwrap_or_else(|| panic!("fake-yandex: no pending device code {user_code:?}"));
        code.state = DeviceState::Denied;
    }

    /// Marks an agency client (or any Direct account) archived, for AgencyClients filters.
    pub fn set_client_archived(&self, login: &str, archived: bool) {
        if !self.shared.world().direct.set_archived(login, archived) {
            panic!("fake-yandex: no Direct account {login:?}");
        }
    }

    /// How AgencyClients.get pages from now on ([`AgencyPaging::Faithful`] at start).
    pub fn set_agency_paging(&self, paging: AgencyPaging) {
        self.shared.world().agency_paging = paging;
    }

    /// From now on `/info` reports `login`'s login padded with `a` to `length` characters
    /// (`None`: as it is), streamed without the fake holding it, for a test that a 64 MiB
    /// login never reaches the index. Panics if no such user was added.
    pub fn set_absurd_login(&self, login: &str, length: Option<u64>) {
        let mut world = self.shared.world();
        let uid = world.user(login).uid.clone();
        match length {
            Some(length) => world.absurd_logins.insert(uid, length),
            None => world.absurd_logins.remove(&uid),
        };
    }

    /// Bytes of made-up answers (oversized, trickling, absurd logins) sent so far: far less
    /// than an answer's length when the client hung up early.
    pub fn generated_bytes(&self) -> u64 {
        self.shared.generated()
    }
}
