//! An agency representative's clients, as `AgencyClients.get` last listed them, with each
//! client's last test. One file per account (`agency-clients/<account id>.json` beside the
//! index), so an agency with thousands of clients does not slow down every read of the index.
//! Written under the index lock, atomically. Logins and names only: never a secret.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::model::same_login;
use super::verdict::Checkup;
use super::Accounts;
use super::StoreError;
use crate::atomic_file;
use crate::yandex::direct::DirectClient;

/// The clients of one agency account, as last fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientList {
    #[serde(with = "time::serde::rfc3339")]
    pub fetched_at: OffsetDateTime,
    pub clients: Vec<AgencyClient>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyClient {
    /// The client's chief representative's login: what `Client-Login` takes.
    pub login: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<u64>,
    #[serde(default)]
    pub archived: bool,
    /// The last test made for this client (`Clients.get` with its `Client-Login`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_check: Option<Checkup>,
}

impl ClientList {
    /// A fresh list from Direct, keeping the last test of every client still on it. Sorted by
    /// login, so the file and the window list them in the same order.
    fn merged(fresh: Vec<DirectClient>, previous: Option<ClientList>) -> ClientList {
        let mut checks: HashMap<String, Checkup> = previous
            .into_iter()
            .flat_map(|list| list.clients)
            .filter_map(|c| Some((c.login.to_lowercase(), c.last_check?)))
            .collect();
        let mut clients: Vec<AgencyClient> = fresh
            .into_iter()
            .map(|c| AgencyClient {
                last_check: checks.remove(&c.login.to_lowercase()),
                login: c.login,
                name: c.name,
                client_id: c.client_id,
                archived: c.archived,
            })
            .collect();
        clients.sort_by_key(|c| c.login.to_lowercase());
        clients.dedup_by(|a, b| same_login(&a.login, &b.login));
        ClientList {
            fetched_at: OffsetDateTime::now_utc(),
            clients,
        }
    }

    pub fn client(&self, login: &str) -> Option<&AgencyClient> {
        self.clients.iter().find(|c| same_login(&c.login, login))
    }
}

impl Accounts {
    /// Where the client lists are: `agency-clients/` beside the index.
    pub fn agency_clients_dir(&self) -> PathBuf {
        self.path.with_file_name("agency-clients")
    }

    fn clients_file(&self, account_id: &str) -> PathBuf {
        // Account ids are YaToken's own (URL-safe base64); anything else cannot name a file.
        let safe: String = account_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        self.agency_clients_dir().join(format!("{safe}.json"))
    }

    /// The account's client list as last fetched, or `None` when never fetched. A damaged file
    /// counts as never fetched: the list is Direct's, and the next refresh rewrites it.
    pub fn agency_clients(&self, account_id: &str) -> Option<ClientList> {
        let bytes = atomic_file::read(&self.clients_file(account_id)).ok()??;
        serde_json::from_slice(&bytes).ok()
    }

    /// Stores a list just fetched from Direct (keeping each remaining client's last test).
    pub async fn save_agency_clients(
        &self,
        account_id: &str,
        fresh: Vec<DirectClient>,
    ) -> Result<ClientList, StoreError> {
        let (_writer, index) = self.lock_and_load().await?;
        index.position_of(account_id)?; // the account is still there
        let list = ClientList::merged(fresh, self.agency_clients(account_id));
        self.write_clients(account_id, &list)?;
        Ok(list)
    }

    /// Keeps a client's test with the client, if the client is on the list.
    pub async fn record_client_check(
        &self,
        account_id: &str,
        login: &str,
        checkup: Checkup,
    ) -> Result<(), StoreError> {
        let _writer = self.lock().await?;
        let Some(mut list) = self.agency_clients(account_id) else {
            return Ok(());
        };
        let Some(client) = list
            .clients
            .iter_mut()
            .find(|c| same_login(&c.login, login))
        else {
            return Ok(());
        };
        client.last_check = Some(checkup);
        self.write_clients(account_id, &list)
    }

    fn write_clients(&self, account_id: &str, list: &ClientList) -> Result<(), StoreError> {
        let path = self.clients_file(account_id);
        let json = serde_json::to_vec(list).expect("a client list serialises");
        atomic_file::write(&path, &json).map_err(|source| StoreError::Storage {
            path: path.display().to_string(),
            source,
        })
    }

    /// Drops an account's client list (the account is gone). Best effort: a list left behind
    /// names no account and holds no secret.
    pub(super) fn remove_agency_clients(&self, account_id: &str) {
        let _ = std::fs::remove_file(self.clients_file(account_id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::verdict::Status;

    fn client(login: &str) -> DirectClient {
        DirectClient {
            login: login.into(),
            ..DirectClient::default()
        }
    }

    #[test]
    fn a_fresh_list_keeps_the_tests_of_clients_still_on_it() {
        let checkup = Checkup {
            status: Status::Valid,
            checked_at: OffsetDateTime::UNIX_EPOCH,
            checks: vec![],
            direct: None,
        };
        let first = ClientList::merged(vec![client("b-client"), client("a-client")], None);
        assert_eq!(first.clients[0].login, "a-client", "sorted by login");
        let mut tested = first.clone();
        tested.clients[1].last_check = Some(checkup.clone());
        tested.clients[0].last_check = Some(checkup.clone());
        let next = ClientList::merged(
            vec![client("B-Client"), client("c-client"), client("c-client")],
            Some(tested),
        );
        let logins: Vec<_> = next.clients.iter().map(|c| c.login.as_str()).collect();
        assert_eq!(
            logins,
            ["B-Client", "c-client"],
            "a-client left, no duplicates"
        );
        assert_eq!(next.clients[0].last_check, Some(checkup));
        assert_eq!(next.clients[1].last_check, None);
        assert!(next.client("b.client").is_some());
    }
}
