//! HTTP calls to Yandex services other than OAuth itself, and how their answers are read.
//!
//! Tokens go in `Authorization` headers only, never in URLs (`reqwest::Error` prints URLs, and
//! this module strips them anyway). Every request has a time limit, and every answer a size
//! limit ([`crate::limits`]).

mod agency_clients;
pub mod courier;
pub mod direct;
mod login;
pub mod metrika;

pub use login::{read_info, user_info, InfoError, UserInfo};

use crate::http::{Client, HttpError};

/// `GET base/path` with `Authorization: OAuth <token>` (Yandex ID, Metrica, Track & Trace):
/// the status and the body, of at most `cap` bytes ([`crate::limits`]).
pub(crate) async fn get_with_oauth(
    http: &Client,
    base: &url::Url,
    path: &str,
    token: &crate::secrets::Secret,
    cap: usize,
) -> Result<(u16, Vec<u8>), HttpError> {
    let url = base.join(path).expect("a base URL joins a relative path");
    let request = http
        .get(url)
        .header("Authorization", format!("OAuth {}", token.expose()));
    let answer = http.fetch(request, cap).await?;
    Ok((answer.status, answer.body))
}
