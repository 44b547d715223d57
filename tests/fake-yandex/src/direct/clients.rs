//! Clients.get and AgencyClients.get: who the caller may see, and the fields of each account.

use serde_json::{json, Map, Value};

use crate::direct::ledger::Account;
use crate::direct::{Call, DirectError, Role, Success};
use crate::user::same_login;

/// FieldNames Direct knows for these methods. The fake fills the common ones and answers
/// `null` for the rest; an unknown name is error 8000.
const KNOWN_FIELDS: &[&str] = &[
    "AccountQuality",
    "Archived",
    "ClientId",
    "ClientInfo",
    "CountryId",
    "CreatedAt",
    "Currency",
    "Grants",
    "Bonuses",
    "Login",
    "Notification",
    "OverdraftSumAvailable",
    "Phone",
    "Representatives",
    "Restrictions",
    "Settings",
    "Type",
    "VatRate",
    "ForbiddenPlatform",
    "AvailableCampaignTypes",
];

const MAX_PAGE: u64 = 10_000;

/// How AgencyClients.get pages: as Direct does, or broken in a way a client must survive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgencyPaging {
    /// As Direct: while more are left, `LimitedBy` is the number of the last client listed,
    /// where the next page starts.
    #[default]
    Faithful,
    /// Every page lists its clients but says more are left with `LimitedBy` at its own offset:
    /// a client that trusts it asks for the same page forever.
    Stuck,
    /// Every page is empty yet says more are left (`LimitedBy` = offset + limit).
    EmptyClaimingMore,
    /// The list never ends: every page lists one made-up client (`ghost-<offset>`) and says
    /// more are left at the next offset.
    Endless,
}

/// Clients.get: the caller's own account; for an agency, a client's when `Client-Login` names
/// one.
pub(crate) fn get(call: &Call) -> Result<Success, DirectError> {
    let fields = field_names(&call.params)?;
    let own = |login: &str| same_login(login, &call.user.spec.login);
    let (account, units_login) = match (&call.role, call.client_login.as_deref()) {
        (Role::Advertiser { account }, None) => (account.clone(), account.clone()),
        (Role::Advertiser { account }, Some(login)) if same_login(login, account) || own(login) => {
            (account.clone(), account.clone())
        }
        (Role::Agency { agency, .. }, None) => (agency.clone(), agency.clone()),
        (Role::Agency { agency, .. }, Some(login)) if same_login(login, agency) || own(login) => {
            (agency.clone(), agency.clone())
        }
        (Role::Agency { agency, clients }, Some(login)) => {
            let client = clients
                .iter()
                .find(|c| same_login(c, login))
                .ok_or_else(|| {
                    DirectError::no_rights(format!("{login} is not a client of this agency"))
                })?;
            let payer = if call.operator_units { agency } else { client };
            (client.clone(), payer.clone())
        }
        (Role::Advertiser { .. }, Some(login)) => {
            return Err(DirectError::no_rights(format!(
                "No rights to act for the advertiser {login}"
            )))
        }
    };
    let account = call
        .world
        .direct
        .account(&account)
        .ok_or_else(|| DirectError::no_rights(format!("No Direct account {account}")))?;
    Ok(Success {
        result: json!({"Clients": [render(account, &fields)]}),
        units_login,
    })
}

/// AgencyClients.get: the agency's clients, filtered and paged.
pub(crate) fn agency_get(call: &Call) -> Result<Success, DirectError> {
    if let Some(login) = &call.client_login {
        // INFERRED: the docs say never to send Client-Login here; the fake refuses it.
        return Err(DirectError::no_rights(format!(
            "Client-Login ({login}) must not be sent to AgencyClients"
        )));
    }
    let Role::Agency { agency, clients } = &call.role else {
        return Err(DirectError::no_rights(
            "AgencyClients is available to agencies only",
        ));
    };
    let fields = field_names(&call.params)?;
    let criteria = match call.params.get("SelectionCriteria") {
        Some(Value::Object(criteria)) => criteria,
        _ => {
            return Err(DirectError::invalid_request(
                "SelectionCriteria is required",
            ))
        }
    };
    let logins: Option<Vec<&str>> = match criteria.get("Logins") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|v| {
                    v.as_str()
                        .ok_or_else(|| DirectError::invalid_request("Logins must be strings"))
                })
                .collect::<Result<_, _>>()?,
        ),
        Some(_) => return Err(DirectError::invalid_request("Logins must be an array")),
    };
    let archived = match criteria.get("Archived").map(|v| v.as_str()) {
        None => None,
        Some(Some("YES")) => Some(true),
        Some(Some("NO")) => Some(false),
        Some(_) => return Err(DirectError::invalid_request("Archived must be YES or NO")),
    };
    let (limit, offset) = page(&call.params)?;
    let matched: Vec<&Account> = clients
        .iter()
        .filter(|c| {
            logins
                .as_ref()
                .is_none_or(|ls| ls.iter().any(|l| same_login(l, c)))
        })
        .filter_map(|c| call.world.direct.account(c))
        .filter(|a| archived.is_none_or(|want| a.archived == want))
        .collect();
    let shown: Vec<Value> = matched
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|a| render(a, &fields))
        .collect();
    let more = offset + limit < matched.len() as u64;
    let result = match call.world.agency_paging {
        AgencyPaging::Faithful if more => json!({"Clients": shown, "LimitedBy": offset + limit}),
        AgencyPaging::Faithful => json!({"Clients": shown}),
        AgencyPaging::Stuck => json!({"Clients": shown, "LimitedBy": offset}),
        AgencyPaging::EmptyClaimingMore => json!({"Clients": [], "LimitedBy": offset + limit}),
        AgencyPaging::Endless => {
            let ghost = json!({"Login": format!("ghost-{offset}"), "ClientInfo": "Ghost"});
            json!({"Clients": [ghost], "LimitedBy": offset + 1})
        }
    };
    Ok(Success {
        result,
        units_login: agency.clone(),
    })
}

fn field_names(params: &Value) -> Result<Vec<String>, DirectError> {
    let Some(Value::Array(names)) = params.get("FieldNames") else {
        return Err(DirectError::invalid_request("FieldNames is required"));
    };
    if names.is_empty() {
        return Err(DirectError::invalid_request("FieldNames must not be empty"));
    }
    names
        .iter()
        .map(|name| match name.as_str() {
            Some(name) if KNOWN_FIELDS.contains(&name) => Ok(name.to_string()),
            _ => Err(DirectError::invalid_request(format!(
                "Invalid value in FieldNames: {name}"
            ))),
        })
        .collect()
}

fn page(params: &Value) -> Result<(u64, u64), DirectError> {
    let Some(page) = params.get("Page") else {
        return Ok((MAX_PAGE, 0));
    };
    let number = |name: &str, default: u64| match page.get(name) {
        None => Ok(default),
        Some(v) => v.as_u64().ok_or_else(|| {
            DirectError::invalid_request(format!("Page.{name} must be a non-negative integer"))
        }),
    };
    let limit = number("Limit", MAX_PAGE)?;
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(DirectError::invalid_request(
            "Page.Limit must be between 1 and 10000",
        ));
    }
    Ok((limit, number("Offset", 0)?))
}

fn render(account: &Account, fields: &[String]) -> Value {
    let email = format!("{}@yandex.ru", account.login);
    let mut item = Map::new();
    for field in fields {
        let value = match field.as_str() {
            "ClientId" => json!(account.client_id),
            "Login" => json!(account.login),
            "ClientInfo" => json!(account.name),
            "Type" => json!(account.kind.as_str()),
            "Archived" => json!(if account.archived { "YES" } else { "NO" }),
            "Currency" => json!("RUB"),
            "CountryId" => json!(225),
            "CreatedAt" => json!("2021-03-15"),
            "Phone" => json!("+70000000000"),
            "Notification" => json!({"Email": email, "Lang": "RU", "EmailSubscriptions": []}),
            "Representatives" => json!([{"Login": account.login, "Email": email, "Role": "CHIEF"}]),
            "Grants" | "Restrictions" | "Settings" => json!([]),
            _ => Value::Null,
        };
        item.insert(field.clone(), value);
    }
    Value::Object(item)
}
