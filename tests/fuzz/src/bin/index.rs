//! Fuzz target: the index file's bytes (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::prepare();
    afl::fuzz!(|data: &[u8]| yatoken_fuzz::index::run(data));
}
