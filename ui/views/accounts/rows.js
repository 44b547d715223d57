// One account's row in the list: who the token belongs to, its role, app, expiry, last test
// and masked token, with Test, Copy and More (what they do is in actions.js); an agency's bar
// with its clients. Built from the account and what the list passes in, nothing else.

import { el } from "../../dom.js";
import { dateTime, relativeTime, roleLabel } from "../../format.js";
import { setText, t } from "../../i18n.js";
import { badge, button, menu, verdictBadge } from "../../widgets.js";
import { clientCount, matchingClients, openClients } from "../clients.js";
import { openSignIn } from "../signin.js";
import { copy, editDetails, forget, refresh, reveal, revoke, test } from "./actions.js";
import { expiryMark, expiryState, isAgency, needsSignIn } from "./filter.js";

/** The expiry badge for each of `expiryMark`'s answers: its text and its kind. */
const EXPIRY_BADGES = {
  sign_in: ["expiry.sign_in_again", "warn"],
  expired: ["expiry.expired", "warn"],
  soon: ["expiry.soon", "caution"],
};

function initials(account) {
  const name = account.display_name || account.login;
  return name
    .split(/[\s.\-_]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join("");
}

function expiry(account, refreshWithinDays) {
  const cell = el("span", { class: "expires", "data-testid": "account-expires" });
  if (!account.expires_at) {
    setText(cell, "accounts.expires_never");
    return cell;
  }
  const expired = expiryState(account, refreshWithinDays) === "expired";
  cell.textContent = expired
    ? t("accounts.expired", { when: relativeTime(account.expires_at) })
    : relativeTime(account.expires_at);
  cell.title = dateTime(account.expires_at);
  if (expired) cell.classList.add("bad");
  return cell;
}

function lastTestBadge(test) {
  const span = verdictBadge(test, "account-verdict");
  if (test) span.dataset.checkedAt = test.checked_at;
  if (test) span.title = t("verdict.tested_at", { when: relativeTime(test.checked_at) });
  return span;
}

/** A line per check of the last test (Yandex ID, Direct, Metrica…), its verdict's colour. */
function checkLines(test) {
  const list = el("ul", { class: "check-lines", "data-testid": "check-lines" });
  for (const check of test?.checks ?? []) {
    list.append(
      el(
        "li",
        { class: `check verdict-${check.status}`, "data-testid": "check-line", "data-api": check.api, "data-status": check.status },
        check.message,
      ),
    );
  }
  return list;
}

/**
 * The row of `account`. From the list: `query`, the search words now (an agency's row lists
 * its clients that match), and `refreshWithinDays`, the days left under which the token counts
 * as expiring soon.
 * @param {import("../../api.js").AccountView} account
 * @param {{ query: string[], refreshWithinDays: number }} list
 */
export function row(account, { query, refreshWithinDays }) {
  const line = el("div", {
    class: "account",
    role: "listitem",
    tabindex: "-1",
    "data-testid": "account-row",
    "data-login": account.login,
    "data-id": account.id,
  });

  const token = el("code", { class: "token", "data-testid": "account-token" });
  showMask(token, account);

  const app = el("span", { class: "app", "data-testid": "account-app" });
  if (account.app_name) {
    app.textContent = account.app_name;
    app.title = account.app_name;
  } else setText(app, "accounts.app_unknown", { clientId: account.client_id.slice(0, 8) });

  const role = el("span", { class: "badge", "data-testid": "account-role" }, roleLabel(account.role));
  role.hidden = !account.role;
  const revocable = badge("accounts.revocable_unknown", "muted-badge", "account-revocable");
  revocable.hidden = account.device_bound !== null;
  const mark = expiryMark(account, refreshWithinDays);
  const expiryBadge = mark ? badge(...EXPIRY_BADGES[mark], "account-expiry-badge") : null;
  if (expiryBadge) expiryBadge.dataset.state = mark;

  const signInAgain = () =>
    openSignIn({ loginHint: account.login, clientId: account.client_id, role: account.role });

  const copyDirect = button("action.copy_direct", "copy-direct", () => copy(account, "direct_headers", line));
  if (isAgency(account)) {
    copyDirect.textContent = account.active_client
      ? t("action.copy_direct_for", { client: account.active_client })
      : t("action.copy_direct_choose");
  }
  const copyMenu = menu("action.copy", "copy-menu", [
    button("action.copy_token", "copy-token", () => copy(account, "token", line)),
    button("action.copy_oauth", "copy-oauth", () => copy(account, "oauth_header", line)),
    copyDirect,
  ]);
  const more = [
    button("action.reveal", "reveal-token", () => reveal(account, line)),
    button("action.details", "edit-details", () => editDetails(account)),
    account.has_refresh_token ? button("action.refresh", "refresh-account", () => refresh(account, line)) : null,
    button("action.sign_in_again", "sign-in-again", signInAgain),
    button("action.revoke", "revoke-account", () => revoke(account, line)),
    button("action.forget", "forget-account", () => forget(account)),
  ].filter(Boolean);

  const actions = el(
    "div",
    { class: "row-actions" },
    needsSignIn(account, refreshWithinDays)
      ? button("action.sign_in_again", "row-sign-in-again", signInAgain, "small")
      : null,
    button("action.test", "test-account", () => test(account, line), "small"),
    copyMenu,
    menu("action.more", "more-menu", more),
  );

  // Element.append would write a null child as the text "null".
  line.append(
    ...[
      el("div", { class: "avatar", "aria-hidden": "true" }, initials(account)),
      el(
        "div",
        { class: "who" },
        el("strong", { "data-testid": "account-login" }, account.login),
        el("span", { class: "muted", "data-testid": "account-name" }, account.display_name),
      ),
      el(
        "div",
        { class: "tags" },
        lastTestBadge(account.last_test),
        role,
        expiryBadge,
        revocable,
        actsFor(account),
        account.label ? el("span", { class: "badge label", "data-testid": "account-label" }, account.label) : null,
      ),
      app,
      expiry(account, refreshWithinDays),
      token,
      actions,
      account.notes ? el("div", { class: "notes muted", "data-testid": "account-notes" }, account.notes) : null,
      isAgency(account) ? agencyBar(account, query) : null,
      checkLines(account.last_test),
    ].filter(Boolean),
  );
  return line;
}

/** For an advertiser's representative: the advertiser the token acts for. */
function actsFor(account) {
  const direct = account.direct;
  // The role is what Rust derived from Direct's answer (logins compared the way Yandex does).
  if (!direct || direct.agency || account.role !== "advertiser_representative") return null;
  const badge = el("span", { class: "badge muted-badge", "data-testid": "account-acts-for" });
  badge.textContent = t("accounts.acts_for", { advertiser: direct.name || direct.login });
  badge.title = direct.login;
  return badge;
}

/**
 * For an agency representative: the agency, the client it acts for now, the Clients button,
 * and (while searching for `query`) the clients that match.
 */
function agencyBar(account, query) {
  const count = clientCount(account.id);
  const clients = el("button", { type: "button", class: "quiet small", "data-testid": "open-clients" });
  clients.textContent = count === null ? t("clients.open_unfetched") : t("clients.open", { count });
  clients.addEventListener("click", () => openClients(account));
  const active = el("strong", { "data-testid": "active-client" }, account.active_client ?? t("clients.none_active"));
  if (!account.active_client) active.classList.add("muted");
  const bar = el(
    "div",
    { class: "agency-bar", "data-testid": "agency-bar" },
    el("span", { class: "muted" }, t("clients.agency", { agency: account.direct.name || account.direct.login })),
    el("span", { class: "muted" }, t("clients.acting_for")),
    active,
    clients,
  );
  const found = matchingClients(account.id, query);
  if (found.length) {
    const shownLogins = found.slice(0, 5).map((client) => {
      const link = el("button", { type: "button", class: "link", "data-testid": "client-match" }, client.login);
      link.addEventListener("click", () => openClients(account, client.login));
      return link;
    });
    const more = found.length > 5 ? el("span", { class: "muted" }, t("clients.more", { count: found.length - 5 })) : null;
    bar.append(el("span", { class: "client-matches" }, t("clients.matching"), ...shownLogins, more));
  }
  return bar;
}

/** The masked token, "missing" when the keychain has none, or a pending mark until known. */
export function showMask(cell, account) {
  cell.classList.remove("bad");
  if (account.masked_token) {
    cell.textContent = account.masked_token;
    cell.dataset.mask = "known";
  } else if (account.masked_token === null) {
    setText(cell, "accounts.token_missing");
    cell.classList.add("bad");
    cell.dataset.mask = "missing";
  } else {
    cell.textContent = "···";
    cell.dataset.mask = "pending";
  }
}
