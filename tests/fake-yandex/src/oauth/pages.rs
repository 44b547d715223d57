//! The HTML pages of the fake oauth.yandex.com: the consent page, the error page, the
//! `verification_code` page and the device page. Every control a test touches has a stable
//! `data-testid`. Allow comes first in the form so that Enter in the login field allows;
//! the stylesheet shows it on the right.

use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::Response;

use crate::app::AppSpec;
use crate::oauth::authorize::AuthorizeRequest;
use crate::page::{escape, page};

pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    page(
        status,
        "Error",
        &format!(
            "<h1>Something went wrong</h1><p class=\"error\" data-testid=\"fake-error\">{}</p>",
            escape(message)
        ),
    )
}

pub(crate) struct Consent<'a> {
    pub request: &'a AuthorizeRequest,
    pub app: &'a AppSpec,
    pub signed_in: Option<&'a str>,
    pub prefill: &'a str,
    pub message: Option<&'a str>,
    /// The social network's base URL, for "sign in with the social network" (a popup).
    pub social: &'a str,
    /// Start a download as the page opens.
    pub download: bool,
    /// A subframe to open (a `verification_code` address).
    pub subframe: Option<&'a str>,
}

pub(crate) fn consent(consent: &Consent) -> Response {
    let request = consent.request;
    let mut body = String::from("<h1>Allow access to your Yandex account?</h1>");
    body.push_str(&format!(
        "<p class=\"sub\">App <code data-testid=\"fake-client-id\">{}</code> asks for access.</p>",
        escape(&consent.app.client_id)
    ));
    if let Some(login) = consent.signed_in {
        body.push_str(&format!(
            "<p class=\"signed-in\" data-testid=\"fake-signed-in\">Signed in as <b>{}</b></p>",
            escape(login)
        ));
    }
    body.push_str(&crate::page::message(consent.message));
    body.push_str(&social(consent.social));
    if consent.download {
        // As a "get the app" banner might: a main-frame navigation that answers with a file.
        body.push_str(
            "<script>setTimeout(() => { location.href = '/download/YandexSetup.exe'; }, 0);</script>",
        );
    }
    if let Some(src) = consent.subframe {
        body.push_str(&format!(
            "<iframe src=\"{}\" width=\"1\" height=\"1\" title=\"\" \
             data-testid=\"fake-subframe\"></iframe>",
            escape(src)
        ));
    }
    body.push_str("<form method=\"post\" action=\"/authorize/confirm\">");
    for (name, value) in request.params.pairs() {
        body.push_str(&format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            escape(name),
            escape(value)
        ));
    }
    let heading = if request.force_confirm {
        "Choose the account"
    } else {
        "Yandex login"
    };
    body.push_str(&format!(
        "<label for=\"login\">{heading}</label>\
         <input type=\"text\" id=\"login\" name=\"login\" data-testid=\"fake-login\" value=\"{}\" \
         autocomplete=\"username\" autofocus>",
        escape(consent.prefill)
    ));
    body.push_str("<label>Rights</label><ul class=\"rights\" data-testid=\"fake-rights\">");
    let required = if request.scope.is_empty() && request.optional_scope.is_empty() {
        consent.app.scopes.clone()
    } else {
        request.scope.clone()
    };
    for scope in &required {
        body.push_str(&format!("<li><code>{}</code></li>", escape(scope)));
    }
    for scope in request
        .optional_scope
        .iter()
        .filter(|s| !required.contains(s))
    {
        let scope = escape(scope);
        body.push_str(&format!(
            "<li><input type=\"checkbox\" id=\"grant-{scope}\" name=\"grant\" value=\"{scope}\" checked \
             data-testid=\"fake-grant-{scope}\"> <label for=\"grant-{scope}\"><code>{scope}</code> (optional)</label></li>"
        ));
    }
    body.push_str("</ul>");
    if request.device.id.is_some() {
        let name = request.device.name.as_deref().unwrap_or("unknown device");
        body.push_str(&format!(
            "<p class=\"sub\" data-testid=\"fake-device\">Device: {}</p>",
            escape(name)
        ));
    }
    body.push_str(
        "<div class=\"buttons\">\
         <button type=\"submit\" name=\"decision\" value=\"allow\" class=\"primary\" data-testid=\"fake-allow\">Allow</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\" data-testid=\"fake-deny\">Deny</button>\
         </div></form>",
    );
    page(StatusCode::OK, "Allow access", &body)
}

/// "Sign in with the social network": opens it in a popup and, when the popup posts back a
/// ticket from that origin (and only that one), puts it in the consent form and moves the focus
/// to Allow; the person still decides. The button comes before the form, so Shift+Tab from the
/// login field reaches it.
fn social(origin: &str) -> String {
    let origin = serde_json::to_string(origin).expect("a string serialises");
    format!(
        "<div class=\"buttons\"><button type=\"button\" id=\"social\" data-testid=\"fake-social\">\
         Sign in with the social network</button></div>\
         <script>\
         const SOCIAL = {origin};\
         document.getElementById('social').addEventListener('click', () => {{\
           window.open(SOCIAL + '/authorize?return_origin=' + encodeURIComponent(location.origin),\
             'social', 'width=480,height=640'); }});\
         window.addEventListener('message', (event) => {{\
           if (event.origin !== SOCIAL || !event.data || !event.data.social_ticket) return;\
           const form = document.querySelector('form');\
           form.appendChild(Object.assign(document.createElement('input'),\
             {{ type: 'hidden', name: 'social_ticket', value: event.data.social_ticket }}));\
           const done = Object.assign(document.createElement('p'),\
             {{ className: 'signed-in', textContent: 'Signed in through the social network. Allow access?' }});\
           done.setAttribute('data-testid', 'fake-social-done');\
           form.prepend(done);\
           document.querySelector('[data-testid=fake-allow]').focus(); }});\
         </script>"
    )
}

/// `GET /download/{name}`: a file, as an attachment the browser can only save.
pub(crate) async fn download(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", name.replace('"', "")),
            ),
        ],
        [0x4d, 0x5a, 0x90, 0x00].repeat(4096),
    )
        .into_response()
}

/// `GET /verification_code`: shows the code from the query, or the token (or error) from the
/// fragment, which only the browser sees, hence the script.
pub(crate) async fn verification_code(RawQuery(query): RawQuery) -> Response {
    let query: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let get = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let body = if let Some(code) = get("code") {
        format!(
            "<h1>Confirmation code</h1><p class=\"sub\">Copy this code into the application.</p>\
             <code class=\"value\" data-testid=\"fake-code\">{}</code>",
            escape(code)
        )
    } else if let Some(error) = get("error") {
        format!(
            "<h1>Access was not granted</h1><p class=\"error\" data-testid=\"fake-error\">{}</p><p>{}</p>",
            escape(error),
            escape(get("error_description").unwrap_or(""))
        )
    } else {
        "<h1 id=\"title\">Your token</h1>\
         <p class=\"sub\" id=\"hint\">Copy this token into the application.</p>\
         <code class=\"value\" id=\"token\" data-testid=\"fake-token\"></code>\
         <script>\
         const p = new URLSearchParams(location.hash.slice(1));\
         const t = document.getElementById('token');\
         if (p.get('access_token')) { t.textContent = p.get('access_token'); }\
         else { document.getElementById('title').textContent = 'Access was not granted';\
           document.getElementById('hint').textContent = p.get('error_description') || '';\
           t.setAttribute('data-testid', 'fake-error'); t.textContent = p.get('error') || 'No token in this address.'; }\
         </script>"
            .to_string()
    };
    page(StatusCode::OK, "Verification code", &body)
}

/// The device page: a person types the code shown on the device, and a login.
pub(crate) fn device(user_code: &str, login: &str, message: Option<&str>) -> Response {
    let message = crate::page::message(message);
    let body = format!(
        "<h1>Connect a device</h1><p class=\"sub\">Enter the code your device shows.</p>{message}\
         <form method=\"post\" action=\"/device/confirm\">\
         <label for=\"user_code\">Code</label>\
         <input type=\"text\" id=\"user_code\" name=\"user_code\" data-testid=\"fake-user-code\" value=\"{}\" autofocus>\
         <label for=\"login\">Yandex login</label>\
         <input type=\"text\" id=\"login\" name=\"login\" data-testid=\"fake-login\" value=\"{}\" autocomplete=\"username\">\
         <div class=\"buttons\">\
         <button type=\"submit\" name=\"decision\" value=\"allow\" class=\"primary\" data-testid=\"fake-allow\">Allow</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\" data-testid=\"fake-deny\">Deny</button>\
         </div></form>",
        escape(user_code),
        escape(login)
    );
    page(StatusCode::OK, "Connect a device", &body)
}

pub(crate) fn device_done(allowed: bool) -> Response {
    let body = if allowed {
        "<h1 data-testid=\"fake-done\">Done</h1><p>Return to your device; it will finish signing in.</p>"
    } else {
        "<h1 data-testid=\"fake-done\">Access denied</h1><p>The device will not get access.</p>"
    };
    page(StatusCode::OK, "Connect a device", body)
}
