// The account list: who each token belongs to, its role, app, expiry, last test and masked
// token, with Test, Copy and the rest. The token itself reaches the window only through
// Reveal, and leaves the DOM again after a few seconds or when the window loses focus.

import * as api from "../api.js";
import { $, confirmAction, el, messageOf, toast } from "../dom.js";
import { dateTime, relativeTime, roleLabel } from "../format.js";
import { setText, t } from "../i18n.js";
import { openSignIn } from "./signin.js";

const DAY = 24 * 3600 * 1000;
const REVEAL_SECONDS = 10;

let context;

function initials(account) {
  const name = account.display_name || account.login;
  return name
    .split(/[\s.\-_]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join("");
}

function badge(key, kind, testid) {
  const span = el("span", { class: `badge ${kind}`, "data-testid": testid });
  setText(span, key);
  return span;
}

/** "expired" | "soon" | "ok" | "unknown" */
export function expiryState(account, now = Date.now()) {
  if (!account.expires_at) return "unknown";
  const left = Date.parse(account.expires_at) - now;
  if (left <= 0) return "expired";
  return left < 30 * DAY ? "soon" : "ok";
}

function expiry(account) {
  const cell = el("span", { class: "expires", "data-testid": "account-expires" });
  if (!account.expires_at) {
    setText(cell, "accounts.expires_never");
    return cell;
  }
  const expired = expiryState(account) === "expired";
  cell.textContent = expired
    ? t("accounts.expired", { when: relativeTime(account.expires_at) })
    : relativeTime(account.expires_at);
  cell.title = dateTime(account.expires_at);
  if (expired) cell.classList.add("bad");
  return cell;
}

function verdictBadge(test) {
  const status = test?.status ?? "untested";
  const span = badge(`verdict.${status}`, `verdict verdict-${status}`, "account-verdict");
  span.dataset.status = status;
  if (test) span.dataset.checkedAt = test.checkedAt;
  if (test) span.title = t("verdict.tested_at", { when: relativeTime(test.checkedAt) });
  return span;
}

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

function button(key, testid, onClick, kind = "quiet") {
  const b = el("button", { type: "button", class: kind, "data-testid": testid });
  setText(b, key);
  b.addEventListener("click", onClick);
  return b;
}

/** A small drop-down built on <details>: keyboard-accessible without any script. */
function menu(key, testid, items) {
  const summary = el("summary", { class: "quiet-button", "data-testid": testid });
  setText(summary, key);
  const details = el("details", { class: "menu" }, summary, el("div", { class: "menu-items" }, ...items));
  for (const item of items) item.addEventListener("click", () => details.removeAttribute("open"));
  return details;
}

async function run(action, row) {
  row?.classList.add("busy");
  try {
    await action();
  } catch (error) {
    toast(messageOf(error), "error");
  } finally {
    row?.classList.remove("busy");
  }
}

async function copy(account, format) {
  const receipt = await api.copyToken(account.id, format);
  context.clipboardCountdown(receipt.clearsIn);
}

function reveal(account, row) {
  return run(async () => {
    const token = await api.revealToken(account.id);
    const shown = el("code", { class: "revealed", "data-testid": "revealed-token" }, token);
    const note = el("small", { class: "muted" }, t("reveal.note", { seconds: REVEAL_SECONDS }));
    const box = el("div", { class: "reveal-box", "data-testid": "reveal-box" }, shown, note);
    row.append(box);
    const hide = () => {
      box.remove();
      window.removeEventListener("blur", hide);
      clearTimeout(timer);
    };
    const timer = setTimeout(hide, REVEAL_SECONDS * 1000);
    window.addEventListener("blur", hide);
  }, row);
}

function row(account) {
  const line = el("div", {
    class: "account",
    role: "listitem",
    tabindex: "-1",
    "data-testid": "account-row",
    "data-login": account.login,
    "data-id": account.id,
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
  } else setText(app, "accounts.app_unknown", { clientId: account.client_id.slice(0, 8) });

  const role = el("span", { class: "badge", "data-testid": "account-role" }, roleLabel(account.role));
  role.hidden = !account.role;
  const revocable = badge("accounts.revocable_unknown", "muted-badge", "account-revocable");
  revocable.hidden = account.device_bound !== null;
  const state = expiryState(account);
  const expiryBadge =
    account.needs_sign_in
      ? badge("expiry.sign_in_again", "warn", "account-expiry-badge")
      : state === "expired"
        ? badge("expiry.expired", "warn", "account-expiry-badge")
        : state === "soon"
          ? badge("expiry.soon", "caution", "account-expiry-badge")
          : null;
  if (expiryBadge) expiryBadge.dataset.state = account.needs_sign_in ? "sign_in" : state;

  const signInAgain = () =>
    openSignIn({ loginHint: account.login, clientId: account.client_id, role: account.role });
  const needsSignIn = account.needs_sign_in || state === "expired" || account.lastTest?.status === "invalid";

  const copyMenu = menu("action.copy", "copy-menu", [
    button("action.copy_token", "copy-token", () => run(() => copy(account, "token"), line)),
    button("action.copy_oauth", "copy-oauth", () => run(() => copy(account, "oauth_header"), line)),
    button("action.copy_direct", "copy-direct", () => run(() => copy(account, "direct_headers"), line)),
  ]);
  const more = [
    button("action.reveal", "reveal-token", () => reveal(account, line)),
    account.has_refresh_token
      ? button("action.refresh", "refresh-account", () =>
          run(async () => {
            await api.refreshAccount(account.id);
            toast(t("refresh.done", { login: account.login }));
          }, line).then(context.refresh),
        )
      : null,
    button("action.sign_in_again", "sign-in-again", signInAgain),
    button("action.revoke", "revoke-account", () => revoke(account, line)),
    button("action.forget", "forget-account", () => forget(account)),
  ].filter(Boolean);

  const actions = el(
    "div",
    { class: "row-actions" },
    needsSignIn ? button("action.sign_in_again", "row-sign-in-again", signInAgain, "small") : null,
    button("action.test", "test-account", () =>
      run(async () => {
        const result = await api.testAccount(account.id);
        context.updateTest(account.id, result);
      }, line),
    "small"),
    copyMenu,
    menu("action.more", "more-menu", more),
  );

  line.append(
    el("div", { class: "avatar", "aria-hidden": "true" }, initials(account)),
    el(
      "div",
      { class: "who" },
      el("strong", { "data-testid": "account-login" }, account.login),
      el("span", { class: "muted", "data-testid": "account-name" }, account.display_name),
    ),
    el("div", { class: "tags" }, verdictBadge(account.lastTest), role, expiryBadge, revocable),
    app,
    expiry(account),
    token,
    actions,
    checkLines(account.lastTest),
  );
  return line;
}

async function revoke(account, line) {
  const sure = await confirmAction(t("revoke.confirm", { login: account.login }), "action.revoke");
  if (!sure) return;
  await run(async () => {
    const outcome = await api.revokeAccount(account.id);
    const key =
      outcome.confirmedDead === true
        ? "revoke.done"
        : outcome.confirmedDead === false
          ? "revoke.still_alive"
          : "revoke.done_unconfirmed";
    toast(t(key, { login: outcome.login }));
  }, line);
  await context.refresh();
}

async function forget(account) {
  const sure = await confirmAction(t("forget.confirm", { login: account.login }), "action.forget");
  if (!sure) return;
  try {
    await api.removeAccount(account.id);
    toast(t("accounts.removed", { login: account.login }));
  } catch (error) {
    toast(messageOf(error), "error");
  }
  await context.refresh();
}

export function sortAccounts(accounts, order) {
  const sorted = [...accounts];
  if (order === "expiry") {
    const key = (a) => (a.expires_at ? Date.parse(a.expires_at) : Number.POSITIVE_INFINITY);
    sorted.sort((a, b) => key(a) - key(b) || a.login.localeCompare(b.login));
  } else {
    sorted.sort((a, b) => a.login.localeCompare(b.login));
  }
  return sorted;
}

/** Renders `accounts` (or the empty state). */
export function renderAccounts(accounts, order) {
  const list = $("account-list");
  list.replaceChildren(...sortAccounts(accounts, order).map(row));
  const empty = accounts.length === 0;
  list.hidden = empty;
  $("empty-state").hidden = !empty;
  $("list-tools").hidden = empty;
  setText($("account-count"), "accounts.count", { count: accounts.length });
}

export function setUpAccounts(ctx) {
  context = ctx;
}
