// Translation tables (ui/i18n/<language>.json, shared with the Rust side) and their use in the
// DOM: an element with `data-i18n="key"` gets the text; `data-i18n-args` holds JSON placeholders.
// Nothing here touches the DOM until called.

const tables = new Map();
let current = "en";

/**
 * Loads a language's table (once; `table` when the caller has it already) and makes it the
 * current one.
 */
export async function useLanguage(language, table) {
  if (table && !tables.has(language)) tables.set(language, table);
  if (!tables.has(language)) {
    const response = await fetch(`i18n/${language}.json`);
    tables.set(language, await response.json());
  }
  current = language;
  document.documentElement.lang = language;
}

export function currentLanguage() {
  return current;
}

/** `text` with its `{name}` placeholders filled from `args`. */
export function fillPlaceholders(text, args = {}) {
  return Object.entries(args).reduce(
    (result, [name, value]) => result.replaceAll(`{${name}}`, String(value)),
    text,
  );
}

/** The text for `key` in the current language (the key itself when missing), filled from `args`. */
export function t(key, args = {}) {
  return fillPlaceholders(tables.get(current)?.[key] ?? key, args);
}

/** Sets an element's translated text and remembers the key so `translateAll` can redo it. */
export function setText(element, key, args) {
  element.dataset.i18n = key;
  if (args) element.dataset.i18nArgs = JSON.stringify(args);
  else delete element.dataset.i18nArgs;
  element.textContent = t(key, args);
}

/** Re-translates every `[data-i18n]` element under `root`. */
export function translateAll(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    const args = element.dataset.i18nArgs ? JSON.parse(element.dataset.i18nArgs) : undefined;
    element.textContent = t(element.dataset.i18n, args);
  }
  for (const element of root.querySelectorAll("[data-i18n-title]")) {
    element.title = t(element.dataset.i18nTitle);
  }
  for (const element of root.querySelectorAll("[data-i18n-placeholder]")) {
    element.placeholder = t(element.dataset.i18nPlaceholder);
  }
}
