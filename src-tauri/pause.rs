//! Named pause points for the fault-injection tests (tests/faults): a test build started with
//! `YATOKEN_PAUSE_AT=<name>` stops for good when it reaches that point, after saying so on
//! stderr (`yatoken: paused at <name>`), so the test can kill it there, mid-change, and check
//! what a crash at that very step leaves behind.
//!
//! Compiled only into debug builds (the tests' binary); in a release build [`pause_point`] is
//! an empty function and the variable means nothing.

/// The variable that names the point to stop at.
pub const PAUSE_AT: &str = "YATOKEN_PAUSE_AT";

/// Stops here for good when [`PAUSE_AT`] names this point (debug builds only).
#[cfg(debug_assertions)]
pub fn pause_point(name: &str) {
    if std::env::var_os(PAUSE_AT).is_some_and(|wanted| wanted == name) {
        eprintln!("yatoken: paused at {name}");
        loop {
            std::thread::park();
        }
    }
}

/// Release builds have no pause points.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn pause_point(_name: &str) {}
