//! The command line: the same binary with a subcommand runs headless (no window, works over
//! SSH) on the same index and keychain as the window. Secrets are read from standard input,
//! never from arguments. Messages follow the window's language setting, else the locale.
//!
//! Exit codes: 0 success; 1 a test ran and not every token is valid; 2 bad usage or
//! configuration; 3 no such account, or an ambiguous one; 4 Yandex refused or it cannot be
//! done (a token rejected, a revoke impossible, a refresh refused); 5 could not finish
//! (network, keychain, files).

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::Parser;
use serde_json::json;

use crate::accounts::{Account, NewApp, OAuthHost, Role};
use crate::app::{rfc3339, AccountTest, YaToken};
use crate::audit;
use crate::checkup::{status_name, Status};
use crate::error::Error;
use crate::i18n::Language;
use crate::oauth::Flow;
use crate::secrets::Secret;
use crate::signin::{SignInOutcome, SignInRequest};

mod args;

use args::{AppCommand, Cli, Command, FlowArg, HostArg, RoleArg};

/// Exit statuses, as documented above.
const REFUSED: u8 = 4;
const NOT_FOUND: u8 = 3;
const FAILED: u8 = 5;
const NOT_ALL_VALID: u8 = 1;

fn exit_code(error: &Error) -> u8 {
    match error {
        Error::AccountNotFound
        | Error::AppNotFound
        | Error::UnknownAccount { .. }
        | Error::AmbiguousAccount { .. } => NOT_FOUND,
        Error::InvalidClientId { .. }
        | Error::AppExists { .. }
        | Error::InvalidLogin { .. }
        | Error::InvalidRedirectUri { .. } => 2,
        Error::Keychain(_)
        | Error::Storage { .. }
        | Error::IndexDamaged { .. }
        | Error::Network(_)
        | Error::InfoUnavailable { .. }
        | Error::Clipboard(_)
        | Error::ClientListRefused { .. }
        | Error::WindowFailed { .. } => FAILED,
        _ => REFUSED,
    }
}

/// A message for the person at the terminal, in their language.
struct Say {
    language: Language,
}

impl Say {
    fn text(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.language.format(key, args)
    }

    fn fail(&self, error: &Error) -> ExitCode {
        eprintln!("yatoken: {}", error.message(self.language));
        ExitCode::from(exit_code(error))
    }
}

/// Runs the command line with `args` (including the program name).
pub fn main(args: Vec<std::ffi::OsString>, yatoken: YaToken) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("yatoken: {error}");
            return ExitCode::from(FAILED);
        }
    };
    let yatoken = yatoken.for_cli();
    let say = Say {
        language: yatoken.language(),
    };
    runtime.block_on(run(cli.command, &yatoken, &say))
}

async fn run(command: Command, app: &YaToken, say: &Say) -> ExitCode {
    let result = match command {
        Command::App(AppCommand::Add {
            client_id,
            name,
            scope,
            secret_stdin,
            host,
            flow,
        }) => add_app(app, say, client_id, name, scope, secret_stdin, host, flow).await,
        Command::App(AppCommand::List(json)) => list_apps(app, json.json),
        Command::Import { client_id, role } => import(app, say, client_id, role).await,
        Command::Login {
            client_id,
            device: _,
            browser,
            redirect_uri,
            login_hint,
            role,
            json,
        } => {
            let way = match (browser, redirect_uri) {
                (false, _) => Way::Device,
                (true, None) => Way::Browser(None),
                (true, Some(raw)) => match url::Url::parse(raw.trim()) {
                    Ok(url) if crate::oauth::is_loopback_redirect(&url) => Way::Browser(Some(url)),
                    _ => return say.fail(&Error::InvalidRedirectUri { value: raw }),
                },
            };
            let request = (client_id, login_hint, role);
            return login(app, say, request, way, json.json).await;
        }
        Command::List(json) => list(app, json.json),
        Command::Token { account } => token(app, say, &account).await,
        Command::Test {
            accounts,
            client: Some(client),
            json,
            ..
        } => return test_client(app, say, accounts, &client, json.json).await,
        Command::Test {
            accounts,
            all,
            json,
            client: None,
        } => return test(app, say, accounts, all, json.json).await,
        Command::Clients {
            account,
            refresh,
            use_client,
            json,
        } => clients(app, say, &account, refresh, use_client, json.json).await,
        Command::Revoke { account } => revoke(app, say, &account).await,
        Command::Forget { account } => forget(app, say, &account).await,
        Command::Refresh { account } => refresh(app, say, &account).await,
        Command::Audit { csv } => audit(app, csv),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => say.fail(&error),
    }
}

/// Reads one secret from standard input (trimmed). Refuses an interactive terminal with no
/// input piped, rather than waiting silently.
fn read_secret(say: &Say) -> Result<Secret, Error> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("{}", say.text("cli.paste_secret", &[]));
    }
    let mut text = String::new();
    stdin
        .read_to_string(&mut text)
        .map_err(|source| Error::Storage {
            path: "<stdin>".into(),
            source,
        })?;
    Ok(Secret::new(text.trim()))
}

/// Standard input, line by line, read on a thread of its own (a read cannot be cancelled), so
/// that the pasted code and a later question share one reader. Ends at end of input.
fn stdin_lines() -> tokio::sync::mpsc::Receiver<String> {
    let (sender, lines) = tokio::sync::mpsc::channel(4);
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { return };
            if sender.blocking_send(line).is_err() {
                return;
            }
        }
    });
    lines
}

/// Hands each non-empty line to the browser sign-in until one reads; says why one does not.
/// Ends when the input ends (the sign-in may still finish at a loopback redirect).
async fn forward_pastes(
    say: &Say,
    lines: &mut tokio::sync::mpsc::Receiver<String>,
    pastes: tokio::sync::mpsc::Sender<crate::browser_signin::Pasted>,
) {
    while let Some(line) = lines.recv().await {
        if line.trim().is_empty() {
            continue;
        }
        let (reply, answer) = tokio::sync::oneshot::channel();
        let text = Secret::new(line.trim());
        if pastes
            .send(crate::browser_signin::Pasted { text, reply })
            .await
            .is_err()
        {
            return;
        }
        match answer.await {
            Ok(Ok(())) => return std::future::pending().await,
            Ok(Err(error)) => eprintln!("yatoken: {}", error.message(say.language)),
            Err(_) => return std::future::pending().await,
        }
    }
    drop(pastes);
    std::future::pending().await
}

/// An account as `list --json` and `login --json` print it (never a token).
fn account_json(a: &Account) -> serde_json::Value {
    json!({
        "id": a.id,
        "login": a.login,
        "uid": a.uid,
        "display_name": a.display_name,
        "client_id": a.client_id,
        "role": a.role,
        "expires_at": a.expires_at.map(rfc3339),
        "revocable": a.device_bound,
        "has_refresh_token": a.has_refresh_token,
        "needs_sign_in": a.needs_sign_in,
        "last_test": a.last_check.as_ref().map(|c| json!({
            "status": c.status,
            "checked_at": rfc3339(c.checked_at),
        })),
        "label": a.label,
        "direct": a.direct.as_ref().map(|d| json!({
            "login": d.login,
            "name": d.name,
            "agency": d.agency,
        })),
        "active_client": a.active_client,
    })
}

/// ACCOUNT: a login when unambiguous, else an account id.
fn find(app: &YaToken, reference: &str) -> Result<Account, Error> {
    let accounts = app.accounts().load()?.accounts;
    if let Some(account) = accounts.iter().find(|a| a.id == reference) {
        return Ok(account.clone());
    }
    let matches: Vec<&Account> = accounts
        .iter()
        .filter(|a| crate::accounts::same_login(&a.login, reference))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::UnknownAccount {
            reference: reference.to_string(),
        }),
        many => Err(Error::AmbiguousAccount {
            login: reference.to_string(),
            ids: many.iter().map(|a| a.id.clone()).collect(),
        }),
    }
}

#[allow(clippy::too_many_arguments)]
async fn add_app(
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
    let added = app
        .accounts()
        .add_app(NewApp {
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
        })
        .await?;
    println!(
        "{}",
        say.text(
            "cli.app_added",
            &[("name", &added.name), ("client_id", &added.client_id)]
        )
    );
    Ok(())
}

fn list_apps(app: &YaToken, as_json: bool) -> Result<(), Error> {
    let apps = app.list_apps()?;
    if as_json {
        let value: Vec<_> = apps
            .iter()
            .map(|v| {
                json!({
                    "client_id": v.app.client_id,
                    "name": v.app.name,
                    "host": v.app.host,
                    "scopes": v.app.scopes,
                    "flow": v.app.flow,
                    "has_secret": v.app.has_secret,
                    "accounts": v.used_by,
                })
            })
            .collect();
        print_json(&value);
    } else {
        for view in apps {
            println!(
                "{}  {}  {}",
                view.app.client_id,
                view.app.name,
                view.app.scopes.join(" ")
            );
        }
    }
    Ok(())
}

async fn import(
    app: &YaToken,
    say: &Say,
    client_id: String,
    role: Option<RoleArg>,
) -> Result<(), Error> {
    let token = read_secret(say)?;
    let account = app
        .import_token_for(token, role.map(role_of), &client_id)
        .await?;
    discover_direct(app, &account).await;
    println!("{}", account.login);
    Ok(())
}

fn role_of(role: RoleArg) -> Role {
    match role {
        RoleArg::Advertiser => Role::Advertiser,
        RoleArg::AdvertiserRepresentative => Role::AdvertiserRepresentative,
        RoleArg::AgencyRepresentative => Role::AgencyRepresentative,
    }
}

/// Whom a new token acts for in Direct (and an agency's clients): best effort, bounded.
async fn discover_direct(app: &YaToken, account: &Account) {
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        app.discover_direct(&account.id),
    )
    .await;
}

/// `yatoken login`: a code to confirm in any browser, then the account stored as a window
/// sign-in stores it. Killed while it waits (Ctrl-C), it has stored nothing.
/// How `yatoken login` signs in.
enum Way {
    /// A code shown here, confirmed on Yandex's device page.
    Device,
    /// The authorize page in a browser; the code pasted back, or caught at a loopback redirect.
    Browser(Option<url::Url>),
}

async fn login(
    app: &YaToken,
    say: &Say,
    (client_id, login_hint, role): (String, Option<String>, Option<RoleArg>),
    way: Way,
    as_json: bool,
) -> ExitCode {
    let client_id = client_id.trim().to_ascii_lowercase();
    if !crate::accounts::model::is_client_id(&client_id) {
        return say.fail(&Error::InvalidClientId { value: client_id });
    }
    let request = SignInRequest {
        client_id,
        login_hint,
        role: role.map(role_of),
        scopes: None,
    };
    let mut lines = stdin_lines();
    let outcome = match way {
        Way::Device => {
            let show = |code: &crate::oauth::DeviceCode| {
                let minutes = code.expires_in.as_secs().div_ceil(60).to_string();
                let names = [
                    ("url", code.verification_url.as_str()),
                    ("code", code.user_code.as_str()),
                    ("minutes", minutes.as_str()),
                ];
                eprintln!("{}", say.text("cli.device_code", &names));
            };
            app.sign_in_with_code(request, show, std::future::pending())
                .await
        }
        Way::Browser(redirect) => {
            let listening = redirect.clone();
            let open = |url: &url::Url| {
                eprintln!("{}", say.text("cli.browser_open", &[("url", url.as_str())]));
                if let Some(redirect) = &listening {
                    let names = [("redirect", redirect.as_str())];
                    eprintln!("{}", say.text("cli.browser_listening", &names));
                }
                Ok(())
            };
            let (pastes, pasted) = tokio::sync::mpsc::channel(1);
            let signing_in =
                app.sign_in_in_browser(request, redirect, open, pasted, std::future::pending());
            let forwarding = forward_pastes(say, &mut lines, pastes);
            tokio::select! {
                outcome = signing_in => outcome,
                () = forwarding => Err(Error::SignInCancelled),
            }
        }
    };
    let account = match outcome {
        Ok(SignInOutcome::Saved { account }) => *account,
        Ok(SignInOutcome::WrongAccount {
            pending,
            expected,
            actual,
        }) => {
            let names = [("expected", expected.as_str()), ("actual", actual.as_str())];
            let keep = std::io::stdin().is_terminal() && {
                eprint!("{}", say.text("cli.wrong_account", &names));
                let answer = lines.recv().await.unwrap_or_default();
                matches!(answer.trim(), "y" | "Y" | "yes" | "д" | "Д" | "да")
            };
            match app.confirm_sign_in(&pending, keep).await {
                Ok(Some(account)) => account,
                Ok(None) => {
                    eprintln!(
                        "yatoken: {}",
                        say.text("cli.wrong_account_not_saved", &names)
                    );
                    return ExitCode::from(REFUSED);
                }
                Err(error) => return say.fail(&error),
            }
        }
        Err(error) => return say.fail(&error),
    };
    discover_direct(app, &account).await;
    let account = app
        .accounts()
        .load()
        .ok()
        .and_then(|index| index.account(&account.id).cloned())
        .unwrap_or(account);
    if as_json {
        println!("{}", account_json(&account));
    } else {
        println!("{}", account.login);
    }
    ExitCode::SUCCESS
}

fn list(app: &YaToken, as_json: bool) -> Result<(), Error> {
    let accounts = app.accounts().load()?.accounts;
    if as_json {
        let value: Vec<_> = accounts.iter().map(account_json).collect();
        print_json(&value);
    } else {
        for a in &accounts {
            let expires = a.expires_at.map(rfc3339).unwrap_or_else(|| "-".into());
            let role = a
                .role
                .map(|r| serde_json::to_value(r).unwrap_or_default())
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "-".into());
            println!("{}  {:<24} {:<26} {}", a.id, a.login, role, expires);
        }
    }
    Ok(())
}

async fn token(app: &YaToken, _say: &Say, reference: &str) -> Result<(), Error> {
    let account = find(app, reference)?;
    let token = app.token_for_script(&account.id).await?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", token.expose());
    Ok(())
}

async fn test(
    app: &YaToken,
    say: &Say,
    references: Vec<String>,
    all: bool,
    as_json: bool,
) -> ExitCode {
    let ids = if all || references.is_empty() {
        match app.accounts().load() {
            Ok(index) => index.accounts.into_iter().map(|a| a.id).collect(),
            Err(error) => return say.fail(&error),
        }
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
    let logins: std::collections::HashMap<String, String> = match app.accounts().load() {
        Ok(index) => index
            .accounts
            .into_iter()
            .map(|a| (a.id, a.login))
            .collect(),
        Err(error) => return say.fail(&error),
    };
    let results = std::sync::Mutex::new(Vec::new());
    if let Err(error) = app
        .test_accounts(ids.clone(), |p| {
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
        let value: Vec<_> = results
            .iter()
            .map(|p| test_json(&p.id, logins.get(&p.id).map(String::as_str), &p.result))
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

/// One test as the JSON contract has it: `{id, login, status, checks: [{api, status, code?,
/// message}]}` (plus `client` on a check made for an agency's client).
fn test_json(id: &str, login: Option<&str>, result: &AccountTest) -> serde_json::Value {
    json!({
        "id": id,
        "login": login,
        "status": result.status,
        "checks": result.checks.iter().map(|c| {
            let mut check = json!({
                "api": c.check.api,
                "status": c.check.status,
                "message": c.message,
            });
            if let Some(code) = &c.check.code {
                check["code"] = json!(code);
            }
            if let Some(client) = &c.check.client {
                check["client"] = json!(client);
            }
            check
        }).collect::<Vec<_>>(),
    })
}

fn print_test(say: &Say, login: &str, result: &AccountTest) {
    println!(
        "{login}: {}",
        say.text(&format!("verdict.{}", status_name(result.status)), &[])
    );
    for check in &result.checks {
        println!("  {}", check.message);
    }
}

/// `yatoken test ACCOUNT --client LOGIN`: the agency's token, for one of its clients.
async fn test_client(
    app: &YaToken,
    say: &Say,
    references: Vec<String>,
    client: &str,
    as_json: bool,
) -> ExitCode {
    let [reference] = references.as_slice() else {
        eprintln!("yatoken: {}", say.text("cli.client_needs_one_account", &[]));
        return ExitCode::from(2);
    };
    let account = match find(app, reference) {
        Ok(account) => account,
        Err(error) => return say.fail(&error),
    };
    let result = match app.test_client(&account.id, client).await {
        Ok(result) => result,
        Err(error) => return say.fail(&error),
    };
    if as_json {
        print_json(&vec![test_json(&account.id, Some(&account.login), &result)]);
    } else {
        print_test(say, &format!("{} → {client}", account.login), &result);
    }
    if result.status == Status::Valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(NOT_ALL_VALID)
    }
}

async fn clients(
    app: &YaToken,
    say: &Say,
    reference: &str,
    refresh: bool,
    use_client: Option<String>,
    as_json: bool,
) -> Result<(), Error> {
    let account = find(app, reference)?;
    if let Some(login) = use_client {
        app.set_active_client(&account.id, Some(login.clone()))
            .await?;
        println!("{}", say.text("clients.now_active", &[("client", &login)]));
        return Ok(());
    }
    let mut view = app.agency_clients(&account.id)?;
    if refresh || view.fetched_at.is_none() {
        view = app.refresh_agency_clients(&account.id).await?;
    }
    if as_json {
        let value: Vec<_> = view
            .clients
            .iter()
            .map(|c| {
                json!({
                    "login": c.login,
                    "name": c.name,
                    "client_id": c.client_id,
                    "archived": c.archived,
                    "active": view.active_client.as_deref() == Some(c.login.as_str()),
                    "last_test": c.last_test.as_ref().map(|t| json!({
                        "status": t.status,
                        "checked_at": t.checked_at,
                    })),
                })
            })
            .collect();
        print_json(&value);
    } else {
        for c in &view.clients {
            let active = view.active_client.as_deref() == Some(c.login.as_str());
            let status = c
                .last_test
                .as_ref()
                .map(|t| status_name(t.status))
                .unwrap_or("-");
            println!(
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

async fn revoke(app: &YaToken, say: &Say, reference: &str) -> Result<(), Error> {
    let account = find(app, reference)?;
    let outcome = app.revoke_account(&account.id).await?;
    let key = match outcome.confirmed_dead {
        Some(true) => "revoke.done",
        Some(false) => "revoke.still_alive",
        None => "revoke.done_unconfirmed",
    };
    println!("{}", say.text(key, &[("login", &outcome.login)]));
    Ok(())
}

async fn forget(app: &YaToken, say: &Say, reference: &str) -> Result<(), Error> {
    let account = find(app, reference)?;
    let account = app.remove_account(&account.id).await?;
    println!(
        "{}",
        say.text("accounts.removed", &[("login", &account.login)])
    );
    Ok(())
}

async fn refresh(app: &YaToken, say: &Say, reference: &str) -> Result<(), Error> {
    let account = find(app, reference)?;
    let account = app.refresh_account(&account.id).await?;
    println!("{}", say.text("refresh.done", &[("login", &account.login)]));
    Ok(())
}

fn audit(app: &YaToken, csv: bool) -> Result<(), Error> {
    let entries = app.audit_entries()?;
    if csv {
        print!("{}", audit::to_csv(&entries));
    } else {
        for e in &entries {
            println!(
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

fn print_json(value: &impl serde::Serialize) {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "[]".into());
    println!("{text}");
}
