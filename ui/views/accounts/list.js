// The list of account rows: the accounts that pass the search and the filters, in order
// (grouped by agency and role when asked), built a chunk of rows at a time; the selected row;
// one row redrawn in place; the masked tokens filled in as they arrive.

import * as api from "../../api.js";
import { $, el } from "../../dom.js";
import { currentLanguage, setText, t } from "../../i18n.js";
import { ahead, queryWords } from "../../search.js";
import { toastError } from "../../widgets.js";
import { clientListsVersion, matchingClients } from "../clients.js";
import { groupAccounts, groupOf, isAgency, matches, searchWords, sortAccounts } from "./filter.js";
import { row, showMask } from "./rows.js";

let context;

// Rows are built a chunk at a time, so ten thousand accounts stay quick to filter: a row costs
// about 1 ms to build and lay out. A render builds the rows the window can show at once
// (`firstRows`), the rest of the first chunk once that frame is on screen, and the next chunk
// when the end of the list scrolls into view (BENCHMARKS.md §1).
const CHUNK = 40;
/**
 * How many rows fill the window below the list's top: the shortest row is 58 px, 8 px apart.
 * Read before the list changes, while the layout is still clean.
 */
function firstRows() {
  const top = $("account-list").getBoundingClientRect().top;
  const below = window.innerHeight - (top > 0 ? Math.min(top, window.innerHeight) : 0);
  return Math.ceil(below / 66) + 1;
}
let shown = [];
let rendered = 0;
/** The rest of the first chunk, waiting for the frame after a render. */
let later = null;
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

/** Days left under which a token counts as expiring soon: Rust's number, from `app_info`. */
function refreshWithinDays() {
  return context.info().limits.refresh_within_days;
}

function buildRow(account) {
  const line = row(account, { query: currentQuery, refreshWithinDays: refreshWithinDays() });
  if (account.id === selectedId) line.classList.add("selected");
  line.addEventListener("click", () => select(account.id, false));
  return line;
}

function appendChunk(size = CHUNK) {
  const list = $("account-list");
  const next = shown.slice(rendered, rendered + size);
  sentinel.remove();
  for (const account of next) {
    if (groups) {
      const { key } = groupOf(account, t);
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
    list.append(buildRow(account));
  }
  rendered += next.length;
  loadMasks(next);
  if (rendered < shown.length) {
    list.append(sentinel);
    // Observed anew, it is reported at the next frame even when still in view (a long scroll
    // past rows appended in one go): an observation only reports changes.
    observer.unobserve(sentinel);
    observer.observe(sentinel);
  }
}

/** Asks Rust for the masks of these rows' accounts and fills them in. */
async function loadMasks(accounts) {
  const wanted = accounts.filter((account) => !account.masked_token);
  if (wanted.length === 0) return;
  try {
    const masks = await api.maskedTokens(wanted.map((account) => account.id));
    for (const account of wanted) {
      // Left out: the keychain could not say now (locked); the row keeps waiting for it.
      if (Object.hasOwn(masks, account.id)) account.masked_token = masks[account.id];
      const cell = rowOf(account.id)?.querySelector('[data-testid="account-token"]');
      if (cell) showMask(cell, account);
    }
  } catch (error) {
    toastError(error);
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

/** Builds the rest of the first chunk after the next frame, unless the list is built anew. */
function restOfChunkLater() {
  cancelAnimationFrame(later?.frame);
  clearTimeout(later?.timer);
  const mine = (later = {});
  mine.frame = requestAnimationFrame(() => {
    mine.timer = setTimeout(() => {
      if (later === mine && rendered < CHUNK) appendChunk(CHUNK - rendered);
    }, 0);
  });
}

/** `accounts` in `order`, sorted once per list (a keystroke only filters). */
const sortedLists = new WeakMap();
function sortedOnce(accounts, order) {
  let byOrder = sortedLists.get(accounts);
  if (!byOrder) sortedLists.set(accounts, (byOrder = new Map()));
  if (!byOrder.has(order)) byOrder.set(order, sortAccounts(accounts, order));
  return byOrder.get(order);
}

/**
 * Renders the accounts that pass `filter` (or the empty state when there are none at all),
 * grouped by agency and role when `grouped`.
 */
export function renderAccounts(accounts, order, filter, grouped = false) {
  const query = queryWords(filter.text);
  const rules = { refreshWithinDays: refreshWithinDays(), matchingClients };
  // Filtering the sorted list keeps its order: the same as sorting what passes (a stable sort).
  let next = sortedOnce(accounts, order).filter((account) => matches(account, filter, rules));
  let nextGroups = null;
  if (grouped) ({ accounts: next, groups: nextGroups } = groupAccounts(next, t));
  const now = {
    basis: { accounts, order, grouped, language: currentLanguage(), lists: clientListsVersion() },
    shown: next,
    query,
  };
  if (built?.basis.accounts !== accounts) ahead(accounts, searchWords, () => built?.basis.accounts !== accounts);
  const keep = sameRows(built, now);
  built = now;
  currentQuery = query;
  shown = next;
  if (!keep) {
    groups = nextGroups;
    lastGroup = null;
    const fill = firstRows();
    rendered = 0;
    observer.disconnect();
    $("account-list").replaceChildren();
    appendChunk(fill);
    restOfChunkLater();
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
  rowOf(account.id)?.replaceWith(buildRow(account));
}

/** The accounts shown now, in order (for "Test all" on a filtered list). */
export function shownAccounts() {
  return shown;
}

/** The selected account, if it is shown. */
export function selectedAccount() {
  return shown.find((a) => a.id === selectedId);
}

export function rowOf(id) {
  return $("account-list").querySelector(`[data-testid="account-row"][data-id="${CSS.escape(id)}"]`);
}

/** Selects the account's row; with `focus`, also focuses it and scrolls it into view. */
export function select(id, focus = true) {
  rowOf(selectedId ?? "")?.classList.remove("selected");
  selectedId = id;
  const line = rowOf(id);
  line?.classList.add("selected");
  if (focus && line) {
    line.focus({ preventScroll: true });
    line.scrollIntoView({ block: "nearest" });
  }
}

/** Moves the selection `delta` rows down (up when negative), building rows as needed. */
export function move(delta) {
  if (shown.length === 0) return;
  const at = shown.findIndex((account) => account.id === selectedId);
  const next = at < 0 ? 0 : Math.min(shown.length - 1, Math.max(0, at + delta));
  while (next >= rendered) appendChunk();
  select(shown[next].id);
}

/** `context`: main.js's, for `info()` (the limits Rust shares). */
export function setUpList(ctx) {
  context = ctx;
}
