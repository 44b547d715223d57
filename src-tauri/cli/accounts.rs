//! The command line's subcommands for apps, accounts and their tokens: `app add/list`,
//! `import`, `list`, `token`, `test`, `revoke`, `forget`, `refresh`, `audit`. Each parses
//! nothing itself: it calls one verb and prints the outcome.

use std::io::Write;
use std::process::ExitCode;

use super::args::{FlowArg, HostArg, RoleArg};
use super::input::read_secret;
use super::output::{print_json, show, tell, AccountJson, AppJson, TestJson};
use super::{find, role_of, Say, NOT_ALL_VALID};
use crate::accounts::{NewApp, OAuthHost};
use crate::app::{rfc3339, YaToken};
use crate::audit;
use crate::checkup::{status_name, Status};
use crate::domain::testing::TestRuns;
use crate::domain::views::AccountTest;
use crate::domain::{activity, apps, import, roster, tokens};
use crate::error::Error;
use crate::oauth::Flow;

#[allow(clippy::too_many_arguments)]
pub(super) async fn add_app(
    app: &YaToken,
    say: &Say,
    client_id: String,
    name: String,
    scope: String,
    secret_stdin: bool,
    host: HostArg,
    flow: FlowArg,
) -> Result<(), Error> {
    let secret = if secret_stdin {
        Some(read_secret(say)?).filter(|s| !s.expose().is_empty())
    } else {
        None
    };
    let added = apps::add(
        app,
        NewApp {
            client_id,
            name,
            host: match host {
                HostArg::Com => OAuthHost::Com,
                HostArg::Ru => OAuthHost::Ru,
            },
            scopes: scope.split_whitespace().map(str::to_string).collect(),
            flow: match flow {
                FlowArg::Token => Flow::Token,
                FlowArg::Code => Flow::CodePkce,
            },
            secret,
        },
    )
    .await?;
    show!(
        "{}",
        say.text(
            "cli.app_added",
            &[("name", &added.name), ("client_id", &added.client_id)]
        )
    );
    Ok(())
}

pub(super) fn list_apps(app: &YaToken, as_json: bool) -> Result<(), Error> {
    let apps = apps::list(app)?;
    if as_json {
        let value: Vec<AppJson> = apps.iter().map(AppJson::from).collect();
        print_json(&value);
    } else {
        for view in apps {
            show!(
                "{}  {}  {}",
                view.app.client_id,
                view.app.name,
                view.app.scopes.join(" ")
            );
        }
    }
    Ok(())
}

pub(super) async fn import(
    app: &YaToken,
    say: &Say,
    client_id: String,
    role: Option<RoleArg>,
) -> Result<(), Error> {
    let token = read_secret(say)?;
    let account = import::token_for_app(app, token, role.map(role_of), &client_id).await?;
    super::login::discover_direct(app, &account).await;
    show!("{}", account.login);
    Ok(())
}

pub(super) fn list(app: &YaToken, as_json: bool) -> Result<(), Error> {
    let accounts = roster::all(app)?;
    if as_json {
        let value: Vec<AccountJson> = accounts.iter().map(AccountJson::from).collect();
        print_json(&value);
    } else {
        for a in &accounts {
            let expires = a.expires_at.map(rfc3339).unwrap_or_else(|| "-".into());
            let role = a
                .role
                .map(|r| serde_json::to_value(r).unwrap_or_default())
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "-".into());
            show!("{}  {:<24} {:<26} {}", a.id, a.login, role, expires);
        }
    }
    Ok(())
}

pub(super) async fn token(app: &YaToken, _say: &Say, reference: &str) -> Result<(), Error> {
    let account = find(app, reference)?;
    let token = tokens::for_script(app, &account.id).await?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", token.expose());
    Ok(())
}

pub(super) async fn test(
    app: &YaToken,
    say: &Say,
    references: Vec<String>,
    all: bool,
    as_json: bool,
) -> ExitCode {
    let accounts = match roster::all(app) {
        Ok(accounts) => accounts,
        Err(error) => return say.fail(&error),
    };
    let ids = if all || references.is_empty() {
        accounts.iter().map(|a| a.id.clone()).collect()
    } else {
        let mut ids = Vec::new();
        for reference in &references {
            match find(app, reference) {
                Ok(account) => ids.push(account.id),
                Err(error) => return say.fail(&error),
            }
        }
        ids
    };
    let logins: std::collections::HashMap<String, String> =
        accounts.into_iter().map(|a| (a.id, a.login)).collect();
    let results = std::sync::Mutex::new(Vec::new());
    if let Err(error) = TestRuns::default()
        .run(app, ids.clone(), |p| {
            results.lock().unwrap_or_else(|e| e.into_inner()).push(p)
        })
        .await
    {
        return say.fail(&error);
    }
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    let order: std::collections::HashMap<&String, usize> =
        ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
    results.sort_by_key(|p| order.get(&p.id).copied().unwrap_or(usize::MAX));
    if as_json {
        let value: Vec<TestJson> = results
            .iter()
            .map(|p| TestJson::new(&p.id, logins.get(&p.id).map(String::as_str), &p.result))
            .collect();
        print_json(&value);
    } else {
        for p in &results {
            let login = logins.get(&p.id).map(String::as_str).unwrap_or(&p.id);
            print_test(say, login, &p.result);
        }
    }
    let all_valid =
        results.len() == ids.len() && results.iter().all(|p| p.result.status == Status::Valid);
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(NOT_ALL_VALID)
    }
}

pub(super) fn print_test(say: &Say, login: &str, result: &AccountTest) {
    show!(
        "{login}: {}",
        say.text(&format!("verdict.{}", status_name(result.status)), &[])
    );
    for check in &result.checks {
        show!("  {}", check.message);
    }
}

pub(super) async fn revoke(app: &YaToken, say: &Say, reference: &str) -> Result<(), Error> {
    let account = find(app, reference)?;
    let outcome = tokens::revoke(app, &account.id).await?;
    show!("{}", say.text("revoke.done", &[("login", &outcome.login)]));
    Ok(())
}

pub(super) async fn forget(app: &YaToken, say: &Say, reference: &str) -> Result<(), Error> {
    let account = find(app, reference)?;
    let account = roster::forget(app, &account.id).await?;
    show!(
        "{}",
        say.text("accounts.removed", &[("login", &account.login)])
    );
    Ok(())
}

pub(super) async fn refresh(app: &YaToken, say: &Say, reference: &str) -> Result<(), Error> {
    let account = find(app, reference)?;
    let account = tokens::refresh(app, &account.id).await?;
    show!("{}", say.text("refresh.done", &[("login", &account.login)]));
    Ok(())
}

pub(super) fn audit(app: &YaToken, say: &Say, csv: bool) -> Result<(), Error> {
    let log = activity::read(app)?;
    if log.skipped > 0 {
        let count = log.skipped.to_string();
        tell!(
            "yatoken: {}",
            say.text("audit.skipped", &[("count", &count)])
        );
    }
    let entries = log.entries;
    if csv {
        print!("{}", audit::to_csv(&entries));
    } else {
        for e in &entries {
            show!(
                "{}  {:<15} {:<6} {:<24} {}",
                rfc3339(e.at),
                e.action.name(),
                e.source.name(),
                e.login,
                e.detail.as_deref().unwrap_or("")
            );
        }
    }
    Ok(())
}
