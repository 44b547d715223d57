//! The look of every HTML page the fake serves: one small stylesheet and escaping. A person
//! clicking through the demo should find the pages plain and readable; they deliberately do
//! not imitate Yandex's branding.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

const STYLE: &str = "
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #f6f8fa; --card: #fff;
  --line: #d1d9e0; --accent: #1f6feb; --warn: #9a6700; --bad: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117;
  --card: #151b23; --line: #3d444d; --accent: #4493f8; --warn: #d29922; --bad: #f85149; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg);
  color: var(--fg); padding: 24px 0; font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; }
main { width: min(440px, calc(100vw - 32px)); background: var(--card); border: 1px solid var(--line);
  border-radius: 12px; padding: 28px; box-shadow: 0 8px 24px rgba(0,0,0,.08); }
h1 { font-size: 20px; margin: 0 0 4px; }
.sub { color: var(--muted); margin: 0 0 20px; }
label { display: block; font-weight: 600; margin: 14px 0 6px; }
input[type=text] { width: 100%; padding: 9px 11px; font: inherit; color: inherit; background: transparent;
  border: 1px solid var(--line); border-radius: 8px; }
input[type=text]:focus { outline: 2px solid var(--accent); border-color: transparent; }
ul.rights { list-style: none; padding: 0; margin: 6px 0 0; }
ul.rights li { padding: 6px 0; border-bottom: 1px solid var(--line); }
ul.rights li:last-child { border-bottom: 0; }
ul.rights label { display: inline; font-weight: 400; margin: 0; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
.value { display: block; word-break: break-all; padding: 12px; margin: 8px 0; border-radius: 8px;
  background: var(--bg); border: 1px solid var(--line); font: 14px ui-monospace, Menlo, monospace; }
.buttons { display: flex; flex-direction: row-reverse; gap: 10px; margin-top: 22px; }
button { flex: 1; padding: 10px; font: inherit; font-weight: 600; border-radius: 8px; cursor: pointer;
  border: 1px solid var(--line); background: transparent; color: inherit; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.note { color: var(--muted); font-size: 13px; margin: 18px 0 0; }
.signed-in { padding: 8px 12px; border-radius: 8px; background: var(--bg); margin: 0 0 8px; }
.message { color: var(--warn); font-weight: 600; }
.error { color: var(--bad); font-weight: 600; }
";

/// A complete page with the shared stylesheet.
pub(crate) fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · fake Yandex</title><style>{STYLE}</style></head>\
         <body><main>{body}\
         <p class=\"note\">fake-yandex: a local stand-in for Yandex, for testing. No real account is involved.</p>\
         </main></body></html>\n",
        title = escape(title),
    );
    (status, Html(html)).into_response()
}

/// The warning line a page shows above its form (`fake-message`), or nothing.
pub(crate) fn message(text: Option<&str>) -> String {
    text.map(|m| {
        format!(
            "<p class=\"message\" data-testid=\"fake-message\">{}</p>",
            escape(m)
        )
    })
    .unwrap_or_default()
}

/// Escapes text for HTML content and double- or single-quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
