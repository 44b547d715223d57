//! Fuzz target: the answer of login.yandex.ru/info (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::main(yatoken_fuzz::answers::info);
}
