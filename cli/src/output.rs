//! Writing results to standard output: JSON indented for a person when standard output is a terminal
//! and compact (one line, for pipes and `jq`) otherwise, and plain tables. A closed pipe (`acs list |
//! head`) ends the output quietly instead of failing.

use std::io::{ErrorKind, IsTerminal, Write};

use crate::failure::Failure;

/// Prints the compact JSON text `json` and a newline, indented when standard output is a terminal.
pub fn print_json(json: &str) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let text = if stdout.is_terminal() {
        pretty(json)
    } else {
        json.to_owned()
    };
    write_out(&text)
}

/// Writes `text` and a newline to standard output.
pub fn write_out(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Failed(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Arrays of scalars up to this many characters stay on one line (`["PageSize", "5"]`).
const INLINE_WIDTH: usize = 60;

/// Compact JSON text indented by two spaces per level with `": "` after keys, as serde_json's pretty
/// printer lays it out, except that empty containers and short arrays of scalars stay on one line (a
/// dry run's `[name, value]` pairs read better so). Done on the text, not on a parsed value, so members
/// keep their order.
pub fn pretty(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut i = 0;
    // Every structural character is ASCII, so slicing at their indices keeps UTF-8 intact.
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                out.push_str(&compact[i..end]);
                i = end;
                continue;
            }
            b'{' | b'[' => {
                if let Some(end) = inline_end(bytes, i) {
                    push_inline(&compact[i..end], &mut out);
                    i = end;
                    continue;
                }
                out.push(char::from(bytes[i]));
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(char::from(bytes[i]));
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            b if b.is_ascii_whitespace() => {}
            _ => {
                // A number or literal: copy up to the next structural character.
                let end = bytes[i..]
                    .iter()
                    .position(|b| b",:]}\" \t\r\n".contains(b))
                    .map_or(bytes.len(), |n| i + n);
                out.push_str(&compact[i..end]);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The index just after the string starting at `start` (or the end of an unterminated one).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Where the container opening at `start` ends, if it stays on one line: it is empty, or an array of
/// scalars no wider than [`INLINE_WIDTH`].
fn inline_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i),
            b'{' | b'[' => return None,
            b'}' | b']' => {
                let end = i + 1;
                let empty = bytes[start + 1..i].iter().all(u8::is_ascii_whitespace);
                let short_array = bytes[start] == b'[' && end - start <= INLINE_WIDTH;
                return (empty || short_array).then_some(end);
            }
            _ => i += 1,
        }
    }
    None
}

/// A one-line container, with a space after each separating comma.
fn push_inline(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                out.push_str(&text[i..end]);
                i = end;
                continue;
            }
            b',' => out.push_str(", "),
            b if b.is_ascii_whitespace() => {}
            b => out.push(char::from(b)),
        }
        i += 1;
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_value(a: &str, b: &str) {
        let a: serde_json::Value = serde_json::from_str(a).expect("JSON");
        let b: serde_json::Value = serde_json::from_str(b).expect("JSON");
        assert_eq!(a, b);
    }

    #[test]
    fn pretty_indents_objects_and_keeps_member_order() {
        let compact = r#"{"b":{"x":"a,b:{c}[\"]\\","y":-1.5e3},"a":{},"e":[],"n":null,"t":true}"#;
        let expected = "{\n  \"b\": {\n    \"x\": \"a,b:{c}[\\\"]\\\\\",\n    \"y\": -1.5e3\n  },\n  \
                        \"a\": {},\n  \"e\": [],\n  \"n\": null,\n  \"t\": true\n}";
        assert_eq!(pretty(compact), expected);
        same_value(&pretty(compact), compact);
    }

    #[test]
    fn short_arrays_of_scalars_stay_on_one_line() {
        let compact = r#"{"query":[["PageSize","5"],["Id","a,b"]],"n":[1,2,3]}"#;
        let expected = "{\n  \"query\": [\n    [\"PageSize\", \"5\"],\n    [\"Id\", \"a,b\"]\n  ],\n  \
                        \"n\": [1, 2, 3]\n}";
        assert_eq!(pretty(compact), expected);
        same_value(&pretty(compact), compact);
        let long = format!(r#"["{}"]"#, "x".repeat(INLINE_WIDTH));
        assert_eq!(
            pretty(&long),
            format!("[\n  \"{}\"\n]", "x".repeat(INLINE_WIDTH))
        );
    }

    #[test]
    fn pretty_of_scalars_text_and_unfinished_input() {
        assert_eq!(pretty("42"), "42");
        assert_eq!(pretty("\"a b é\""), "\"a b é\"");
        assert_eq!(pretty("{ \"a\" : [ ] }"), "{\n  \"a\": []\n}");
        // Never given by the runtime, but must not panic: truncated text and a lone escape.
        for broken in [
            r#"{"a":[1,"#,
            r#""abc\"#,
            "]]}",
            r#"["\"] "#,
            "[",
            "é[1]",
            r#""\é""#,
        ] {
            let _ = pretty(broken);
        }
    }
}
