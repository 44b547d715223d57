// The account list: who each token belongs to, its role, app, expiry, last test and masked
// token, with Test, Copy and the rest. Its parts are in accounts/: filter.js (which accounts,
// in which order, when a token expires soon: pure), rows.js (one row), list.js (the rows, a
// chunk at a time), actions.js (what the buttons do), keys.js (the keyboard).

import { setUpActions } from "./accounts/actions.js";
import { setUpKeys } from "./accounts/keys.js";
import { setUpList } from "./accounts/list.js";

export { renderAccounts, shownAccounts, updateRow } from "./accounts/list.js";

/** `context`: main.js's `{ info, apps, refresh, updateTest, clipboardCountdown }`. */
export function setUpAccounts(context) {
  setUpActions(context);
  setUpList(context);
  setUpKeys();
}
