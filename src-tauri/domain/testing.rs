//! Testing tokens: one account, or many at once ("Test all", [`TESTS_AT_ONCE`] accounts in
//! progress, cancellable), with each verdict kept on its account. A test never changes or
//! deletes a token. How many requests reach each Yandex host at once is the HTTP layer's to
//! bound ([`crate::http::REQUESTS_PER_HOST`]), for the tests and everything else alike.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Semaphore;

use crate::accounts::{Account, App, Role, StoreError};
use crate::app::{rfc3339, YaToken};
use crate::audit::Action;
use crate::checkup::{self, Checkup, DirectTarget};
use crate::domain::views::{AccountTest, CheckLine, TestProgress};
use crate::error::Error;
use crate::http::REQUESTS_PER_HOST;

/// How many accounts "test all" has in progress at once. An account's test asks up to four
/// hosts at the same time, and the busiest host (Direct, with an agency's second request) holds
/// accounts back: four times a host's turns keeps every host's turns taken while some accounts
/// wait for the busiest.
pub const TESTS_AT_ONCE: usize = 4 * REQUESTS_PER_HOST;

/// How many tokens a run reads from the keychain at once. The keychain daemon answers one call
/// at a time, and each call's time limit counts from its start: reads waiting their turn here
/// cannot run out of time behind the run's own others, as they could at the daemon.
const KEYCHAIN_READS_AT_ONCE: usize = 8;

/// Tests one account and keeps the verdict in the index.
pub async fn test_one(cx: &YaToken, id: &str) -> Result<AccountTest, Error> {
    let (account, app) = cx.account_and_app(id)?;
    let checkup = run_checkup(cx, &account, app.as_ref(), &Semaphore::new(1)).await?;
    let result = describe(cx, &checkup);
    record(cx, vec![(id.to_string(), checkup)]).await?;
    Ok(result)
}

/// The "test all" runs of one window: [`cancel`](Self::cancel) stops the one running.
#[derive(Default)]
pub struct TestRuns {
    cancelled: AtomicBool,
}

impl TestRuns {
    /// Tests accounts, [`TESTS_AT_ONCE`] in progress at once, reporting each as it finishes.
    /// [`cancel`](Self::cancel) stops it; what finished is kept. Returns how many finished.
    pub async fn run(
        &self,
        cx: &YaToken,
        ids: Vec<String>,
        progress: impl Fn(TestProgress),
    ) -> Result<usize, Error> {
        use futures_util::StreamExt as _;

        self.cancelled.store(false, Ordering::SeqCst);
        let total = ids.len();
        // One read of the index for the whole run, not one per account.
        let index = cx.accounts().load()?;
        let index = &index;
        let reads = &Semaphore::new(KEYCHAIN_READS_AT_ONCE);
        let tests = futures_util::stream::iter(ids)
            .map(|id| async move {
                let checkup = match index.account(&id) {
                    Some(account) => {
                        let app = index.app(&account.client_id);
                        run_checkup(cx, account, app, reads).await
                    }
                    None => Err(StoreError::AccountNotFound.into()),
                };
                (id, checkup)
            })
            .buffer_unordered(TESTS_AT_ONCE);
        tokio::pin!(tests);
        let mut results = Vec::new();
        while let Some((id, checkup)) = tests.next().await {
            if let Ok(checkup) = checkup {
                progress(TestProgress {
                    done: results.len() + 1,
                    total,
                    id: id.clone(),
                    result: describe(cx, &checkup),
                });
                results.push((id, checkup));
            }
            if self.cancelled.load(Ordering::SeqCst) {
                break;
            }
        }
        let done = results.len();
        record(cx, results).await?;
        Ok(done)
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }
}

/// A verdict with a line per check in the language in use.
pub fn describe(cx: &YaToken, checkup: &Checkup) -> AccountTest {
    let language = cx.language();
    AccountTest {
        status: checkup.status,
        checked_at: rfc3339(checkup.checked_at),
        checks: checkup
            .checks
            .iter()
            .map(|check| CheckLine {
                message: check.message(language),
                check: check.clone(),
            })
            .collect(),
    }
}

/// The rights a token is known to carry: granted, else requested, else the app's.
pub(crate) fn scopes_of(account: &Account, app: Option<&App>) -> Vec<String> {
    account
        .granted_scopes
        .clone()
        .filter(|s| !s.is_empty())
        .or_else(|| Some(account.requested_scopes.clone()).filter(|s| !s.is_empty()))
        .or_else(|| app.map(|a| a.scopes.clone()))
        .unwrap_or_default()
}

/// Whether the account is thought to act for an agency: Direct said so, or the user did.
pub(crate) fn agency_expected(account: &Account) -> bool {
    account.is_agency() || account.role == Some(Role::AgencyRepresentative)
}

/// Runs a test without recording it, reading its token in a turn of `reads`.
/// A token the keychain cannot hand over (missing, locked) is a verdict too: an `error` line
/// saying why, never a test left out.
async fn run_checkup(
    cx: &YaToken,
    account: &Account,
    app: Option<&App>,
    reads: &Semaphore,
) -> Result<Checkup, Error> {
    let read = async {
        let _turn = reads.acquire().await;
        cx.accounts().access_token(&account.id).await
    };
    let token = match read.await {
        Ok(token) => token,
        Err(error) => {
            let detail = error.to_string();
            return Ok(checkup::unreadable_token(Error::from(error).kind(), detail));
        }
    };
    let apis = checkup::apis_for(&scopes_of(account, app));
    let target = DirectTarget {
        client: None,
        agency: agency_expected(account),
    };
    Ok(checkup::run(&cx.http(), cx.endpoints(), &token, &apis, target).await)
}

/// Keeps each verdict on its account (and what Direct said about whom the token acts for), in
/// one write of the index, and logs each test.
async fn record(cx: &YaToken, results: Vec<(String, Checkup)>) -> Result<(), Error> {
    let mut results: HashMap<String, Checkup> = results.into_iter().collect();
    let mut tested = Vec::new();
    cx.accounts()
        .update_metadata(|account| match results.remove(&account.id) {
            Some(mut checkup) => {
                if let Some(identity) = checkup.direct.take() {
                    account.role = Some(identity.role_of(&account.login));
                    account.direct = Some(identity);
                }
                tested.push((account.clone(), checkup.status));
                account.last_check = Some(checkup);
                true
            }
            None => false,
        })
        .await?;
    for (account, status) in tested {
        cx.note(Action::Tested, &account, Some(checkup::status_name(status)));
    }
    Ok(())
}
