//! Fuzz target: the index file's bytes (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::main(yatoken_fuzz::index::run);
}
