//! How the window's web view draws on Linux. WebKitGTK composites every page with OpenGL. On a
//! machine without a GPU (a VM, a remote X session, Xvfb) that GL is Mesa's software renderer:
//! the first frame then waits for shaders to be compiled (about 0.2 s with Mesa's cache warm,
//! 1.4 s on a first start), and the web process holds about 95 MiB more, against WebKit's
//! non-composited path, which draws the same pixels on the CPU (BENCHMARKS.md §3). So without a
//! GPU render node the window turns compositing off. A user's own
//! `WEBKIT_DISABLE_COMPOSITING_MODE` (`0` forces compositing on) always wins.

/// The variable WebKitGTK reads; any value but `0` turns compositing off.
#[cfg(target_os = "linux")]
const COMPOSITING_OFF: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Chooses how the window draws. Call before the window's first thread starts: it may set an
/// environment variable, which the web processes inherit.
pub fn choose() {
    #[cfg(target_os = "linux")]
    if compositing_off(
        std::env::var_os(COMPOSITING_OFF).is_some(),
        has_render_node(std::path::Path::new("/dev/dri")),
    ) {
        std::env::set_var(COMPOSITING_OFF, "1");
    }
}

/// Whether to turn compositing off: only when the user has not chosen and there is no GPU.
#[cfg(target_os = "linux")]
fn compositing_off(user_chose: bool, render_node: bool) -> bool {
    !user_chose && !render_node
}

/// A DRM render node (`renderD128`…) is how a GPU's drivers are reached; Mesa's software
/// renderer needs none. One that exists but cannot be opened counts as none.
#[cfg(target_os = "linux")]
fn has_render_node(dri: &std::path::Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dri) else {
        return false;
    };
    entries.flatten().any(|entry| {
        entry.file_name().to_string_lossy().starts_with("renderD")
            && std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(entry.path())
                .is_ok()
    })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn compositing_goes_off_only_without_a_gpu_and_without_the_users_choice() {
        assert!(compositing_off(false, false));
        assert!(!compositing_off(false, true));
        assert!(!compositing_off(true, false));
        assert!(!compositing_off(true, true));
    }

    #[test]
    fn a_render_node_is_a_renderd_device_that_opens() {
        let dri = tempfile::tempdir().unwrap();
        assert!(!has_render_node(&dri.path().join("missing")));
        assert!(!has_render_node(dri.path()));
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(
            !has_render_node(dri.path()),
            "a card node is not a render node"
        );
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dri.path()));
    }
}
