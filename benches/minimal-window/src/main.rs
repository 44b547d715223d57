//! One Tauri window with a static page, nothing else: the baseline for YaToken's window
//! benchmark.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the Tauri event loop failed to start");
}
