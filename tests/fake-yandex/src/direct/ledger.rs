//! Direct accounts (advertisers and agencies, named by their chief representative's login)
//! and the units each one has spent today.

use std::collections::HashMap;

use crate::user::{normalize_login, UserKind, UserSpec};

/// The documented daily units limit is per account; this is the fake's.
pub(crate) const DAILY_UNITS: u64 = 64_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccountType {
    /// A direct advertiser.
    Client,
    Agency,
    /// An agency's client.
    Subclient,
}

impl AccountType {
    /// INFERRED: the values of `Type` in Clients.get answers.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountType::Client => "CLIENT",
            AccountType::Agency => "AGENCY",
            AccountType::Subclient => "SUBCLIENT",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub login: String,
    pub client_id: u64,
    pub name: String,
    pub kind: AccountType,
    pub archived: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Ledger {
    accounts: Vec<Account>,
    /// Positions in `accounts` by normalised login: an agency may have thousands of clients.
    by_login: HashMap<String, usize>,
    spent: HashMap<String, u64>,
}

impl Ledger {
    /// Records the accounts a new user implies: its own, and the ones it refers to.
    pub fn register(&mut self, user: &UserSpec) {
        match &user.kind {
            UserKind::Advertiser => {
                self.ensure(&user.login, AccountType::Client, Some(&user.display_name))
            }
            UserKind::AdvertiserRepresentative { advertiser } => {
                self.ensure(advertiser, AccountType::Client, None)
            }
            UserKind::Agency { clients } => {
                self.ensure(&user.login, AccountType::Agency, Some(&user.display_name));
                for client in clients {
                    self.ensure(client, AccountType::Subclient, None);
                }
            }
            UserKind::AgencyRepresentative { agency } => {
                self.ensure(agency, AccountType::Agency, None)
            }
            UserKind::NoDirect => {}
        }
    }

    fn ensure(&mut self, login: &str, kind: AccountType, name: Option<&str>) {
        if let Some(account) = self.find_mut(login) {
            if let Some(name) = name {
                account.name = name.to_string();
            }
            if kind != AccountType::Client {
                account.kind = kind;
            }
            return;
        }
        let client_id = 31_000_000 + 1_187 * (self.accounts.len() as u64 + 1);
        self.by_login
            .insert(normalize_login(login), self.accounts.len());
        self.accounts.push(Account {
            login: login.to_string(),
            client_id,
            name: name.unwrap_or(login).to_string(),
            kind,
            archived: false,
        });
    }

    pub fn account(&self, login: &str) -> Option<&Account> {
        let at = *self.by_login.get(&normalize_login(login))?;
        self.accounts.get(at)
    }

    fn find_mut(&mut self, login: &str) -> Option<&mut Account> {
        let at = *self.by_login.get(&normalize_login(login))?;
        self.accounts.get_mut(at)
    }

    pub fn set_archived(&mut self, login: &str, archived: bool) -> bool {
        match self.find_mut(login) {
            Some(account) => {
                account.archived = archived;
                true
            }
            None => false,
        }
    }

    /// Charges `units` to the account; returns the `Units` header value
    /// (`spent/remaining/limit`).
    pub fn spend(&mut self, login: &str, units: u64) -> String {
        let total = self.spent.entry(normalize_login(login)).or_default();
        *total = (*total + units).min(DAILY_UNITS);
        format!("{units}/{}/{DAILY_UNITS}", DAILY_UNITS - *total)
    }
}
