//! Where generation spends its time, for `ACS_GEN_PROFILE=1 cargo xtask gen`: wall time of each phase
//! (reading, validating, lowering, emitting, writing) and CPU time summed over the render workers for each
//! stage of a file (tokens, prettyplease, the self-check, the cache).
//!
//! The counters are always kept (a few relaxed atomic adds per file, nothing next to rendering it) so a
//! profile never needs another build; they are only printed when the variable is set.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// One stage of rendering a file, timed on the worker that ran it.
#[derive(Clone, Copy, Debug)]
pub enum Stage {
    /// Building the tokens with `quote!` (the emitters proper).
    Tokens,
    /// Parsing the tokens into a `syn::File`.
    Parse,
    /// Printing with prettyplease.
    Print,
    /// The self-check: parsing the printed text again.
    Check,
    /// Putting the doc comments in.
    Docs,
    /// Hashing what determines a file (its cache key).
    Key,
    /// Looking a file up in the cache and verifying it.
    Lookup,
}

const STAGES: [(Stage, &str); 7] = [
    (Stage::Tokens, "tokens (quote!)"),
    (Stage::Parse, "syn parse of the tokens"),
    (Stage::Print, "prettyplease"),
    (Stage::Check, "self-check (parse the printed file)"),
    (Stage::Docs, "doc comments"),
    (Stage::Key, "cache keys (hash of the IR)"),
    (Stage::Lookup, "cache lookups (read and verify)"),
];

static NANOS: [AtomicU64; 7] = [const { AtomicU64::new(0) }; 7];
static HITS: AtomicU64 = AtomicU64::new(0);
static RENDERED: AtomicU64 = AtomicU64::new(0);
static KNOWN: AtomicU64 = AtomicU64::new(0);

/// Whether `ACS_GEN_PROFILE` is set (to anything but `0` or nothing).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("ACS_GEN_PROFILE").is_ok_and(|v| !v.is_empty() && v != "0"))
}

/// Runs `f`, adding its duration to `stage`.
pub fn time<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
    NANOS[stage as usize].fetch_add(nanos, Ordering::Relaxed);
    out
}

/// Counts a file taken from the cache (`true`) or rendered (`false`).
pub(crate) fn count(hit: bool) {
    if hit { &HITS } else { &RENDERED }.fetch_add(1, Ordering::Relaxed);
}

/// Counts a rendered file whose self-check was skipped, its text being known good already.
pub(crate) fn count_known() {
    KNOWN.fetch_add(1, Ordering::Relaxed);
}

/// The stage totals so far, one line each, and the files rendered and taken from the cache.
pub fn stages() -> String {
    let mut s = String::new();
    for (stage, label) in STAGES {
        let ms = NANOS[stage as usize].load(Ordering::Relaxed) as f64 / 1e6;
        s.push_str(&format!("  {ms:>9.1} ms CPU  {label}\n"));
    }
    s.push_str(&format!(
        "  files: {} rendered ({} of them not self-checked: the same as on disk), {} from the cache\n",
        RENDERED.load(Ordering::Relaxed),
        KNOWN.load(Ordering::Relaxed),
        HITS.load(Ordering::Relaxed)
    ));
    s
}
