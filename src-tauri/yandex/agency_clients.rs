//! `AgencyClients.get` page after page: an agency's whole client list, and when to stop
//! reading it. Each page starts where Direct said the last one ended (`LimitedBy`); a page that
//! does not move on, or a list longer than any real agency's ([`AGENCY_PAGES`],
//! [`AGENCY_CLIENTS`]), ends it with an error instead of a loop or a list cut short unseen.

use serde_json::json;

use super::direct::{call, DirectAnswer};
use crate::config::Endpoints;
use crate::http::{Client, HttpError};
use crate::limits::{AGENCY_CLIENTS, AGENCY_PAGES, DIRECT_ANSWER, NAME_CHARS};
use crate::secrets::Secret;

/// The largest page `AgencyClients.get` is asked for.
pub const PAGE_LIMIT: u64 = 10_000;

// A full page with the longest names still fits one answer, and every page allowed may be full.
const _: () = assert!(PAGE_LIMIT as usize * (NAME_CHARS + 100) < DIRECT_ANSWER);
const _: () = assert!(AGENCY_PAGES * PAGE_LIMIT <= AGENCY_CLIENTS as u64);

/// Why an agency's client list could not be read to its end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    #[error(transparent)]
    Http(#[from] HttpError),
    /// A page said more clients were left but did not move on: its `LimitedBy` was not past
    /// the page's own `offset`, or it listed nobody.
    #[error("Direct's client list stopped moving on at client {offset}")]
    Stuck { offset: u64 },
    /// More pages or clients than any real agency has.
    #[error("Direct's client list went on for {pages} pages and {clients} clients")]
    Endless { pages: u64, clients: usize },
}

/// `POST json/v5/agencyclients`: one page of the agency's clients. Never with `Client-Login`.
pub async fn agency_clients_page(
    http: &Client,
    endpoints: &Endpoints,
    token: &Secret,
    limit: u64,
    offset: u64,
) -> Result<DirectAnswer, HttpError> {
    let params = json!({
        "SelectionCriteria": {},
        "FieldNames": ["ClientId", "Login", "ClientInfo", "Archived"],
        "Page": {"Limit": limit, "Offset": offset},
    });
    call(http, endpoints, "agencyclients", token, params, None).await
}

/// Every client of the agency, page after page. The first error ends it, and so does a page
/// that makes no progress or a list past the limits.
pub async fn agency_clients_all(
    http: &Client,
    endpoints: &Endpoints,
    token: &Secret,
) -> Result<DirectAnswer, ListError> {
    let fetch = |offset| agency_clients_page(http, endpoints, token, PAGE_LIMIT, offset);
    all_pages(fetch, AGENCY_PAGES, AGENCY_CLIENTS).await
}

/// The pages `fetch` gives for each offset, from 0, put together: at most `max_pages` of them
/// and `max_clients` in all.
async fn all_pages<F, Page>(
    mut fetch: F,
    max_pages: u64,
    max_clients: usize,
) -> Result<DirectAnswer, ListError>
where
    F: FnMut(u64) -> Page,
    Page: std::future::Future<Output = Result<DirectAnswer, HttpError>>,
{
    let mut all = Vec::new();
    let mut offset = 0;
    for pages in 1..=max_pages {
        let page = fetch(offset).await?;
        let DirectAnswer::Clients {
            clients,
            limited_by,
            units,
        } = page
        else {
            return Ok(page);
        };
        let empty = clients.is_empty();
        all.extend(clients);
        if all.len() > max_clients {
            let clients = all.len();
            return Err(ListError::Endless { pages, clients });
        }
        match limited_by {
            None => {
                return Ok(DirectAnswer::Clients {
                    clients: all,
                    limited_by: None,
                    units,
                })
            }
            Some(next) if next > offset && !empty => offset = next,
            Some(_) => return Err(ListError::Stuck { offset }),
        }
    }
    Err(ListError::Endless {
        pages: max_pages,
        clients: all.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yandex::direct::DirectClient;

    fn page(logins: std::ops::Range<u64>, limited_by: Option<u64>) -> DirectAnswer {
        DirectAnswer::Clients {
            clients: logins
                .map(|n| DirectClient {
                    login: format!("client-{n}"),
                    ..DirectClient::default()
                })
                .collect(),
            limited_by,
            units: None,
        }
    }

    /// Runs `all_pages` over `answer(offset)`, with at most 5 pages and 100 clients; the
    /// result and the offsets asked for.
    fn run(answer: impl Fn(u64) -> DirectAnswer) -> (Result<DirectAnswer, ListError>, Vec<u64>) {
        let asked = std::cell::RefCell::new(Vec::new());
        let fetch = |offset| {
            asked.borrow_mut().push(offset);
            std::future::ready(Ok(answer(offset)))
        };
        let result =
            futures_util::FutureExt::now_or_never(all_pages(fetch, 5, 100)).expect("no page waits");
        (result, asked.into_inner())
    }

    #[test]
    fn pages_are_read_until_direct_says_none_are_left() {
        let (result, asked) = run(|offset| match offset {
            0 => page(0..3, Some(3)),
            3 => page(3..5, None),
            _ => panic!("asked for {offset}"),
        });
        let Ok(DirectAnswer::Clients { clients, .. }) = result else {
            panic!("{result:?}");
        };
        assert_eq!(clients.len(), 5);
        assert_eq!(asked, [0, 3]);
    }

    #[test]
    fn a_page_that_does_not_move_on_is_an_error_not_a_loop() {
        let (result, asked) = run(|offset| page(offset..offset + 2, Some(offset)));
        assert_eq!(result, Err(ListError::Stuck { offset: 0 }));
        assert_eq!(asked, [0]);
        let (result, _) = run(|offset| match offset {
            0 => page(0..2, Some(2)),
            _ => page(0..2, Some(1)),
        });
        assert_eq!(result, Err(ListError::Stuck { offset: 2 }), "backwards");
    }

    #[test]
    fn an_empty_page_that_claims_more_is_an_error() {
        let (result, asked) = run(|offset| page(0..0, Some(offset + PAGE_LIMIT)));
        assert_eq!(result, Err(ListError::Stuck { offset: 0 }));
        assert_eq!(asked.len(), 1);
    }

    #[test]
    fn a_list_that_never_ends_stops_at_the_page_limit() {
        let (result, asked) = run(|offset| page(offset..offset + 1, Some(offset + 1)));
        let endless = ListError::Endless {
            pages: 5,
            clients: 5,
        };
        assert_eq!(result, Err(endless));
        assert_eq!(asked, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn pages_larger_than_asked_stop_at_the_client_limit() {
        let (result, asked) = run(|offset| page(offset..offset + 60, Some(offset + 60)));
        let endless = ListError::Endless {
            pages: 2,
            clients: 120,
        };
        assert_eq!(result, Err(endless));
        assert_eq!(asked, [0, 60]);
    }

    #[test]
    fn an_error_page_ends_the_list_with_that_error() {
        let refused = DirectAnswer::Error {
            code: 54,
            text: "No rights".into(),
            units: None,
        };
        let (result, _) = run(|offset| match offset {
            0 => page(0..2, Some(2)),
            _ => refused.clone(),
        });
        assert_eq!(result, Ok(refused.clone()));
    }
}
