// The account list from the keyboard: "/" searches (Escape clears the search), the arrows move
// the selection, Enter opens the selected row's More menu, "c" copies its token, "t" tests it.

import { $ } from "../../dom.js";
import { copy, test } from "./actions.js";
import { move, rowOf, select, selectedAccount, shownAccounts } from "./list.js";

function onKey(event) {
  if (document.querySelector("dialog[open]") || event.ctrlKey || event.metaKey || event.altKey) return;
  const search = $("search");
  const typing = event.target instanceof HTMLElement && event.target.matches("input, textarea, select");
  if (event.key === "/" && !typing) {
    event.preventDefault();
    search.focus();
    search.select();
    return;
  }
  if (typing && event.target !== search) return;
  if (event.target === search && event.key === "Escape") {
    search.value = "";
    search.dispatchEvent(new Event("input"));
    search.blur();
    return;
  }
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    move(event.key === "ArrowDown" ? 1 : -1);
    return;
  }
  if (typing && event.key !== "Enter") return;
  const account = selectedAccount() ?? (event.key === "Enter" ? shownAccounts()[0] : null);
  if (!account) return;
  const line = rowOf(account.id);
  if (event.key === "Enter") {
    event.preventDefault();
    select(account.id);
    const more = line?.querySelector('[data-testid="more-menu"]')?.parentElement;
    if (more) {
      more.setAttribute("open", "");
      more.querySelector(".menu-items button")?.focus();
    }
  } else if (event.key === "c") {
    event.preventDefault();
    copy(account, "token", line);
  } else if (event.key === "t") {
    event.preventDefault();
    test(account, line);
  }
}

export function setUpKeys() {
  document.addEventListener("keydown", onKey);
}
