//! Fuzz target: the command line's account resolution (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::prepare();
    afl::fuzz!(|data: &[u8]| yatoken_fuzz::find::run(data));
}
