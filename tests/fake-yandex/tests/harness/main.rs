//! The fake as a test harness: scripted faults and latency, in-flight counting, the request
//! log, clock and user scripting, and its lifecycle.

#[path = "../common/mod.rs"]
mod common;

mod faults;
mod hostile;
mod lifecycle;
mod recording;
