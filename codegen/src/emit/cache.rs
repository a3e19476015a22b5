//! What lets an unchanged file skip rendering: a key for each file, the hash of exactly what determines its
//! text (its path, the IR it is emitted from, the crate name its docs use), and the [`Cache`] the emitters
//! ask before building tokens, printing and checking it.
//!
//! The emitters are pure functions of the IR: two renders of the same IR item by the same generator give
//! the same text. The key hashes the item's `Debug` text, which a derived `Debug` makes a complete dump of
//! every field, so a field added to the IR later is in the key without anyone remembering to add it. What
//! identifies the generator itself (its own binary) is the cache's business: a cache must only answer for
//! the generator that filled it.
//!
//! Keys and content hashes are 128 bits: two SipHash-1-3 streams (the standard library's hasher, fixed
//! keys) over the same bytes, told apart by a different first byte. That is not a defence against someone
//! forging a collision, which a build cache does not need, but an accidental collision among a few thousand
//! files is out of reach (about 2⁻¹⁰⁰).

use std::fmt;
use std::hash::{DefaultHasher, Hasher};

/// A 128-bit hash: a file's cache key, or the hash of its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub u128);

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl std::str::FromStr for Key {
    type Err = std::num::ParseIntError;

    fn from_str(s: &str) -> Result<Key, Self::Err> {
        u128::from_str_radix(s, 16).map(Key)
    }
}

/// Hashes bytes, strings and `Debug` text into a [`Key`]. Strings are length-prefixed, so `("ab", "c")`
/// and `("a", "bc")` differ.
pub struct KeyHasher {
    a: DefaultHasher,
    b: DefaultHasher,
}

impl Default for KeyHasher {
    fn default() -> Self {
        KeyHasher::new()
    }
}

impl KeyHasher {
    /// An empty hasher.
    pub fn new() -> KeyHasher {
        let a = DefaultHasher::new();
        let mut b = DefaultHasher::new();
        // The two halves must not be the same function of the input, or the key would have 64 bits.
        b.write_u8(0xa5);
        KeyHasher { a, b }
    }

    /// Adds raw bytes (no length prefix: for one stream of data, such as a file).
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.a.write(bytes);
        self.b.write(bytes);
    }

    /// Adds one string, length first.
    pub fn str(&mut self, s: &str) {
        self.a.write_usize(s.len());
        self.b.write_usize(s.len());
        self.bytes(s.as_bytes());
    }

    /// Adds a key (a digest computed before).
    pub fn key(&mut self, k: Key) {
        self.a.write_u128(k.0);
        self.b.write_u128(k.0);
    }

    /// Adds the whole `Debug` text of `value`, streamed (never held in memory), ended by a marker no
    /// `Debug` text holds, so two values in a row cannot be confused with another split of the same text.
    pub fn debug(&mut self, value: &dyn fmt::Debug) {
        use fmt::Write as _;
        // Writing into a hasher cannot fail; a formatting error would come from a broken `Debug` impl, and
        // then the key is still a deterministic function of what was written before it.
        let _ = write!(self, "{value:?}");
        self.a.write_u8(0xff);
        self.b.write_u8(0xff);
    }

    /// The key.
    pub fn finish(&self) -> Key {
        Key((u128::from(self.a.finish()) << 64) | u128::from(self.b.finish()))
    }
}

impl fmt::Write for KeyHasher {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

/// The hash of a file's text, which a cache stores to verify what it hands back.
pub fn content_hash(text: &str) -> Key {
    let mut h = KeyHasher::new();
    h.str(text);
    h.finish()
}

/// Rendered files by path and key. `get` must only return text that `put` was given for the same path and
/// key (by this generator), verified, for a wrong answer would be written out as generated code: a cache
/// that cannot tell answers `None` and the file is rendered again.
pub trait Cache: Sync {
    /// The text rendered before for `path` from `key`, if the cache has it intact.
    fn get(&self, path: &str, key: Key) -> Option<String>;
    /// Remembers that `path` rendered from `key` is `text` (which passed the self-check, or was known good).
    fn put(&self, path: &str, key: Key, text: &str);
    /// Whether `text`, just rendered for `path`, is known to be good without the self-check. The one answer
    /// that is safe: it is exactly the file already there, which nothing will write (so the self-check's
    /// promise, nothing broken is ever written, holds) and which the compiler reads in every build. A
    /// clean clone has no cache but has every file, so its `gen --check` parses each file once, not twice.
    fn known_good(&self, path: &str, text: &str) -> bool {
        let _ = (path, text);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_separate_strings_and_round_trip_as_hex() {
        let key = |parts: &[&str]| {
            let mut h = KeyHasher::new();
            for p in parts {
                h.str(p);
            }
            h.finish()
        };
        assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
        assert_eq!(key(&["x"]), key(&["x"]));
        let k = key(&["x"]);
        assert_ne!(
            k.0 >> 64,
            k.0 & u128::from(u64::MAX),
            "two different halves"
        );
        assert_eq!(k.to_string().parse::<Key>(), Ok(k));
        assert_ne!(content_hash("a"), content_hash("b"));
    }

    #[test]
    fn debug_text_is_streamed_into_the_key() {
        let mut a = KeyHasher::new();
        a.debug(&vec!["x", "y"]);
        let mut b = KeyHasher::new();
        b.debug(&vec!["x", "y"]);
        let mut c = KeyHasher::new();
        c.debug(&vec!["x", "z"]);
        assert_eq!(a.finish(), b.finish());
        assert_ne!(a.finish(), c.finish());
    }
}
