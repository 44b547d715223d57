//! The command line: the same binary with a subcommand runs headless (no window, works over
//! SSH) on the same index and keychain as the window. Secrets are read from standard input,
//! never from arguments. Messages follow the window's language setting, else the locale.
//!
//! Exit codes: 0 success; 1 a test ran and not every token is valid; 2 bad usage or
//! configuration; 3 no such account, or an ambiguous one; 4 Yandex refused or it cannot be
//! done (a token rejected, a revoke impossible, a refresh refused); 5 could not finish
//! (network, keychain, files).

use std::process::ExitCode;

use clap::Parser;

use crate::accounts::{Role, StoreError};
use crate::app::YaToken;
use crate::domain::roster::find;
use crate::error::Error;
use crate::i18n::Language;
use crate::secrets::KeychainWait;

mod accounts;
mod agency;
mod args;
mod input;
mod login;
mod output;

use args::{AppCommand, Cli, Command, RoleArg};
use login::Way;
use output::tell;

/// The most the start of a command spends on sweeping an interrupted change's leftovers.
const SWEEP_WITHIN: std::time::Duration = std::time::Duration::from_secs(2);

/// Exit statuses, as documented above.
const REFUSED: u8 = 4;
const NOT_FOUND: u8 = 3;
const FAILED: u8 = 5;
const NOT_ALL_VALID: u8 = 1;

/// The exit status for `error`.
fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Store(StoreError::AccountNotFound | StoreError::AppNotFound)
        | Error::UnknownAccount { .. }
        | Error::AmbiguousAccount { .. } => NOT_FOUND,
        Error::Store(StoreError::InvalidClientId { .. } | StoreError::AppExists { .. })
        | Error::InvalidLogin { .. }
        | Error::InvalidRedirectUri { .. } => 2,
        Error::Store(
            StoreError::Keychain(_)
            | StoreError::Storage { .. }
            | StoreError::IndexDamaged { .. }
            | StoreError::IndexBusy { .. }
            | StoreError::AccountBusy { .. },
        )
        | Error::Network(_)
        | Error::RevokeUnconfirmed { .. }
        | Error::InfoUnavailable { .. }
        | Error::ImplausibleAccount { .. }
        | Error::Clipboard(_)
        | Error::ClientListRefused { .. }
        | Error::ClientListStuck { .. }
        | Error::ClientListEndless { .. }
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
        tell!("yatoken: {}", error.message(self.language));
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
            tell!("yatoken: {error}");
            return ExitCode::from(FAILED);
        }
    };
    let yatoken = yatoken.for_cli();
    crate::private_folders(&yatoken);
    let say = Say {
        language: yatoken.language(),
    };
    let waiting = say.text("keychain.waiting_unlock", &[]);
    yatoken.keychain().when_waiting(move |wait| {
        if wait == KeychainWait::Unlock {
            tell!("yatoken: {waiting}");
        }
    });
    runtime.block_on(async {
        // What an interrupted change left in the keychain; bounded, so a keychain that does
        // not answer holds the command up no longer than that.
        let _ = tokio::time::timeout(SWEEP_WITHIN, yatoken.accounts().sweep_leftovers()).await;
        run(cli.command, &yatoken, &say).await
    })
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
        }) => accounts::add_app(app, say, client_id, name, scope, secret_stdin, host, flow).await,
        Command::App(AppCommand::List(json)) => accounts::list_apps(app, json.json),
        Command::Import { client_id, role } => accounts::import(app, say, client_id, role).await,
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
            return login::login(app, say, request, way, json.json).await;
        }
        Command::List(json) => accounts::list(app, json.json),
        Command::Token { account } => accounts::token(app, say, &account).await,
        Command::Test {
            accounts,
            client: Some(client),
            json,
            ..
        } => return agency::test_client(app, say, accounts, &client, json.json).await,
        Command::Test {
            accounts,
            all,
            json,
            client: None,
        } => return accounts::test(app, say, accounts, all, json.json).await,
        Command::Clients {
            account,
            refresh,
            use_client,
            json,
        } => agency::clients(app, say, &account, refresh, use_client, json.json).await,
        Command::Revoke { account } => accounts::revoke(app, say, &account).await,
        Command::Forget { account } => accounts::forget(app, say, &account).await,
        Command::Refresh { account } => accounts::refresh(app, say, &account).await,
        Command::Audit { csv } => accounts::audit(app, say, csv),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => say.fail(&error),
    }
}

fn role_of(role: RoleArg) -> Role {
    match role {
        RoleArg::Advertiser => Role::Advertiser,
        RoleArg::AdvertiserRepresentative => Role::AdvertiserRepresentative,
        RoleArg::AgencyRepresentative => Role::AgencyRepresentative,
    }
}
