//! The fake's Yandex session cookie (`Session_id`), so a second `/authorize` in the same
//! cookie store shows "signed in as …". Tests use it to prove the app starts every sign-in
//! with a fresh cookie store.

use std::collections::HashMap;

use crate::mint;

pub(crate) const SESSION_COOKIE: &str = "Session_id";

#[derive(Debug, Default)]
pub(crate) struct Sessions {
    by_id: HashMap<String, String>,
}

impl Sessions {
    /// Opens a session for the user and returns the `Set-Cookie` value.
    pub fn open(&mut self, uid: &str) -> String {
        let id = mint::session_id();
        self.by_id.insert(id.clone(), uid.to_string());
        format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax")
    }

    /// The uid signed in by the request's `Cookie` header, if any.
    pub fn user<'a>(&'a self, cookie_header: Option<&str>) -> Option<&'a str> {
        cookie_header?
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .filter(|(name, _)| *name == SESSION_COOKIE)
            .find_map(|(_, id)| self.by_id.get(id))
            .map(String::as_str)
    }

    /// "Log out on all devices": a password change ends every session of the user.
    pub fn close_user(&mut self, uid: &str) {
        self.by_id.retain(|_, u| u != uid);
    }
}
