//! What every fuzzed text gets: a seeded generator, the catalogue's documented examples with their
//! operations, and the checks (no panic, errors with a path, stable round trips).

use std::collections::HashMap;
use std::path::Path;

use acs_codegen::spec::model::ExampleFormat;
use acs_runtime::codec::{self, DecodeError, Reader, Shape, View};
use acs_runtime::serde_json::{self, Value};
use acs_runtime::{OperationInfo, Validator};

/// A small seeded generator (xorshift64), so a failure reproduces from its seed and round.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub(crate) fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub(crate) fn word<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

/// `serde_json` refuses a document nested 128 levels deep, the codec one nested 129: texts this deep are
/// left out of the comparisons with `serde_json` (the codec's own limit is tested in `src/codec`).
pub(crate) const SERDE_DEPTH: usize = 127;

/// A documented example body and the operation it belongs to.
pub(crate) struct Example {
    pub(crate) op: &'static OperationInfo,
    pub(crate) name: String,
    pub(crate) body: String,
    /// Not marked `unfit`: the body matches the operation's response schema.
    pub(crate) fit: bool,
}

/// Every JSON example of `specs/`, with its operation from the SDK's registry.
pub(crate) fn examples() -> Vec<Example> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let set = acs_codegen::spec::load_dir(&root)
        .unwrap_or_else(|problems| panic!("the specs do not load:\n{problems}"));
    let registry: HashMap<(&str, &str), &'static OperationInfo> = acs_sdk::registry::operations()
        .into_iter()
        .map(|op| ((op.service.module, op.action), op))
        .collect();
    let mut out = Vec::new();
    for product in &set.products {
        let module = product.product.spec.module.as_str();
        for op in &product.operations {
            let action = op.spec.name.as_str();
            let info = registry
                .get(&(module, action))
                .unwrap_or_else(|| panic!("{module} {action} is not in the registry"));
            for (i, ex) in op.spec.examples.iter().enumerate() {
                if ex.format == ExampleFormat::Json {
                    out.push(Example {
                        op: info,
                        name: format!("{module} {action} examples[{i}]"),
                        // What the client decodes: a whole-body answer in its field.
                        body: acs_codegen::spec::conform::as_decoded(
                            &ex.body,
                            &op.spec.response.fields,
                        ),
                        fit: ex.unfit.is_none(),
                    });
                }
            }
        }
    }
    out
}

/// The deepest nesting of arrays and objects in `text`, brackets inside strings left out.
pub(crate) fn max_depth(text: &str) -> usize {
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
pub(crate) fn check_error(e: &DecodeError, text: &str, what: &str) {
    let (path, message, shown) = (e.path(), e.message(), e.to_string());
    assert!(
        !message.trim().is_empty(),
        "{what}: an error without a message"
    );
    assert!(!path.is_empty(), "{what}: an error without a path");
    assert!(
        shown.ends_with(message),
        "{what}: {shown:?} drops the message"
    );
    if shown != message {
        assert!(shown.starts_with(&path), "{what}: {shown:?} drops the path");
    }
    if let Some(rest) = message.strip_prefix("invalid JSON at byte ") {
        let at: usize = rest
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{what}: no byte offset in {message:?}"));
        assert!(at <= text.len(), "{what}: byte {at} of {}", text.len());
    }
}

/// How a value is decoded: leniently as a response (`decode_with_envelope`), or strictly as an input
/// (`decode_into`, which refuses undeclared keys).
pub(crate) type Decode = fn(&str, &mut dyn Shape) -> Result<(), DecodeError>;

pub(crate) fn as_response(text: &str, out: &mut dyn Shape) -> Result<(), DecodeError> {
    codec::decode_with_envelope(text, out).map(drop)
}

/// A decoded value encodes to JSON that decodes again, the same way, to an equal value with the same
/// encoding.
pub(crate) fn round_trip(
    new: acs_runtime::NewShape,
    decode: Decode,
    value: &dyn Shape,
    what: &str,
) {
    // Debug walks every field too, and must not panic on what was decoded.
    let _ = format!("{value:?}");
    let once = codec::to_json(View::Shape(value));
    let mut again = new();
    if let Err(e) = decode(&once, &mut *again) {
        panic!("{what}: its own encoding does not decode: {e}\n{once}");
    }
    let twice = codec::to_json(View::Shape(&*again));
    assert!(
        once == twice,
        "{what}: encoding is not stable:\n{once}\n{twice}"
    );
    assert!(
        codec::shape_eq(value, &*again),
        "{what}: decoding its own encoding changed the value:\n{once}"
    );
    if max_depth(&once) < SERDE_DEPTH {
        assert!(
            serde_json::from_str::<Value>(&once).is_ok(),
            "{what}: the encoding is not JSON: {once}"
        );
    }
}

/// Decodes `text` as the response of `op`, checking the outcome.
pub(crate) fn decode_output(op: &OperationInfo, text: &str, what: &str) -> Result<(), DecodeError> {
    let mut out = (op.new_output)();
    match codec::decode_with_envelope(text, &mut *out) {
        Ok(envelope) => {
            for (key, raw) in envelope.entries() {
                // The exact text of one whole value of the body.
                let mut r = Reader::new(raw);
                assert!(
                    r.skip().and_then(|()| r.end()).is_ok() && text.contains(raw),
                    "{what}: envelope {key} = {raw:?}"
                );
            }
            round_trip(op.new_output, as_response, &*out, what);
            Ok(())
        }
        Err(e) => {
            check_error(&e, text, what);
            Err(e)
        }
    }
}

/// Decodes `text` as an input of `op` (what `acs call --input` does: strictly, an undeclared key is
/// an error), then validates and flattens it as a request would.
pub(crate) fn decode_input(
    op: &'static OperationInfo,
    text: &str,
    what: &str,
) -> Result<(), DecodeError> {
    let mut input = (op.new_input)();
    match codec::decode_into(text, &mut *input) {
        Ok(()) => {
            round_trip(op.new_input, codec::decode_into, &*input, what);
            let mut v = Validator::new(op.action);
            codec::check(&*input, op.rules, &mut v);
            let _ = v.finish();
            let _ = codec::flatten(&*input);
            Ok(())
        }
        Err(e) => {
            check_error(&e, text, what);
            Err(e)
        }
    }
}

/// Everything one text goes through; returns what decoding it as a response gave.
pub(crate) fn everything(
    op: &'static OperationInfo,
    text: &str,
    what: &str,
) -> Result<(), DecodeError> {
    both(op, text, what).0
}

/// Everything one text goes through; returns what decoding it as a response and as an input gave.
pub(crate) fn both(
    op: &'static OperationInfo,
    text: &str,
    what: &str,
) -> (Result<(), DecodeError>, Result<(), DecodeError>) {
    let output = decode_output(op, text, what);
    let input = decode_input(op, text, what);
    if max_depth(text) < SERDE_DEPTH {
        let ours = codec::from_json::<Value>(text);
        let theirs = serde_json::from_str::<Value>(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert!(a.as_ref() == Some(b), "{what}: {a:?} != {b:?}"),
            (Err(e), Err(_)) => check_error(e, text, what),
            _ => panic!(
                "{what}: the codec says {:?}, serde_json {:?}, for {text:?}",
                ours.map(drop),
                theirs.map(drop)
            ),
        }
        // `IgnoredAny` checks the grammar only: numbers beyond `f64` (`1e999`) are JSON, and text fields
        // and skipped members take them.
        if serde_json::from_str::<serde::de::IgnoredAny>(text).is_err() {
            assert!(
                output.is_err() && input.is_err(),
                "{what}: accepted text that is not JSON: {text:?}"
            );
        }
    }
    (output, input)
}
