//! Fuzz target: the redirect to verification_code, and any pasted address (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::main(yatoken_fuzz::redirect::run);
}
