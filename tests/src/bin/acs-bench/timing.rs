//! Timing of small operations: batches sized to about 20 ms, seven batches, min / median / max of the
//! time per iteration.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Nanoseconds per iteration: min, median, max over the batches.
#[derive(Clone, Copy, Debug)]
pub struct Nanos {
    pub min: f64,
    pub median: f64,
    pub max: f64,
}

impl std::fmt::Display for Nanos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.2} / {:.2} / {:.2}",
            self.min / 1000.0,
            self.median / 1000.0,
            self.max / 1000.0
        )
    }
}

/// Times `f`, a closure doing one iteration.
pub fn time<R>(mut f: impl FnMut() -> R) -> Nanos {
    // Size a batch to about 20 ms.
    let mut n = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            black_box(f());
        }
        if t.elapsed() > Duration::from_millis(20) || n > 1 << 24 {
            break;
        }
        n *= 2;
    }
    let mut per: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                black_box(f());
            }
            t.elapsed().as_nanos() as f64 / n as f64
        })
        .collect();
    per.sort_by(f64::total_cmp);
    Nanos {
        min: per[0],
        median: per[per.len() / 2],
        max: per[per.len() - 1],
    }
}
