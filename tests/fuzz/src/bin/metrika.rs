//! Fuzz target: Metrica's answer (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::main(yatoken_fuzz::answers::metrika);
}
