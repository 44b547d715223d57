// Adding accounts: "Add account" (the Yandex login window), the question when a different
// account signed in, and importing a token from the clipboard.

import * as api from "../api.js";
import { $, el, formError, messageOf, toast } from "../dom.js";
import { setText, t } from "../i18n.js";
import { openApps } from "./apps.js";

let context;

function selectedApp() {
  return context.apps().find((app) => app.client_id === $("signin-app").value);
}

function renderScopes() {
  const app = selectedApp();
  const scopes = app?.scopes ?? [];
  $("signin-scopes").replaceChildren(
    ...scopes.map((scope) => {
      const box = el("input", { type: "checkbox", value: scope, "data-testid": `signin-scope-${scope}` });
      box.checked = true;
      return el("label", { class: "check" }, box, el("span", { class: "mono" }, scope));
    }),
  );
}

/** Opens "Add account"; `loginHint`, `clientId` and `role` prefill it ("Sign in again"). */
export function openSignIn({ loginHint = "", clientId = null, role = null } = {}) {
  const apps = context.apps();
  if (apps.length === 0) {
    openApps({ add: true });
    return;
  }
  const select = $("signin-app");
  select.replaceChildren(...apps.map((app) => el("option", { value: app.client_id }, app.name)));
  if (clientId) select.value = clientId;
  $("signin-login-hint").value = loginHint;
  $("signin-role").value = role ?? "";
  renderScopes();
  busy(false);
  formError("signin-error", null);
  $("signin-dialog").showModal();
}

function busy(waiting) {
  $("signin-waiting").hidden = !waiting;
  $("signin-start").disabled = waiting;
  for (const input of $("signin-form").querySelectorAll("input, select")) input.disabled = waiting;
}

async function start(event) {
  event.preventDefault();
  const app = selectedApp();
  const checked = [...$("signin-scopes").querySelectorAll("input:checked")].map((box) => box.value);
  const narrowed = checked.length > 0 && checked.length < app.scopes.length;
  const request = {
    clientId: app.client_id,
    loginHint: $("signin-login-hint").value.trim() || null,
    role: $("signin-role").value || null,
    scopes: narrowed ? checked : null,
  };
  formError("signin-error", null);
  busy(true);
  try {
    const outcome = await api.signIn(request);
    $("signin-dialog").close();
    if (outcome.status === "saved") {
      toast(t("accounts.saved", { login: outcome.account.login }));
    } else {
      await askAboutWrongAccount(outcome);
    }
    await context.refresh();
  } catch (error) {
    busy(false);
    // Closing the Yandex window is a quiet cancel, not an error.
    if (error?.kind !== "sign_in_cancelled") formError("signin-error", error);
  }
}

function askAboutWrongAccount({ pending, expected, actual }) {
  const dialog = $("wrong-account-dialog");
  setText($("wrong-account-message"), "wrong.message", { expected, actual });
  setText($("wrong-account-keep"), "wrong.keep", { actual });
  return new Promise((resolve) => {
    const answer = async (keep) => {
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      try {
        const account = await api.confirmSignIn(pending, keep);
        if (account) toast(t("accounts.saved", { login: account.login }));
      } catch (error) {
        toast(messageOf(error), "error");
      }
      resolve();
    };
    $("wrong-account-keep").onclick = () => answer(true);
    $("wrong-account-discard").onclick = () => answer(false);
    dialog.onclose = () => answer(false);
    dialog.showModal();
  });
}

export function openImport() {
  $("import-role").value = "";
  formError("import-error", null);
  $("import-dialog").showModal();
}

async function importToken() {
  formError("import-error", null);
  $("import-paste").disabled = true;
  try {
    const account = await api.importFromClipboard($("import-role").value || null);
    $("import-dialog").close();
    toast(t("accounts.saved", { login: account.login }));
    await context.refresh();
  } catch (error) {
    formError("import-error", error);
  } finally {
    $("import-paste").disabled = false;
  }
}

export function setUpSignIn(ctx) {
  context = ctx;
  $("signin-app").addEventListener("change", renderScopes);
  $("signin-form").addEventListener("submit", start);
  $("signin-cancel").addEventListener("click", () => $("signin-dialog").close());
  // While the Yandex window is open the dialog stays: Escape must not orphan the sign-in.
  $("signin-dialog").addEventListener("cancel", (event) => {
    if (!$("signin-waiting").hidden) event.preventDefault();
  });
  $("import-paste").addEventListener("click", importToken);
  $("import-cancel").addEventListener("click", () => $("import-dialog").close());
}
