//! How text gets into an [`Error`](super::Error): every string it stores is cleaned once, on the way in,
//! so that its accessors, `Display`, `Debug` and the log events that print it are all safe at once.
//!
//! Cleaning does three things. Values after `SecurityToken`, `Signature` or `AccessKeySecret` keys are
//! replaced ([`crate::redact::redact_values`]), so a credential quoted by a server (or by anything else) is
//! never stored. Control characters and the Unicode bidirectional overrides are written as escapes (`\n`,
//! `\u{1b}`, `\u{202e}`), so a server cannot forge log lines or recolour a terminal. And the length is
//! bounded, cut on a character boundary with `…`, so a server cannot make an error (and every log line
//! that shows it) megabytes long.

use std::fmt::Write as _;

use crate::redact;

/// Longest error message kept (ours or the service's `Message`), in bytes.
pub(crate) const MAX_MESSAGE: usize = 4096;
/// Longest service `Code`, `RequestId` or `HostId` kept.
pub(crate) const MAX_ID: usize = 256;
/// Longest service `Recommend` kept.
pub(crate) const MAX_RECOMMEND: usize = 1024;
/// Longest quote of a response body kept.
pub(crate) const MAX_SNIPPET: usize = 200;
/// Longest `AccessDeniedDetail` kept.
pub(crate) const MAX_DETAIL: usize = 4096;

/// The marker of a cut.
const ELLIPSIS: char = '…';

/// `text` with credential values redacted, control characters escaped and at most `max` bytes (the `…`
/// included). Idempotent: cleaning a cleaned text changes nothing.
pub(crate) fn clean(text: &str, max: usize) -> String {
    // Only the start can be shown, so only the start is scanned. A credential value cut at the end of
    // this head still follows its key, so it is still redacted; the caller has already replaced the
    // call's own secrets in the whole text.
    let head = prefix(text, max.saturating_mul(4));
    let redacted = redact::redact_values(head);
    let mut out = String::with_capacity(redacted.len().min(max));
    // The length at the last character boundary that leaves room for the ellipsis: escapes are kept
    // whole or dropped whole.
    let mut fits = 0;
    for c in redacted.chars() {
        push_escaped(&mut out, c);
        if out.len() > max {
            out.truncate(fits);
            out.push(ELLIPSIS);
            return out;
        }
        if out.len() + ELLIPSIS.len_utf8() <= max {
            fits = out.len();
        }
    }
    if head.len() < text.len() {
        out.truncate(fits);
        out.push(ELLIPSIS);
    }
    out
}

/// At most `max` bytes of `text`, cut on a character boundary.
pub(crate) fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Pushes `c`, or its escape when it could change how a terminal or a log shows the text around it.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() || is_bidi_control(c) => {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// The invisible characters that reorder text on screen ("Trojan Source").
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(clean("a\nb\r\tc", 100), "a\\nb\\r\\tc");
        assert_eq!(clean("red \u{1b}[31mX", 100), "red \\u{1b}[31mX");
        assert_eq!(
            clean("\u{7f}\u{85}\u{202e}txt", 100),
            "\\u{7f}\\u{85}\\u{202e}txt"
        );
        assert_eq!(clean("中文 ok", 100), "中文 ok");
        let once = clean("x\ny\u{1b}", 100);
        assert_eq!(clean(&once, 100), once, "idempotent");
    }

    #[test]
    fn length_is_bounded_on_char_boundaries() {
        assert_eq!(clean("abc", 10), "abc");
        assert_eq!(clean("abcdef", 6), "abcdef");
        // Three bytes for the ellipsis: four bytes leave room for one more.
        assert_eq!(clean("abcdef", 4), "a…");
        // "中" is three bytes: a cut inside it backs off to the character before.
        assert_eq!(clean("中中中", 7), "中…");
        assert!(clean(&"中".repeat(1000), 200).len() <= 200);
        // An escape is kept whole or dropped whole.
        assert_eq!(clean("ab\u{1b}cd", 8), "ab…");
        let long = "x".repeat(10_000);
        let once = clean(&long, 100);
        assert!(once.len() <= 100 && once.ends_with('…'));
        assert_eq!(clean(&once, 100), once, "idempotent");
        assert_eq!(prefix("中中", 4), "中");
    }

    #[test]
    fn credential_values_are_redacted() {
        assert_eq!(
            clean("a&SecurityToken=abc%2Bdef&b=1", 100),
            "a&SecurityToken=<redacted>&b=1"
        );
    }
}
