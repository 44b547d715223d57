//! Fuzz target: Direct's answer and its Units header (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::prepare();
    afl::fuzz!(|data: &[u8]| yatoken_fuzz::answers::direct(data));
}
