//! Acting on the window's page through WebDriver as a person would: find, read, wait for,
//! click, fill and select elements by test id or CSS (found again when the list re-rendered
//! them), run a script, and save screenshots in `target/screenshots/`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::Locator;

use super::process::WAIT;
use super::window::AppWindow;

/// Where tests leave screenshots: `target/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp has a parent")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

impl AppWindow {
    /// The page's HTML as the window holds it now.
    pub async fn page_html(&self) -> String {
        self.client
            .execute("return document.documentElement.outerHTML;", vec![])
            .await
            .expect("read the page")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn by_testid(&self, testid: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&format!("[data-testid='{testid}']")))
            .await
            .unwrap_or_else(|e| panic!("no element with data-testid={testid}: {e}"))
    }

    /// The visible text of the element with `testid`. The list re-renders when the app learns
    /// more (a test result, whom a new token acts for): an element replaced between finding
    /// and reading is found again.
    pub async fn text(&self, testid: &str) -> String {
        self.text_of(&format!("[data-testid='{testid}']")).await
    }

    /// The visible text of the first element matching `css`, found again if it was replaced.
    pub async fn text_of(&self, css: &str) -> String {
        for _ in 0..20 {
            if let Ok(text) = self.wait_for(css).await.text().await {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("could not read the text of {css}");
    }

    /// Waits until the element's text satisfies `check`, returning it.
    pub async fn wait_text(&self, testid: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text(testid).await;
            if check(&text) || Instant::now() > deadline {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for the first element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing matched {css}: {e}"))
    }

    /// Waits until an element matching `css` is displayed (not merely present, hidden).
    pub async fn wait_shown(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            for element in self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default()
            {
                if element.is_displayed().await.unwrap_or(false) {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "{css} is not shown");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until nothing matches `css` (a dialog closed, a row removed).
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default();
            let mut visible = false;
            for element in found {
                if element.is_displayed().await.unwrap_or(false) {
                    visible = true;
                }
            }
            if !visible {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} is still shown");
    }

    /// Clicks the element with `testid`, finding it again if the list replaced it meanwhile.
    pub async fn click(&self, testid: &str) {
        self.click_at(&format!("[data-testid='{testid}']")).await;
    }

    /// Clicks the first element matching `css`, finding it again if it was replaced meanwhile.
    pub async fn click_at(&self, css: &str) {
        let mut failure = None;
        for _ in 0..10 {
            match self.wait_for(css).await.click().await {
                Ok(_) => return,
                Err(e) => failure = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("click {css}: {failure:?}");
    }

    /// Replaces an input's text, as typing would.
    pub async fn fill(&self, testid: &str, text: &str) {
        let input = self.by_testid(testid).await;
        input.clear().await.expect("clear input");
        if !text.is_empty() {
            input.send_keys(text).await.expect("type into input");
        }
    }

    pub async fn select(&self, testid: &str, value: &str) {
        self.by_testid(testid)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value} in {testid}: {e}"));
    }

    /// Sets a checkbox to `checked` by clicking it when needed.
    pub async fn check(&self, testid: &str, checked: bool) {
        let box_ = self.by_testid(testid).await;
        if box_.is_selected().await.expect("checkbox state") != checked {
            box_.click().await.expect("click checkbox");
        }
    }

    /// An attribute of the first element matching `css`, read in one step (a list that
    /// re-renders cannot hand back a stale element).
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); \
                 return e ? e.getAttribute(arguments[1]) : null;",
                vec![css.into(), name.into()],
            )
            .await
            .expect("read an attribute")
            .as_str()
            .map(str::to_string)
    }

    /// The text content of the first element matching `css`, read in one step; `None` when
    /// nothing matches.
    pub async fn text_at(&self, css: &str) -> Option<String> {
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); \
                 return e ? e.textContent : null;",
                vec![css.into()],
            )
            .await
            .expect("read a text")
            .as_str()
            .map(str::to_string)
    }

    /// Waits until the first element matching `css` has a text satisfying `check`.
    pub async fn wait_text_at(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text_at(css).await;
            match text {
                Some(text) if check(&text) => return text,
                _ if Instant::now() > deadline => panic!("{css} never had the text: {text:?}"),
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// Runs a script in the window.
    pub async fn run_js(&self, script: &str) {
        self.client
            .execute(script, vec![])
            .await
            .expect("run a script");
    }

    /// The texts of every element matching `css`, in order (read again from the start if the
    /// list was re-rendered while reading).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        'again: for _ in 0..20 {
            let mut texts = Vec::new();
            for element in self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default()
            {
                match element.text().await {
                    Ok(text) => texts.push(text),
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue 'again;
                    }
                }
            }
            return texts;
        }
        panic!("{css} kept changing while read");
    }

    /// Saves what the window shows as `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        assert!(png.starts_with(b"\x89PNG"), "WebDriver returned a PNG");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}
