//! `yatoken clients` and `yatoken test ACCOUNT --client LOGIN`: an agency account's clients.

use std::process::ExitCode;

use super::accounts::print_test;
use super::output::{print_json, show, tell, ClientJson, TestJson};
use super::{find, Say, NOT_ALL_VALID};
use crate::app::YaToken;
use crate::checkup::{status_name, Status};
use crate::domain::agency;
use crate::error::Error;

/// `yatoken test ACCOUNT --client LOGIN`: the agency's token, for one of its clients.
pub(super) async fn test_client(
    app: &YaToken,
    say: &Say,
    references: Vec<String>,
    client: &str,
    as_json: bool,
) -> ExitCode {
    let [reference] = references.as_slice() else {
        tell!("yatoken: {}", say.text("cli.client_needs_one_account", &[]));
        return ExitCode::from(2);
    };
    let account = match find(app, reference) {
        Ok(account) => account,
        Err(error) => return say.fail(&error),
    };
    let result = match agency::test_client(app, &account.id, client).await {
        Ok(result) => result,
        Err(error) => return say.fail(&error),
    };
    if as_json {
        print_json(&[TestJson::new(&account.id, Some(&account.login), &result)]);
    } else {
        print_test(say, &format!("{} → {client}", account.login), &result);
    }
    if result.status == Status::Valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(NOT_ALL_VALID)
    }
}

pub(super) async fn clients(
    app: &YaToken,
    say: &Say,
    reference: &str,
    refresh: bool,
    use_client: Option<String>,
    as_json: bool,
) -> Result<(), Error> {
    let account = find(app, reference)?;
    if let Some(login) = use_client {
        agency::set_active_client(app, &account.id, Some(login.clone())).await?;
        show!("{}", say.text("clients.now_active", &[("client", &login)]));
        return Ok(());
    }
    let mut view = agency::clients(app, &account.id)?;
    if refresh || view.fetched_at.is_none() {
        view = agency::refresh_clients(app, &account.id).await?;
    }
    if as_json {
        let value = ClientJson::all(&view);
        print_json(&value);
    } else {
        for c in &view.clients {
            let active = view.active_client.as_deref() == Some(c.login.as_str());
            let status = c
                .last_test
                .as_ref()
                .map(|t| status_name(t.status))
                .unwrap_or("-");
            show!(
                "{} {:<30} {:<10} {}",
                if active { "*" } else { " " },
                c.login,
                status,
                c.name
            );
        }
    }
    Ok(())
}
