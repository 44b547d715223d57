//! The two languages YaToken speaks and the translation tables shared with the window.
//!
//! The tables live in `ui/i18n/*.json` so the window and the Rust side (start-up errors, the
//! command line) read the same strings. Rust embeds them at compile time.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Ru,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Ru];

    /// Russian for any `ru` locale (`ru`, `ru-RU`, `ru_RU.UTF-8`), English otherwise.
    pub fn from_locale(locale: &str) -> Self {
        let primary = locale
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default();
        if primary.eq_ignore_ascii_case("ru") {
            Language::Ru
        } else {
            Language::En
        }
    }

    /// The operating system's language (on Unix: `LC_ALL`, `LC_MESSAGES`, `LANG`).
    pub fn system() -> Self {
        sys_locale::get_locale()
            .map(|locale| Self::from_locale(&locale))
            .unwrap_or(Language::En)
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ru => "ru",
        }
    }

    /// The string for `key`, or the key itself when a table lacks it (a test guards against that).
    pub fn text(self, key: &str) -> &str {
        table(self).get(key).map(String::as_str).unwrap_or(key)
    }

    /// `text` with `{name}` placeholders filled in.
    /// Every text of this language, by key: what the window's page translates with.
    pub fn table(self) -> &'static HashMap<String, String> {
        table(self)
    }

    pub fn format(self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter()
            .fold(self.text(key).to_string(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }
}

type Table = HashMap<String, String>;

static EN: LazyLock<Table> = LazyLock::new(|| parse(include_str!("../ui/i18n/en.json")));
static RU: LazyLock<Table> = LazyLock::new(|| parse(include_str!("../ui/i18n/ru.json")));

fn parse(json: &str) -> Table {
    serde_json::from_str(json).expect("translation tables are flat JSON objects of strings")
}

fn table(language: Language) -> &'static Table {
    match language {
        Language::En => &EN,
        Language::Ru => &RU,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn both_tables_have_the_same_keys_and_placeholders() {
        let en: BTreeSet<_> = EN.keys().collect();
        let ru: BTreeSet<_> = RU.keys().collect();
        assert_eq!(
            en.symmetric_difference(&ru).collect::<Vec<_>>(),
            Vec::<&&String>::new()
        );
        for key in en {
            assert!(!EN[key].trim().is_empty(), "empty English text for {key}");
            assert!(!RU[key].trim().is_empty(), "empty Russian text for {key}");
            assert_eq!(placeholders(&EN[key]), placeholders(&RU[key]), "{key}");
        }
    }

    #[test]
    fn russian_table_is_actually_russian() {
        let cyrillic = |s: &str| {
            s.chars()
                .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)))
        };
        assert!(cyrillic(Language::Ru.text("empty.title")));
        assert!(!cyrillic(Language::En.text("empty.title")));
    }

    #[test]
    fn locale_picks_the_language() {
        for (locale, language) in [
            ("ru", Language::Ru),
            ("ru-RU", Language::Ru),
            ("ru_RU.UTF-8", Language::Ru),
            ("RU", Language::Ru),
            ("en-US", Language::En),
            ("de_DE.UTF-8", Language::En),
            ("C", Language::En),
            ("", Language::En),
            ("rus", Language::En),
        ] {
            assert_eq!(Language::from_locale(locale), language, "{locale}");
        }
    }

    #[test]
    fn format_fills_placeholders() {
        let text = Language::En.format("error.config", &[("variable", "YATOKEN_OAUTH_URL")]);
        assert!(text.contains("YATOKEN_OAUTH_URL"), "{text}");
        assert!(!text.contains("{variable}"), "{text}");
    }
}
