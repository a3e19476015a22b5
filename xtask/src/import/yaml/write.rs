//! The compact, deterministic YAML writer.
//!
//! Specs are read by people, so the writer follows the hand-written ones: block maps, `- name:` lists,
//! type keys in flow style (`items: { type: object, shape: Tag }`), plain scalars where YAML cannot
//! misread them, `|-` blocks for text with line breaks and double quotes otherwise. [`render`] checks its
//! own output by parsing it back, so a writer mistake is an error, never a changed value.

use std::fmt::Write as _;

use serde_yaml::Value;

use super::Node;

/// Keys whose map values are written in flow style: the type keys, which read best on one line.
const FLOW_KEYS: &[&str] = &["items", "content", "values", "range"];

/// The YAML text of `node` (a map), preceded by `header` comment lines. Fails only if the writer would
/// change a value, which the round trip detects.
pub fn render(header: &[String], node: &Node) -> Result<String, String> {
    let mut out = String::new();
    for line in header {
        let _ = writeln!(out, "# {line}");
    }
    match node {
        Node::Map(entries) => block_map(entries, 0, &mut out),
        _ => return Err("a spec file is a map".to_owned()),
    }
    let back: Value =
        serde_yaml::from_str(&out).map_err(|e| format!("the writer produced invalid YAML: {e}"))?;
    if back != node.to_value() {
        return Err("the writer changed a value; this is an importer bug".to_owned());
    }
    Ok(out)
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn block_map(entries: &[(String, Node)], at: usize, out: &mut String) {
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            indent(out, at);
        }
        out.push_str(&scalar(k, false));
        out.push(':');
        value_after_key(k, v, at, out);
    }
}

/// Writes a value after `key:` (the colon is written), then the line break.
fn value_after_key(key: &str, v: &Node, at: usize, out: &mut String) {
    match v {
        Node::Map(entries) if !entries.is_empty() && !FLOW_KEYS.contains(&key) => {
            out.push('\n');
            indent(out, at + 2);
            block_map(entries, at + 2, out);
        }
        Node::Seq(items) if !items.is_empty() && !items.iter().all(flow_fits) => {
            out.push('\n');
            for item in items {
                indent(out, at + 2);
                out.push_str("- ");
                item_value(item, at + 4, out);
            }
        }
        Node::Str(s) if s.contains('\n') && block_text_fits(s) => {
            out.push_str(if s.ends_with('\n') { " |\n" } else { " |-\n" });
            for line in s.trim_end_matches('\n').split('\n') {
                if !line.is_empty() {
                    indent(out, at + 2);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        Node::Str(s) => {
            out.push(' ');
            out.push_str(&scalar(s, false));
            out.push('\n');
        }
        _ => {
            out.push(' ');
            flow(v, out);
            out.push('\n');
        }
    }
}

/// A list item, after its `- `.
fn item_value(v: &Node, at: usize, out: &mut String) {
    match v {
        Node::Map(entries) if !entries.is_empty() => block_map(entries, at, out),
        _ => {
            // A list inside a list (request example pairs) stays on one line, which flow style always can.
            flow(v, out);
            out.push('\n');
        }
    }
}

/// Whether a list item keeps its list on one line: one-line scalars do (`fields: [A, B]`).
fn flow_fits(v: &Node) -> bool {
    v.is_scalar() && !multiline(v)
}

fn multiline(v: &Node) -> bool {
    matches!(v, Node::Str(s) if s.contains('\n'))
}

/// A value in flow style: `{ a: 1, b: [x, y] }`, `[a, b]` or a scalar.
fn flow(v: &Node, out: &mut String) {
    match v {
        Node::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Node::Map(entries) => {
            out.push_str("{ ");
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&scalar(k, true));
                out.push_str(": ");
                flow(v, out);
            }
            out.push_str(" }");
        }
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, out);
            }
            out.push(']');
        }
        Node::Str(s) => out.push_str(&scalar(s, true)),
        Node::Num(n) => out.push_str(n),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Null => out.push_str("null"),
    }
}

/// Whether text with line breaks can be a literal block: printable, no carriage returns, a first line that
/// does not start with a space (the reader takes the indentation from it), no line that starts with a tab
/// or ends with white space (editors change those), at most one line break at the end.
fn block_text_fits(s: &str) -> bool {
    !s.starts_with(['\n', ' ', '\t'])
        && !s.ends_with("\n\n")
        && !s
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_yaml_break(c))
        && !s
            .split('\n')
            .any(|l| l.starts_with('\t') || l.ends_with([' ', '\t']))
}

/// Characters YAML may treat as line breaks or that editors mangle.
fn is_yaml_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Words a YAML reader could take for something other than text.
const RESERVED_WORDS: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
];

/// A scalar: plain when YAML reads it back as the same text, else double-quoted.
fn scalar(s: &str, in_flow: bool) -> String {
    if plain_fits(s, in_flow) {
        s.to_owned()
    } else {
        quoted(s)
    }
}

fn plain_fits(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_alphabetic() || first == '/' || first == '_') || s.ends_with(' ') {
        return false;
    }
    if RESERVED_WORDS.iter().any(|w| w.eq_ignore_ascii_case(s)) {
        return false;
    }
    let punctuation = if in_flow {
        "_-./()*@%+=;!?$^&<> "
    } else {
        "_-./()*@%+=;!?$^&<> ,[]{}"
    };
    s.chars()
        .all(|c| c.is_alphanumeric() || punctuation.contains(c))
        && !s.contains("  ")
}

/// Quoted YAML: single quotes for one printable line that holds double quotes (JSON reads best without
/// backslashes), else double quotes, which read JSON string escapes.
fn quoted(s: &str) -> String {
    if s.contains('"') && !s.chars().any(|c| c.is_control() || is_yaml_break(c)) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || is_yaml_break(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, Node)]) -> Node {
        Node::Map(
            entries
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn writes_compact_yaml_that_reads_back() {
        let field = map(&[
            ("name", Node::str("Tag")),
            ("type", Node::str("array")),
            (
                "items",
                map(&[("type", Node::str("object")), ("shape", Node::str("Tag"))]),
            ),
            ("description", Node::str("Line one.\n\nLine two: `x` # y")),
            ("summary", Node::str("Adds tags, or not.")),
            ("example", Node::str("01")),
        ]);
        let doc = map(&[
            ("name", Node::str("Op")),
            ("request", Node::Seq(vec![field])),
            ("fields", Node::Seq(vec![Node::str("a"), Node::str("true")])),
            (
                "query",
                Node::Seq(vec![Node::Seq(vec![
                    Node::str("Tag.1.Key"),
                    Node::str("k, v"),
                ])]),
            ),
            ("shapes", Node::Map(Vec::new())),
        ]);
        let text = render(&["header".to_owned()], &doc).expect("renders");
        assert_eq!(
            text,
            "# header\nname: Op\nrequest:\n  - name: Tag\n    type: array\n    items: { type: object, shape: Tag }\n    description: |-\n      Line one.\n\n      Line two: `x` # y\n    summary: Adds tags, or not.\n    example: \"01\"\nfields: [a, \"true\"]\nquery:\n  - [Tag.1.Key, \"k, v\"]\nshapes: {}\n"
        );
    }

    #[test]
    fn awkward_text_is_quoted_and_survives() {
        for s in [
            "",
            " lead",
            "trail ",
            "a: b",
            "#x",
            "- x",
            "null",
            "No",
            "1.5",
            "0x1F",
            "\u{7}",
            "a\r\nb",
            "  indented\nnext",
            "tab\tend\t\nx",
            "{\"a\": [1]}",
            "it's \"quoted\"",
            "[x]",
            "é",
            "中文 text",
            "a\u{2028}b",
        ] {
            let doc = map(&[("text", Node::str(s))]);
            render(&[], &doc).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        }
    }
}
