//! Sign-ins a test scripts in advance, so `/authorize` decides at once instead of waiting for
//! someone to click the consent page.

/// What the (scripted) user answers on the consent page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny,
}

#[derive(Debug, Clone)]
pub(crate) struct ScriptedSignIn {
    pub uid: String,
    pub decision: Decision,
    /// `Some` to grant only these of the requested rights.
    pub granted: Option<Vec<String>>,
    /// `Some` to answer with this `state` instead of the request's: what a redirect injected
    /// by someone else (login CSRF) looks like to the app.
    pub forged_state: Option<String>,
}
