// What an account row's buttons (and the list's keys) do: Test, Copy, Reveal, Details,
// Refresh, Revoke and Forget. The token itself reaches the window only through Reveal, and
// leaves the DOM again after a few seconds or when the window loses focus.

import * as api from "../../api.js";
import { $, el } from "../../dom.js";
import { setText, t } from "../../i18n.js";
import { busyWhile, confirmAction, toast, toastError } from "../../widgets.js";

const REVEAL_SECONDS = 10;

let context;

/** Tests the account's token and shows the result on its row (`line`, busy meanwhile). */
export function test(account, line) {
  return busyWhile(line, async () => {
    const result = await api.testAccount(account.id);
    context.updateTest(account.id, result);
  });
}

/** Rust puts the token on the clipboard in `format`; the window counts down to its clearing. */
export function copy(account, format, line) {
  return busyWhile(line, async () => {
    const receipt = await api.copyToken(account.id, format);
    context.clipboardCountdown(receipt.clears_in);
  });
}

export function reveal(account, line) {
  return busyWhile(line, async () => {
    const token = await api.revealToken(account.id);
    const shown = el("code", { class: "revealed", "data-testid": "revealed-token" }, token);
    const note = el("small", { class: "muted" }, t("reveal.note", { seconds: REVEAL_SECONDS }));
    const box = el("div", { class: "reveal-box", "data-testid": "reveal-box" }, shown, note);
    line.append(box);
    const hide = () => {
      box.remove();
      window.removeEventListener("blur", hide);
      clearTimeout(timer);
    };
    const timer = setTimeout(hide, REVEAL_SECONDS * 1000);
    window.addEventListener("blur", hide);
  });
}

/** Asks Rust for a new token with the refresh token, then reloads the list. */
export function refresh(account, line) {
  return busyWhile(line, async () => {
    await api.refreshAccount(account.id);
    toast(t("refresh.done", { login: account.login }));
  }).then(context.refresh);
}

/** The label and notes dialog of one account. */
export function editDetails(account) {
  setText($("details-title"), "details.title", { login: account.login });
  $("details-label").value = account.label ?? "";
  $("details-notes").value = account.notes ?? "";
  $("details-form").onsubmit = async (event) => {
    event.preventDefault();
    try {
      await api.setAccountDetails(account.id, $("details-label").value, $("details-notes").value);
      $("details-dialog").close();
      toast(t("details.saved"));
      await context.refresh();
    } catch (error) {
      toastError(error);
    }
  };
  $("details-dialog").showModal();
  $("details-label").focus();
}

export async function revoke(account, line) {
  const sure = await confirmAction(t("revoke.confirm", { login: account.login }), "action.revoke");
  if (!sure) return;
  await busyWhile(line, async () => {
    const outcome = await api.revokeAccount(account.id);
    toast(t("revoke.done", { login: outcome.login }));
  });
  await context.refresh();
}

export async function forget(account) {
  const sure = await confirmAction(t("forget.confirm", { login: account.login }), "action.forget");
  if (!sure) return;
  try {
    await api.removeAccount(account.id);
    toast(t("accounts.removed", { login: account.login }));
  } catch (error) {
    toastError(error);
  }
  await context.refresh();
}

/** `context`: main.js's `{ refresh, updateTest, clipboardCountdown, … }`. */
export function setUpActions(ctx) {
  context = ctx;
  $("details-cancel").addEventListener("click", () => $("details-dialog").close());
}
