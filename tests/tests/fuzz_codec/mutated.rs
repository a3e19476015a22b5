//! The documented examples of the catalogue, mutated at the byte and the token level, and one hostile
//! value put in the place of a valid one (its error must point there).

use acs_runtime::serde_json::{self, Value};

use super::support::*;

/// Characters a mutation puts anywhere, inside strings or between tokens.
pub(crate) const CHARS: &[char] = &[
    '"', '\\', '[', ']', '{', '}', ':', ',', ' ', '\t', '\n', '\r', '-', '+', '.', 'e', '0', '9',
    'u', '\0', '\u{1}', '\u{1f}', '\u{7f}', '\u{85}', '\u{a0}', '\u{2028}', '\u{feff}', 'é', '😀',
];

/// Bits of JSON a mutation inserts whole: odd and broken escapes, lone surrogates, extreme numbers.
pub(crate) const TOKENS: &[&str] = &[
    "null",
    "true",
    "-0",
    "1e999",
    "-1e-999",
    "123456789012345678901234567890",
    "1.7976931348623157e309",
    "5e-324",
    "9223372036854775808",
    "\\ud800",
    "\\udc00",
    "\\ud800\\u0041",
    "\\ud83d\\ude00",
    "\\u0000",
    "\\uFFFF",
    "\\/",
    "\\x41",
    "\\u12",
    "\\U0041",
    "\\'",
    "\"\":\"\",",
    "[],",
    "{},",
    "\r\n",
];

/// `text` with one to three small changes at character boundaries.
pub(crate) fn mutate_text(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(5) {
            0 if at < chars.len() => chars[at] = *rng.pick(CHARS),
            1 => chars.insert(at, *rng.pick(CHARS)),
            2 => {
                let token = *rng.pick(TOKENS);
                chars.splice(at..at, token.chars());
            }
            3 => {
                let end = (at + 1 + rng.below(8)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            _ => {
                let end = (at + 1 + rng.below(32)).min(chars.len());
                let copy = chars[at.min(end)..end].to_vec();
                chars.splice(at..at, copy);
            }
        }
    }
    chars.into_iter().collect()
}

/// Valid JSON values that fit few fields: absent forms, numbers at and past every limit, numeric and
/// boolean strings, escapes that decode to odd text.
pub(crate) const VALID: &[&str] = &[
    "null",
    "\"\"",
    "\"   \"",
    "0",
    "-0",
    "-0.0",
    "1.5",
    "30.0",
    "1e3",
    "1E+2",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "1e308",
    "1e999",
    "-1e999",
    "5e-324",
    "1e-400",
    "true",
    "\"true\"",
    "\"FALSE\"",
    "\"1\"",
    "\"1e3\"",
    "\" 12 \"",
    "\"NaN\"",
    "\"inf\"",
    "\"-0\"",
    "\"2022-03-16T08:01:34Z\"",
    "\"9999-12-31T23:59:60.999999999+23:59\"",
    "\"1700000000000\"",
    "\"{\\\"a\\\":[1,{}]}\"",
    "\"\\ud83d\\ude00\\u0000\\u001f\\/\\b\\f\\n\\r\\t\\\\\\\"\"",
    "\"\\uFFFF\\uFEFF\\u2028\"",
    "[]",
    "[null]",
    "[\"\"]",
    "[1,\"a\",true,null,{},[]]",
    "{}",
    "{\"\":null}",
    "{\"a\":1,\"a\":2}",
    "{\"RequestId\":{\"RequestId\":[]}}",
];

/// Texts that are not JSON: lone surrogates, bad escapes, numbers JSON does not allow, broken
/// containers, raw control characters.
pub(crate) const INVALID: &[&str] = &[
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"\\ud800\\u0041\"",
    "\"\\ud800\\ud800\"",
    "\"\\ud800\\\"",
    "\"\\x41\"",
    "\"\\u12\"",
    "\"\\uZZZZ\"",
    "\"\\U0041\"",
    "\"\u{1}\"",
    "\"unterminated",
    "01",
    "1.",
    ".5",
    "+1",
    "1e",
    "1e+",
    "-",
    "--1",
    "0x10",
    "NaN",
    "Infinity",
    "-Infinity",
    "tru",
    "nul",
    "True",
    "[1,]",
    "[1 2]",
    "{\"a\":1,}",
    "{\"a\" 1}",
    "{a:1}",
    "{1:1}",
    "'s'",
    "[",
    "{",
    "]",
];

/// One step of a path into a document, written like `DecodeError::path`.
#[derive(Clone)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

pub(crate) fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

/// Whether `inner` is `outer` or a path inside it.
pub(crate) fn within(inner: &str, outer: &str) -> bool {
    outer == "."
        || inner == outer
        || (inner.starts_with(outer) && matches!(inner.as_bytes()[outer.len()], b'.' | b'['))
}

/// Every path to a value of `v`, the document itself left out.
pub(crate) fn paths(v: &Value, here: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                here.push(Seg::Key(k.clone()));
                out.push(here.clone());
                paths(child, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                here.push(Seg::Index(i));
                out.push(here.clone());
                paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

/// The text of `doc` with the value at `path` replaced by the raw text `hostile`: a marker string goes
/// in, `serde_json` writes the document, and the marker's text is swapped for the hostile text (which
/// `serde_json` could not hold: `1e999`, lone surrogates, broken syntax).
pub(crate) fn replaced(doc: &Value, path: &[Seg], hostile: &str) -> String {
    const MARK: &str = "\u{1}hostile\u{1}";
    let mut doc = doc.clone();
    let mut at = &mut doc;
    for seg in path {
        at = match seg {
            Seg::Key(k) => &mut at[k.as_str()],
            Seg::Index(i) => &mut at[*i],
        };
    }
    *at = Value::String(MARK.to_owned());
    let text = serde_json::to_string(&doc).expect("a document");
    let quoted = serde_json::to_string(MARK).expect("a string");
    text.replacen(&quoted, hostile, 1)
}

/// Nested arrays or objects `depth` deep around `1`.
pub(crate) fn nested(depth: usize, object: bool) -> String {
    if object {
        format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
    } else {
        format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
    }
}

/// How many changed texts each example yields, of each kind.
pub(crate) const MUTATIONS_PER_EXAMPLE: usize = 2;

/// Every documented example decodes as documented (when fit), and its mutations — small text edits,
/// truncations, one value replaced by a hostile one — end in values that round-trip or in errors at the
/// right place.
#[test]
pub(crate) fn mutated_examples_decode_or_fail_cleanly() {
    let all = examples();
    assert!(all.len() > 1000, "only {} examples", all.len());
    let mut rng = Rng(0xc0de_c0de_5eed_0001);
    let (mut refused, mut accepted) = (0usize, 0usize);
    let deep: Vec<String> = [126, 127, 128, 129, 20_000]
        .iter()
        .flat_map(|&d| [nested(d, false), nested(d, true)])
        .collect();
    for ex in &all {
        let original = everything(ex.op, &ex.body, &ex.name);
        if ex.fit
            && let Err(e) = &original
        {
            panic!("{}: the documented example does not decode: {e}", ex.name);
        }
        let trimmed = ex.body.trim_end();
        for round in 0..MUTATIONS_PER_EXAMPLE {
            let what = format!("{} text mutation {round}", ex.name);
            let text = mutate_text(&ex.body, &mut rng);
            match everything(ex.op, &text, &what) {
                Ok(()) => accepted += 1,
                Err(_) => refused += 1,
            }

            // A truncated document is never a document.
            let cut = rng.below(trimmed.len());
            if trimmed.is_char_boundary(cut) {
                let what = format!("{} cut at byte {cut}", ex.name);
                assert!(
                    everything(ex.op, &trimmed[..cut], &what).is_err(),
                    "{what}: a truncated body was accepted"
                );
            }
        }
        let Ok(doc) = serde_json::from_str::<Value>(&ex.body) else {
            continue;
        };
        let mut all_paths = Vec::new();
        paths(&doc, &mut Vec::new(), &mut all_paths);
        if all_paths.is_empty() {
            continue;
        }
        for _ in 0..MUTATIONS_PER_EXAMPLE {
            let path = rng.pick(&all_paths);
            let at = path_text(path);
            let valid = rng.below(3) > 0;
            let hostile = match (valid, rng.below(8)) {
                (true, 0) => rng.pick(&deep).as_str(),
                (true, _) => *rng.pick(VALID),
                (false, _) => *rng.pick(INVALID),
            };
            let text = replaced(&doc, path, hostile);
            let what = format!("{} with {at} = {hostile:.40}", ex.name);
            let result = everything(ex.op, &text, &what);
            if valid && max_depth(&text) < SERDE_DEPTH {
                assert!(
                    serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok(),
                    "{what}: the test's valid value is not JSON"
                );
            }
            match result {
                Ok(()) => {
                    assert!(valid, "{what}: accepted a value that is not JSON");
                    accepted += 1;
                }
                Err(e) => {
                    refused += 1;
                    let path = e.path();
                    // A fit example fails only where it was changed; a syntax error may be noticed
                    // by the object or array that holds the value.
                    if ex.fit && valid {
                        assert!(within(&path, &at), "{what}: failed at {path}: {e}");
                    } else if ex.fit {
                        assert!(
                            within(&path, &at) || within(&at, &path),
                            "{what}: failed at {path}: {e}"
                        );
                    }
                }
            }
        }
    }
    eprintln!("{accepted} mutated bodies accepted, {refused} refused");
    assert!(refused > all.len() / 2, "only {refused} refused");
    assert!(accepted > all.len() / 2, "only {accepted} accepted");
}
