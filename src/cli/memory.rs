//! The process's memory: what a phase freed, handed back to the system before the next phase
//! allocates, mimalloc's arenas committed as they are used rather than all at once, and a
//! refused allocation or write past a file-size limit reported as an error (exit 1) instead
//! of killing the process.

use std::alloc::{GlobalAlloc, Layout};

use mimalloc::MiMalloc;

/// mimalloc, except that an allocation the system refuses (a memory limit such as `ulimit
/// -v`, or the machine's memory spent) prints a clear error and exits with code 1. Rust's
/// default is to abort with a signal, which reads as a crash. Tables are written all or
/// nothing, so an exit here leaves the previous tables as they were, as a kill would.
pub(crate) struct Allocator;

// SAFETY: every call goes to mimalloc with the same arguments; a null result never returns.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { MiMalloc.alloc(layout) };
        if p.is_null() {
            out_of_memory(layout.size());
        }
        p
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { MiMalloc.alloc_zeroed(layout) };
        if p.is_null() {
            out_of_memory(layout.size());
        }
        p
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { MiMalloc.realloc(ptr, layout, new_size) };
        if p.is_null() {
            out_of_memory(new_size);
        }
        p
    }
}

/// Writes the error with `write(2)` alone (allocating is what just failed) and exits 1.
#[cold]
#[inline(never)]
fn out_of_memory(size: usize) -> ! {
    let mut digits = itoa::Buffer::new();
    let parts: [&[u8]; 3] = [
        b"\ncorpus-lens: error: out of memory: the system refused ",
        digits.format(size).as_bytes(),
        b" bytes (a memory limit such as `ulimit -v`, or the machine's memory); \
          give fewer or smaller inputs at once, fewer --threads or fewer --replicates, \
          or more memory\n",
    ];
    for part in parts {
        // SAFETY: writes bytes of a live slice to standard error.
        unsafe { libc::write(2, part.as_ptr().cast(), part.len()) };
    }
    // SAFETY: ends the process at once; nothing of Rust's runs after, nothing allocates.
    unsafe { libc::_exit(1) }
}

/// Ignores SIGXFSZ, so a write past a file-size limit (`ulimit -f`) fails with an error that
/// names the table (exit 1, previous tables kept) instead of killing the process.
pub(crate) fn ignore_file_size_signal() {
    // SAFETY: sets the disposition of one signal to "ignore"; no handler runs.
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
}

/// Keeps the C library's own allocator (Rust's allocations go to mimalloc) to one arena.
/// glibc gives each new thread an arena that reserves 64 MiB of address space at its first
/// allocation, such as registering a thread-local destructor; under a memory limit
/// (`ulimit -v`) that reservation failed and glibc aborted ("failed to register TLS
/// destructor: out of memory") before the run could report the limit. One arena grows
/// as it needs; the C library allocates little here, so sharing it costs nothing.
pub(crate) fn one_system_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: a malloc tuning call made before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Returns memory that the phase just ended has freed to the system, on every thread.
///
/// mimalloc keeps freed pages for a while (a second by default) in case they are wanted
/// again. At a phase boundary they are not: the next phase allocates differently, and on a
/// 1 GB corpus the pages the counting pass freed were about 130 MB of the peak resident
/// memory, still held while the tables' bootstrap allocated its own.
///
/// Below [`KEEP_FREED_BELOW`] resident, the pages are kept: the next phase reuses them,
/// where pages returned would come back zeroed by the kernel, page fault by page fault
/// (`analyze` on the shipped corpus took 1.37 s instead of 1.55 s without the returns).
pub(crate) fn release_freed_memory() {
    if resident_bytes().is_some_and(|bytes| bytes < KEEP_FREED_BELOW) {
        return;
    }
    fn collect() {
        // SAFETY: `mi_collect` only walks and frees mimalloc's own free lists; it may be
        // called from any thread at any time.
        unsafe { libmimalloc_sys::mi_collect(true) }
    }
    rayon::broadcast(|_| collect());
    collect();
}

/// Has mimalloc commit its arenas' memory as it hands it out, not all at once when it
/// reserves an arena (its default where the system overcommits, as Linux does). Memory
/// committed with the arena is backed by transparent huge pages: a first touch anywhere in a
/// 2 MiB stretch makes all of it resident, zeroed by the kernel. `freq` on the 64 MB bench
/// peaked at 160 MB resident with at most 79 MB live; with this, at 99 MB, in about the same
/// time (the smaller pages cost some of the zeroing saved back in page faults).
///
/// mimalloc reserves its first arena at the first allocation, before `main`, so this runs
/// as a constructor (after mimalloc's own, which has a higher priority, and before the Rust
/// runtime starts). It changes the default only: `MIMALLOC_ARENA_EAGER_COMMIT` still wins.
#[cfg(target_os = "linux")]
extern "C" fn commit_memory_on_demand() {
    /// `mi_option_arena_eager_commit` in mimalloc v3's `mimalloc.h` (libmimalloc-sys names
    /// only the v2 options).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    // SAFETY: a store into mimalloc's option table, which is set up by then.
    unsafe { libmimalloc_sys::mi_option_set_default(ARENA_EAGER_COMMIT, 0) }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static COMMIT_MEMORY_ON_DEMAND: extern "C" fn() = commit_memory_on_demand;

/// Resident memory below which [`release_freed_memory`] keeps freed pages for the next
/// phase: the memory limits that returning them serves matter for large corpora.
const KEEP_FREED_BELOW: u64 = 256 << 20;

/// This process's resident memory (Linux's `VmRSS`), if the system says.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
