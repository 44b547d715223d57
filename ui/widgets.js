// The pieces the views share, built from dom.js: the toast, a command error's message, inline
// form errors, yes/no dialogs, buttons, badges (a test's verdict among them), drop-down menus,
// checkboxes, the app options of a select, and "busy while this runs".

import { $, el } from "./dom.js";
import { setText, t } from "./i18n.js";

let toastTimer;

/** A short message at the bottom of the window, shown for `seconds`. */
export function toast(message, kind = "info", seconds = kind === "error" ? 10 : 4) {
  const box = $("toast");
  box.textContent = message;
  box.dataset.kind = kind;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), seconds * 1000);
}

/** Hides the toast if it still shows `message` (a wait that is over). */
export function untoast(message) {
  const box = $("toast");
  if (!box.hidden && box.textContent === message) {
    clearTimeout(toastTimer);
    box.hidden = true;
  }
}

/** The message of a command error, or a generic one. */
export function messageOf(error) {
  return error?.message ?? t("error.unexpected", { detail: String(error) });
}

/** A command error in the toast. */
export function toastError(error) {
  toast(messageOf(error), "error");
}

/** Shows (or hides, with `null`) an error inside a form. */
export function formError(testid, error) {
  const box = $(testid);
  box.hidden = error === null;
  box.textContent = error === null ? "" : messageOf(error);
}

/**
 * Shows a modal dialog until it is answered: resolves `true` when `yes` is clicked, `false`
 * when `no` is, or when the dialog closes otherwise (Escape).
 * @param {HTMLDialogElement} dialog
 * @param {HTMLElement} yes
 * @param {HTMLElement} no
 * @returns {Promise<boolean>}
 */
export function answerOf(dialog, yes, no) {
  return new Promise((resolve) => {
    const finish = (answer) => {
      yes.onclick = null;
      no.onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    yes.onclick = () => finish(true);
    no.onclick = () => finish(false);
    dialog.onclose = () => finish(false);
    dialog.showModal();
  });
}

/**
 * Asks a yes/no question; resolves `true` when confirmed.
 * @param {string} message already translated
 * @param {string} okKey translation key of the confirming button
 */
export function confirmAction(message, okKey) {
  $("confirm-message").textContent = message;
  setText($("confirm-ok"), okKey);
  return answerOf($("confirm-dialog"), $("confirm-ok"), $("confirm-cancel"));
}

/** A button with translated text; `kind` is its class ("quiet", "small", "quiet small"). */
export function button(key, testid, onClick, kind = "quiet") {
  const b = el("button", { type: "button", class: kind, "data-testid": testid });
  setText(b, key);
  b.addEventListener("click", onClick);
  return b;
}

/** A badge with translated text; `kind` adds classes ("warn", "muted-badge"). */
export function badge(key, kind, testid) {
  const span = el("span", { class: `badge ${kind}`, "data-testid": testid });
  setText(span, key);
  return span;
}

/** A test's verdict as a badge ("untested" without a test), its status in `data-status`. */
export function verdictBadge(test, testid) {
  const status = test?.status ?? "untested";
  const span = badge(`verdict.${status}`, `verdict verdict-${status}`, testid);
  span.dataset.status = status;
  return span;
}

/** A small drop-down built on <details>: keyboard-accessible without any script. */
export function menu(key, testid, items) {
  const summary = el("summary", { class: "quiet-button", "data-testid": testid });
  setText(summary, key);
  const details = el("details", { class: "menu" }, summary, el("div", { class: "menu-items" }, ...items));
  for (const item of items) item.addEventListener("click", () => details.removeAttribute("open"));
  return details;
}

/** A checkbox and its label (a scope, say). */
export function checkbox(value, testid, checked, label) {
  const box = el("input", { type: "checkbox", value, "data-testid": testid });
  box.checked = checked;
  return el("label", { class: "check" }, box, label);
}

/** The options of a select that picks an app: its name, its client id as the value. */
export function appOptions(apps) {
  return apps.map((app) => el("option", { value: app.client_id }, app.name));
}

/**
 * Runs `action` with `element` (if any) marked busy; a failure goes to `onError`, then to the
 * toast.
 */
export async function busyWhile(element, action, onError = () => {}) {
  element?.classList.add("busy");
  try {
    await action();
  } catch (error) {
    onError(error);
    toastError(error);
  } finally {
    element?.classList.remove("busy");
  }
}
