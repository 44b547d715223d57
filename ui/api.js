// The window's only door to Rust: one function per command. No other module calls `invoke`.
// Commands reject with `{ kind, message }` (see src-tauri/error.rs); `message` is already in the
// user's language.

const { invoke } = window.__TAURI__.core;

/**
 * @typedef {"en" | "ru"} Language
 * @typedef {{ version: string, profile: string | null, language: Language,
 *   chosenLanguage: Language | null, systemLanguage: Language, redirectUri: string, keychainService: string,
 *   keychainKind: "secret-service" | "macos" | "windows", dataDir: string }} AppInfo
 * @typedef {{ kind: string, message: string }} CommandError
 */

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
