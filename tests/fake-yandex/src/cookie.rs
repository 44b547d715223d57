//! Reading a request's cookies. Every fake host is 127.0.0.1 on its own port, and cookies do
//! not keep ports apart: like Yandex's `.yandex.ru` cookies, one host's cookie reaches them all.

use axum::http::{header, HeaderMap};

/// The value of cookie `name` in the request, if it carries one.
pub(crate) fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; spravka=xyz; b=2".parse().unwrap());
        assert_eq!(get(&headers, "spravka").as_deref(), Some("xyz"));
        assert_eq!(get(&headers, "missing"), None);
    }
}
