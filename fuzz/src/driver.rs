//! What the fuzz targets run when built without `cargo fuzz` (no libFuzzer, any toolchain): replay
//! inputs, then optionally mutate them for a number of runs, with a seeded generator. Blind compared to
//! libFuzzer (no coverage feedback), but it needs nothing beyond stable Rust, and it replays a crash file
//! that libFuzzer wrote.
//!
//! ```text
//! <target> [--runs N] [--seed S] [--slow SECONDS] [PATH...]
//! ```
//!
//! PATHs are files or folders of inputs (default: `fuzz/seeds/<target>/`, and `fuzz/corpus/<target>/`
//! when it exists). An input that panics is written to `fuzz/artifacts/<target>/crash-<hash>` and the
//! exit code is 1; one that takes longer than `--slow` seconds (default 10) is written as `slow-<hash>`
//! and fails too.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// A small seeded generator (xorshift64), so a run reproduces from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// Bytes that mean something to JSON and YAML, and bytes that break UTF-8.
const INTERESTING: &[u8] = b"\0\x7f\xff\xc3\xed\"\\[]{}:,-#&*!?|>\n\r\t 0e.";

/// `data` with one to four changes: bytes flipped, set or inserted, dictionary tokens inserted, ranges
/// deleted, copied, repeated (long lines, deep nesting) or spliced from `other`, the end cut off.
fn mutate(data: &[u8], other: &[u8], dictionary: &[&str], rng: &mut Rng) -> Vec<u8> {
    let mut out = data.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(9) {
            0 if at < out.len() => out[at] ^= 1 << rng.below(8),
            1 if at < out.len() => out[at] = INTERESTING[rng.below(INTERESTING.len())],
            2 => out.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
            3 if !dictionary.is_empty() => {
                let token = dictionary[rng.below(dictionary.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            4 => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            5 => {
                let end = (at + 1 + rng.below(64)).min(out.len());
                let copy = out[at.min(end)..end].to_vec();
                out.splice(at..at, copy);
            }
            6 => {
                let end = (at + 1 + rng.below(3)).min(out.len());
                let unit = out[at.min(end)..end].to_vec();
                let times = 1 + rng.below(5000);
                out.splice(at..at, unit.repeat(times));
            }
            7 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(256)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            _ => out.truncate(at),
        }
    }
    out
}

/// The inputs in `paths` (files, or the files of folders), sorted.
fn inputs(paths: &[PathBuf]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for path in paths {
        let files: Vec<PathBuf> = if path.is_dir() {
            let mut files: Vec<PathBuf> = fs::read_dir(path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            files
        } else {
            vec![path.clone()]
        };
        for file in files {
            match fs::read(&file) {
                Ok(data) => out.push((file, data)),
                Err(e) => eprintln!("skipped {}: {e}", file.display()),
            }
        }
    }
    out
}

/// Writes `data` to `fuzz/artifacts/<target>/<kind>-<hash>` and returns the path.
fn save(target: &str, kind: &str, data: &[u8]) -> PathBuf {
    let hash = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("artifacts")
        .join(target);
    let path = dir.join(format!("{kind}-{hash:016x}"));
    if let Err(e) = fs::create_dir_all(&dir).and_then(|()| fs::write(&path, data)) {
        eprintln!("cannot save {}: {e}", path.display());
    }
    path
}

/// Runs `check` on `data`; `Err` with the saved input when it panicked or was slow.
fn run(target: &str, check: fn(&[u8]), data: &[u8], slow: Duration) -> Result<Duration, PathBuf> {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| check(data)));
    let took = started.elapsed();
    match outcome {
        Err(_) => Err(save(target, "crash", data)),
        Ok(()) if took > slow => {
            eprintln!("an input took {took:?}");
            Err(save(target, "slow", data))
        }
        Ok(()) => Ok(took),
    }
}

fn usage(target: &str) -> ExitCode {
    eprintln!("usage: {target} [--runs N] [--seed S] [--slow SECONDS] [PATH...]");
    ExitCode::from(2)
}

/// The `main` of a target built without libFuzzer.
pub fn main(target: &str, check: fn(&[u8]), dictionary: &[&str]) -> ExitCode {
    let (mut runs, mut seed, mut slow) = (0usize, 0x5eed_f022u64, Duration::from_secs(10));
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Option<u64> {
            let value = args.next().and_then(|v| v.parse().ok());
            if value.is_none() {
                eprintln!("{name} needs a number");
            }
            value
        };
        match arg.as_str() {
            "--runs" => match number("--runs") {
                Some(n) => runs = n as usize,
                None => return usage(target),
            },
            "--seed" => match number("--seed") {
                Some(n) => seed = n.max(1),
                None => return usage(target),
            },
            "--slow" => match number("--slow") {
                Some(n) => slow = Duration::from_secs(n),
                None => return usage(target),
            },
            "-h" | "--help" => return usage(target),
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    if paths.is_empty() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        paths.push(here.join("seeds").join(target));
        let corpus = here.join("corpus").join(target);
        if corpus.is_dir() {
            paths.push(corpus);
        }
    }
    let inputs = inputs(&paths);
    if inputs.is_empty() {
        eprintln!("no input in {paths:?}");
        return ExitCode::from(2);
    }
    let mut slowest = Duration::ZERO;
    for (path, data) in &inputs {
        match run(target, check, data, slow) {
            Ok(took) => slowest = slowest.max(took),
            Err(saved) => {
                eprintln!("{} failed; saved as {}", path.display(), saved.display());
                return ExitCode::from(1);
            }
        }
    }
    let mut rng = Rng(seed);
    for round in 0..runs {
        let (_, data) = &inputs[rng.below(inputs.len())];
        let (_, other) = &inputs[rng.below(inputs.len())];
        let mutated = mutate(data, other, dictionary, &mut rng);
        match run(target, check, &mutated, slow) {
            Ok(took) => slowest = slowest.max(took),
            Err(saved) => {
                eprintln!(
                    "mutated run {round} (seed {seed}) failed; saved as {}",
                    saved.display()
                );
                return ExitCode::from(1);
            }
        }
    }
    println!(
        "{target}: {} input(s) replayed, {runs} mutated run(s), no failure; slowest {slowest:?}",
        inputs.len()
    );
    // The scratch folder of the targets that write files (`acs-fuzz-<target>-<pid>`, see theirs); under
    // libFuzzer it stays, as the process ends without a hook.
    let scratch = std::env::temp_dir().join(format!("acs-fuzz-{target}-{}", std::process::id()));
    let _ = fs::remove_dir_all(scratch);
    ExitCode::SUCCESS
}
