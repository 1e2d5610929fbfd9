//! A memory ceiling for koers' own process. Typst runs in a worker that koers stops at its
//! limits, but a template override runs here, in minijinja, and can double a string forty times
//! within its fuel: without a ceiling that takes the build machine down. The allocator counts
//! what koers holds and, past [`CEILING`], says so and exits with the code for problems in
//! content or templates (1), instead of swapping the machine to a halt.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// What koers' own process may hold: the 2020 edition needs about 40 MiB (photos of up to 20 MB
/// each come on top).
pub const CEILING: usize = 2 << 30;

/// The system allocator, counting.
pub struct Counted;

static HELD: AtomicUsize = AtomicUsize::new(0);
static ENFORCED: AtomicBool = AtomicBool::new(true);

/// Stops enforcing the ceiling in this process (the typesetting worker, which koers watches
/// from outside with a limit the user can set).
pub fn lift() {
    ENFORCED.store(false, Ordering::Relaxed);
}

/// Counts `size` more bytes held; past the ceiling, ends the process with a message. Once the
/// ceiling is lifted nothing is counted (a shared counter costs a busy multi-threaded worker).
fn take(size: usize) {
    if !ENFORCED.load(Ordering::Relaxed) {
        return;
    }
    let held = HELD.fetch_add(size, Ordering::Relaxed) + size;
    if held > CEILING && ENFORCED.swap(false, Ordering::Relaxed) {
        // Written without allocating; the ceiling is lifted first, so exiting may allocate.
        let _ = std::io::stderr().write_all(
            b"error: koers needed more than 2048 MiB of memory\n  = hint: a template override that builds \
              huge strings, or a great many large photos, is the likely cause; see \"Security\" in the README\n",
        );
        std::process::exit(1);
    }
}

/// Counts `size` bytes given back.
fn give(size: usize) {
    if ENFORCED.load(Ordering::Relaxed) {
        HELD.fetch_sub(size, Ordering::Relaxed);
    }
}

// SAFETY: every call is passed on to the system allocator unchanged; the counting around it
// never touches the memory.
unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        take(layout.size());
        // SAFETY: the caller's guarantees for `layout` hold for `System` as they do for us.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        take(layout.size());
        // SAFETY: as in `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        give(layout.size());
        // SAFETY: `ptr` was allocated by `System` with `layout` (every allocation goes there).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            take(new_size - layout.size());
        } else {
            give(layout.size() - new_size);
        }
        // SAFETY: as in `dealloc`, and `new_size` is the caller's, unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}
