// The user's Yandex apps: the list (edit, delete) and the add/edit form with the registration
// guide. The client secret never passes through here: Rust reads it from the clipboard.

import * as api from "../api.js";
import { $, el } from "../dom.js";
import { setText, t } from "../i18n.js";
import { button, checkbox, confirmAction, formError, toast, toastError } from "../widgets.js";

export const KNOWN_SCOPES = [
  "direct:api",
  "metrika:read",
  "metrika:write",
  "courier:logistician",
  "login:info",
  "login:email",
];

let context;
/** The app being edited, or null when adding. */
let editing = null;
/** "keep" | "staged" | "remove" */
let secretAction = "keep";

function scopeChecks() {
  return [...$("app-scopes").querySelectorAll("input[type=checkbox]")];
}

function renderScopeChecks(selected) {
  $("app-scopes").replaceChildren(
    ...KNOWN_SCOPES.map((scope) => {
      const label = el("span", { "data-i18n": `scope.${scope}` }, t(`scope.${scope}`));
      return checkbox(scope, `app-scope-${scope}`, selected.includes(scope), label);
    }),
  );
  $("app-scopes-other").value = selected.filter((s) => !KNOWN_SCOPES.includes(s)).join(" ");
}

function formScopes() {
  const checked = scopeChecks()
    .filter((box) => box.checked)
    .map((box) => box.value);
  const other = $("app-scopes-other").value.split(/\s+/).filter(Boolean);
  return [...new Set([...checked, ...other])];
}

function renderSecretStatus(masked) {
  const status = $("app-secret-status");
  if (secretAction === "staged") setText(status, "app_form.secret_staged", { masked });
  else if (secretAction === "remove") setText(status, "app_form.secret_removing");
  else if (editing?.has_secret) setText(status, "app_form.secret_kept");
  else setText(status, "app_form.secret_none");
  $("app-remove-secret").hidden = !(editing?.has_secret && secretAction !== "remove");
}

function showForm(app) {
  editing = app;
  secretAction = "keep";
  api.discardStagedSecret();
  $("apps-list-view").hidden = true;
  $("app-form").hidden = false;
  if (app) setText($("app-form-title"), "app_form.title_edit", { name: app.name });
  else setText($("app-form-title"), "app_form.title_add");
  $("app-guide").open = !app;
  $("guide-redirect-uri").textContent = context.info().redirect_uri;
  $("app-name").value = app?.name ?? "";
  $("app-client-id").value = app?.client_id ?? "";
  $("app-client-id").readOnly = Boolean(app);
  $("app-host").value = app?.host ?? "com";
  $("app-flow").value = app?.flow ?? "code_pkce";
  renderScopeChecks(app?.scopes ?? ["direct:api"]);
  renderSecretStatus("");
  formError("app-form-error", null);
  (app ? $("app-name") : $("app-client-id")).focus();
}

function showList() {
  $("app-form").hidden = true;
  $("apps-list-view").hidden = false;
}

function appRow(app) {
  const edit = button("common.edit", "app-edit", () => showForm(app));
  const remove = button("common.delete", "app-delete", async () => {
    if (!(await confirmAction(t("apps.delete_confirm", { name: app.name }), "common.delete"))) return;
    try {
      await api.deleteApp(app.client_id);
    } catch (error) {
      toastError(error);
    }
    await context.refresh();
    renderAppList();
  });
  const used = el("span", { class: "muted" });
  if (app.used_by.length) setText(used, "apps.used_by", { logins: app.used_by.join(", ") });
  else setText(used, "apps.unused");
  const secret = el("span", { class: "muted" });
  setText(secret, app.has_secret ? "apps.secret_stored" : "apps.no_secret");
  const flow = el("span", { class: "badge" });
  setText(flow, `flow.short_${app.flow}`);
  return el(
    "div",
    { class: "app-item", "data-testid": "app-row", "data-client-id": app.client_id },
    el(
      "div",
      { class: "who" },
      el("strong", { "data-testid": "app-row-name" }, app.name),
      el("code", { class: "mono small" }, app.client_id),
    ),
    el("div", { class: "meta" }, flow, el("span", { class: "muted" }, `oauth.yandex.${app.host}`), secret, used),
    el("div", { class: "buttons" }, edit, remove),
  );
}

function renderAppList() {
  const apps = context.apps();
  const list = $("app-list");
  if (apps.length === 0) {
    const none = el("p", { class: "muted" });
    setText(none, "apps.none");
    list.replaceChildren(none);
  } else {
    list.replaceChildren(...apps.map(appRow));
  }
}

/**
 * Opens the apps dialog; with `{ add: true }` straight on the add form, with `{ edit: clientId }`
 * on that app's form, at its client secret.
 */
export function openApps({ add = false, edit = null } = {}) {
  renderAppList();
  const app = edit && context.apps().find((a) => a.client_id === edit);
  if (app) showForm(app);
  else if (add) showForm(null);
  else showList();
  $("apps-dialog").showModal();
  if (app) $("app-paste-secret").focus();
}

async function save(event) {
  event.preventDefault();
  const clientId = $("app-client-id").value.trim();
  if (!/^[0-9a-fA-F]{32}$/.test(clientId)) {
    formError("app-form-error", { message: t("app_form.client_id_invalid") });
    $("app-client-id").focus();
    return;
  }
  const scopes = formScopes();
  if (scopes.length === 0) {
    formError("app-form-error", { message: t("app_form.scopes_required") });
    return;
  }
  const form = {
    client_id: clientId,
    name: $("app-name").value,
    host: $("app-host").value,
    scopes,
    flow: $("app-flow").value,
    secret: secretAction,
  };
  try {
    const app = editing ? await api.updateApp(form) : await api.addApp(form);
    toast(t("app_form.saved", { name: app.name }));
    await context.refresh();
    renderAppList();
    showList();
  } catch (error) {
    formError("app-form-error", error);
  }
}

export function setUpApps(ctx) {
  context = ctx;
  $("apps-add").addEventListener("click", () => showForm(null));
  $("apps-close").addEventListener("click", () => $("apps-dialog").close());
  $("app-cancel").addEventListener("click", () => {
    api.discardStagedSecret();
    showList();
  });
  $("app-form").addEventListener("submit", save);
  $("open-create-app").addEventListener("click", () =>
    api.openCreateAppPage().catch(toastError),
  );
  $("app-paste-secret").addEventListener("click", async () => {
    try {
      const masked = await api.stageClientSecret();
      secretAction = "staged";
      renderSecretStatus(masked);
      formError("app-form-error", null);
    } catch (error) {
      formError("app-form-error", error);
    }
  });
  $("app-remove-secret").addEventListener("click", () => {
    secretAction = "remove";
    api.discardStagedSecret();
    renderSecretStatus("");
  });
  $("apps-dialog").addEventListener("close", () => api.discardStagedSecret());
}
