//! `yatoken login`: signing in from a terminal, with a code or in a browser.

use std::io::IsTerminal;
use std::process::ExitCode;

use super::input::{forward_pastes, stdin_lines};
use super::output::{show, tell, terminal_safe, AccountJson};
use super::{role_of, Say, REFUSED};
use crate::accounts::{Account, StoreError};
use crate::app::YaToken;
use crate::domain::sign_in::{SignInOutcome, SignInRequest, SignIns};
use crate::domain::{agency, roster};
use crate::error::Error;

use super::args::RoleArg;

/// Whom a new token acts for in Direct (and an agency's clients): best effort, bounded.
pub async fn discover_direct(app: &YaToken, account: &Account) {
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        agency::discover(app, &account.id),
    )
    .await;
}

/// How `yatoken login` signs in.
pub enum Way {
    /// A code shown here, confirmed on Yandex's device page.
    Device,
    /// The authorize page in a browser; the code pasted back, or caught at a loopback redirect.
    Browser(Option<url::Url>),
}

/// `yatoken login`: a code to confirm in any browser (or the authorize page in one), then the
/// account stored as a window sign-in stores it. Killed while it waits (Ctrl-C), it has stored
/// nothing.
pub async fn login(
    app: &YaToken,
    say: &Say,
    (client_id, login_hint, role): (String, Option<String>, Option<RoleArg>),
    way: Way,
    as_json: bool,
) -> ExitCode {
    let client_id = client_id.trim().to_ascii_lowercase();
    if !crate::accounts::model::is_client_id(&client_id) {
        return say.fail(&StoreError::InvalidClientId { value: client_id }.into());
    }
    let request = SignInRequest {
        client_id,
        login_hint,
        role: role.map(role_of),
        scopes: None,
    };
    let sign_ins = SignIns::default();
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
                tell!("{}", say.text("cli.device_code", &names));
            };
            sign_ins
                .with_code(app, request, show, std::future::pending())
                .await
        }
        Way::Browser(redirect) => {
            let listening = redirect.clone();
            let open = |url: &url::Url| {
                tell!("{}", say.text("cli.browser_open", &[("url", url.as_str())]));
                if let Some(redirect) = &listening {
                    let names = [("redirect", redirect.as_str())];
                    tell!("{}", say.text("cli.browser_listening", &names));
                }
                Ok(())
            };
            let (pastes, pasted) = tokio::sync::mpsc::channel(1);
            let signing_in =
                sign_ins.in_browser(app, request, redirect, open, pasted, std::future::pending());
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
                eprint!("{}", terminal_safe(&say.text("cli.wrong_account", &names)));
                let answer = lines.recv().await.unwrap_or_default();
                matches!(answer.trim(), "y" | "Y" | "yes" | "д" | "Д" | "да")
            };
            match sign_ins.confirm(app, &pending, keep).await {
                Ok(Some(account)) => account,
                Ok(None) => {
                    tell!(
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
    // As discovery left it (whom it acts for in Direct).
    let account = roster::get(app, &account.id).unwrap_or(account);
    if as_json {
        let json = serde_json::to_string(&AccountJson::from(&account)).unwrap_or_default();
        println!("{json}");
    } else {
        show!("{}", account.login);
    }
    ExitCode::SUCCESS
}
