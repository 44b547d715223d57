//! Everything the fake remembers, behind one lock, plus the counters the network path keeps.
//!
//! Both the scripting API (test threads) and the request handlers (the fake's runtime) reach
//! the same `World`. Handlers take the lock, decide, and release it before any waiting: no
//! request ever sleeps or awaits while holding it.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::app::AppSpec;
use crate::direct::clients::AgencyPaging;
use crate::direct::ledger::Ledger;
use crate::fault::{Faults, Service};
use crate::oauth::code::Codes;
use crate::oauth::device::DeviceCodes;
use crate::oauth::session::Sessions;
use crate::oauth::sign_in::ScriptedSignIn;
use crate::recording::RecordedRequest;
use crate::token::{Token, TokenStore};
use crate::user::{User, Users};

/// The base URL of each fake host.
#[derive(Debug, Clone)]
pub(crate) struct Urls {
    pub oauth: String,
    pub login: String,
    pub direct: String,
    pub metrika: String,
    pub courier: String,
    pub passport: String,
    pub sso: String,
    pub social: String,
}

impl Urls {
    /// Addresses for a world that serves nothing (the fake's unit tests).
    #[cfg(test)]
    pub fn unused() -> Urls {
        let none = String::new;
        Urls {
            oauth: none(),
            login: none(),
            direct: none(),
            metrika: none(),
            courier: none(),
            passport: none(),
            sso: none(),
            social: none(),
        }
    }

    pub fn of(&self, service: Service) -> &str {
        match service {
            Service::OAuth => &self.oauth,
            Service::Login => &self.login,
            Service::Direct => &self.direct,
            Service::Metrika => &self.metrika,
            Service::Courier => &self.courier,
            Service::Passport => &self.passport,
            Service::Sso => &self.sso,
            Service::Social => &self.social,
        }
    }
}

pub(crate) struct World {
    pub urls: Urls,
    /// The fake clock, in seconds since start; moves only with `advance_clock`.
    pub now: u64,
    pub apps: BTreeMap<String, AppSpec>,
    pub users: Users,
    pub tokens: TokenStore,
    pub codes: Codes,
    pub device_codes: DeviceCodes,
    pub sessions: Sessions,
    pub sign_ins: VecDeque<ScriptedSignIn>,
    pub direct: Ledger,
    pub latency: Duration,
    pub faults: Faults,
    pub requests: Vec<RecordedRequest>,
    /// Send every sign-in without the sync cookie through passport and sso first.
    pub sign_in_hops: bool,
    /// The characters of the captcha every sign-in without a `spravka` cookie must pass.
    pub captcha: Option<String>,
    /// `spravka` cookies handed out for a passed captcha.
    pub spravki: HashSet<String>,
    /// One-time tickets from the social network, by the uid they sign in.
    pub social_tickets: HashMap<String, String>,
    /// The consent page starts a download as it opens.
    pub consent_download: bool,
    /// The consent page carries a subframe that goes to `verification_code` with a token of
    /// this login and the request's `state`.
    /// `/revoke_token` answers ok and leaves the token alive.
    pub revoke_without_effect: bool,
    pub consent_subframe: Option<String>,
    /// How AgencyClients.get pages.
    pub agency_paging: AgencyPaging,
    /// Users whose login `/info` reports padded to this many characters, by uid.
    pub absurd_logins: HashMap<String, u64>,
}

impl World {
    pub fn new(urls: Urls) -> World {
        World {
            urls,
            now: 0,
            apps: BTreeMap::new(),
            users: Users::default(),
            tokens: TokenStore::default(),
            codes: Codes::default(),
            device_codes: DeviceCodes::default(),
            sessions: Sessions::default(),
            sign_ins: VecDeque::new(),
            direct: Ledger::default(),
            latency: Duration::ZERO,
            faults: Faults::default(),
            requests: Vec::new(),
            sign_in_hops: false,
            captcha: None,
            spravki: HashSet::new(),
            social_tickets: HashMap::new(),
            consent_download: false,
            consent_subframe: None,
            revoke_without_effect: false,
            agency_paging: AgencyPaging::Faithful,
            absurd_logins: HashMap::new(),
        }
    }

    /// Registers (or re-registers) an app. Changing a registered app's rights revokes all its
    /// tokens, as Yandex does.
    pub fn add_app(&mut self, mut app: AppSpec) {
        if app.redirect_uris.is_empty() {
            app.redirect_uris = vec![format!("{}/verification_code", self.urls.oauth)];
        }
        if let Some(old) = self.apps.get(&app.client_id) {
            if !crate::token::same_rights(&old.scopes, &app.scopes) {
                self.tokens.revoke_app(&app.client_id);
            }
        }
        self.apps.insert(app.client_id.clone(), app);
    }

    /// The live token and its user, for services that accept a token.
    pub fn holder(&self, access: &str) -> Option<(&Token, &User)> {
        let token = self.tokens.valid(access, self.now)?;
        let user = self.users.by_uid(&token.uid)?;
        Some((token, user))
    }

    pub fn user(&self, login: &str) -> &User {
        self.users.find(login).unwrap_or_else(|| {
            panic!("fake-yandex: no user with login {login:?}; call add_user first")
        })
    }

    pub fn app(&self, client_id: &str) -> &AppSpec {
        self.apps.get(client_id).unwrap_or_else(|| {
            panic!("fake-yandex: no app with client_id {client_id:?}; call add_app first")
        })
    }
}

/// Requests being handled now, and the most at once since the last reset.
#[derive(Default)]
struct InFlightCount {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl InFlightCount {
    fn enter(&self) {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
    }

    fn leave(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }

    fn reset(&self) {
        self.peak
            .store(self.now.load(Ordering::SeqCst), Ordering::SeqCst);
    }
}

/// The state shared between the scripting handle and the server.
pub(crate) struct Shared {
    world: Mutex<World>,
    /// All services together.
    in_flight: InFlightCount,
    /// Each service on its own, in the order of [`Service::ALL`].
    in_flight_of: [InFlightCount; Service::ALL.len()],
    /// Bytes of generated answers (`stream.rs`) handed to the connections so far.
    generated: AtomicU64,
}

impl Shared {
    pub fn new(world: World) -> Shared {
        Shared {
            world: Mutex::new(world),
            in_flight: InFlightCount::default(),
            in_flight_of: Default::default(),
            generated: AtomicU64::new(0),
        }
    }

    /// Locks the world. A panic in a test while it held the lock does not poison it for the
    /// requests still being served.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts a request to `service` as in flight until the returned guard drops.
    pub fn enter(&self, service: Service) -> InFlight<'_> {
        let of_service = self.of(service);
        self.in_flight.enter();
        of_service.enter();
        InFlight {
            all: &self.in_flight,
            of_service,
        }
    }

    fn of(&self, service: Service) -> &InFlightCount {
        let at = Service::ALL.iter().position(|s| *s == service);
        &self.in_flight_of[at.expect("every service is in Service::ALL")]
    }

    /// The most requests handled at once, all services together.
    pub fn peak(&self) -> usize {
        self.in_flight.peak.load(Ordering::SeqCst)
    }

    /// The most requests to `service` handled at once.
    pub fn peak_of(&self, service: Service) -> usize {
        self.of(service).peak.load(Ordering::SeqCst)
    }

    pub fn count_generated(&self, bytes: usize) {
        self.generated.fetch_add(bytes as u64, Ordering::SeqCst);
    }

    pub fn generated(&self) -> u64 {
        self.generated.load(Ordering::SeqCst)
    }

    /// Every peak back to what is in flight now.
    pub fn reset_peak(&self) {
        self.in_flight.reset();
        self.in_flight_of.iter().for_each(InFlightCount::reset);
    }
}

pub(crate) struct InFlight<'a> {
    all: &'a InFlightCount,
    of_service: &'a InFlightCount,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.of_service.leave();
        self.all.leave();
    }
}
