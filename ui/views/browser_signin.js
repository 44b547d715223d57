// "Sign in in my browser", the third way in "Add account": Rust opens the Yandex page in the
// system browser (this window never sees or names its address), the person pastes back what
// Yandex shows, and Rust reads it from the clipboard (the code never comes here). With a
// loopback Redirect URI, Rust also catches the browser's answer by itself.

import * as api from "../api.js";
import { $ } from "../dom.js";
import { setText } from "../i18n.js";
import { formError, toastError } from "../widgets.js";

/** What signin.js shares: the form's request, its view switch and every way's finish. */
let shared;
/** Whether a browser sign-in waits in Rust: Cancel, and closing the dialog, end it. */
let waiting = false;

/** The browser view: waiting for the answer, or how it ended (`error`) with a way back. */
function browserState(state, error = null) {
  shared.showView("browser");
  $("browser-pane").hidden = state !== "waiting";
  formError("browser-error", error);
  const ended = state === "ended";
  $("browser-cancel").hidden = ended;
  $("browser-back").hidden = !ended;
  $("browser-again").hidden = !ended;
}

async function startInBrowser() {
  const request = shared.request();
  const redirectUri = $("signin-redirect-uri").value.trim() || null;
  formError("signin-error", null);
  const listening = $("browser-listening");
  listening.hidden = redirectUri === null;
  if (redirectUri) setText(listening, "browser.listening", { redirect: redirectUri });
  setText($("browser-waiting-text"), "browser.waiting");
  $("browser-paste").disabled = false;
  browserState("waiting");
  waiting = true;
  try {
    const outcome = await api.signInInBrowser(request, redirectUri);
    waiting = false;
    await shared.finish(outcome);
  } catch (error) {
    waiting = false;
    if (error?.kind === "sign_in_cancelled") {
      // Cancel (or closing the dialog) is a quiet way back, not an error.
      shared.showView("form");
    } else if (error?.kind === "invalid_redirect_uri") {
      shared.showView("form");
      $("signin-redirect").open = true;
      formError("signin-error", error);
    } else {
      browserState("ended", error);
    }
  }
}

async function paste() {
  $("browser-paste").disabled = true;
  formError("browser-error", null);
  try {
    await api.pasteBrowserAnswer();
    if (waiting) setText($("browser-waiting-text"), "browser.finishing");
  } catch (error) {
    $("browser-paste").disabled = false;
    // A paste that ends the sign-in (another sign-in's answer) is told by the sign-in itself.
    const ends = ["state_mismatch", "nothing_pending"].includes(error?.kind);
    if (waiting && !ends) formError("browser-error", error);
  }
}

/** `shared`: `{ request, showView, finish }` from signin.js. */
export function setUpBrowserSignIn(sharedBySignIn) {
  shared = sharedBySignIn;
  $("signin-in-browser").addEventListener("click", startInBrowser);
  // Enter in the Redirect URI starts the way it is for, not the form's first.
  $("signin-redirect-uri").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    startInBrowser();
  });
  $("browser-paste").addEventListener("click", paste);
  $("browser-open-again").addEventListener("click", () =>
    api.openBrowserSignInAgain().catch(toastError),
  );
  $("browser-cancel").addEventListener("click", () => api.cancelSignInInBrowser());
  $("browser-back").addEventListener("click", () => shared.showView("form"));
  $("browser-again").addEventListener("click", startInBrowser);
  // A browser sign-in never outlives its dialog (Escape closes it too).
  $("signin-dialog").addEventListener("close", () => {
    if (waiting) api.cancelSignInInBrowser();
  });
}
