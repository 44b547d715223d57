// Start-up and the top-level view: puts the dialogs in the page, takes what Rust handed the page
// about this installation (its limits among it) and its accounts, or asks for them, picks the
// language, renders the accounts and wires the toolbar, "Test all", the clipboard countdown, the
// settings and the language switch.

import * as api from "./api.js";
import { addDialogs } from "./dialogs.js";
import { $, el } from "./dom.js";
import { setText, t, translateAll, useLanguage } from "./i18n.js";
import { appOptions, formError, toast, toastError, untoast } from "./widgets.js";
import { renderAccounts, setUpAccounts, shownAccounts, updateRow } from "./views/accounts.js";
import { openApps, setUpApps } from "./views/apps.js";
import { setUpAudit } from "./views/audit.js";
import { loadClientLists, setUpClients, useClientLists } from "./views/clients.js";
import { openImport, openSignIn, setUpSignIn } from "./views/signin.js";

/** @type {import("./api.js").AppInfo} */
let info;
/** @type {import("./api.js").AppView[]} */
let apps = [];
/** @type {import("./api.js").AccountView[]} */
let accounts = [];
let order = "login";
let grouped = false;

function renderChrome() {
  translateAll();
  $("redirect-uri").textContent = info.redirect_uri;
  setText($("storage-note"), "empty.storage", {
    keychain: t(`keychain.${info.keychain_kind}`),
    service: info.keychain_service,
  });
  if (info.profile) setText($("profile"), "footer.profile", { profile: info.profile });
  setText($("version"), "footer.version", { version: info.version });
}

function currentFilter() {
  return {
    text: $("search").value,
    role: $("filter-role").value,
    app: $("filter-app").value,
    verdict: $("filter-verdict").value,
    expiry: $("filter-expiry").value,
  };
}

const render = () => renderAccounts(accounts, order, currentFilter(), grouped);

/** The app filter lists the apps by name. */
function renderAppFilter() {
  const select = $("filter-app");
  const chosen = select.value;
  select.replaceChildren(
    el("option", { value: "" }, t("filter.any_app")),
    ...appOptions(apps),
  );
  select.value = apps.some((app) => app.client_id === chosen) ? chosen : "";
}

/** Reloads apps and accounts from Rust and redraws the list. */
async function refresh() {
  try {
    [apps, accounts] = await Promise.all([api.listApps(), api.listAccounts()]);
    await loadClientLists();
  } catch (error) {
    toastError(error);
  }
  renderAppFilter();
  render();
  markListed();
}

/**
 * Marks the moment the list first reached the screen (the benchmarks read it with
 * `performance.getEntriesByName("yatoken:listed")`).
 */
function markListed() {
  if (performance.getEntriesByName("yatoken:listed").length) return;
  performance.mark("yatoken:rendered");
  requestAnimationFrame(() => setTimeout(() => performance.mark("yatoken:listed"), 0));
}

/** Shows a test's result on its account without reloading everything. */
function updateTest(id, result) {
  let updated = null;
  accounts = accounts.map((account) => {
    if (account.id !== id) return account;
    updated = { ...account, last_test: result };
    return updated;
  });
  // A verdict filter may now hide or show the account: redraw the list; else just the row.
  if ($("filter-verdict").value) render();
  else if (updated) updateRow(updated);
}

let countdownTimer;

/** "Clipboard clears in N s", counting down; `null` = the clipboard is never cleared. */
function clipboardCountdown(seconds) {
  const banner = $("clipboard-countdown");
  clearInterval(countdownTimer);
  banner.hidden = false;
  if (seconds === null) {
    setText(banner, "copy.done_forever");
    countdownTimer = setTimeout(() => (banner.hidden = true), 5000);
    return;
  }
  let left = seconds;
  const tick = () => {
    if (left <= 0) {
      clearInterval(countdownTimer);
      setText(banner, "copy.cleared");
      countdownTimer = setTimeout(() => (banner.hidden = true), 3000);
      return;
    }
    setText(banner, "copy.done", { seconds: left });
    left -= 1;
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}

async function testAll() {
  const ids = shownAccounts().map((account) => account.id);
  const progress = $("test-progress");
  $("test-all").disabled = true;
  $("cancel-tests").hidden = false;
  setText(progress, "tests.progress", { done: 0, total: ids.length });
  let done = 0;
  try {
    done = await api.testAll(ids, (step) => {
      setText(progress, "tests.progress", { done: step.done, total: step.total });
      updateTest(step.id, step.result);
    });
    const key = done < ids.length ? "tests.cancelled" : "tests.done";
    setText(progress, key, { done, total: ids.length });
  } catch (error) {
    toastError(error);
  } finally {
    $("test-all").disabled = false;
    $("cancel-tests").hidden = true;
  }
}

async function applyInfo(next, strings) {
  info = next;
  await useLanguage(info.language, strings);
  $("language-select").value = info.chosen_language ?? "system";
  renderChrome();
  renderAppFilter();
  render();
}

function setUpSettings() {
  $("open-settings").addEventListener("click", () => {
    $("settings-clipboard-seconds").value = String(info.clipboard_clear_seconds);
    const proxy = $("settings-proxy");
    proxy.value = info.proxy ?? "";
    proxy.placeholder = info.environment_proxy
      ? t("settings.proxy_from_env", { proxy: info.environment_proxy })
      : t("settings.proxy_placeholder");
    formError("settings-error", null);
    $("settings-dialog").showModal();
  });
  $("settings-cancel").addEventListener("click", () => $("settings-dialog").close());
  $("settings-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const seconds = Math.max(0, Math.round(Number($("settings-clipboard-seconds").value) || 0));
    const proxy = $("settings-proxy").value.trim();
    try {
      // The proxy first: a proxy that cannot be used keeps the dialog open, nothing saved.
      if (proxy !== (info.proxy ?? "")) info = await api.setProxy(proxy || null);
      info = await api.setClipboardClearSeconds(seconds);
      $("settings-dialog").close();
      toast(t("settings.saved"));
    } catch (error) {
      formError("settings-error", error);
    }
  });
}

/** Explains, above the list, a keychain that does not answer: nothing can be stored without it. */
async function checkKeychain() {
  const status = await api.keychainStatus();
  const box = $("keychain-problem");
  document.body.dataset.keychain = status;
  box.hidden = status === "ready";
  if (box.hidden) return;
  const keys = {
    unavailable: `keychain.missing.${info.keychain_kind}`,
    locked: "error.keychain_locked",
    no_answer: "error.keychain_timeout",
    failed: "error.keychain_failed",
  };
  setText($("keychain-problem-text"), keys[status]);
}

async function start() {
  addDialogs();
  const context = {
    info: () => info,
    apps: () => apps,
    refresh,
    updateTest,
    clipboardCountdown,
  };
  setUpApps(context);
  setUpSignIn(context);
  setUpAccounts(context);
  setUpClients(context);
  setUpSettings();
  setUpAudit();
  // The first screen from what came with the page (no round trip); asked for on a reload.
  const first = api.takeStart();
  if (first?.lists) {
    ({ apps, accounts } = first.lists);
    useClientLists(first.lists.client_lists);
  }
  await applyInfo(first?.info ?? (await api.appInfo()), first?.strings);
  if (first?.lists) markListed();
  else await refresh();

  await api.onAccountsChanged(refresh);
  await api.onKeychainWaiting((wait) => {
    const waiting = t("keychain.waiting_unlock");
    if (wait === "unlock") toast(waiting, "info", 120);
    else untoast(waiting);
  });

  $("add-account").addEventListener("click", () => openSignIn());
  $("empty-add-account").addEventListener("click", () => openSignIn());
  $("empty-add-app").addEventListener("click", () => openApps({ add: true }));
  $("open-apps").addEventListener("click", () => openApps());
  $("open-import").addEventListener("click", openImport);
  $("test-all").addEventListener("click", testAll);
  $("cancel-tests").addEventListener("click", () => api.cancelTests());
  $("search").addEventListener("input", render);
  for (const id of ["filter-role", "filter-app", "filter-verdict", "filter-expiry"]) {
    $(id).addEventListener("change", render);
  }
  $("sort-select").addEventListener("change", (event) => {
    order = event.target.value;
    render();
  });
  $("group-select").addEventListener("change", (event) => {
    grouped = event.target.value === "agency_role";
    render();
  });
  $("language-select").addEventListener("change", async (event) => {
    const choice = event.target.value;
    try {
      await applyInfo(await api.setLanguage(choice === "system" ? null : choice));
      await refresh();
    } catch (error) {
      toastError(error);
    }
  });
  $("keychain-retry").addEventListener("click", () => checkKeychain().catch(() => {}));
  document.body.dataset.ready = "true";
  await checkKeychain();
}

start().catch(toastError);
