// The activity (audit) log: what happened to which account, when, and from where; filterable
// and exportable as CSV. It never holds a token.

import * as api from "../api.js";
import { $, el } from "../dom.js";
import { dateTime } from "../format.js";
import { t } from "../i18n.js";
import { toast, toastError } from "../widgets.js";

const ACTIONS = [
  "signed_in",
  "imported",
  "tested",
  "copied",
  "revealed",
  "revoked",
  "revoke_failed",
  "forgotten",
  "refreshed",
  "refresh_refused",
  "client_chosen",
];

let entries = [];

function render() {
  const needle = $("audit-filter").value.trim().toLowerCase();
  const action = $("audit-action").value;
  const shown = entries
    .filter((e) => !action || e.action === action)
    .filter((e) => !needle || `${e.login} ${e.detail ?? ""}`.toLowerCase().includes(needle))
    .reverse();
  $("audit-rows").replaceChildren(
    ...shown.map((e) =>
      el(
        "tr",
        { "data-testid": "audit-row", "data-action": e.action, "data-source": e.source },
        el("td", {}, dateTime(e.at)),
        el("td", {}, t(`audit.action.${e.action}`)),
        el("td", {}, t(`audit.source.${e.source}`)),
        el("td", {}, e.login),
        el("td", {}, e.detail ?? ""),
      ),
    ),
  );
  $("audit-empty").hidden = shown.length > 0;
}

export async function openAudit() {
  const select = $("audit-action");
  select.replaceChildren(
    el("option", { value: "" }, t("audit.all_actions")),
    ...ACTIONS.map((a) => el("option", { value: a }, t(`audit.action.${a}`))),
  );
  let skipped = 0;
  try {
    ({ entries, skipped } = await api.auditLog());
  } catch (error) {
    toastError(error);
    entries = [];
  }
  $("audit-skipped").hidden = skipped === 0;
  $("audit-skipped").textContent = skipped ? t("audit.skipped", { count: skipped }) : "";
  render();
  $("audit-dialog").showModal();
}

export function setUpAudit() {
  $("open-audit").addEventListener("click", openAudit);
  $("audit-filter").addEventListener("input", render);
  $("audit-action").addEventListener("change", render);
  $("audit-close").addEventListener("click", () => $("audit-dialog").close());
  $("audit-export").addEventListener("click", async () => {
    try {
      toast(t("audit.exported", { path: await api.exportAuditCsv() }));
    } catch (error) {
      toastError(error);
    }
  });
}
