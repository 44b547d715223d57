// The markup of the window's dialogs, in their order in the page: apps, add account (with its
// code and browser views), a different account signed in, import, activity log, an agency's
// clients, label and notes, settings, and the yes/no question. Kept out of index.html so that
// each file stays short; main.js puts it in the page before any view looks for an element, and
// the views (views/*.js, widgets.js's confirmAction) fill and drive it. Static markup only: its
// text comes through data-i18n, as in index.html, and no value is ever written into it here.

/** Puts the dialogs in the page, just before the toast (where index.html had them). */
export function addDialogs() {
  document.querySelector('[data-testid="toast"]').insertAdjacentHTML("beforebegin", DIALOGS);
}

const DIALOGS = `
    <!-- Apps: list, then the add/edit form -->
    <dialog data-testid="apps-dialog">
      <div class="dialog-body" data-testid="apps-list-view">
        <h2 data-i18n="apps.title"></h2>
        <p class="muted" data-i18n="apps.intro"></p>
        <div class="app-list" data-testid="app-list"></div>
        <div class="dialog-actions">
          <button type="button" data-testid="apps-close" data-i18n="common.close"></button>
          <button type="button" class="primary" data-testid="apps-add" data-i18n="apps.add"></button>
        </div>
      </div>

      <form class="dialog-body" data-testid="app-form" hidden>
        <h2 data-testid="app-form-title"></h2>
        <details class="guide" data-testid="app-guide" open>
          <summary data-i18n="app_form.guide_title"></summary>
          <ol>
            <li>
              <span data-i18n="app_form.guide1"></span>
              <button type="button" class="link" data-testid="open-create-app" data-i18n="app_form.open_yandex"></button>
            </li>
            <li>
              <span data-i18n="app_form.guide2"></span>
              <code class="redirect-uri" data-testid="guide-redirect-uri"></code>
            </li>
            <li data-i18n="app_form.guide3"></li>
          </ol>
        </details>
        <label class="field">
          <span data-i18n="app_form.name"></span>
          <input type="text" data-testid="app-name" maxlength="100" autocomplete="off" data-i18n-placeholder="app_form.name_placeholder" />
        </label>
        <label class="field">
          <span data-i18n="app_form.client_id"></span>
          <input type="text" data-testid="app-client-id" maxlength="64" autocomplete="off" spellcheck="false" class="mono" />
          <small class="muted" data-i18n="app_form.client_id_hint"></small>
        </label>
        <label class="field">
          <span data-i18n="app_form.host"></span>
          <select data-testid="app-host">
            <option value="com" data-i18n="host.com"></option>
            <option value="ru" data-i18n="host.ru"></option>
          </select>
        </label>
        <fieldset class="field">
          <legend data-i18n="app_form.scopes"></legend>
          <div class="checks" data-testid="app-scopes"></div>
          <label class="field inline">
            <span data-i18n="app_form.scopes_other"></span>
            <input type="text" data-testid="app-scopes-other" autocomplete="off" spellcheck="false" class="mono" />
          </label>
        </fieldset>
        <label class="field">
          <span data-i18n="app_form.flow"></span>
          <select data-testid="app-flow">
            <option value="code_pkce" data-i18n="flow.code_pkce"></option>
            <option value="token" data-i18n="flow.token"></option>
          </select>
        </label>
        <fieldset class="field">
          <legend data-i18n="app_form.secret"></legend>
          <small class="muted" data-i18n="app_form.secret_hint"></small>
          <div class="row">
            <button type="button" data-testid="app-paste-secret" data-i18n="app_form.paste_secret"></button>
            <button type="button" class="danger-link" data-testid="app-remove-secret" data-i18n="app_form.remove_secret"></button>
          </div>
          <span class="muted" data-testid="app-secret-status"></span>
        </fieldset>
        <p class="form-error" data-testid="app-form-error" role="alert" hidden></p>
        <div class="dialog-actions">
          <button type="button" data-testid="app-cancel" data-i18n="common.cancel"></button>
          <button type="submit" class="primary" data-testid="app-save" data-i18n="common.save"></button>
        </div>
      </form>
    </dialog>

    <!-- Add account -->
    <dialog data-testid="signin-dialog">
      <form class="dialog-body" data-testid="signin-form">
        <h2 data-i18n="signin.title"></h2>
        <p class="muted" data-i18n="signin.intro"></p>
        <p class="notice" data-testid="signin-no-apps" data-i18n="signin.no_apps" hidden></p>
        <label class="field">
          <span data-i18n="signin.app"></span>
          <select data-testid="signin-app"></select>
        </label>
        <label class="field">
          <span data-i18n="signin.login_hint"></span>
          <input type="text" data-testid="signin-login-hint" autocomplete="off" spellcheck="false" data-i18n-placeholder="signin.login_hint_placeholder" />
        </label>
        <label class="field">
          <span data-i18n="signin.role"></span>
          <select data-testid="signin-role">
            <option value="" data-i18n="common.not_set"></option>
            <option value="advertiser" data-i18n="role.advertiser"></option>
            <option value="advertiser_representative" data-i18n="role.advertiser_representative"></option>
            <option value="agency_representative" data-i18n="role.agency_representative"></option>
          </select>
        </label>
        <fieldset class="field">
          <legend data-i18n="signin.scopes"></legend>
          <div class="checks" data-testid="signin-scopes"></div>
        </fieldset>
        <!-- The three ways to sign in, each saying when to use it; Enter starts the first -->
        <fieldset class="field signin-ways">
          <legend data-i18n="signin.ways"></legend>
          <button type="submit" class="way primary" data-testid="signin-start">
            <span class="way-name" data-i18n="signin.start"></span>
            <span class="way-hint" data-i18n="signin.start_hint"></span>
          </button>
          <button type="button" class="way" data-testid="signin-with-code">
            <span class="way-name" data-i18n="signin.with_code"></span>
            <span class="way-hint" data-i18n="signin.with_code_hint"></span>
          </button>
          <button type="button" class="way" data-testid="signin-in-browser">
            <span class="way-name" data-i18n="signin.in_browser"></span>
            <span class="way-hint" data-i18n="signin.in_browser_hint"></span>
          </button>
        </fieldset>
        <p class="waiting" data-testid="signin-waiting" data-i18n="signin.waiting" hidden></p>
        <p class="form-error" data-testid="signin-error" role="alert" hidden></p>
        <div class="dialog-actions signin-footer">
          <details class="redirect-details" data-testid="signin-redirect">
            <summary data-i18n="signin.redirect_uri_summary"></summary>
            <input type="text" data-testid="signin-redirect-uri" autocomplete="off" spellcheck="false" placeholder="http://127.0.0.1:8765/callback" />
            <p class="muted small" data-i18n="signin.redirect_uri_hint"></p>
          </details>
          <button type="button" data-testid="signin-cancel" data-i18n="common.cancel"></button>
        </div>
      </form>
      <!-- Sign in with a code: the code, the page to enter it on, that page as a QR code -->
      <div class="dialog-body" data-testid="device-view" hidden>
        <h2 data-i18n="device.title"></h2>
        <p class="waiting" data-testid="device-requesting" data-i18n="device.requesting" hidden></p>
        <div class="device" data-testid="device-code-pane" hidden>
          <div class="device-steps">
            <p data-i18n="device.step_open"></p>
            <div class="device-url-row">
              <code class="mono" data-testid="device-url"></code>
              <button type="button" data-testid="device-open" data-i18n="device.open"></button>
            </div>
            <p data-i18n="device.step_code"></p>
            <p class="device-user-code mono" data-testid="device-user-code"></p>
            <p class="muted" data-testid="device-valid"></p>
          </div>
          <figure class="device-qr">
            <img data-testid="device-qr" alt="" />
            <figcaption class="muted small" data-i18n="device.qr_hint"></figcaption>
          </figure>
          <p class="waiting device-waiting" data-testid="device-waiting"><span class="pulse" aria-hidden="true"></span><span data-i18n="device.waiting"></span></p>
        </div>
        <p class="form-error" data-testid="device-error" role="alert" hidden></p>
        <div class="dialog-actions">
          <button type="button" data-testid="device-cancel" data-i18n="common.cancel"></button>
          <button type="button" data-testid="device-back" data-i18n="device.back" hidden></button>
          <button type="button" class="primary" data-testid="device-add-secret" data-i18n="device.add_secret" hidden></button>
          <button type="button" class="primary" data-testid="device-new-code" data-i18n="device.new_code" hidden></button>
        </div>
      </div>
      <!-- Sign in in my browser: what to do there, then paste back what Yandex shows -->
      <div class="dialog-body" data-testid="browser-view" hidden>
        <h2 data-i18n="browser.title"></h2>
        <div class="browser-pane" data-testid="browser-pane">
          <p data-i18n="browser.step_sign_in"></p>
          <p data-i18n="browser.step_copy"></p>
          <p data-i18n="browser.step_paste"></p>
          <p class="muted small" data-testid="browser-listening" hidden></p>
          <div class="row">
            <button type="button" class="primary" data-testid="browser-paste" data-i18n="browser.paste"></button>
            <button type="button" data-testid="browser-open-again" data-i18n="browser.open_again"></button>
          </div>
          <p class="waiting device-waiting" data-testid="browser-waiting"><span class="pulse" aria-hidden="true"></span><span data-testid="browser-waiting-text" data-i18n="browser.waiting"></span></p>
        </div>
        <p class="form-error" data-testid="browser-error" role="alert" hidden></p>
        <div class="dialog-actions">
          <button type="button" data-testid="browser-cancel" data-i18n="common.cancel"></button>
          <button type="button" data-testid="browser-back" data-i18n="device.back" hidden></button>
          <button type="button" class="primary" data-testid="browser-again" data-i18n="browser.again" hidden></button>
        </div>
      </div>
    </dialog>

    <!-- The token belongs to someone other than the hinted login -->
    <dialog data-testid="wrong-account-dialog">
      <div class="dialog-body">
        <h2 data-i18n="wrong.title"></h2>
        <p data-testid="wrong-account-message"></p>
        <div class="dialog-actions">
          <button type="button" data-testid="wrong-account-discard" data-i18n="wrong.discard"></button>
          <button type="button" class="primary" data-testid="wrong-account-keep"></button>
        </div>
      </div>
    </dialog>

    <!-- Import a token from the clipboard -->
    <dialog data-testid="import-dialog">
      <div class="dialog-body">
        <h2 data-i18n="import.title"></h2>
        <p class="muted" data-i18n="import.intro"></p>
        <label class="field">
          <span data-i18n="signin.role"></span>
          <select data-testid="import-role">
            <option value="" data-i18n="common.not_set"></option>
            <option value="advertiser" data-i18n="role.advertiser"></option>
            <option value="advertiser_representative" data-i18n="role.advertiser_representative"></option>
            <option value="agency_representative" data-i18n="role.agency_representative"></option>
          </select>
        </label>
        <p class="muted small" data-i18n="import.note"></p>
        <p class="form-error" data-testid="import-error" role="alert" hidden></p>
        <div class="dialog-actions">
          <button type="button" data-testid="import-cancel" data-i18n="common.cancel"></button>
          <button type="button" class="primary" data-testid="import-paste" data-i18n="import.paste"></button>
        </div>
      </div>
    </dialog>

    <!-- Audit log -->
    <dialog data-testid="audit-dialog" class="wide">
      <div class="dialog-body">
        <h2 data-i18n="audit.title"></h2>
        <div class="row">
          <input type="text" data-testid="audit-filter" data-i18n-placeholder="audit.filter" autocomplete="off" />
          <select data-testid="audit-action">
            <option value="" data-i18n="audit.all_actions"></option>
          </select>
        </div>
        <div class="audit-table-wrap">
          <table class="audit-table">
            <thead>
              <tr>
                <th data-i18n="audit.col_time"></th>
                <th data-i18n="audit.col_action"></th>
                <th data-i18n="audit.col_source"></th>
                <th data-i18n="audit.col_account"></th>
                <th data-i18n="audit.col_detail"></th>
              </tr>
            </thead>
            <tbody data-testid="audit-rows"></tbody>
          </table>
          <p class="muted" data-testid="audit-empty" data-i18n="audit.empty" hidden></p>
          <p class="muted" data-testid="audit-skipped" hidden></p>
        </div>
        <div class="dialog-actions">
          <button type="button" data-testid="audit-export" data-i18n="audit.export"></button>
          <button type="button" class="primary" data-testid="audit-close" data-i18n="common.close"></button>
        </div>
      </div>
    </dialog>

    <!-- An agency account's clients -->
    <dialog data-testid="clients-dialog" class="wide">
      <div class="dialog-body">
        <h2 data-testid="clients-title"></h2>
        <p class="muted small" data-i18n="clients.intro"></p>
        <div class="row">
          <input type="search" class="grow" data-testid="clients-search" autocomplete="off" spellcheck="false" data-i18n-placeholder="clients.search" />
          <button type="button" data-testid="clients-refresh" data-i18n="clients.refresh"></button>
        </div>
        <span class="muted" data-testid="clients-count" aria-live="polite"></span>
        <div class="client-list" data-testid="client-list">
          <div class="client-rows" data-testid="client-rows" role="list"></div>
        </div>
        <p class="muted" data-testid="clients-empty" data-i18n="clients.empty" hidden></p>
        <form class="row" data-testid="client-other-form">
          <input type="text" class="grow" data-testid="client-other" autocomplete="off" spellcheck="false" data-i18n-placeholder="clients.other" />
          <button type="submit" data-testid="client-other-test" data-i18n="action.test"></button>
          <button type="button" data-testid="client-other-use" data-i18n="clients.use"></button>
        </form>
        <p data-testid="client-test-result" role="status" hidden></p>
        <div class="dialog-actions">
          <button type="button" class="primary" data-testid="clients-close" data-i18n="common.close"></button>
        </div>
      </div>
    </dialog>
    <!-- Label and notes of one account -->
    <dialog data-testid="details-dialog">
      <form class="dialog-body" data-testid="details-form">
        <h2 data-testid="details-title"></h2>
        <label class="field">
          <span data-i18n="details.label"></span>
          <input type="text" data-testid="details-label" maxlength="80" autocomplete="off" />
        </label>
        <label class="field">
          <span data-i18n="details.notes"></span>
          <textarea data-testid="details-notes" rows="4" maxlength="2000"></textarea>
        </label>
        <div class="dialog-actions">
          <button type="button" data-testid="details-cancel" data-i18n="common.cancel"></button>
          <button type="submit" class="primary" data-testid="details-save" data-i18n="common.save"></button>
        </div>
      </form>
    </dialog>

    <!-- Settings -->
    <dialog data-testid="settings-dialog">
      <form class="dialog-body" data-testid="settings-form">
        <h2 data-i18n="settings.title"></h2>
        <label class="field">
          <span data-i18n="settings.clipboard"></span>
          <input type="number" min="0" max="86400" step="1" data-testid="settings-clipboard-seconds" />
        </label>
        <label class="field">
          <span data-i18n="settings.proxy"></span>
          <input type="text" class="mono" data-testid="settings-proxy" autocomplete="off" spellcheck="false" data-i18n-placeholder="settings.proxy_placeholder" />
          <small class="muted" data-i18n="settings.proxy_hint"></small>
        </label>
        <p class="form-error" data-testid="settings-error" role="alert" hidden></p>
        <div class="dialog-actions">
          <button type="button" data-testid="settings-cancel" data-i18n="common.cancel"></button>
          <button type="submit" class="primary" data-testid="settings-save" data-i18n="common.save"></button>
        </div>
      </form>
    </dialog>

    <!-- A yes/no question -->
    <dialog data-testid="confirm-dialog">
      <div class="dialog-body">
        <p data-testid="confirm-message"></p>
        <div class="dialog-actions">
          <button type="button" data-testid="confirm-cancel" data-i18n="common.cancel"></button>
          <button type="button" class="danger" data-testid="confirm-ok"></button>
        </div>
      </div>
    </dialog>
`;
