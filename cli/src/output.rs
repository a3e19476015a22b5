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

/// Compact JSON text indented by two spaces per level, keys followed by `": "`, empty objects and lists
/// kept as `{}` and `[]` — serde_json's pretty layout, without parsing (so member order stays as is).
pub fn pretty(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(char::is_ascii_whitespace) {
                    chars.next();
                }
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    out
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

    #[test]
    fn pretty_matches_serde_json_layout_and_keeps_member_order() {
        let compact = r#"{"b":[1,{"x":"a,b:{c}[\"]\\"}],"a":{},"e":[],"n":null}"#;
        let expected = "{\n  \"b\": [\n    1,\n    {\n      \"x\": \"a,b:{c}[\\\"]\\\\\"\n    }\n  ],\n  \
                        \"a\": {},\n  \"e\": [],\n  \"n\": null\n}";
        assert_eq!(pretty(compact), expected);
        let reparsed: serde_json::Value = serde_json::from_str(&pretty(compact)).expect("JSON");
        let original: serde_json::Value = serde_json::from_str(compact).expect("JSON");
        assert_eq!(reparsed, original);
    }

    #[test]
    fn pretty_of_scalars_and_spaced_input() {
        assert_eq!(pretty("42"), "42");
        assert_eq!(pretty("\"a b\""), "\"a b\"");
        assert_eq!(pretty("{ \"a\" : [ ] }"), "{\n  \"a\": []\n}");
    }
}
