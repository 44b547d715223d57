//! Rights (`scope`, `optional_scope`): space-separated, a subset of the app's registered
//! rights, all of them when none are asked for, and reported back only when fewer were granted.

use crate::app::AppSpec;

/// Splits a space-separated list, dropping repeats.
pub(crate) fn parse(list: Option<&str>) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::new();
    for scope in list.unwrap_or("").split_whitespace() {
        if !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_string());
        }
    }
    scopes
}

/// `Err` names the first right the app did not register.
pub(crate) fn check(app: &AppSpec, scopes: &[String]) -> Result<(), String> {
    match scopes.iter().find(|s| !app.scopes.contains(s)) {
        Some(unknown) => Err(unknown.clone()),
        None => Ok(()),
    }
}

/// What a request asks for: `scope` plus `optional_scope`, or every registered right when
/// neither is given.
pub(crate) fn requested(app: &AppSpec, scope: &[String], optional: &[String]) -> Vec<String> {
    if scope.is_empty() && optional.is_empty() {
        return app.scopes.clone();
    }
    let mut all = scope.to_vec();
    all.extend(optional.iter().filter(|s| !scope.contains(s)).cloned());
    all
}

/// The `scope` value to report: only when fewer rights were granted than requested.
pub(crate) fn reported(granted: &[String], requested: &[String]) -> Option<String> {
    requested
        .iter()
        .any(|r| !granted.contains(r))
        .then(|| granted.join(" "))
}
