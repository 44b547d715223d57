// The two DOM primitives every view uses: an element by its test id, and building an element.
// The pieces built from them are in widgets.js.

/** The element with `data-testid`, within `root`. */
export const $ = (testid, root = document) => root.querySelector(`[data-testid="${testid}"]`);

/**
 * Builds an element: `el("span", { class: "x", "data-testid": "y" }, "text", child)`.
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes]
 * @param {...(Node | string | null | undefined)} children
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) element.append(child);
  }
  return element;
}
