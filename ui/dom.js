// Small DOM pieces shared by the views: lookup by test id, element building, the toast, the
// confirmation dialog and inline form errors.

import { setText, t } from "./i18n.js";

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

let toastTimer;

/** A short message at the bottom of the window. */
export function toast(message, kind = "info") {
  const box = $("toast");
  box.textContent = message;
  box.dataset.kind = kind;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), kind === "error" ? 10000 : 4000);
}

/** The message of a command error, or a generic one. */
export function messageOf(error) {
  return error?.message ?? t("error.unexpected", { detail: String(error) });
}

/** Shows (or hides, with `null`) an error inside a form. */
export function formError(testid, error) {
  const box = $(testid);
  box.hidden = error === null;
  box.textContent = error === null ? "" : messageOf(error);
}

/**
 * Asks a yes/no question; resolves `true` when confirmed.
 * @param {string} message already translated
 * @param {string} okKey translation key of the confirming button
 */
export function confirmAction(message, okKey) {
  const dialog = $("confirm-dialog");
  $("confirm-message").textContent = message;
  setText($("confirm-ok"), okKey);
  return new Promise((resolve) => {
    const finish = (answer) => {
      $("confirm-ok").onclick = null;
      $("confirm-cancel").onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    $("confirm-ok").onclick = () => finish(true);
    $("confirm-cancel").onclick = () => finish(false);
    dialog.onclose = () => finish(false);
    dialog.showModal();
  });
}
