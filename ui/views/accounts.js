// The account list: who each token belongs to, its role, app, expiry, last test and masked
// token, with Test, Copy and the rest. The token itself reaches the window only through
// Reveal, and leaves the DOM again after a few seconds or when the window loses focus.

import * as api from "../api.js";
import { $, confirmAction, el, messageOf, toast } from "../dom.js";
import { dateTime, matchesWords, queryWords, relativeTime, roleLabel, searchableWords } from "../format.js";
import { currentLanguage, setText, t } from "../i18n.js";
import { clientCount, clientListsVersion, isAgency, matchingClients, openClients } from "./clients.js";
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
  showMask(token, account);

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

  const copyDirect = button("action.copy_direct", "copy-direct", () => run(() => copy(account, "direct_headers"), line));
  if (isAgency(account)) {
    copyDirect.textContent = account.active_client
      ? t("action.copy_direct_for", { client: account.active_client })
      : t("action.copy_direct_choose");
  }
  const copyMenu = menu("action.copy", "copy-menu", [
    button("action.copy_token", "copy-token", () => run(() => copy(account, "token"), line)),
    button("action.copy_oauth", "copy-oauth", () => run(() => copy(account, "oauth_header"), line)),
    copyDirect,
  ]);
  const more = [
    button("action.reveal", "reveal-token", () => reveal(account, line)),
    button("action.details", "edit-details", () => editDetails(account)),
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
        verdictBadge(account.lastTest),
        role,
        expiryBadge,
        revocable,
        actsFor(account),
        account.label ? el("span", { class: "badge label", "data-testid": "account-label" }, account.label) : null,
      ),
      app,
      expiry(account),
      token,
      actions,
      account.notes ? el("div", { class: "notes muted", "data-testid": "account-notes" }, account.notes) : null,
      isAgency(account) ? agencyBar(account) : null,
      checkLines(account.lastTest),
    ].filter(Boolean),
  );
  if (account.id === selectedId) line.classList.add("selected");
  line.addEventListener("click", () => select(account.id, false));
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
 * and (while searching) the clients that match.
 */
function agencyBar(account) {
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
  const found = matchingClients(account.id, currentQuery);
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
function showMask(cell, account) {
  cell.classList.remove("bad");
  if (account.maskedToken) {
    cell.textContent = account.maskedToken;
    cell.dataset.mask = "known";
  } else if (account.maskedToken === null) {
    setText(cell, "accounts.token_missing");
    cell.classList.add("bad");
    cell.dataset.mask = "missing";
  } else {
    cell.textContent = "···";
    cell.dataset.mask = "pending";
  }
}

/** Asks Rust for the masks of these rows' accounts and fills them in. */
async function loadMasks(accounts) {
  const wanted = accounts.filter((account) => !account.maskedToken);
  if (wanted.length === 0) return;
  try {
    const masks = await api.maskedTokens(wanted.map((account) => account.id));
    for (const account of wanted) {
      account.maskedToken = masks[account.id] ?? null;
      const cell = rowOf(account.id)?.querySelector('[data-testid="account-token"]');
      if (cell) showMask(cell, account);
    }
  } catch (error) {
    toast(messageOf(error), "error");
  }
}

function editDetails(account) {
  setText($("details-title"), "details.title", { login: account.login });
  $("details-label").value = account.label ?? "";
  $("details-notes").value = account.notes ?? "";
  $("details-form").onsubmit = async (event) => {
    event.preventDefault();
    try {
      await api.setAccountDetails(account.id, $("details-label").value, $("details-notes").value);
      $("details-dialog").close();
      toast(t("details.saved"));
      await context.refresh();
    } catch (error) {
      toast(messageOf(error), "error");
    }
  };
  $("details-dialog").showModal();
  $("details-label").focus();
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

/**
 * Whether an account passes the search text and the filters.
 * @param {{ text: string, role: string, app: string, verdict: string, expiry: string }} filter
 */
export function matches(account, filter) {
  const query = queryWords(filter.text);
  if (query.length && !matchesWords(searchWords(account), query) && matchingClients(account.id, query).length === 0) {
    return false;
  }
  if (filter.role && (account.role ?? "none") !== filter.role) return false;
  if (filter.app && account.client_id !== filter.app) return false;
  if (filter.verdict && (account.lastTest?.status ?? "untested") !== filter.verdict) return false;
  if (filter.expiry === "sign_in" && !account.needs_sign_in) return false;
  if (filter.expiry === "soon" && expiryState(account) !== "soon") return false;
  if (filter.expiry === "expired" && expiryState(account) !== "expired") return false;
  return true;
}

const searchCache = new WeakMap();

/** The words of the login, name, label, notes and Direct identity a search word may start. */
function searchWords(account) {
  let words = searchCache.get(account);
  if (!words) {
    words = searchableWords(
      account.login,
      account.display_name,
      account.label,
      account.notes,
      account.direct?.login,
      account.direct?.name,
    );
    searchCache.set(account, words);
  }
  return words;
}

// Rows are built a chunk at a time: the first chunk at once, the next when the end of the list
// scrolls into view, so a thousand accounts stay quick to filter. A row costs about 1 ms to
// build and lay out, and a window shows about ten: with 40, a keystroke that matches every
// account takes about 55 ms here, against 105 ms with 100 (BENCHMARKS.md).
const CHUNK = 40;
let shown = [];
let rendered = 0;
let selectedId = null;
/** The search words now, for the agency clients each row shows as matching. */
let currentQuery = [];
/** Group headings when grouping: key → { label, count }; `null` when not grouping. */
let groups = null;
let lastGroup = null;
const sentinel = el("div", { class: "list-end", "aria-hidden": "true" });
const observer = new IntersectionObserver((entries) => {
  if (entries.some((entry) => entry.isIntersecting)) appendChunk();
});

const ROLE_ORDER = ["advertiser", "advertiser_representative", "agency_representative", "none"];

/** The group an account is listed under: its agency, else its role. */
export function groupOf(account) {
  if (isAgency(account)) {
    const agency = account.direct.login.toLowerCase();
    return { key: `0:${agency}`, label: t("group.agency", { agency: account.direct.name || account.direct.login }) };
  }
  const role = account.role ?? "none";
  const label = t(role === "none" ? "group.none_role" : `group.${role}`);
  return { key: `${1 + ROLE_ORDER.indexOf(role)}:${role}`, label };
}

function appendChunk() {
  const list = $("account-list");
  const next = shown.slice(rendered, rendered + CHUNK);
  sentinel.remove();
  for (const account of next) {
    if (groups) {
      const { key } = groupOf(account);
      if (key !== lastGroup) {
        const group = groups.get(key);
        list.append(
          el(
            "h2",
            { class: "group-head", "data-testid": "group-head", "data-group": key },
            group.label,
            el("span", { class: "muted" }, ` · ${group.count}`),
          ),
        );
        lastGroup = key;
      }
    }
    list.append(row(account));
  }
  rendered += next.length;
  loadMasks(next);
  if (rendered < shown.length) {
    list.append(sentinel);
    observer.observe(sentinel);
  }
}

/**
 * What the rows in the list were built from: the same accounts in the same order, built the same
 * way, give the same rows, so a keystroke that leaves the matches as they were (typing on in a
 * word every account shares, say) keeps the rows instead of building them again.
 */
let built = null;

/** The agency clients an account's row lists as matching `query`. */
function clientMatchesKey(account, query) {
  if (!isAgency(account) || query.length === 0) return "";
  const found = matchingClients(account.id, query);
  return `${found.length}:${found
    .slice(0, 5)
    .map((client) => client.login)
    .join(" ")}`;
}

function sameRows(before, next) {
  if (!before) return false;
  const { basis } = before;
  if (
    basis.accounts !== next.basis.accounts ||
    basis.order !== next.basis.order ||
    basis.grouped !== next.basis.grouped ||
    basis.language !== next.basis.language ||
    basis.lists !== next.basis.lists ||
    before.shown.length !== next.shown.length ||
    before.shown.some((account, i) => account !== next.shown[i])
  ) {
    return false;
  }
  // The rows built so far list the clients that match the query: those must not change either.
  return next.shown
    .slice(0, rendered)
    .every((account) => clientMatchesKey(account, before.query) === clientMatchesKey(account, next.query));
}

/**
 * Renders the accounts that pass `filter` (or the empty state when there are none at all),
 * grouped by agency and role when `grouped`.
 */
export function renderAccounts(accounts, order, filter, grouped = false) {
  const query = queryWords(filter.text);
  let next = sortAccounts(
    accounts.filter((account) => matches(account, filter)),
    order,
  );
  let nextGroups = null;
  if (grouped) {
    nextGroups = new Map();
    const keyed = next.map((account) => [groupOf(account), account]);
    for (const [group] of keyed) {
      const entry = nextGroups.get(group.key) ?? { label: group.label, count: 0 };
      entry.count += 1;
      nextGroups.set(group.key, entry);
    }
    // A stable sort: within a group the chosen order stays.
    keyed.sort(([a], [b]) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    next = keyed.map(([, account]) => account);
  }
  const now = {
    basis: { accounts, order, grouped, language: currentLanguage(), lists: clientListsVersion() },
    shown: next,
    query,
  };
  const keep = sameRows(built, now);
  built = now;
  currentQuery = query;
  shown = next;
  if (!keep) {
    groups = nextGroups;
    lastGroup = null;
    rendered = 0;
    observer.disconnect();
    $("account-list").replaceChildren();
    appendChunk();
  }
  const none = accounts.length === 0;
  $("account-list").hidden = none;
  $("empty-state").hidden = !none;
  $("list-tools").hidden = none;
  $("filters").hidden = none;
  setText($("account-count"), "accounts.count", { count: accounts.length });
  if (shown.length === 0 && !none) setText($("shown-count"), "filter.nothing");
  else setText($("shown-count"), "filter.shown", { shown: shown.length, total: accounts.length });
}

/** Redraws one account's row in place (a test result arrived), keeping its position. */
export function updateRow(account) {
  const at = shown.findIndex((a) => a.id === account.id);
  if (at < 0) return;
  shown[at] = account;
  rowOf(account.id)?.replaceWith(row(account));
}

/** The accounts shown now, in order (for "Test all" on a filtered list). */
export function shownAccounts() {
  return shown;
}

function rowOf(id) {
  return $("account-list").querySelector(`[data-testid="account-row"][data-id="${CSS.escape(id)}"]`);
}

function select(id, focus = true) {
  rowOf(selectedId ?? "")?.classList.remove("selected");
  selectedId = id;
  const line = rowOf(id);
  line?.classList.add("selected");
  if (focus && line) {
    line.focus({ preventScroll: true });
    line.scrollIntoView({ block: "nearest" });
  }
}

function move(delta) {
  if (shown.length === 0) return;
  const at = shown.findIndex((account) => account.id === selectedId);
  const next = at < 0 ? 0 : Math.min(shown.length - 1, Math.max(0, at + delta));
  while (next >= rendered) appendChunk();
  select(shown[next].id);
}

/** Keyboard: "/" search, arrows move, Enter opens the actions, "c" copies, "t" tests. */
function onKey(event) {
  if (document.querySelector("dialog[open]") || event.ctrlKey || event.metaKey || event.altKey) return;
  const search = $("search");
  const typing = event.target instanceof HTMLElement && event.target.matches("input, textarea, select");
  if (event.key === "/" && !typing) {
    event.preventDefault();
    search.focus();
    search.select();
    return;
  }
  if (typing && event.target !== search) return;
  if (event.target === search && event.key === "Escape") {
    search.value = "";
    search.dispatchEvent(new Event("input"));
    search.blur();
    return;
  }
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    move(event.key === "ArrowDown" ? 1 : -1);
    return;
  }
  if (typing && event.key !== "Enter") return;
  const account = shown.find((a) => a.id === selectedId) ?? (event.key === "Enter" ? shown[0] : null);
  if (!account) return;
  const line = rowOf(account.id);
  if (event.key === "Enter") {
    event.preventDefault();
    select(account.id);
    const more = line?.querySelector('[data-testid="more-menu"]')?.parentElement;
    if (more) {
      more.setAttribute("open", "");
      more.querySelector(".menu-items button")?.focus();
    }
  } else if (event.key === "c") {
    event.preventDefault();
    run(() => copy(account, "token"), line);
  } else if (event.key === "t") {
    event.preventDefault();
    run(async () => context.updateTest(account.id, await api.testAccount(account.id)), line);
  }
}

export function setUpAccounts(ctx) {
  context = ctx;
  document.addEventListener("keydown", onKey);
  $("details-cancel").addEventListener("click", () => $("details-dialog").close());
}
