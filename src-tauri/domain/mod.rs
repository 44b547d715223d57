//! The verbs: everything a person does with YaToken, each a function over the running
//! [`YaToken`](crate::app::YaToken), grouped by what it is about. The window's commands
//! (`commands/`) and the command line (`cli/`) are thin layers over these; these in turn use
//! the accounts store, OAuth and Yandex's APIs, never the window.
//!
//! The few verbs that keep state between calls hold it in a value of their own, which the window
//! keeps for its lifetime and the command line for one run: [`apps::StagedSecret`],
//! [`sign_in::SignIns`], [`testing::TestRuns`].

pub mod activity;
pub mod agency;
pub mod apps;
pub mod import;
pub mod roster;
pub mod settings;
pub mod sign_in;
pub mod testing;
pub mod tokens;
pub mod views;
