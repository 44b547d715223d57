// The window's only door to Rust: one function per command. No other module calls `invoke`.
// Commands reject with `{ kind, message }` (see src-tauri/error/); `message` is already in the
// user's language. No function here ever receives a token or a client secret.

const { invoke } = window.__TAURI__.core;

/**
 * @typedef {"en" | "ru"} Language
 * @typedef {{ version: string, profile: string | null, language: Language,
 *   chosen_language: Language | null, system_language: Language, redirect_uri: string,
 *   create_app_url: string, keychain_service: string,
 *   keychain_kind: "secret-service" | "macos" | "windows", data_dir: string,
 *   clipboard_clear_seconds: number, proxy: string | null,
 *   environment_proxy: string | null, limits: Limits }} AppInfo
 * @typedef {{ tests_at_once: number, requests_per_host: number, refresh_within_days: number }}
 *   Limits the numbers the window shares with Rust (its `Limits`, written once there): how many
 *   accounts "test all" has in progress at once, the most requests in flight to one Yandex
 *   host, and how many days before it expires a token counts as expiring soon (and Rust
 *   refreshes it)
 * @typedef {"com" | "ru"} OAuthHost
 * @typedef {"token" | "code_pkce"} Flow
 * @typedef {"advertiser" | "advertiser_representative" | "agency_representative"} Role
 * @typedef {{ client_id: string, name: string, host: OAuthHost, scopes: string[], flow: Flow,
 *   has_secret: boolean, created_at: string, used_by: string[] }} AppView
 * @typedef {{ client_id: string, name: string, host: OAuthHost, scopes: string[], flow: Flow,
 *   secret: "keep" | "staged" | "remove" }} AppForm
 * @typedef {{ id: string, uid: string, login: string, display_name: string, role: Role | null,
 *   client_id: string, requested_scopes: string[], granted_scopes: string[] | null,
 *   device_bound: boolean | null, has_refresh_token: boolean, issued_at: string,
 *   expires_at: string | null, created_at: string, label: string, notes: string,
 *   app_name: string | null, masked_token: string | null, needs_sign_in: boolean,
 *   last_test: AccountTest | null }} AccountView
 * @typedef {{ client_id: string, login_hint?: string | null, role?: Role | null, scopes?: string[] | null }} SignInRequest
 * @typedef {{ status: "saved", account: AccountView } |
 *   { status: "wrong_account", pending: string, expected: string, actual: string }} SignInOutcome
 * @typedef {{ kind: string, message: string }} CommandError
 */

/**
 * @typedef {{ info: AppInfo, strings: Record<string, string>,
 *   lists: { apps: AppView[], accounts: AccountView[],
 *     client_lists: Record<string, ClientsView> } | null }} Start
 */

/**
 * What Rust handed the page with the page itself (`window.__YATOKEN_START__`, set by the main
 * window's initialization script, src-tauri/commands/start.rs): what `appInfo`, the language's
 * texts, `listApps`, `listAccounts` and `agencyClientLists` would return. `lists` is `null` when
 * the index could not be read. Taken once, and only on the page's first load: a reloaded page
 * gets `null`, since what the script holds may be old by then, and asks over IPC.
 * @returns {Start | null}
 */
export function takeStart() {
  const text = window.__YATOKEN_START__;
  delete window.__YATOKEN_START__;
  const firstLoad = performance.getEntriesByType("navigation")[0]?.type === "navigate";
  return typeof text === "string" && firstLoad ? JSON.parse(text) : null;
}

/** @returns {Promise<AppInfo>} */
export function appInfo() {
  return invoke("app_info");
}

/**
 * Remembers the language; `null` follows the operating system again.
 * @param {Language | null} language
 * @returns {Promise<AppInfo>}
 */
export function setLanguage(language) {
  return invoke("set_language", { language });
}

/** Opens Yandex's "create app" page in the system browser. */
export function openCreateAppPage() {
  return invoke("open_create_app_page");
}

/** @returns {Promise<AppView[]>} */
export function listApps() {
  return invoke("list_apps");
}

/**
 * Rust reads the client secret from the clipboard and keeps it for the next add/update.
 * @returns {Promise<string>} the secret's mask
 */
export function stageClientSecret() {
  return invoke("stage_client_secret");
}

export function discardStagedSecret() {
  return invoke("discard_staged_secret");
}

/** @param {AppForm} form */
export function addApp(form) {
  return invoke("add_app", { form });
}

/** @param {AppForm} form */
export function updateApp(form) {
  return invoke("update_app", { form });
}

/** @param {string} clientId */
export function deleteApp(clientId) {
  return invoke("delete_app", { clientId });
}

/** @returns {Promise<AccountView[]>} */
export function listAccounts() {
  return invoke("list_accounts");
}

/**
 * Opens the Yandex login window; resolves when the account is stored (or needs a decision).
 * @param {SignInRequest} request
 * @returns {Promise<SignInOutcome>}
 */
export function signIn(request) {
  return invoke("sign_in", { request });
}

/**
 * @typedef {{ user_code: string, verification_url: string, qr: string | null,
 *   expires_in: number }} DeviceCodeView
 */

// The sign-ins Cancel stops, named by id: a Cancel can reach Rust before its sign-in starts.
let codeAttempt = null;
let browserAttempt = null;

/**
 * Signs in with a code confirmed in any browser: `onCode` gets the code to show (never the
 * device code, which stays in Rust); resolves when the account is stored (or needs a decision).
 * Rejects with `sign_in_cancelled` after `cancelSignInWithCode`.
 * @param {SignInRequest} request
 * @param {(code: DeviceCodeView) => void} onCode
 * @returns {Promise<SignInOutcome>}
 */
export function signInWithCode(request, onCode) {
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = onCode;
  codeAttempt = crypto.randomUUID();
  return invoke("sign_in_with_code", { request, attempt: codeAttempt, onCode: channel });
}

/** Stops the code sign-in that waits (or is about to start): no more polls, nothing stored. */
export function cancelSignInWithCode() {
  return codeAttempt ? invoke("cancel_sign_in_with_code", { attempt: codeAttempt }) : Promise.resolve();
}

/** Opens the device page of the code on screen in the system browser. */
export function openDevicePage() {
  return invoke("open_device_page");
}

/**
 * Signs in in the system browser (Rust opens the page; its address never comes here). The
 * answer comes through `pasteBrowserAnswer`, or to `redirectUri`, an optional loopback address
 * registered for the app. Resolves when the account is stored (or needs a decision); rejects
 * with `sign_in_cancelled` after `cancelSignInInBrowser`.
 * @param {SignInRequest} request
 * @param {string | null} redirectUri
 * @returns {Promise<SignInOutcome>}
 */
export function signInInBrowser(request, redirectUri) {
  browserAttempt = crypto.randomUUID();
  return invoke("sign_in_in_browser", { request, redirectUri, attempt: browserAttempt });
}

/**
 * Rust reads the clipboard (and clears it) and hands it to the waiting browser sign-in. Rejects
 * with why it is not the answer (e.g. `pasted_unreadable`; the sign-in still waits then).
 */
export function pasteBrowserAnswer() {
  return invoke("paste_browser_answer");
}

/** Ends the browser sign-in that waits (or is about to start): nothing stored. */
export function cancelSignInInBrowser() {
  return browserAttempt
    ? invoke("cancel_sign_in_in_browser", { attempt: browserAttempt })
    : Promise.resolve();
}

/** Opens the waiting browser sign-in's page in the system browser again. */
export function openBrowserSignInAgain() {
  return invoke("open_browser_sign_in_again");
}

/**
 * @param {string} pending
 * @param {boolean} keep
 */
export function confirmSignIn(pending, keep) {
  return invoke("confirm_sign_in", { pending, keep });
}

/** @param {Role | null} role */
export function importFromClipboard(role) {
  return invoke("import_from_clipboard", { role });
}

/** @param {string} id */
export function removeAccount(id) {
  return invoke("remove_account", { id });
}

/**
 * @typedef {"valid" | "invalid" | "no_access" | "error"} Verdict
 * @typedef {{ api: "identity" | "direct" | "metrika" | "courier", status: Verdict,
 *   code?: string, detail?: string, message: string }} CheckLine
 * @typedef {{ status: Verdict, checked_at: string, checks: CheckLine[] }} AccountTest
 * @typedef {{ done: number, total: number, id: string, result: AccountTest }} TestProgress
 * @typedef {"token" | "oauth_header" | "direct_headers"} CopyFormat
 */

/** @param {string} id @returns {Promise<AccountTest>} */
export function testAccount(id) {
  return invoke("test_account", { id });
}

/**
 * Tests accounts (`AppInfo.limits.tests_at_once` in progress at once, at most
 * `AppInfo.limits.requests_per_host` requests to each Yandex host); `onProgress` gets each
 * result as it finishes.
 * @param {string[]} ids
 * @param {(progress: TestProgress) => void} onProgress
 * @returns {Promise<number>} how many were tested
 */
export function testAll(ids, onProgress) {
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = onProgress;
  return invoke("test_all", { ids, onProgress: channel });
}

export function cancelTests() {
  return invoke("cancel_tests");
}

/**
 * Rust puts the token on the clipboard; this only learns when it will be cleared.
 * @param {string} id
 * @param {CopyFormat} format
 * @param {string | null} [clientLogin]
 * @returns {Promise<{ clears_in: number | null }>}
 */
export function copyToken(id, format, clientLogin = null) {
  return invoke("copy_token", { id, format, clientLogin });
}

/**
 * The full token, for Reveal only. The caller must drop it from the DOM soon.
 * @param {string} id
 * @returns {Promise<string>}
 */
export function revealToken(id) {
  return invoke("reveal_token", { id });
}

/**
 * Revokes at Yandex; resolves once Yandex ID confirms the token dead and the account is gone.
 * @param {string} id @returns {Promise<{ login: string }>}
 */
export function revokeAccount(id) {
  return invoke("revoke_account", { id });
}

/** @param {string} id */
export function refreshAccount(id) {
  return invoke("refresh_account", { id });
}

/** @param {number} seconds 0 = never clear @returns {Promise<AppInfo>} */
export function setClipboardClearSeconds(seconds) {
  return invoke("set_clipboard_clear_seconds", { seconds });
}

/**
 * The proxy for every call to Yandex and the login window; `null` or "" for none.
 * @param {string | null} proxy `http://host:port`, `socks5://host:port`, …
 * @returns {Promise<AppInfo>}
 */
export function setProxy(proxy) {
  return invoke("set_proxy", { proxy });
}

/**
 * Calls `callback` when the accounts were changed by another process (the command line).
 * @param {() => void} callback
 */
export function onAccountsChanged(callback) {
  return window.__TAURI__.event.listen("accounts-changed", callback);
}

/**
 * Calls `callback` while a keychain call waits for the person: `"unlock"` when the keychain
 * asks to be unlocked (it may take up to 2 minutes), `"done"` when that wait is over.
 * @param {(wait: "unlock" | "done") => void} callback
 */
export function onKeychainWaiting(callback) {
  return window.__TAURI__.event.listen("keychain-waiting", (event) => callback(event.payload));
}

/**
 * @typedef {{ at: string, action: string, source: "window" | "cli", account_id: string,
 *   login: string, detail?: string }} AuditEntry
 */

/**
 * The readable entries, oldest first, and how many damaged lines were left out.
 * @returns {Promise<{ entries: AuditEntry[], skipped: number }>}
 */
export function auditLog() {
  return invoke("audit_log");
}

/** Saves the audit log as CSV. @returns {Promise<string>} the file's path */
export function exportAuditCsv() {
  return invoke("export_audit_csv");
}

/**
 * @param {string} id
 * @param {string} label
 * @param {string} notes
 */
export function setAccountDetails(id, label, notes) {
  return invoke("set_account_details", { id, label, notes });
}

/**
 * Whether the system keychain answers (checked once the window is up).
 * @returns {Promise<"ready" | "unavailable" | "locked" | "no_answer" | "failed">}
 */
export function keychainStatus() {
  return invoke("keychain_status");
}

/**
 * Masked tokens for these accounts (`null` where the keychain has no token).
 * @param {string[]} ids
 * @returns {Promise<Record<string, string | null>>}
 */
export function maskedTokens(ids) {
  return invoke("masked_tokens", { ids });
}

/**
 * @typedef {{ login: string, name: string, client_id: number | null, archived: boolean,
 *   last_test: AccountTest | null }} ClientView
 * @typedef {{ fetched_at: string | null, clients: ClientView[], active_client: string | null }} ClientsView
 */

/**
 * Every agency account's clients as last fetched, by account id (read locally, in one go).
 * @returns {Promise<Record<string, ClientsView>>}
 */
export function agencyClientLists() {
  return invoke("agency_client_lists");
}

/**
 * Asks Direct for the agency's clients again (AgencyClients.get, every page).
 * @param {string} id
 * @returns {Promise<ClientsView>}
 */
export function refreshAgencyClients(id) {
  return invoke("refresh_agency_clients", { id });
}

/** Chooses the client an agency account acts for; `null` clears it. */
export function setActiveClient(id, login) {
  return invoke("set_active_client", { id, login });
}

/**
 * Tests the agency's token for one client (Clients.get with Client-Login).
 * @returns {Promise<AccountTest>}
 */
export function testClient(id, login) {
  return invoke("test_client", { id, login });
}
