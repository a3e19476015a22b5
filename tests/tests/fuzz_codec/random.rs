//! Random documents shaped like each operation's input and output: odd keys, deep nesting, huge
//! numbers, truncation.

use acs_runtime::OperationInfo;
use acs_runtime::codec::Style;
use acs_runtime::serde_json;

use super::mutated::{VALID, nested};
use super::support::*;

/// Keys a random document uses: wire names of the operation's fields, envelope keys and odd ones.
pub(crate) const ODD_KEYS: &[&str] = &[
    "",
    "RequestId",
    "Code",
    "Message",
    "Success",
    "a.b",
    "[0]",
    "\\u0000",
    "\\ud83d\\ude00",
    "\\\"",
];

/// Appends random JSON (mostly valid; lone surrogates and truncation come from other texts) to `out`.
pub(crate) fn random_value(rng: &mut Rng, depth: usize, keys: &[String], out: &mut String) {
    let choice = if depth > 6 {
        rng.below(3)
    } else {
        rng.below(6)
    };
    match choice {
        0 => out.push_str(rng.word(VALID)),
        1 => out.push_str(rng.word(&["0", "-1", "3.25", "1e2", "true", "false", "null"])),
        2 => {
            out.push('"');
            for _ in 0..rng.below(4) {
                out.push_str(rng.word(&[
                    "a",
                    " ",
                    "\\n",
                    "\\u00e9",
                    "\\ud83d\\ude00",
                    "\\/",
                    "中",
                    "1",
                    "\\\\",
                ]));
            }
            out.push('"');
        }
        3 => {
            out.push('[');
            for i in 0..rng.below(4) {
                if i > 0 {
                    out.push(',');
                }
                random_value(rng, depth + 1, keys, out);
            }
            out.push(']');
        }
        _ => {
            out.push('{');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(rng.pick(keys).as_str());
                out.push_str("\":");
                random_value(rng, depth + 1, keys, out);
            }
            out.push('}');
        }
    }
}

/// `text` cut at a random character boundary, one time in ten.
pub(crate) fn maybe_truncated(mut text: String, rng: &mut Rng) -> String {
    if rng.below(10) == 0 {
        let mut cut = rng.below(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// A random value for a member, now and then nested past every depth limit.
pub(crate) fn member_value(rng: &mut Rng, keys: &[String], out: &mut String) {
    if rng.below(40) == 0 {
        let depth = [127, 128, 129, 5000][rng.below(4)];
        out.push_str(&nested(depth, rng.below(2) == 0));
    } else {
        random_value(rng, 1, keys, out);
    }
}

/// A random response body of `op`: its output's wire names, envelope keys and odd keys.
pub(crate) fn response_document(op: &OperationInfo, rng: &mut Rng) -> String {
    let mut keys: Vec<String> = ODD_KEYS.iter().map(|k| (*k).to_owned()).collect();
    keys.extend((op.new_output)().fields().iter().map(|f| f.name.to_owned()));
    let mut text = String::from("{");
    for i in 0..=rng.below(8) {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&serde_json::to_string(rng.pick(&keys)).expect("a key"));
        text.push(':');
        member_value(rng, &keys, &mut text);
    }
    text.push('}');
    maybe_truncated(text, rng)
}

/// A random input of `op`, in the forms `decode_into` takes: its parameters by wire name, dotted names
/// as nested objects (`{"A": {"B": 1}}` for `A.B`), lists sent joined with commas as comma-joined text.
/// Returns the text and the undeclared key put first, if one was.
pub(crate) fn input_document(op: &OperationInfo, rng: &mut Rng) -> (String, Option<String>) {
    let fields = (op.new_input)().fields();
    let keys: Vec<String> = fields.iter().map(|f| f.name.to_owned()).collect();
    let mut members = Vec::new();
    let unknown =
        (rng.below(8) == 0 || fields.is_empty()).then(|| format!("NoSuch{}", rng.below(1000)));
    if let Some(key) = &unknown {
        members.push(format!("\"{key}\":1"));
    }
    for _ in 0..rng.below(6) {
        let Some(field) = fields.get(rng.below(fields.len())) else {
            break;
        };
        let mut value = String::new();
        if field.style == Style::Simple && rng.below(2) == 0 {
            let joined = ["1,2", "a,,b", ",", " , ", "x", "1", "-1,1e3"][rng.below(7)];
            value.push_str(&serde_json::to_string(joined).expect("text"));
        } else {
            member_value(rng, &keys, &mut value);
        }
        // A dotted name, as objects nested at some of its dots.
        let parts: Vec<&str> = field.name.split('.').collect();
        let mut member = serde_json::to_string(parts[0]).expect("a key");
        let mut closing = String::new();
        for part in &parts[1..] {
            if rng.below(2) == 0 {
                member.push_str(":{");
                member.push_str(&serde_json::to_string(part).expect("a key"));
                closing.push('}');
            } else {
                // Joined back to the previous part: `"A.B"` rather than `"A":{"B"`.
                member.pop();
                member.push('.');
                member.push_str(&serde_json::to_string(part).expect("a key")[1..]);
            }
        }
        members.push(format!("{member}:{value}{closing}"));
    }
    let text = format!("{{{}}}", members.join(","));
    (maybe_truncated(text, rng), unknown)
}

/// Random documents made of the operations' own wire names, so that values reach typed fields: bodies
/// of every operation decoded as responses, inputs decoded as inputs. An input that names an undeclared
/// parameter is refused at that parameter (a misspelt parameter must not silently go missing).
#[test]
pub(crate) fn random_documents_decode_or_fail_cleanly() {
    const DOCUMENTS: usize = 2500;
    let ops = acs_sdk::registry::operations();
    let mut rng = Rng(0x5eed_0fd0_c5c5);
    let (mut refused, mut inputs_accepted) = (0, 0);
    for round in 0..DOCUMENTS {
        let op = *rng.pick(&ops);
        let what = format!("{} {} round {round}", op.service.module, op.action);
        let text = response_document(op, &mut rng);
        if both(op, &text, &what).0.is_err() {
            refused += 1;
        }
        let (text, unknown) = input_document(op, &mut rng);
        let (_, input) = both(op, &text, &format!("{what} input {text:.200}"));
        match (input, unknown) {
            (Ok(()), None) => inputs_accepted += 1,
            (Ok(()), Some(key)) => panic!("{what}: accepted the undeclared {key} in {text}"),
            (Err(e), Some(key)) if text.ends_with('}') => {
                assert_eq!(e.path(), key, "{what}: {e} in {text:.200}");
                assert!(e.message().contains(&key), "{what}: {e}");
            }
            (Err(_), _) => {}
        }
    }
    eprintln!("{refused} of {DOCUMENTS} bodies refused, {inputs_accepted} inputs accepted");
    assert!(
        refused > DOCUMENTS / 10 && refused < DOCUMENTS * 9 / 10,
        "{refused} of {DOCUMENTS} bodies refused: the documents are all noise or all harmless"
    );
    assert!(
        inputs_accepted > DOCUMENTS / 10,
        "only {inputs_accepted} of {DOCUMENTS} inputs accepted"
    );
}
