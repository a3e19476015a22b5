//! Request signing for Alibaba Cloud OpenAPI: the shared encoding and hashing helpers, ACS3-HMAC-SHA256
//! ([`acs3`]), the legacy HMAC-SHA1 RPC signature ([`v1`]) and its RESTful counterpart ([`roa`]), and Log
//! Service's own scheme ([`log`]).
//!
//! Everything here is a pure function so that a server (tests, a later emulator) can recompute exactly what
//! the client signed.

pub mod acs3;
mod hmac_sha1;
pub mod log;
pub mod roa;
pub mod v1;

#[cfg(test)]
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Alibaba's encoding set: every byte except `A-Z a-z 0-9 - _ . ~` is written as `%XX`.
///
/// `NON_ALPHANUMERIC` already encodes everything but letters and digits; we take the four unreserved
/// punctuation characters back out, as RFC 3986 (and Alibaba's signers) do. [`percent_encode_into`]
/// writes this encoding directly; the tests hold it to the set.
#[cfg(test)]
const ALIBABA_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Formats UNIX seconds as `YYYY-MM-DDTHH:MM:SSZ`, the form of `x-acs-date` (ACS3) and `Timestamp` (V1).
pub fn format_signing_date(unix_seconds: i64) -> String {
    crate::civil::format_utc_seconds(unix_seconds)
}

/// Parses a signing date, strictly `YYYY-MM-DDTHH:MM:SSZ` as the gateway demands, into UNIX seconds;
/// `None` for any other shape or an impossible date.
pub fn parse_signing_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let shape = b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    crate::civil::parse_iso8601_millis(text).map(|ms| ms.div_euclid(1000))
}

/// Percent-encodes the UTF-8 bytes of `s` the way Alibaba's signers do: space is `%20` (never `+`), `*` is
/// `%2A`, `/` is `%2F`, `~` is kept, hex digits are upper case.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    percent_encode_into(s, &mut out);
    out
}

/// Whether each byte is unreserved (`A-Z a-z 0-9 - _ . ~`), so written as it is.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

/// `%00%01…%FF`: the escape of byte `b` is `ESCAPES[3 * b..3 * b + 3]`.
const ESCAPES: &str = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    const BYTES: [u8; 768] = {
        let mut t = [0u8; 768];
        let mut b = 0;
        while b < 256 {
            t[3 * b] = b'%';
            t[3 * b + 1] = HEX[b >> 4];
            t[3 * b + 2] = HEX[b & 0x0f];
            b += 1;
        }
        t
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => panic!("the escape table is ASCII"),
    }
};

/// [`percent_encode`] appending to `out`: runs of unreserved bytes are copied at once, which is most of
/// a request's text, and each other byte's `%XX` comes from a table, both tested by one lookup per byte.
pub fn percent_encode_into(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len());
    let mut start = 0;
    while start < bytes.len() {
        let mut run = start;
        while run < bytes.len() && UNRESERVED[usize::from(bytes[run])] {
            run += 1;
        }
        // Unreserved bytes are ASCII, so `run` is a character boundary.
        out.push_str(&s[start..run]);
        // The rest, up to the next unreserved byte: every byte of it (a UTF-8 character's bytes
        // included) is `%XX`, upper-case hex, as `ALIBABA_SET` encodes it.
        let mut next = run;
        while next < bytes.len() && !UNRESERVED[usize::from(bytes[next])] {
            let at = 3 * usize::from(bytes[next]);
            out.push_str(&ESCAPES[at..at + 3]);
            next += 1;
        }
        start = next;
    }
}

/// Lower-case hex encoding of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Lower-case hex of the SHA-256 digest of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    if data.is_empty() {
        return EMPTY_SHA256.to_owned();
    }
    hex(ring::digest::digest(&ring::digest::SHA256, data).as_ref())
}

/// The hex SHA-256 of nothing: the `x-acs-content-sha256` of every request without a body.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Standard base64 (RFC 4648 alphabet, with `=` padding), as V1 signatures use.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = chunk[0];
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        // Each index is masked to 6 bits, so it is always inside the 64-entry alphabet.
        let sextet = |shift: u32| char::from(ALPHABET[((n >> shift) & 0x3f) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

/// Encodes every pair, sorts by encoded name (then encoded value, so repeated names stay deterministic) and
/// joins them as `name=value&…`. This is both the canonical query of ACS3 and the canonicalized query of V1.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut encoded = EncodedPairs::with_capacity(pairs.len());
    for (k, v) in pairs {
        encoded.push(k.as_ref(), v.as_ref());
    }
    encoded.sort();
    encoded.joined()
}

/// Pairs percent-encoded into one buffer, sorted and joined without a `String` per name and value: what
/// [`canonical_query`] and the request builders do per call, in two allocations instead of two per
/// parameter. Sorting compares the encoded name, then the encoded value, as tuples of strings do.
#[derive(Clone)]
pub(crate) struct EncodedPairs {
    /// Every encoded name and value, back to back.
    text: String,
    /// Per pair: where its name starts, where its name ends (its value starts), where its value ends.
    spans: Vec<(usize, usize, usize)>,
}

impl EncodedPairs {
    pub(crate) fn with_capacity(pairs: usize) -> EncodedPairs {
        EncodedPairs {
            text: String::with_capacity(pairs * 24),
            spans: Vec::with_capacity(pairs),
        }
    }

    /// Adds `name=value`, both percent-encoded.
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        let start = self.text.len();
        percent_encode_into(name, &mut self.text);
        let middle = self.text.len();
        percent_encode_into(value, &mut self.text);
        self.spans.push((start, middle, self.text.len()));
    }

    fn pair(&self, i: usize) -> (&str, &str) {
        let (a, b, c) = self.spans[i];
        (&self.text[a..b], &self.text[b..c])
    }

    /// Sorts the pairs by encoded name, then encoded value.
    pub(crate) fn sort(&mut self) {
        let text = &self.text;
        self.spans.sort_unstable_by(|x, y| {
            (&text[x.0..x.1], &text[x.1..x.2]).cmp(&(&text[y.0..y.1], &text[y.1..y.2]))
        });
    }

    /// Adds `name=value` (both percent-encoded) to pairs already sorted, where [`sort`](Self::sort) would
    /// put it: one binary search and a shift, not a second sort (V1 adds its `Signature` that way).
    pub(crate) fn insert_sorted(&mut self, name: &str, value: &str) {
        self.push(name, value);
        let Some(&new) = self.spans.last() else {
            return;
        };
        let text = &self.text;
        let key = (&text[new.0..new.1], &text[new.1..new.2]);
        let rest = &self.spans[..self.spans.len() - 1];
        let at = rest.partition_point(|x| (&text[x.0..x.1], &text[x.1..x.2]) <= key);
        self.spans[at..].rotate_right(1);
    }

    /// The length of `name=value&…` over every pair.
    fn joined_len(&self) -> usize {
        self.spans.iter().map(|(a, _, c)| c - a + 2).sum()
    }

    /// Appends `name=value&…` (in the current order) to `out`.
    pub(crate) fn join_into(&self, out: &mut String) {
        for i in 0..self.spans.len() {
            if i > 0 {
                out.push('&');
            }
            let (k, v) = self.pair(i);
            out.push_str(k);
            out.push('=');
            out.push_str(v);
        }
    }

    /// `name=value&…` in the current order.
    pub(crate) fn joined(&self) -> String {
        let mut out = String::with_capacity(self.joined_len());
        self.join_into(&mut out);
        out
    }
}

/// Random lower-case hex string made of `bytes` random bytes (so `2 * bytes` characters), from the operating
/// system's generator. Used for signature nonces and idempotency tokens.
pub fn random_hex(bytes: usize) -> Result<String, ring::error::Unspecified> {
    use ring::rand::SecureRandom;
    let mut buf = vec![0u8; bytes];
    ring::rand::SystemRandom::new().fill(&mut buf)?;
    Ok(hex(&buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_dates_round_trip_strictly() {
        let t = super::parse_signing_date("2023-10-26T10:22:32Z").expect("published x-acs-date");
        assert_eq!(super::format_signing_date(t), "2023-10-26T10:22:32Z");
        for bad in [
            "2023-10-26T10:22:32",
            "2023-10-26 10:22:32Z",
            "2023-02-30T10:22:32Z",
            "2023-10-26T10:22:32.000Z",
            "２023-10-26T10:22:32Z",
        ] {
            assert_eq!(super::parse_signing_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn encodes_like_alibaba() {
        assert_eq!(percent_encode("a b"), "a%20b");
        assert_eq!(percent_encode("*"), "%2A");
        assert_eq!(percent_encode("~"), "~");
        assert_eq!(percent_encode("/"), "%2F");
        assert_eq!(percent_encode("+"), "%2B");
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(percent_encode("="), "%3D");
        assert_eq!(percent_encode("&"), "%26");
        assert_eq!(percent_encode(":"), "%3A");
        assert_eq!(percent_encode("中文"), "%E4%B8%AD%E6%96%87");
        assert_eq!(percent_encode(""), "");
        // The run-copying encoder agrees with the encoding set applied byte by byte, whatever mixes.
        let pieces = ["a", "Z9", "-_.~", " ", "*", "/", "中", "%", "+", "é", "=&"];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}{a}");
                    let reference = utf8_percent_encode(&s, ALIBABA_SET).to_string();
                    assert_eq!(percent_encode(&s), reference, "{s:?}");
                }
            }
        }
    }

    /// A small deterministic generator (xorshift), so the test needs no dependency and fails the same
    /// way every time.
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// A random string mixing unreserved ASCII, reserved ASCII, control characters and multi-byte
    /// characters.
    fn random_text(state: &mut u64) -> String {
        const CHARS: &[char] = &[
            'a',
            'Z',
            '0',
            '9',
            '-',
            '_',
            '.',
            '~',
            ' ',
            '*',
            '/',
            '+',
            '%',
            '=',
            '&',
            ':',
            '"',
            '\\',
            '\u{0}',
            '\u{1f}',
            '\u{7f}',
            'é',
            '中',
            '😀',
            '\u{10ffff}',
        ];
        let len = xorshift(state) % 24;
        (0..len)
            .map(|_| CHARS[(xorshift(state) % CHARS.len() as u64) as usize])
            .collect()
    }

    #[test]
    fn the_fast_encoder_agrees_with_the_encoding_set_on_random_text() {
        let mut state = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let s = random_text(&mut state);
            let reference = utf8_percent_encode(&s, ALIBABA_SET).to_string();
            assert_eq!(percent_encode(&s), reference, "{s:?}");
        }
    }

    /// The canonical query as it was first written: a `String` per encoded name and value, sorted as
    /// tuples.
    fn reference_canonical_query(pairs: &[(String, String)]) -> String {
        let mut encoded: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| {
                (
                    utf8_percent_encode(k, ALIBABA_SET).to_string(),
                    utf8_percent_encode(v, ALIBABA_SET).to_string(),
                )
            })
            .collect();
        encoded.sort_unstable();
        encoded
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    }

    #[test]
    fn the_one_buffer_canonical_query_agrees_with_the_reference_on_random_pairs() {
        let mut state = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3_000 {
            let n = xorshift(&mut state) % 12;
            let mut pairs: Vec<(String, String)> = (0..n)
                .map(|_| (random_text(&mut state), random_text(&mut state)))
                .collect();
            // Repeated names (and whole pairs) must sort the same way too.
            if n > 2 {
                pairs.push((pairs[0].0.clone(), random_text(&mut state)));
                pairs.push(pairs[1].clone());
            }
            assert_eq!(
                canonical_query(&pairs),
                reference_canonical_query(&pairs),
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn inserting_into_sorted_pairs_gives_what_a_full_sort_gives() {
        let mut state = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2_000 {
            let n = xorshift(&mut state) % 10;
            let mut sorted = EncodedPairs::with_capacity(n as usize + 1);
            let mut reference = EncodedPairs::with_capacity(n as usize + 1);
            let mut names = Vec::new();
            for _ in 0..n {
                let (k, v) = (random_text(&mut state), random_text(&mut state));
                sorted.push(&k, &v);
                reference.push(&k, &v);
                names.push(k);
            }
            sorted.sort();
            // Sometimes a name already there, so equal names order by value.
            let (k, v) = if n > 0 && xorshift(&mut state).is_multiple_of(3) {
                (names[0].clone(), random_text(&mut state))
            } else {
                (random_text(&mut state), random_text(&mut state))
            };
            sorted.insert_sorted(&k, &v);
            reference.push(&k, &v);
            reference.sort();
            assert_eq!(sorted.joined(), reference.joined());
        }
    }

    #[test]
    fn hex_and_sha256() {
        assert_eq!(hex(&[0x00, 0xff, 0x1a]), "00ff1a");
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        // The constant for an empty body is the digest itself.
        assert_eq!(
            EMPTY_SHA256,
            hex(ring::digest::digest(&ring::digest::SHA256, b"").as_ref())
        );
    }

    #[test]
    fn base64_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want, "input {input:?}");
        }
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn canonical_query_sorts_encoded_names() {
        let q = canonical_query(&[("b", "2"), ("a", "x y"), ("A", "*")]);
        assert_eq!(q, "A=%2A&a=x%20y&b=2");
        assert_eq!(canonical_query::<&str, &str>(&[]), "");
    }

    #[test]
    fn random_hex_is_fresh() {
        let a = random_hex(16).unwrap();
        let b = random_hex(16).unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
