// Start-up and the top-level view: reads what Rust knows about this installation, picks the
// language, renders the accounts view and wires the language switch.

import * as api from "./api.js";
import { setText, t, translateAll, useLanguage } from "./i18n.js";

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

/** @type {import("./api.js").AppInfo} */
let info;

function render() {
  translateAll();
  $("redirect-uri").textContent = info.redirectUri;
  setText($("storage-note"), "empty.storage", {
    keychain: t(`keychain.${info.keychainKind}`),
    service: info.keychainService,
  });
  if (info.profile) setText($("profile"), "footer.profile", { profile: info.profile });
  setText($("version"), "footer.version", { version: info.version });
}

function showError(error) {
  const toast = $("error");
  toast.textContent = error?.message ?? t("error.unexpected", { detail: String(error) });
  toast.hidden = false;
  setTimeout(() => (toast.hidden = true), 8000);
}

async function applyInfo(next) {
  info = next;
  await useLanguage(info.language);
  $("language-select").value = info.chosenLanguage ?? "system";
  render();
}

async function start() {
  await applyInfo(await api.appInfo());
  $("language-select").addEventListener("change", async (event) => {
    const choice = event.target.value;
    try {
      await applyInfo(await api.setLanguage(choice === "system" ? null : choice));
    } catch (error) {
      showError(error);
    }
  });
  document.body.dataset.ready = "true";
}

start().catch(showError);
