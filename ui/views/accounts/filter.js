// The account list's rules, without the DOM: which accounts the search and the filters let
// through, in which order and under which group heading, and when a token expires soon. Pure:
// what a rule needs from elsewhere (the threshold from Rust, an agency's clients, the
// translation) comes in as a parameter.

import { DAY_MS } from "../../format.js";
import { matchesText, queryWords, searchableText } from "../../search.js";

/** Whether Direct knows the account as an agency's (the Clients dialog is for these). */
export function isAgency(account) {
  return account.direct?.agency === true;
}

/**
 * "expired" | "soon" | "ok" | "unknown": "soon" while fewer than `refreshWithinDays` days are
 * left (`AppInfo.limits.refresh_within_days`, the same number Rust refreshes tokens by).
 */
export function expiryState(account, refreshWithinDays, now = Date.now()) {
  if (!account.expires_at) return "unknown";
  const left = Date.parse(account.expires_at) - now;
  if (left <= 0) return "expired";
  return left < refreshWithinDays * DAY_MS ? "soon" : "ok";
}

/** The expiry badge of an account's row: "sign_in" | "expired" | "soon", or `null` for none. */
export function expiryMark(account, refreshWithinDays, now = Date.now()) {
  if (account.needs_sign_in) return "sign_in";
  const state = expiryState(account, refreshWithinDays, now);
  return state === "expired" || state === "soon" ? state : null;
}

/** Whether the row offers "Sign in again" beside Test: the token is dead or about to be. */
export function needsSignIn(account, refreshWithinDays, now = Date.now()) {
  return (
    account.needs_sign_in ||
    expiryState(account, refreshWithinDays, now) === "expired" ||
    account.last_test?.status === "invalid"
  );
}

/** Logins compared as `localeCompare` compares them, without building a collator each time. */
const collator = new Intl.Collator();
const byLogin = (a, b) => collator.compare(a.login, b.login);

/** By login, or by expiry ("expiry": the soonest first, never-expiring last, then by login). */
export function sortAccounts(accounts, order) {
  const sorted = [...accounts];
  if (order === "expiry") {
    const keys = new Map(
      accounts.map((a) => [a, a.expires_at ? Date.parse(a.expires_at) : Number.POSITIVE_INFINITY]),
    );
    sorted.sort((a, b) => keys.get(a) - keys.get(b) || byLogin(a, b));
  } else {
    sorted.sort(byLogin);
  }
  return sorted;
}

/**
 * Whether an account passes the search text and the filters. A search word may also start the
 * login or name of one of an agency's clients: `matchingClients(accountId, queryWords)` lists them.
 * @param {{ text: string, role: string, app: string, verdict: string, expiry: string }} filter
 * @param {{ refreshWithinDays: number, matchingClients?: (id: string, query: string[]) => unknown[],
 *   now?: number }} rules
 */
export function matches(account, filter, { refreshWithinDays, matchingClients = () => [], now } = {}) {
  const query = wordsOf(filter.text);
  if (query.length && !matchesText(searchWords(account), query) && matchingClients(account.id, query).length === 0) {
    return false;
  }
  if (filter.role && (account.role ?? "none") !== filter.role) return false;
  if (filter.app && account.client_id !== filter.app) return false;
  if (filter.verdict && (account.last_test?.status ?? "untested") !== filter.verdict) return false;
  if (filter.expiry === "sign_in" && !account.needs_sign_in) return false;
  if (filter.expiry === "soon" && expiryState(account, refreshWithinDays, now) !== "soon") return false;
  if (filter.expiry === "expired" && expiryState(account, refreshWithinDays, now) !== "expired") return false;
  return true;
}

/** The search text's words: a list is filtered account by account with one text. */
let lastText = null;
let lastWords = [];
function wordsOf(text) {
  if (text !== lastText) [lastText, lastWords] = [text, queryWords(text)];
  return lastWords;
}

/** Each account's search words, worked out once per account object. */
const searchCache = new WeakMap();

/** The words of the login, name, label, notes and Direct identity a search word may start. */
export function searchWords(account) {
  let words = searchCache.get(account);
  if (!words) {
    words = searchableText(
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

const ROLE_ORDER = ["advertiser", "advertiser_representative", "agency_representative", "none"];

/**
 * The group an account is listed under: its agency, else its role. `translate` is i18n.js's `t`.
 * @returns {{ key: string, label: string }} keys sort agencies first, then the roles in order
 */
export function groupOf(account, translate) {
  if (isAgency(account)) {
    const agency = account.direct.login.toLowerCase();
    const label = translate("group.agency", { agency: account.direct.name || account.direct.login });
    return { key: `0:${agency}`, label };
  }
  const role = account.role ?? "none";
  const label = translate(role === "none" ? "group.none_role" : `group.${role}`);
  return { key: `${1 + ROLE_ORDER.indexOf(role)}:${role}`, label };
}

/**
 * The accounts by group (a stable sort: within a group their order stays), and each group's
 * heading and size by key.
 * @returns {{ accounts: object[], groups: Map<string, { label: string, count: number }> }}
 */
export function groupAccounts(accounts, translate) {
  const groups = new Map();
  const keyed = accounts.map((account) => [groupOf(account, translate), account]);
  for (const [group] of keyed) {
    const entry = groups.get(group.key) ?? { label: group.label, count: 0 };
    entry.count += 1;
    groups.set(group.key, entry);
  }
  keyed.sort(([a], [b]) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { accounts: keyed.map(([, account]) => account), groups };
}
