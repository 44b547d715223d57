// The translation tables and their placeholders (ui/i18n.js), and that every key the window
// spells out exists in them.

import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { relativeTime } from "../../ui/format.js";
import { currentLanguage, fillPlaceholders, t, useLanguage } from "../../ui/i18n.js";

const UI = fileURLToPath(new URL("../../ui/", import.meta.url));
const table = (language) => JSON.parse(readFileSync(join(UI, "i18n", `${language}.json`), "utf8"));

// useLanguage fetches `i18n/<language>.json` next to index.html and sets <html lang>: here,
// from the files themselves, on a stand-in document.
const fetched = [];
globalThis.document = { documentElement: {} };
globalThis.fetch = async (url) => {
  fetched.push(url);
  return { json: async () => JSON.parse(readFileSync(join(UI, url), "utf8")) };
};

test("fillPlaceholders fills every {name}, each time it occurs, and leaves unknown ones", () => {
  assert.equal(fillPlaceholders("{shown} of {total}", { shown: 3, total: 1000 }), "3 of 1000");
  assert.equal(fillPlaceholders("{a}-{a}", { a: "x" }), "x-x");
  assert.equal(fillPlaceholders("left {missing}", {}), "left {missing}");
  assert.equal(fillPlaceholders("no args"), "no args");
});

test("t: the key itself, filled, until a table is loaded", () => {
  assert.equal(currentLanguage(), "en");
  assert.equal(t("no.such.key"), "no.such.key");
  assert.equal(t("{x} as key", { x: 1 }), "1 as key");
});

test("useLanguage loads a table once, switches t and the page's language", async () => {
  await useLanguage("en");
  assert.equal(t("filter.shown", { shown: 1, total: 1000 }), "1 of 1000");
  assert.equal(document.documentElement.lang, "en");
  await useLanguage("ru");
  assert.equal(currentLanguage(), "ru");
  assert.equal(document.documentElement.lang, "ru");
  assert.equal(t("empty.title"), table("ru")["empty.title"]);
  assert.equal(t("no.such.key"), "no.such.key", "a missing key falls back to itself");
  await useLanguage("en");
  await useLanguage("ru");
  assert.deepEqual(fetched, ["i18n/en.json", "i18n/ru.json"], "each table fetched once");
  // relativeTime follows the current language when not told one.
  const now = Date.parse("2026-03-01T12:00:00Z");
  assert.equal(relativeTime(new Date(now + 5 * 86400e3).toISOString(), now), "через 5 дней");
  await useLanguage("en");
  assert.equal(relativeTime(new Date(now + 5 * 86400e3).toISOString(), now), "in 5 days");
});

/** Every file of the window (index.html, the dialogs' markup, the modules), not the tables. */
function uiFiles(dir = UI) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "i18n" ? [] : uiFiles(path);
    return /\.(js|html)$/.test(name) ? [path] : [];
  });
}

test("every translation key the window spells out is in both tables", () => {
  const en = table("en");
  const ru = table("ru");
  const keys = new Map();
  for (const file of uiFiles()) {
    const text = readFileSync(file, "utf8");
    // data-i18n="…" in markup, and any "a.b" string literal in a module (file names aside).
    for (const [, key] of text.matchAll(/data-i18n(?:-placeholder|-title)?="([a-z0-9_.-]+\.[a-z0-9_.-]+)"/g)) {
      keys.set(key, file);
    }
    for (const [, key] of text.matchAll(/"([a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+)"/g)) {
      if (!/\.(js|json|css|html|svg)$/.test(key)) keys.set(key, file);
    }
  }
  // Keys the modules put together: verdicts, roles, groups, the expiry badges.
  for (const status of ["valid", "invalid", "no_access", "error", "untested"]) keys.set(`verdict.${status}`, "badges");
  for (const role of ["advertiser", "advertiser_representative", "agency_representative"]) {
    keys.set(`role.${role}`, "roleLabel");
    keys.set(`group.${role}`, "groupOf");
  }
  assert.ok(keys.size > 200, `found ${keys.size} keys`);
  const missing = [...keys].filter(([key]) => !(key in en) || !(key in ru)).map(([key, file]) => `${key} (${file})`);
  assert.deepEqual(missing, []);
});
