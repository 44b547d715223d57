//! Fuzz target: the answer of /token, and its error answers (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::main(yatoken_fuzz::answers::token);
}
