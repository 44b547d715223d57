// An agency account's clients. The main list searches them (so typing a client's login finds
// the agency account that acts for it); the Clients dialog lists them with Use (the active
// client, whose login Copy → Direct headers puts in Client-Login), Test and Copy per client.
// An agency may have thousands of clients, so the dialog builds only the rows in view.

import * as api from "../api.js";
import { $, el } from "../dom.js";
import { relativeTime } from "../format.js";
import { setText, t } from "../i18n.js";
import { ahead, matchesText, narrows, queryWords, searchableText } from "../search.js";
import { busyWhile, button, toast, verdictBadge } from "../widgets.js";

const ROW_HEIGHT = 44;
/** Rows built above and below the visible ones, so a fast scroll shows no gap. */
const OVERSCAN = 8;

/** @type {Map<string, import("../api.js").ClientsView>} by account id */
const lists = new Map();
/** Bumped whenever `lists` changes, so the account list knows its client matches may have. */
let listsVersion = 0;
const wordsCache = new WeakMap();

function setList(accountId, view) {
  lists.set(accountId, view);
  listsVersion += 1;
}

/** A number that changes whenever any stored client list does. */
export function clientListsVersion() {
  return listsVersion;
}

let context;
/** The dialog's account, its clients after the dialog's search, and the first row built. */
let open = null;

function wordsOf(client) {
  let words = wordsCache.get(client);
  if (!words) {
    words = searchableText(client.login, client.name);
    wordsCache.set(client, words);
  }
  return words;
}

/** Loads every agency account's stored client list; no request to Direct. */
export async function loadClientLists() {
  useClientLists(await api.agencyClientLists());
}

/** Keeps these client lists, by account id (from `loadClientLists` or the page's start). */
export function useClientLists(byAccount) {
  lists.clear();
  listsVersion += 1;
  for (const [id, view] of Object.entries(byAccount)) setList(id, view);
  const version = listsVersion;
  for (const view of lists.values()) ahead(view.clients, wordsOf, () => listsVersion !== version);
}

/** How many clients the account's stored list has; `null` when never fetched. */
export function clientCount(accountId) {
  const list = lists.get(accountId);
  return list?.fetched_at ? list.clients.length : null;
}

/** The last answer of `matchingClients` per account: typing on searches only among it. */
const lastMatches = new Map();

/** The account's clients whose login or name starts with every word of `query`. */
export function matchingClients(accountId, query) {
  const list = lists.get(accountId);
  if (query.length === 0 || !list) return [];
  const last = lastMatches.get(accountId);
  const among = last?.list === list && narrows(last.query, query) ? last.found : list.clients;
  const found = among.filter((client) => matchesText(wordsOf(client), query));
  lastMatches.set(accountId, { list, query, found });
  return found;
}

function clientVerdict(test) {
  const badge = verdictBadge(test, "client-verdict");
  if (test) badge.title = directLine(test);
  return badge;
}

/** What a client test found: its Direct line (or the identity line when the token is dead). */
function directLine(test) {
  const lines = test.checks ?? [];
  return (lines.find((line) => line.api === "direct") ?? lines[0])?.message ?? "";
}

function clientButton(key, testid, onClick) {
  return button(key, testid, onClick, "quiet small");
}

function clientRow(client, index) {
  const active = open.view.active_client && client.login === open.view.active_client;
  const row = el(
    "div",
    {
      class: `client${active ? " active" : ""}`,
      role: "listitem",
      "data-testid": "client-row",
      "data-login": client.login,
    },
    active
      ? el("span", { class: "badge", "data-testid": "client-active" }, t("clients.active"))
      : clientButton("clients.use", "client-use", () => use(client.login)),
    el(
      "div",
      { class: "who" },
      el("strong", { "data-testid": "client-login" }, client.login),
      el("span", { class: "muted", "data-testid": "client-name" }, client.name === client.login ? "" : client.name),
    ),
    client.archived ? el("span", { class: "badge muted-badge" }, t("clients.archived")) : el("span"),
    clientVerdict(client.last_test),
    clientButton("action.test", "client-test", () => testClient(client.login)),
    clientButton("clients.copy", "client-copy", () => copyFor(client.login)),
  );
  // Through the CSSOM: the window's CSP allows no inline style attributes.
  row.style.top = `${index * ROW_HEIGHT}px`;
  return row;
}

/** The rows in the page now, by index in `open.shown`: a scroll builds only the rows it brings in. */
let built = new Map();

/**
 * Puts the rows in view (plus a margin) in the page, nothing else. `fresh`: what the rows show
 * has changed (the list, the active client, a test), so none is kept.
 */
function paint(fresh = true) {
  const scroller = $("client-list");
  const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const visible = Math.ceil(scroller.clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
  const last = Math.min(open.shown.length, first + visible);
  const kept = fresh ? new Map() : built;
  built = new Map();
  const rows = [];
  for (let i = first; i < last; i += 1) {
    const line = kept.get(i) ?? clientRow(open.shown[i], i);
    built.set(i, line);
    rows.push(line);
  }
  const box = $("client-rows");
  const same = rows.length === box.children.length && rows.every((line, i) => box.children[i] === line);
  if (!same) box.replaceChildren(...rows);
}

function renderList() {
  const query = queryWords($("clients-search").value);
  const clients = open.view.clients;
  const among = open.searched?.view === open.view && narrows(open.searched.query, query) ? open.shown : clients;
  open.shown = query.length ? among.filter((client) => matchesText(wordsOf(client), query)) : clients;
  open.searched = { view: open.view, query };
  $("client-rows").style.height = `${open.shown.length * ROW_HEIGHT}px`;
  $("client-list").scrollTop = 0;
  paint();
  const fetched = open.view.fetched_at;
  if (!fetched) setText($("clients-count"), "clients.never_fetched");
  else
    setText($("clients-count"), "clients.count", {
      shown: open.shown.length,
      total: clients.length,
      when: relativeTime(fetched),
    });
  $("clients-empty").hidden = open.shown.length > 0 || !fetched;
}

/** Opens the Clients dialog of an agency account; `query` prefills its search. */
export async function openClients(account, query = "") {
  open = { account, view: lists.get(account.id) ?? { fetched_at: null, clients: [], active_client: null }, shown: [] };
  setText($("clients-title"), "clients.title", { login: account.login, agency: account.direct?.login ?? "" });
  $("clients-search").value = query;
  $("client-other").value = "";
  showResult(null);
  $("clients-dialog").showModal();
  renderList();
  $("clients-search").focus();
  if (!open.view.fetched_at) await refreshList();
}

/** Runs `action` with the dialog busy; a failure hides the last test result. */
function busy(action) {
  return busyWhile($("clients-dialog"), action, () => showResult(null));
}

function refreshList() {
  return busy(async () => {
    const view = await api.refreshAgencyClients(open.account.id);
    setList(open.account.id, view);
    open.view = view;
    renderList();
    await context.refresh();
  });
}

function use(login) {
  return busy(async () => {
    await api.setActiveClient(open.account.id, login);
    open.view = { ...open.view, active_client: login };
    setList(open.account.id, open.view);
    paint();
    toast(t("clients.now_active", { client: login }));
    await context.refresh();
  });
}

function showResult(test, login) {
  const box = $("client-test-result");
  box.hidden = !test;
  if (!test) return;
  box.dataset.status = test.status;
  box.dataset.login = login;
  box.className = `client-result verdict-${test.status}`;
  box.textContent = directLine(test);
}

function testClient(login) {
  return busy(async () => {
    const test = await api.testClient(open.account.id, login);
    const client = open.view.clients.find((c) => c.login === login);
    if (client) client.last_test = test;
    paint();
    showResult(test, login);
  });
}

function copyFor(login) {
  return busy(async () => {
    const receipt = await api.copyToken(open.account.id, "direct_headers", login);
    context.clipboardCountdown(receipt.clears_in);
  });
}

export function setUpClients(ctx) {
  context = ctx;
  $("client-list").addEventListener("scroll", () => open && requestAnimationFrame(() => open && paint(false)), {
    passive: true,
  });
  $("clients-search").addEventListener("input", () => open && renderList());
  $("clients-refresh").addEventListener("click", refreshList);
  $("clients-close").addEventListener("click", () => $("clients-dialog").close());
  $("clients-dialog").addEventListener("close", () => (open = null));
  $("client-other-form").addEventListener("submit", (event) => {
    event.preventDefault();
    testClient($("client-other").value.trim());
  });
  $("client-other-use").addEventListener("click", () => use($("client-other").value.trim()));
}
