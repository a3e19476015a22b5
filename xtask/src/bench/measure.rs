//! Runs a command under `/usr/bin/time` and reads back its wall time, CPU time and peak memory, and
//! summarises repeated runs as minimum, median and maximum.

use std::fmt;
use std::path::Path;
use std::process::Command;

/// One run of a command.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    /// Wall-clock seconds.
    pub wall: f64,
    /// User plus system CPU seconds (of the command and every process it waited for).
    pub cpu: f64,
    /// Peak resident memory of the largest process, in bytes (for `cargo check`, the compiler's).
    pub peak: u64,
}

/// Minimum, median and maximum of some runs.
#[derive(Clone, Copy, Debug)]
pub struct Spread {
    pub min: f64,
    pub median: f64,
    pub max: f64,
}

impl Spread {
    /// The spread of `values` (at least one).
    pub fn of(values: &[f64]) -> Spread {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        Spread {
            min: v[0],
            median: v[v.len() / 2],
            max: v[v.len() - 1],
        }
    }

    /// Every figure multiplied by `k` (seconds to milliseconds, totals to per-operation figures).
    pub fn scaled(self, k: f64) -> Spread {
        Spread {
            min: self.min * k,
            median: self.median * k,
            max: self.max * k,
        }
    }
}

impl fmt::Display for Spread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = f.precision().unwrap_or(2);
        write!(
            f,
            "{:.p$} / {:.p$} / {:.p$}",
            self.min, self.median, self.max
        )
    }
}

/// One run of a command that may fail: its timing (when `/usr/bin/time` gave one) and its output.
#[derive(Debug)]
pub struct Outcome {
    /// The timing; `/usr/bin/time` reports one for a failed command too.
    pub run: Option<Run>,
    /// Whether the command exited with status 0.
    pub ok: bool,
    pub stdout: String,
    /// Standard error without `/usr/bin/time`'s own lines.
    pub stderr: String,
}

/// Runs `program args` in `dir` with extra `env` under `/usr/bin/time` and returns its timing and output
/// whether it succeeds or not; fails only when the command cannot be started.
pub fn outcome(
    dir: &Path,
    env: &[(&str, &str)],
    program: &str,
    args: &[&str],
) -> Result<Outcome, String> {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("ACS-BENCH %e %U %S %M")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .map_err(|e| format!("cannot run /usr/bin/time (install GNU time): {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let run = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("ACS-BENCH "))
        .and_then(parse_line);
    // GNU time adds its own lines (the timing, and "Command exited with non-zero status N" on failure);
    // what the command itself said is everything else.
    let own: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            !l.starts_with("ACS-BENCH ") && !l.starts_with("Command exited with non-zero status")
        })
        .collect();
    Ok(Outcome {
        run,
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: own.join("\n"),
    })
}

/// Reads a line `<prefix> wall user system kilobytes` (the rest, if any, ignored).
pub fn parse_line(line: &str) -> Option<Run> {
    let f: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .take(4)
        .filter_map(|x| x.parse().ok())
        .collect();
    match f.as_slice() {
        [wall, user, sys, kb] => Some(Run {
            wall: *wall,
            cpu: user + sys,
            peak: (*kb as u64) * 1024,
        }),
        _ => None,
    }
}

/// Runs `program args` in `dir` with extra `env` under `/usr/bin/time`; fails with the command's output
/// when it fails.
pub fn run(dir: &Path, env: &[(&str, &str)], program: &str, args: &[&str]) -> Result<Run, String> {
    let out = outcome(dir, env, program, args)?;
    if !out.ok {
        let tail: Vec<&str> = out.stderr.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "`{program} {}` in {} failed:\n{}",
            args.join(" "),
            dir.display(),
            tail.join("\n")
        ));
    }
    out.run
        .ok_or_else(|| format!("no timing from /usr/bin/time for `{program}`"))
}

/// Runs the same command `times` times.
pub fn repeat(
    times: usize,
    dir: &Path,
    env: &[(&str, &str)],
    program: &str,
    args: &[&str],
) -> Result<Vec<Run>, String> {
    (0..times).map(|_| run(dir, env, program, args)).collect()
}
