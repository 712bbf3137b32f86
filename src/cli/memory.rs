//! The process's memory: what a phase freed, handed back to the system before the next phase
//! allocates, and mimalloc's arenas committed as they are used rather than all at once.

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
