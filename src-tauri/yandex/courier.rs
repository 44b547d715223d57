//! Routing Track & Trace `api/v1/test`: `{"message":"OK"}` when the token may act as a
//! logistics coordinator of a company.

use super::HttpError;
use crate::config::Endpoints;
use crate::secrets::Secret;

/// The HTTP status of `api/v1/test`; 200 means the token works here.
pub async fn test(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    token: &Secret,
) -> Result<u16, HttpError> {
    let url = endpoints
        .courier
        .join("api/v1/test")
        .expect("a base URL joins a relative path");
    let response = http
        .get(url)
        .header("Authorization", format!("OAuth {}", token.expose()))
        .send()
        .await?;
    Ok(response.status().as_u16())
}
