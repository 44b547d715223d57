//! Routing Track & Trace `api/v1/test`: `{"message":"OK"}` when the token may act as a
//! logistics coordinator of a company.

use crate::config::Endpoints;
use crate::http::{Client, HttpError};
use crate::secrets::Secret;

/// The HTTP status of `api/v1/test`; 200 means the token works here.
pub async fn test(http: &Client, endpoints: &Endpoints, token: &Secret) -> Result<u16, HttpError> {
    let cap = crate::limits::COURIER_ANSWER;
    let (status, _) =
        super::get_with_oauth(http, &endpoints.courier, "api/v1/test", token, cap).await?;
    Ok(status)
}
