//! Fuzz target: Direct's answer and its Units header (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::main(yatoken_fuzz::answers::direct);
}
