// Adding accounts: "Add account" (the Yandex login window, a code confirmed in any browser, or
// the system browser: browser_signin.js), the question when a different account signed in, and
// importing a token from the clipboard.

import * as api from "../api.js";
import { $, el } from "../dom.js";
import { setText, t } from "../i18n.js";
import { answerOf, appOptions, checkbox, formError, toast, toastError } from "../widgets.js";
import { openApps } from "./apps.js";
import { setUpBrowserSignIn } from "./browser_signin.js";

let context;
/** Whether a code sign-in waits in Rust: Cancel, and closing the dialog, stop it. */
let codeWaiting = false;
let countdown = null;

function selectedApp() {
  return context.apps().find((app) => app.client_id === $("signin-app").value);
}

function renderScopes() {
  const app = selectedApp();
  const scopes = app?.scopes ?? [];
  $("signin-scopes").replaceChildren(
    ...scopes.map((scope) => checkbox(scope, `signin-scope-${scope}`, true, el("span", { class: "mono" }, scope))),
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
  select.replaceChildren(...appOptions(apps));
  if (clientId) select.value = clientId;
  $("signin-login-hint").value = loginHint;
  $("signin-role").value = role ?? "";
  // The loopback Redirect URI belongs to one app: never carried over unseen to the next.
  $("signin-redirect-uri").value = "";
  $("signin-redirect").open = false;
  renderScopes();
  busy(false);
  showView("form");
  formError("signin-error", null);
  $("signin-dialog").showModal();
}

/** The dialog shows the form ("form"), the code sign-in ("device") or the browser's ("browser"). */
function showView(view) {
  $("signin-form").hidden = view !== "form";
  $("device-view").hidden = view !== "device";
  $("browser-view").hidden = view !== "browser";
}

function busy(waiting) {
  $("signin-waiting").hidden = !waiting;
  $("signin-start").disabled = waiting;
  $("signin-with-code").disabled = waiting;
  $("signin-in-browser").disabled = waiting;
  for (const input of $("signin-form").querySelectorAll("input, select")) input.disabled = waiting;
}

/** What the form asks for: the app, the login hint, the role and (narrowed) scopes. */
function signInRequest() {
  const app = selectedApp();
  const checked = [...$("signin-scopes").querySelectorAll("input:checked")].map((box) => box.value);
  const narrowed = checked.length > 0 && checked.length < app.scopes.length;
  return {
    client_id: app.client_id,
    login_hint: $("signin-login-hint").value.trim() || null,
    role: $("signin-role").value || null,
    scopes: narrowed ? checked : null,
  };
}

async function start(event) {
  event.preventDefault();
  const request = signInRequest();
  formError("signin-error", null);
  busy(true);
  try {
    await finish(await api.signIn(request));
  } catch (error) {
    busy(false);
    // Closing the Yandex window is a quiet cancel, not an error.
    if (error?.kind !== "sign_in_cancelled") formError("signin-error", error);
  }
}

/** Every way of signing in ends here: saved, or the question about a different account. */
async function finish(outcome) {
  $("signin-dialog").close();
  if (outcome.status === "saved") {
    toast(t("accounts.saved", { login: outcome.account.login }));
  } else {
    await askAboutWrongAccount(outcome);
  }
  await context.refresh();
}

/**
 * The code sign-in's view: asking for a code ("requesting"), the code on screen while Rust
 * waits ("code"), or how it ended (`error`), with what can be done next.
 */
function deviceState(state, error = null) {
  showView("device");
  $("device-requesting").hidden = state !== "requesting";
  $("device-code-pane").hidden = state !== "code";
  formError("device-error", error);
  const ended = error !== null;
  const needsSecret = error?.kind === "device_needs_secret";
  $("device-cancel").hidden = ended;
  $("device-back").hidden = !ended;
  $("device-add-secret").hidden = !needsSecret;
  $("device-new-code").hidden = !ended || needsSecret;
}

async function startWithCode() {
  const request = signInRequest();
  formError("signin-error", null);
  deviceState("requesting");
  codeWaiting = true;
  try {
    const outcome = await api.signInWithCode(request, showCode);
    stopWaiting();
    await finish(outcome);
  } catch (error) {
    stopWaiting();
    // Cancel (or closing the dialog) is a quiet way back, not an error.
    if (error?.kind === "sign_in_cancelled") showView("form");
    else deviceState("ended", error);
  }
}

function stopWaiting() {
  codeWaiting = false;
  clearInterval(countdown);
  countdown = null;
}

/** @param {import("../api.js").DeviceCodeView} code */
function showCode(code) {
  if (!codeWaiting) return;
  $("device-user-code").textContent = code.user_code;
  $("device-url").textContent = code.verification_url;
  const qr = $("device-qr");
  qr.closest("figure").hidden = !code.qr;
  qr.src = code.qr ?? "";
  qr.alt = t("device.qr_alt", { url: code.verification_url });
  const expiresAt = Date.now() + code.expires_in * 1000;
  const tick = () => {
    const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
    const time = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    setText($("device-valid"), "device.valid_for", { time });
  };
  tick();
  clearInterval(countdown);
  countdown = setInterval(tick, 1000);
  deviceState("code");
}

/** Keep the token of the account that signed in instead of the hinted one, or discard it? */
async function askAboutWrongAccount({ pending, expected, actual }) {
  setText($("wrong-account-message"), "wrong.message", { expected, actual });
  setText($("wrong-account-keep"), "wrong.keep", { actual });
  const keep = await answerOf($("wrong-account-dialog"), $("wrong-account-keep"), $("wrong-account-discard"));
  try {
    const account = await api.confirmSignIn(pending, keep);
    if (account) toast(t("accounts.saved", { login: account.login }));
  } catch (error) {
    toastError(error);
  }
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
  $("signin-with-code").addEventListener("click", startWithCode);
  $("device-cancel").addEventListener("click", () => api.cancelSignInWithCode());
  // A code sign-in never outlives its dialog (Escape closes it too).
  $("signin-dialog").addEventListener("close", () => {
    if (codeWaiting) api.cancelSignInWithCode();
  });
  $("device-open").addEventListener("click", () =>
    api.openDevicePage().catch(toastError),
  );
  $("device-new-code").addEventListener("click", startWithCode);
  $("device-back").addEventListener("click", () => showView("form"));
  $("device-add-secret").addEventListener("click", () => {
    const clientId = selectedApp().client_id;
    $("signin-dialog").close();
    openApps({ edit: clientId });
  });
  setUpBrowserSignIn({ request: signInRequest, showView, finish });
  $("import-paste").addEventListener("click", importToken);
  $("import-cancel").addEventListener("click", () => $("import-dialog").close());
}
