// The account list: who each token belongs to, its role, app, expiry and masked token, and
// Remove (forget locally). Shows the empty state when there is nothing to list.

import * as api from "../api.js";
import { $, confirmAction, el, messageOf, toast } from "../dom.js";
import { dateTime, relativeTime, roleLabel } from "../format.js";
import { setText, t } from "../i18n.js";

function initials(account) {
  const name = account.display_name || account.login;
  return name
    .split(/[\s.\-_]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join("");
}

function expiry(account) {
  const cell = el("span", { class: "expires", "data-testid": "account-expires" });
  if (!account.expires_at) {
    setText(cell, "accounts.expires_never");
    return cell;
  }
  const expired = Date.parse(account.expires_at) <= Date.now();
  cell.textContent = expired
    ? t("accounts.expired", { when: relativeTime(account.expires_at) })
    : relativeTime(account.expires_at);
  cell.title = dateTime(account.expires_at);
  if (expired) cell.classList.add("bad");
  return cell;
}

function row(account, refresh) {
  const remove = el("button", { type: "button", class: "quiet", "data-testid": "remove-account" });
  setText(remove, "common.remove");
  remove.addEventListener("click", async () => {
    const sure = await confirmAction(t("accounts.remove_confirm", { login: account.login }), "common.remove");
    if (!sure) return;
    try {
      await api.removeAccount(account.id);
      toast(t("accounts.removed", { login: account.login }));
    } catch (error) {
      toast(messageOf(error), "error");
    }
    await refresh();
  });

  const token = el("code", { class: "token", "data-testid": "account-token" });
  if (account.maskedToken) token.textContent = account.maskedToken;
  else {
    setText(token, "accounts.token_missing");
    token.classList.add("bad");
  }

  const app = el("span", { class: "app", "data-testid": "account-app" });
  if (account.appName) {
    app.textContent = account.appName;
    app.title = account.appName;
  }
  else setText(app, "accounts.app_unknown", { clientId: account.client_id.slice(0, 8) });

  const role = el("span", { class: "badge", "data-testid": "account-role" }, roleLabel(account.role));
  role.hidden = !account.role;
  const revocable = el("span", { class: "badge muted-badge", "data-testid": "account-revocable" });
  setText(revocable, "accounts.revocable_unknown");
  revocable.hidden = account.device_bound !== null;

  return el(
    "div",
    { class: "account", role: "listitem", "data-testid": "account-row", "data-login": account.login, "data-id": account.id },
    el("div", { class: "avatar", "aria-hidden": "true" }, initials(account)),
    el(
      "div",
      { class: "who" },
      el("strong", { "data-testid": "account-login" }, account.login),
      el("span", { class: "muted", "data-testid": "account-name" }, account.display_name),
    ),
    el("div", { class: "tags" }, role, revocable),
    app,
    expiry(account),
    token,
    remove,
  );
}

/** Renders `accounts` (or the empty state). */
export function renderAccounts(accounts, refresh) {
  const list = $("account-list");
  list.replaceChildren(...accounts.map((account) => row(account, refresh)));
  list.hidden = accounts.length === 0;
  $("empty-state").hidden = accounts.length > 0;
  const count = $("account-count");
  count.hidden = accounts.length === 0;
  setText(count, "accounts.count", { count: accounts.length });
}
