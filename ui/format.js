// How dates and roles read in the current language, and the units of time counted in: seconds
// here (`*_SECONDS`), milliseconds where a time comes from `Date` (`*_MS`).

import { currentLanguage, t } from "./i18n.js";

export const MINUTE_SECONDS = 60;
export const HOUR_SECONDS = 60 * MINUTE_SECONDS;
export const DAY_SECONDS = 24 * HOUR_SECONDS;
export const DAY_MS = DAY_SECONDS * 1000;

// [unit, its size in seconds, the smallest span shown in it] — rounding as people speak:
// 364.9 days is "in 1 year", 40 days "in 1 month", 30 hours "in 1 day".
const UNITS = [
  ["year", 365 * DAY_SECONDS, 320 * DAY_SECONDS],
  ["month", 30.44 * DAY_SECONDS, 26 * DAY_SECONDS],
  ["day", DAY_SECONDS, 22 * HOUR_SECONDS],
  ["hour", HOUR_SECONDS, 45 * MINUTE_SECONDS],
  ["minute", MINUTE_SECONDS, 45],
];

/**
 * One formatter per language and kind, made once: making one costs about as much as building
 * the rest of an account's row (BENCHMARKS.md §1).
 */
const formats = new Map();
function formatter(kind, language, make) {
  const key = `${kind} ${language}`;
  if (!formats.has(key)) formats.set(key, make());
  return formats.get(key);
}

/** "in 11 months", "3 days ago" — relative to `now`, in the current language by default. */
export function relativeTime(iso, now = Date.now(), language = currentLanguage()) {
  const seconds = (Date.parse(iso) - now) / 1000;
  const format = formatter("relative", language, () => new Intl.RelativeTimeFormat(language, { numeric: "always" }));
  for (const [unit, size, from] of UNITS) {
    if (Math.abs(seconds) >= from) return format.format(Math.round(seconds / size) || Math.sign(seconds), unit);
  }
  return format.format(Math.round(seconds), "second");
}

/** A date and time the way the current language (by default) writes it. */
export function dateTime(iso, language = currentLanguage()) {
  const format = formatter(
    "date",
    language,
    () => new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }),
  );
  return format.format(new Date(iso));
}

export function roleLabel(role) {
  return role ? t(`role.${role}`) : "";
}
