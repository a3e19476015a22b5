//! [`NonceCache`]: the nonces seen per AccessKeyId within the timestamp window, so a replayed request is
//! refused with `SignatureNonceUsed`. Entries older than twice the window are dropped on every insert:
//! a request that old is refused for its timestamp anyway, and the cache stays bounded.

use std::collections::HashMap;
use std::sync::Mutex;

/// Nonces seen recently, shared by every connection.
#[derive(Debug, Default)]
pub(crate) struct NonceCache {
    seen: Mutex<HashMap<(String, String), i64>>,
}

impl NonceCache {
    /// Records `nonce` for `key` at `now`; false if it was already recorded within `window` seconds.
    pub(crate) fn insert(&self, key: &str, nonce: &str, now: i64, window: i64) -> bool {
        // A poisoned lock only means another request panicked mid-insert; the map is still usable.
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.retain(|_, at| now - *at <= 2 * window);
        let entry = (key.to_owned(), nonce.to_owned());
        if seen.contains_key(&entry) {
            return false;
        }
        seen.insert(entry, now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_reuse_within_the_window_per_key() {
        let c = NonceCache::default();
        assert!(c.insert("a", "n1", 0, 900));
        assert!(!c.insert("a", "n1", 10, 900));
        assert!(c.insert("b", "n1", 10, 900));
        assert!(c.insert("a", "n2", 10, 900));
        // Long after the window the old entry is gone (and its timestamp would be refused anyway).
        assert!(c.insert("a", "n1", 2000, 900));
    }
}
