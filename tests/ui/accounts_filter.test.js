// The account list's rules (ui/views/accounts/filter.js): search, filters, order, groups and
// the expiry threshold Rust sends in `app_info`'s limits.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  expiryMark,
  expiryState,
  groupAccounts,
  groupOf,
  isAgency,
  matches,
  needsSignIn,
  sortAccounts,
} from "../../ui/views/accounts/filter.js";
import { DAY_MS } from "../../ui/format.js";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const inDays = (days) => new Date(NOW + days * DAY_MS).toISOString();

/** An account as `list_accounts` returns it, with what a test sets. */
function account(login, fields = {}) {
  return {
    id: `id-${login}`,
    login,
    display_name: "",
    role: null,
    client_id: "app-1",
    expires_at: inDays(365),
    label: "",
    notes: "",
    needs_sign_in: false,
    last_test: null,
    direct: null,
    ...fields,
  };
}

const NO_FILTER = { text: "", role: "", app: "", verdict: "", expiry: "" };
const RULES = { refreshWithinDays: 30, now: NOW };
const passes = (a, filter) => matches(a, { ...NO_FILTER, ...filter }, RULES);
const loginsThrough = (accounts, filter) => accounts.filter((a) => passes(a, filter)).map((a) => a.login);

describe("expiryState", () => {
  const state = (days, within = 30) => expiryState(account("a", { expires_at: inDays(days) }), within, NOW);

  test("is soon with fewer days left than refreshWithinDays, ok from that many on", () => {
    assert.equal(state(29), "soon");
    assert.equal(state(30 - 1 / (24 * 3600 * 1000)), "soon", "a millisecond short of 30 days");
    assert.equal(state(30), "ok", "exactly 30 days is not fewer than 30");
    assert.equal(state(31), "ok");
  });

  test("follows the threshold it is given, not a number of its own", () => {
    assert.equal(state(10, 7), "ok");
    assert.equal(state(6, 7), "soon");
    assert.equal(state(45, 60), "soon");
  });

  test("is expired at the moment of expiry and after it", () => {
    assert.equal(state(0), "expired");
    assert.equal(state(-3), "expired");
    assert.equal(state(1 / (24 * 3600 * 1000)), "soon", "a millisecond left");
  });

  test("is unknown for a token that never expires", () => {
    assert.equal(expiryState(account("a", { expires_at: null }), 30, NOW), "unknown");
  });

  test("counts from the current time by default", () => {
    const soon = account("a", { expires_at: new Date(Date.now() + 5 * DAY_MS).toISOString() });
    assert.equal(expiryState(soon, 30), "soon");
  });
});

describe("expiryMark and needsSignIn", () => {
  test("a row's badge: sign in again first, then expired, then soon, else none", () => {
    const mark = (fields) => expiryMark(account("a", fields), 30, NOW);
    assert.equal(mark({ needs_sign_in: true, expires_at: inDays(-1) }), "sign_in");
    assert.equal(mark({ expires_at: inDays(-1) }), "expired");
    assert.equal(mark({ expires_at: inDays(29) }), "soon");
    assert.equal(mark({ expires_at: inDays(31) }), null);
    assert.equal(mark({ expires_at: null }), null);
  });

  test("offers Sign in again for a dead token only: expired, invalid, or marked by Rust", () => {
    const needs = (fields) => needsSignIn(account("a", fields), 30, NOW);
    assert.equal(needs({ expires_at: inDays(-1) }), true);
    assert.equal(needs({ needs_sign_in: true }), true);
    assert.equal(needs({ last_test: { status: "invalid", checked_at: "", checks: [] } }), true);
    assert.equal(needs({ expires_at: inDays(5) }), false, "expiring soon still works");
    assert.equal(needs({ last_test: { status: "no_access", checked_at: "", checks: [] } }), false);
  });
});

describe("matches: the search box", () => {
  const alice = account("adv-alice", {
    display_name: "Alice Smith",
    label: "Shoes shop",
    notes: "Contract until March; ask Olga",
  });
  const bob = account("rep-bob", {
    display_name: "Bob",
    direct: { login: "acme-ads", name: "ACME Advertising", agency: false },
  });
  const numbered = account("client-0742", { display_name: "Number 742", label: "Group B" });
  const all = [alice, bob, numbered];

  test("finds the login, name, label and notes by the start of a word, in any case", () => {
    assert.deepEqual(loginsThrough(all, { text: "adv-a" }), ["adv-alice"]);
    assert.deepEqual(loginsThrough(all, { text: "adv" }), ["adv-alice", "rep-bob"], "adv-alice, ACME Advertising");
    assert.deepEqual(loginsThrough(all, { text: "SMITH" }), ["adv-alice"]);
    assert.deepEqual(loginsThrough(all, { text: "shoes" }), ["adv-alice"]);
    assert.deepEqual(loginsThrough(all, { text: "olga" }), ["adv-alice"]);
    assert.deepEqual(loginsThrough(all, { text: "lga" }), [], "not inside a word");
  });

  test("finds the Direct login and name the token acts for", () => {
    assert.deepEqual(loginsThrough(all, { text: "acme" }), ["rep-bob"]);
    assert.deepEqual(loginsThrough(all, { text: "advertising" }), ["rep-bob"]);
  });

  test("matches a whole word and its parts: client-0742 by 0742, Group B by b, not number by b", () => {
    assert.deepEqual(loginsThrough(all, { text: "client-0742" }), ["client-0742"]);
    assert.deepEqual(loginsThrough(all, { text: "0742" }), ["client-0742"]);
    assert.deepEqual(loginsThrough(all, { text: "b" }), ["rep-bob", "client-0742"]);
    assert.deepEqual(loginsThrough(all, { text: "um" }), []);
  });

  test("needs every word to match", () => {
    assert.deepEqual(loginsThrough(all, { text: "group b client" }), ["client-0742"]);
    assert.deepEqual(loginsThrough(all, { text: "group alice" }), []);
    assert.deepEqual(loginsThrough(all, { text: "   " }), ["adv-alice", "rep-bob", "client-0742"]);
  });

  test("lets an agency account through when one of its clients matches", () => {
    const agency = account("agency-ann", { direct: { login: "big-agency", name: "Big", agency: true } });
    const clients = { "id-agency-ann": ["shop-one", "shop-two"] };
    const matchingClients = (id, query) => (clients[id] ?? []).filter((c) => query.every((q) => c.startsWith(q)));
    const rules = { ...RULES, matchingClients };
    assert.equal(matches(agency, { ...NO_FILTER, text: "shop-t" }, rules), true);
    assert.equal(matches(agency, { ...NO_FILTER, text: "cafe" }, rules), false);
    assert.equal(matches(agency, { ...NO_FILTER, text: "shop" }, RULES), false, "no client lists, no match");
  });
});

describe("matches: the filters", () => {
  const advertiser = account("adv", { role: "advertiser", client_id: "app-1", last_test: { status: "valid" } });
  const agent = account("agent", { role: "agency_representative", client_id: "app-2", last_test: { status: "no_access" } });
  const unknown = account("nobody", { role: null, expires_at: inDays(3) });
  const expired = account("old", { role: "advertiser", expires_at: inDays(-2), last_test: { status: "invalid" } });
  const marked = account("marked", { needs_sign_in: true, expires_at: inDays(100) });
  const all = [advertiser, agent, unknown, expired, marked];

  test("role, with none for an account whose role is unknown", () => {
    assert.deepEqual(loginsThrough(all, { role: "advertiser" }), ["adv", "old"]);
    assert.deepEqual(loginsThrough(all, { role: "agency_representative" }), ["agent"]);
    assert.deepEqual(loginsThrough(all, { role: "none" }), ["nobody", "marked"]);
  });

  test("app by client id", () => {
    assert.deepEqual(loginsThrough(all, { app: "app-2" }), ["agent"]);
  });

  test("verdict of the last test, untested for none", () => {
    assert.deepEqual(loginsThrough(all, { verdict: "valid" }), ["adv"]);
    assert.deepEqual(loginsThrough(all, { verdict: "invalid" }), ["old"]);
    assert.deepEqual(loginsThrough(all, { verdict: "untested" }), ["nobody", "marked"]);
    assert.deepEqual(loginsThrough(all, { verdict: "error" }), []);
  });

  test("expiry: soon and expired by the threshold passed in, sign in again by Rust's mark", () => {
    assert.deepEqual(loginsThrough(all, { expiry: "soon" }), ["nobody"]);
    assert.deepEqual(loginsThrough(all, { expiry: "expired" }), ["old"]);
    assert.deepEqual(loginsThrough(all, { expiry: "sign_in" }), ["marked"]);
    const within200 = all.filter((a) => matches(a, { ...NO_FILTER, expiry: "soon" }, { refreshWithinDays: 200, now: NOW }));
    assert.deepEqual(
      within200.map((a) => a.login),
      ["nobody", "marked"],
      "with 200 days, 100 left is soon (a year is not)",
    );
  });

  test("all of them at once", () => {
    assert.deepEqual(loginsThrough(all, { role: "advertiser", verdict: "invalid", expiry: "expired", text: "ol" }), ["old"]);
    assert.deepEqual(loginsThrough(all, { role: "advertiser", verdict: "valid", expiry: "expired" }), []);
  });
});

describe("sortAccounts", () => {
  const never = account("zed", { expires_at: null });
  const late = account("amy", { expires_at: inDays(300) });
  const early = account("mia", { expires_at: inDays(2) });
  const sameAsEarly = account("bea", { expires_at: inDays(2) });

  test("by login", () => {
    assert.deepEqual(sortAccounts([never, late, early, sameAsEarly], "login").map((a) => a.login), ["amy", "bea", "mia", "zed"]);
  });

  test("by expiry: the soonest first, a tie by login, a token that never expires last", () => {
    assert.deepEqual(sortAccounts([never, late, early, sameAsEarly], "expiry").map((a) => a.login), ["bea", "mia", "amy", "zed"]);
    const nevers = [account("b", { expires_at: null }), account("a", { expires_at: null })];
    assert.deepEqual(sortAccounts(nevers, "expiry").map((a) => a.login), ["a", "b"]);
  });

  test("leaves the list it was given as it was", () => {
    const given = [never, late, early];
    sortAccounts(given, "expiry");
    assert.deepEqual(given, [never, late, early]);
  });
});

describe("groups", () => {
  const translate = (key, args = {}) => (args.agency ? `${key}:${args.agency}` : key);
  const agencyA = account("a-rep", { direct: { login: "Zeta-Agency", name: "", agency: true }, role: "agency_representative" });
  const agencyB = account("b-rep", { direct: { login: "alpha", name: "Alpha Ltd", agency: true }, role: "agency_representative" });
  const adv = account("c-adv", { role: "advertiser" });
  const rep = account("d-rep", { role: "advertiser_representative" });
  const none = account("e-none", { role: null });
  const plainAgent = account("f-agent", { role: "agency_representative" });

  test("isAgency is Direct's word only", () => {
    assert.equal(isAgency(agencyA), true);
    assert.equal(isAgency(plainAgent), false);
    assert.equal(isAgency(account("x", { direct: { login: "x", agency: false } })), false);
  });

  test("an agency's group is keyed by its login in lower case and named by its name", () => {
    assert.deepEqual(groupOf(agencyA, translate), { key: "0:zeta-agency", label: "group.agency:Zeta-Agency" });
    assert.deepEqual(groupOf(agencyB, translate), { key: "0:alpha", label: "group.agency:Alpha Ltd" });
  });

  test("other accounts group by role, an unknown role last", () => {
    assert.deepEqual(groupOf(adv, translate), { key: "1:advertiser", label: "group.advertiser" });
    assert.deepEqual(groupOf(rep, translate), { key: "2:advertiser_representative", label: "group.advertiser_representative" });
    assert.deepEqual(groupOf(plainAgent, translate), { key: "3:agency_representative", label: "group.agency_representative" });
    assert.deepEqual(groupOf(none, translate), { key: "4:none", label: "group.none_role" });
  });

  test("groupAccounts: agencies, then roles in order; the given order within a group; counts", () => {
    const secondAdv = account("a-adv", { role: "advertiser" });
    const { accounts, groups } = groupAccounts([none, adv, agencyA, secondAdv, rep, agencyB, plainAgent], translate);
    assert.deepEqual(
      accounts.map((a) => a.login),
      ["b-rep", "a-rep", "c-adv", "a-adv", "d-rep", "f-agent", "e-none"],
    );
    assert.deepEqual(
      [...groups.keys()].sort(),
      ["0:alpha", "0:zeta-agency", "1:advertiser", "2:advertiser_representative", "3:agency_representative", "4:none"],
    );
    assert.deepEqual(groups.get("1:advertiser"), { label: "group.advertiser", count: 2 });
    assert.deepEqual(groups.get("0:alpha"), { label: "group.agency:Alpha Ltd", count: 1 });
  });
});
