// Dates as the window writes them, and its units of time (ui/format.js).

import assert from "node:assert/strict";
import { test } from "node:test";

import { DAY_MS, DAY_SECONDS, HOUR_SECONDS, MINUTE_SECONDS, dateTime, relativeTime, roleLabel } from "../../ui/format.js";

// dateTime writes local time: the same zone wherever the tests run.
process.env.TZ = "UTC";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const after = (ms) => new Date(NOW + ms).toISOString();
const en = (ms) => relativeTime(after(ms), NOW, "en");
const ru = (ms) => relativeTime(after(ms), NOW, "ru");

test("the units: seconds are seconds, milliseconds say so", () => {
  assert.equal(MINUTE_SECONDS, 60);
  assert.equal(HOUR_SECONDS, 3600);
  assert.equal(DAY_SECONDS, 86400);
  assert.equal(DAY_MS, 86400 * 1000);
});

test("relativeTime rounds as people speak, in English", () => {
  assert.equal(en(364.9 * DAY_MS), "in 1 year");
  assert.equal(en(320 * DAY_MS), "in 1 year", "from 320 days a span reads in years");
  assert.equal(en(319 * DAY_MS), "in 10 months");
  assert.equal(en(40 * DAY_MS), "in 1 month");
  assert.equal(en(25 * DAY_MS), "in 25 days", "under 26 days a span reads in days");
  assert.equal(en(30 * HOUR_SECONDS * 1000), "in 1 day");
  assert.equal(en(21 * HOUR_SECONDS * 1000), "in 21 hours");
  assert.equal(en(-3 * DAY_MS), "3 days ago");
  assert.equal(en(-90 * 60 * 1000), "1 hour ago");
  assert.equal(en(45 * 1000), "in 1 minute");
  assert.equal(en(44 * 1000), "in 44 seconds");
});

test("relativeTime in Russian, with Russian plurals", () => {
  assert.equal(ru(364.9 * DAY_MS), "через 1 год");
  assert.equal(ru(2 * DAY_MS), "через 2 дня");
  assert.equal(ru(5 * DAY_MS), "через 5 дней");
  assert.equal(ru(21 * DAY_MS), "через 21 день");
  assert.equal(ru(-3 * DAY_MS), "3 дня назад");
  assert.equal(ru(44 * 1000), "через 44 секунды");
  assert.equal(ru(-90 * 60 * 1000), "1 час назад");
});

test("relativeTime switches to the larger unit before a whole one has passed", () => {
  assert.equal(en(22 * HOUR_SECONDS * 1000), "in 1 day");
  assert.equal(en(-22 * HOUR_SECONDS * 1000), "1 day ago");
  assert.equal(en(45 * 60 * 1000), "in 1 hour");
  assert.equal(en(26 * DAY_MS), "in 1 month");
});

test("dateTime writes the date in the language asked for", () => {
  assert.match(dateTime("2026-03-01T23:30:00Z", "en"), /^Mar 1, 2026.*11:30/);
  assert.match(dateTime("2026-03-01T23:30:00Z", "ru"), /^1 мар\. 2026.*23:30/);
});

test("roleLabel: nothing without a role, else the role's text", () => {
  assert.equal(roleLabel(null), "");
  assert.equal(roleLabel("advertiser"), "role.advertiser", "no table loaded: the key");
});
