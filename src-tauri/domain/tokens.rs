//! What a person does with a stored token: copy it (Rust writes the clipboard), reveal it, hand
//! it to a script, revoke it at Yandex, refresh it, and the daily refresh of tokens about to
//! expire.

use crate::accounts::{Account, App, OAuthHost};
use crate::app::YaToken;
use crate::audit::Action;
use crate::clipboard::CopyFormat;
use crate::domain::agency::checked_login;
use crate::domain::views::{CopyReceipt, RevokeOutcome};
use crate::error::{Error, OAuthStep};
use crate::oauth::{self, ClientCredentials};
use crate::pause::pause_point;
use crate::secrets::Secret;
use crate::yandex;

/// Accounts with fewer days left than this are refreshed automatically.
pub const REFRESH_WITHIN_DAYS: i64 = 30;

/// How often [`keep_fresh`] looks for tokens to refresh.
const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Copies the token in `format`; Rust writes the clipboard, the window never sees the token.
/// Direct headers name `client_login`, else an agency account's active client, else the
/// account's own login.
pub async fn copy(
    cx: &YaToken,
    id: &str,
    format: CopyFormat,
    client_login: Option<String>,
) -> Result<CopyReceipt, Error> {
    let (account, _) = cx.account_and_app(id)?;
    let client = match client_login {
        Some(login) => Some(checked_login(&login)?),
        None if format == CopyFormat::DirectHeaders && account.is_agency() => Some(
            account
                .active_client
                .clone()
                .ok_or_else(|| Error::NoActiveClient {
                    login: account.login.clone(),
                })?,
        ),
        None => None,
    };
    let token = cx.accounts().access_token(id).await?;
    let seconds = cx.settings().clipboard_clear_seconds();
    let delay = (seconds > 0).then(|| std::time::Duration::from_secs(seconds.into()));
    let login = client.as_deref().unwrap_or(&account.login);
    cx.clipboard()
        .copy_secret(format.render(&token, login), delay)?;
    let detail = match (&client, format) {
        (Some(client), CopyFormat::DirectHeaders) => format!("{} (client {client})", format.name()),
        _ => format.name().to_string(),
    };
    cx.note(Action::Copied, &account, Some(&detail));
    Ok(CopyReceipt {
        clears_in: (seconds > 0).then_some(seconds),
    })
}

/// The full token, for Reveal: the one moment it is handed to the window.
pub async fn reveal(cx: &YaToken, id: &str) -> Result<Secret, Error> {
    handed_out(cx, id, Action::Revealed, None).await
}

/// The token for a script (`yatoken token`), recorded in the audit log like a copy.
pub async fn for_script(cx: &YaToken, id: &str) -> Result<Secret, Error> {
    handed_out(cx, id, Action::Copied, Some("stdout")).await
}

async fn handed_out(
    cx: &YaToken,
    id: &str,
    action: Action,
    detail: Option<&str>,
) -> Result<Secret, Error> {
    let (account, _) = cx.account_and_app(id)?;
    let token = cx.accounts().access_token(id).await?;
    cx.note(action, &account, detail);
    Ok(token)
}

/// Revokes the token at Yandex and removes the account once Yandex ID confirms the token dead.
/// Nothing is removed when Yandex cannot revoke it (no device id, no or wrong secret), cannot be
/// reached, or its answer was lost (revoking again finishes: Yandex answers `ok` for a token
/// already revoked), nor when `/info` still accepts the token or cannot be asked. The account's
/// lock is held throughout, so a refresh cannot swap the token under the revoke.
pub async fn revoke(cx: &YaToken, id: &str) -> Result<RevokeOutcome, Error> {
    let (account, _) = cx.account_and_app(id)?;
    let _changing = cx.accounts().lock_account(&account).await?;
    let (account, app) = cx.account_and_app(id)?;
    let app = app.ok_or_else(|| Error::RevokeNeedsSecret {
        app: account.client_id.clone(),
    })?;
    let secret = cx
        .accounts()
        .client_secret(&app.client_id)
        .await?
        .ok_or_else(|| Error::RevokeNeedsSecret {
            app: app.name.clone(),
        })?;
    let token = cx.accounts().access_token(id).await?;
    pause_point("revoke:before-yandex");
    let revoked = oauth::revoke(
        &cx.http(),
        oauth_base(cx, &app),
        &token,
        &credentials(&app, Some(secret)),
    )
    .await;
    pause_point("revoke:after-yandex");
    if let Err(error) = revoked {
        let error = Error::from_oauth(OAuthStep::Revoke, error);
        if matches!(error, Error::NotRevocable) {
            // Issued without a device id: say so on the account, so Revoke is not offered again.
            cx.accounts()
                .update(id, |a| a.device_bound = Some(false))
                .await?;
        }
        return Err(error);
    }
    match yandex::user_info(&cx.http(), cx.endpoints(), &token).await {
        Err(yandex::InfoError::Rejected { .. }) => {}
        Ok(_) => {
            cx.note(Action::RevokeFailed, &account, Some("token still valid"));
            return Err(Error::RevokeStillAlive {
                login: account.login,
            });
        }
        Err(error) => {
            return Err(Error::RevokeUnconfirmed {
                login: account.login,
                detail: error.to_string(),
            })
        }
    }
    pause_point("revoke:confirmed-dead");
    cx.accounts().remove_account(id).await?;
    cx.note(Action::Revoked, &account, None);
    Ok(RevokeOutcome {
        login: account.login,
    })
}

/// Exchanges the refresh token for new tokens. `invalid_grant` marks the account "sign in
/// again" and deletes nothing.
///
/// The account's lock is held from reading the refresh token to storing the new tokens. A
/// refresh that had to wait for another change of the account finds the winner's tokens and
/// returns them instead of spending the refresh token again; one refused with `invalid_grant`
/// while the stored refresh token changed under it (another YaToken refreshed meanwhile) uses
/// the winner's tokens rather than marking a healthy account.
pub async fn refresh(cx: &YaToken, id: &str) -> Result<Account, Error> {
    let (seen, _) = cx.account_and_app(id)?;
    let _changing = cx.accounts().lock_account(&seen).await?;
    let (account, app) = cx.account_and_app(id)?;
    if account.issued_at != seen.issued_at && !account.needs_sign_in {
        return Ok(account);
    }
    let refresh_token = cx
        .accounts()
        .refresh_token(id)
        .await?
        .ok_or(Error::NoRefreshToken)?;
    let app = app.ok_or_else(|| Error::RefreshNeedsSecret {
        app: account.client_id.clone(),
    })?;
    let secret = cx.accounts().client_secret(&app.client_id).await?;
    if secret.is_none() {
        return Err(Error::RefreshNeedsSecret {
            app: app.name.clone(),
        });
    }
    pause_point("refresh:before-yandex");
    let answer = oauth::refresh(
        &cx.http(),
        oauth_base(cx, &app),
        &refresh_token,
        &credentials(&app, secret),
    )
    .await;
    pause_point("refresh:after-yandex");
    let tokens = match answer.map_err(|error| Error::from_oauth(OAuthStep::Refresh, error)) {
        Ok(tokens) => tokens,
        Err(Error::RefreshRefused) => {
            if cx.accounts().refresh_token(id).await?.as_ref() != Some(&refresh_token) {
                let (winner, _) = cx.account_and_app(id)?;
                return Ok(winner);
            }
            cx.accounts().update(id, |a| a.needs_sign_in = true).await?;
            cx.note(Action::RefreshRefused, &account, Some("invalid_grant"));
            return Err(Error::RefreshRefused);
        }
        Err(error) => return Err(error),
    };
    let account = cx
        .accounts()
        .replace_tokens(
            id,
            tokens.access_token,
            tokens.refresh_token,
            tokens.expires_in,
        )
        .await?;
    cx.note(Action::Refreshed, &account, None);
    Ok(account)
}

/// Refreshes every account that can be refreshed and has fewer than [`REFRESH_WITHIN_DAYS`]
/// left. Failures are left on the accounts (marked or untouched). Returns how many succeeded.
pub async fn refresh_due(cx: &YaToken) -> Result<usize, Error> {
    let soon = time::OffsetDateTime::now_utc() + time::Duration::days(REFRESH_WITHIN_DAYS);
    let due: Vec<String> = cx
        .accounts()
        .load()?
        .accounts
        .into_iter()
        .filter(|a| a.has_refresh_token && !a.needs_sign_in)
        .filter(|a| a.expires_at.is_some_and(|e| e < soon))
        .map(|a| a.id)
        .collect();
    let mut refreshed = 0;
    for id in due {
        if refresh(cx, &id).await.is_ok() {
            refreshed += 1;
        }
    }
    Ok(refreshed)
}

/// The window's background refresh: what is due at start, then once a day. Never returns.
pub async fn keep_fresh(cx: &YaToken) {
    loop {
        let _ = refresh_due(cx).await;
        tokio::time::sleep(REFRESH_EVERY).await;
    }
}

fn credentials(app: &App, secret: Option<Secret>) -> ClientCredentials {
    ClientCredentials {
        client_id: app.client_id.clone(),
        secret,
    }
}

/// The OAuth server the app was registered with.
fn oauth_base<'a>(cx: &'a YaToken, app: &App) -> &'a url::Url {
    match app.host {
        OAuthHost::Com => &cx.endpoints().oauth,
        OAuthHost::Ru => &cx.endpoints().oauth_ru,
    }
}
