// How dates and roles read in the current language.

import { currentLanguage, t } from "./i18n.js";

const DAY = 24 * 3600;

// [unit, its size in seconds, the smallest span shown in it] — rounding as people speak:
// 364.9 days is "in 1 year", 40 days "in 1 month", 30 hours "in 1 day".
const UNITS = [
  ["year", 365 * DAY, 320 * DAY],
  ["month", 30.44 * DAY, 26 * DAY],
  ["day", DAY, 22 * 3600],
  ["hour", 3600, 45 * 60],
  ["minute", 60, 45],
];

/** "in 11 months", "3 days ago" — relative to now, in the current language. */
export function relativeTime(iso, now = Date.now()) {
  const seconds = (Date.parse(iso) - now) / 1000;
  const format = new Intl.RelativeTimeFormat(currentLanguage(), { numeric: "always" });
  for (const [unit, size, from] of UNITS) {
    if (Math.abs(seconds) >= from) return format.format(Math.round(seconds / size) || Math.sign(seconds), unit);
  }
  return format.format(Math.round(seconds), "second");
}

/** A date and time the way the current language writes it. */
export function dateTime(iso) {
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso),
  );
}

export function roleLabel(role) {
  return role ? t(`role.${role}`) : "";
}

/** The words of a search box: lower case, split on spaces. */
export function queryWords(text) {
  return text.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * The words a search word may start in these texts: each word whole ("client-0742") and in
 * its parts ("client", "0742"). So "b" finds "Group B", not "number".
 */
export function searchableWords(...texts) {
  const text = texts.filter(Boolean).join(" ").toLowerCase();
  const whole = text.split(/\s+/).filter(Boolean);
  const parts = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return [...new Set([...whole, ...parts])];
}

/** Whether every query word starts one of `words`. */
export function matchesWords(words, query) {
  return query.every((q) => words.some((w) => w.startsWith(q)));
}
