//! [`Journal`]: the record of exchanges a running emulator keeps for tests to read back, bounded twice:
//! by count and by bytes. A count alone does not bound memory, since a request body may be up to 1 MiB
//! and the record keeps it with its decoded parameters (1,000 such exchanges took about 1 GB); so the
//! oldest exchanges are dropped until both bounds hold. The newest is always kept, even alone over the
//! byte budget, because a test reads the exchange its last call made.

use std::collections::VecDeque;

use crate::record::Exchange;

/// The recorded exchanges, oldest first, with their accounted sizes.
#[derive(Debug)]
pub(crate) struct Journal {
    entries: VecDeque<(Exchange, usize)>,
    bytes: usize,
    max_entries: usize,
    max_bytes: usize,
}

impl Journal {
    /// An empty record keeping at most `max_entries` exchanges (at least 1) and `max_bytes` bytes.
    pub(crate) fn new(max_entries: usize, max_bytes: usize) -> Journal {
        Journal {
            entries: VecDeque::new(),
            bytes: 0,
            max_entries: max_entries.max(1),
            max_bytes,
        }
    }

    /// Keeps `exchange`, dropping the oldest until both bounds hold (or only it remains).
    pub(crate) fn push(&mut self, exchange: Exchange) {
        let size = exchange.retained_bytes();
        self.entries.push_back((exchange, size));
        self.bytes = self.bytes.saturating_add(size);
        while self.entries.len() > 1
            && (self.entries.len() > self.max_entries || self.bytes > self.max_bytes)
        {
            if let Some((_, dropped)) = self.entries.pop_front() {
                self.bytes = self.bytes.saturating_sub(dropped);
            }
        }
    }

    /// Copies of the kept exchanges, oldest first.
    pub(crate) fn snapshot(&self) -> Vec<Exchange> {
        self.entries.iter().map(|(e, _)| e.clone()).collect()
    }

    /// The bytes the kept exchanges account for.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// Forgets everything.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(n: usize, body: usize) -> Exchange {
        Exchange {
            method: "POST".into(),
            path: "/".into(),
            query: format!("n={n}"),
            headers: Vec::new(),
            body: vec![b'x'; body],
            params: Vec::new(),
            action: None,
            status: Some(400),
            response_headers: Vec::new(),
            response_body: String::new(),
        }
    }

    #[test]
    fn both_bounds_hold_and_the_newest_stay() {
        let one = exchange(99, 1000).retained_bytes();
        let mut j = Journal::new(100, 5 * one);
        for n in 0..20 {
            j.push(exchange(n, 1000));
            assert!(j.bytes() <= 5 * one, "{} after {n}", j.bytes());
        }
        let kept: Vec<String> = j.snapshot().into_iter().map(|e| e.query).collect();
        assert_eq!(kept, ["n=15", "n=16", "n=17", "n=18", "n=19"]);
        let mut counted = Journal::new(3, usize::MAX);
        (0..5).for_each(|n| counted.push(exchange(n, 10)));
        assert_eq!(counted.snapshot().len(), 3);
        assert_eq!(counted.snapshot()[0].query, "n=2");
    }

    #[test]
    fn one_exchange_over_the_budget_is_kept_alone_and_clear_resets() {
        let mut j = Journal::new(10, 100);
        j.push(exchange(0, 10));
        j.push(exchange(1, 5000));
        let kept = j.snapshot();
        assert_eq!((kept.len(), kept[0].query.as_str()), (1, "n=1"));
        j.push(exchange(2, 10));
        assert_eq!(j.snapshot().len(), 1, "the big one goes when a newer comes");
        j.clear();
        assert_eq!((j.snapshot().len(), j.bytes()), (0, 0));
    }
}
