//! A secret's memory is wiped when it is dropped: this test binary's allocator looks at every
//! block as it is freed and counts those that still hold a marker token. A plain `String` with
//! the marker is counted (the check works); a `Secret`, its clones and what the keychain hands
//! back are not.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use yatoken::secrets::{Keychain, MemoryStore, Secret};

const MARKER: &[u8] = b"y0_MARKER-never-left-in-freed-memory";

/// Frees through the system allocator, after looking for the marker in the block.
struct Inspecting;

static FREED_WITH_MARKER: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Inspecting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the block is still ours until `System.dealloc`, and `layout.size()` long.
        let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
        if block.windows(MARKER.len()).any(|w| w == MARKER) {
            FREED_WITH_MARKER.fetch_add(1, Ordering::SeqCst);
        }
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Inspecting = Inspecting;

fn marker() -> String {
    String::from_utf8(MARKER.to_vec()).unwrap()
}

#[test]
fn a_dropped_secret_leaves_no_copy_of_itself_in_freed_memory() {
    // One test, so nothing else runs while the counter is read.
    let before = FREED_WITH_MARKER.load(Ordering::SeqCst);
    drop(marker());
    assert_eq!(
        FREED_WITH_MARKER.load(Ordering::SeqCst),
        before + 1,
        "the check sees a plain String"
    );

    let before = FREED_WITH_MARKER.load(Ordering::SeqCst);
    let secret = Secret::new(marker());
    let copy = secret.clone();
    assert_eq!(copy.expose().as_bytes(), MARKER);
    drop(secret);
    drop(copy);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let keychain = Keychain::new("yatoken-memory", Arc::new(MemoryStore::default()));
        keychain.persist("k", Secret::new(marker())).await.unwrap();
        let back = keychain.retrieve("k").await.unwrap().unwrap();
        assert_eq!(back.expose().as_bytes(), MARKER);
        keychain.delete("k").await.unwrap();
    });
    drop(runtime);
    assert_eq!(FREED_WITH_MARKER.load(Ordering::SeqCst), before);
}
