//! The `codec` target: arbitrary bytes decoded as the response body of a generated operation (through
//! `codec::decode_with_envelope`, as the client decodes responses) and as its request input (through
//! `codec::decode_into`, as `acs call --input` does).
//!
//! An input may name its operation on its first line (`dbs/StartBackupPlan`, as the seeds do); the rest
//! is the body. Otherwise the whole input is the body and a hash of it picks the operation. The same
//! text goes to both decoders: response seeds mostly exercise the lenient one, input seeds (`*-input`,
//! with dotted names as nested objects and comma-joined lists) the strict one.
//!
//! Asserted for every input: no panic; a refusal has a message and a path, and a syntax error's byte
//! offset lies in the text; the envelope holds the exact text of whole values; a decoded value encodes
//! (`codec::to_json`) to JSON that decodes again to an equal value and the same text; the codec refuses
//! what is not JSON (`serde_json`'s grammar) and reads `serde_json::Value`s exactly as `serde_json` does.

use std::sync::OnceLock;

use acs_runtime::codec::{self, DecodeError, Reader, Shape, View};
use acs_runtime::{OperationInfo, Validator};
use serde_json::Value;

/// Bits of JSON the stable driver inserts: odd escapes, lone surrogates, extreme numbers, envelope keys.
pub const DICTIONARY: &[&str] = &[
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "\\u0000",
    "\\/",
    "1e999",
    "-0",
    "123456789012345678901234567890",
    "5e-324",
    "null",
    "\"\"",
    "\"RequestId\":",
    "\"Code\":",
    "\"Success\":",
    "[[[[[[[[",
    "{\"a\":{\"a\":",
];

/// `serde_json` refuses a document nested 128 levels deep, the codec one nested 129: deeper texts are
/// left out of the comparisons with `serde_json`.
const SERDE_DEPTH: usize = 127;

fn operations() -> &'static [&'static OperationInfo] {
    static ALL: OnceLock<Vec<&'static OperationInfo>> = OnceLock::new();
    ALL.get_or_init(acs_sdk::registry::operations)
}

/// The operation an input is for, and its body.
pub fn select(data: &[u8]) -> (&'static OperationInfo, &[u8]) {
    let all = operations();
    if let Some(end) = data.iter().take(100).position(|b| *b == b'\n') {
        let named = std::str::from_utf8(&data[..end])
            .ok()
            .and_then(|line| line.trim().split_once('/'))
            .and_then(|(module, action)| {
                all.iter()
                    .find(|o| o.service.module == module && o.action == action)
            });
        if let Some(op) = named {
            return (op, &data[end + 1..]);
        }
    }
    // FNV-1a: the same input always goes to the same operation.
    let hash = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    (all[(hash % all.len() as u64) as usize], data)
}

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    let (op, body) = select(data);
    // Bodies arrive as bytes; the client hands the codec text, replacing what is not UTF-8.
    let text = String::from_utf8_lossy(body);
    let output = decode_output(op, &text);
    let input = decode_input(op, &text);
    if std::env::var_os("ACS_FUZZ_VERBOSE").is_some() {
        let outcome = |r: &Result<(), DecodeError>| match r {
            Ok(()) => "decoded".to_owned(),
            Err(e) => format!("refused ({e})"),
        };
        eprintln!(
            "{}/{}: output {}, input {}",
            op.service.module,
            op.action,
            outcome(&output),
            outcome(&input)
        );
    }
    if max_depth(&text) < SERDE_DEPTH {
        let ours = codec::from_json::<Value>(&text);
        let theirs = serde_json::from_str::<Value>(&text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert!(a.as_ref() == Some(b), "{a:?} != {b:?}"),
            (Err(e), Err(_)) => check_error(e, &text),
            _ => panic!(
                "the codec says {:?}, serde_json {:?}",
                ours.map(drop),
                theirs.map(drop)
            ),
        }
        // `IgnoredAny` checks the grammar only: numbers beyond `f64` are still JSON.
        if serde_json::from_str::<serde::de::IgnoredAny>(&text).is_err() {
            assert!(
                output.is_err() && input.is_err(),
                "accepted text that is not JSON"
            );
        }
    }
}

/// The deepest nesting of arrays and objects in `text`, brackets inside strings left out.
pub fn max_depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// A refusal says what and where; a syntax error's byte offset is inside the text.
fn check_error(e: &DecodeError, text: &str) {
    let (path, message, shown) = (e.path(), e.message(), e.to_string());
    assert!(!message.trim().is_empty(), "an error without a message");
    assert!(!path.is_empty(), "an error without a path");
    assert!(shown.ends_with(message), "{shown:?} drops the message");
    if shown != message {
        assert!(shown.starts_with(&path), "{shown:?} drops the path");
    }
    if let Some(rest) = message.strip_prefix("invalid JSON at byte ") {
        let at: usize = rest
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no byte offset in {message:?}"));
        assert!(at <= text.len(), "byte {at} of {}", text.len());
    }
}

/// How a value is decoded: leniently as a response (`decode_with_envelope`), or strictly as an input
/// (`decode_into`, which refuses undeclared keys).
type Decode = fn(&str, &mut dyn Shape) -> Result<(), DecodeError>;

fn as_response(text: &str, out: &mut dyn Shape) -> Result<(), DecodeError> {
    codec::decode_with_envelope(text, out).map(drop)
}

/// A decoded value encodes to JSON that decodes again, the same way, to an equal value with the same
/// encoding.
fn round_trip(new: acs_runtime::NewShape, decode: Decode, value: &dyn Shape) {
    let _ = format!("{value:?}");
    let once = codec::to_json(View::Shape(value));
    let mut again = new();
    if let Err(e) = decode(&once, &mut *again) {
        panic!("its own encoding does not decode: {e}\n{once}");
    }
    let twice = codec::to_json(View::Shape(&*again));
    assert!(once == twice, "encoding is not stable:\n{once}\n{twice}");
    assert!(
        codec::shape_eq(value, &*again),
        "decoding its own encoding changed the value:\n{once}"
    );
    if max_depth(&once) < SERDE_DEPTH {
        assert!(
            serde_json::from_str::<Value>(&once).is_ok(),
            "the encoding is not JSON: {once}"
        );
    }
}

fn decode_output(op: &OperationInfo, text: &str) -> Result<(), DecodeError> {
    let mut out = (op.new_output)();
    match codec::decode_with_envelope(text, &mut *out) {
        Ok(envelope) => {
            for (key, raw) in envelope.entries() {
                let mut r = Reader::new(raw);
                assert!(
                    r.skip().and_then(|()| r.end()).is_ok() && text.contains(raw),
                    "envelope {key} = {raw:?}"
                );
            }
            round_trip(op.new_output, as_response, &*out);
            Ok(())
        }
        Err(e) => {
            check_error(&e, text);
            Err(e)
        }
    }
}

fn decode_input(op: &'static OperationInfo, text: &str) -> Result<(), DecodeError> {
    let mut input = (op.new_input)();
    match codec::decode_into(text, &mut *input) {
        Ok(()) => {
            round_trip(op.new_input, codec::decode_into, &*input);
            // What a request does next with an input: validate it, then flatten it to parameters.
            let mut v = Validator::new(op.action);
            codec::check(&*input, op.rules, &mut v);
            let _ = v.finish();
            let _ = codec::flatten(&*input);
            Ok(())
        }
        Err(e) => {
            check_error(&e, text);
            Err(e)
        }
    }
}
