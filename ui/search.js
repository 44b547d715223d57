// The words of the search boxes: how a query and the texts it searches split into words, and
// when they match. Pure: no DOM.

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
