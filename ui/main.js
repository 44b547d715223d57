// Start-up and the top-level view: reads what Rust knows about this installation, picks the
// language, renders the accounts and wires the toolbar and the language switch.

import * as api from "./api.js";
import { $, messageOf, toast } from "./dom.js";
import { setText, t, translateAll, useLanguage } from "./i18n.js";
import { renderAccounts } from "./views/accounts.js";
import { openApps, setUpApps } from "./views/apps.js";
import { openImport, openSignIn, setUpSignIn } from "./views/signin.js";

/** @type {import("./api.js").AppInfo} */
let info;
/** @type {import("./api.js").AppView[]} */
let apps = [];
/** @type {import("./api.js").AccountView[]} */
let accounts = [];

function renderChrome() {
  translateAll();
  $("redirect-uri").textContent = info.redirectUri;
  setText($("storage-note"), "empty.storage", {
    keychain: t(`keychain.${info.keychainKind}`),
    service: info.keychainService,
  });
  if (info.profile) setText($("profile"), "footer.profile", { profile: info.profile });
  setText($("version"), "footer.version", { version: info.version });
}

/** Reloads apps and accounts from Rust and redraws the list. */
async function refresh() {
  try {
    [apps, accounts] = await Promise.all([api.listApps(), api.listAccounts()]);
  } catch (error) {
    toast(messageOf(error), "error");
  }
  renderAccounts(accounts, refresh);
}

async function applyInfo(next) {
  info = next;
  await useLanguage(info.language);
  $("language-select").value = info.chosenLanguage ?? "system";
  renderChrome();
  renderAccounts(accounts, refresh);
}

async function start() {
  const context = { info: () => info, apps: () => apps, refresh };
  setUpApps(context);
  setUpSignIn(context);
  await applyInfo(await api.appInfo());
  await refresh();

  $("add-account").addEventListener("click", () => openSignIn());
  $("empty-add-account").addEventListener("click", () => openSignIn());
  $("empty-add-app").addEventListener("click", () => openApps({ add: true }));
  $("open-apps").addEventListener("click", () => openApps());
  $("open-import").addEventListener("click", openImport);
  $("language-select").addEventListener("change", async (event) => {
    const choice = event.target.value;
    try {
      await applyInfo(await api.setLanguage(choice === "system" ? null : choice));
    } catch (error) {
      toast(messageOf(error), "error");
    }
  });
  document.body.dataset.ready = "true";
}

start().catch((error) => toast(messageOf(error), "error"));
