//! Fuzz target: the command line's account resolution (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::main(yatoken_fuzz::find::run);
}
