//! Parameters of OAuth requests, urlencoded in a body or a query string. Yandex refuses a
//! duplicated parameter, and an empty value counts as absent.

#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses urlencoded text; `Err` names the first duplicated parameter.
    pub fn parse(encoded: &[u8]) -> Result<Params, String> {
        Params::from_pairs(form_urlencoded::parse(encoded).into_owned().collect())
    }

    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<Params, String> {
        for (i, (name, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(n, _)| n == name) {
                return Err(name.clone());
            }
        }
        Ok(Params { pairs })
    }

    /// The value, unless missing or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}
