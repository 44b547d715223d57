//! The fake APIs that take a token: login.yandex.ru/info, Direct, Metrica, Track & Trace.

#[path = "../common/mod.rs"]
mod common;

mod courier;
mod direct;
mod login;
mod metrika;
