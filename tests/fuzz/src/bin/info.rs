//! Fuzz target: the answer of login.yandex.ru/info (src/lib.rs says what it checks).
fn main() {
    yatoken_fuzz::prepare();
    afl::fuzz!(|data: &[u8]| yatoken_fuzz::answers::info(data));
}
