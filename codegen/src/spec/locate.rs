//! Finds where a key path such as `request[2].range.min` stands in a YAML file.
//!
//! serde gives a position only for the first parse error; the validator finds many problems after
//! parsing, when positions are gone. Rather than a second YAML parser, this scans the block-style layout
//! that spec files use (indentation, `key:` and `- ` items) and records the line and column of every key
//! and sequence item. Inside flow collections (`[a, b]`, `{ k: v }`) it records only the owning key;
//! [`Locator::find`] then falls back to the nearest recorded ancestor, so every lookup gives a position.

use std::collections::HashMap;

/// Line and column (both 1-based) of every key path in one file.
#[derive(Clone, Debug, Default)]
pub struct Locator {
    positions: HashMap<String, (usize, usize)>,
}

#[derive(Debug)]
enum Kind {
    Map,
    Seq { next: usize },
}

#[derive(Debug)]
struct Frame {
    col: usize,
    path: String,
    kind: Kind,
}

impl Locator {
    /// Scans `text`.
    pub fn new(text: &str) -> Self {
        let mut scan = Scan::default();
        let mut lines = text.lines().enumerate().peekable();
        while let Some((number, raw)) = lines.next() {
            let line = number + 1;
            let indent = raw.len() - raw.trim_start_matches(' ').len();
            let content = strip_comment(&raw[indent..]);
            if content.trim().is_empty() {
                continue;
            }
            let skip = scan.line(line, indent, content.trim_end());
            match skip {
                Skip::Nothing => {}
                Skip::MoreIndented(col) => {
                    // A block scalar: every following line indented deeper (or blank) is its text.
                    while let Some((_, next)) = lines.peek() {
                        let next_indent = next.len() - next.trim_start_matches(' ').len();
                        if next.trim().is_empty() || next_indent > col {
                            lines.next();
                        } else {
                            break;
                        }
                    }
                }
                Skip::UntilBalanced(mut depth) => {
                    // A flow collection spread over several lines.
                    while depth > 0 {
                        match lines.next() {
                            Some((_, next)) => depth += bracket_balance(strip_comment(next)),
                            None => break,
                        }
                    }
                }
            }
        }
        Locator {
            positions: scan.positions,
        }
    }

    /// The position of `path`, or of its nearest recorded ancestor, or line 1 column 1.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut current = path;
        loop {
            if let Some(&position) = self.positions.get(current) {
                return position;
            }
            match parent(current) {
                Some(p) => current = p,
                None => return (1, 1),
            }
        }
    }
}

/// The path one step up: `a.b[2]` → `a.b`, `a.b` → `a`, `a` → none.
fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '['])?;
    Some(&path[..cut])
}

enum Skip {
    Nothing,
    MoreIndented(usize),
    UntilBalanced(i32),
}

#[derive(Default)]
struct Scan {
    positions: HashMap<String, (usize, usize)>,
    stack: Vec<Frame>,
    /// The last key whose value was left empty: the parent of what follows.
    open_key: Option<String>,
}

impl Scan {
    fn line(&mut self, line: usize, col: usize, content: &str) -> Skip {
        if content == "-" || content.starts_with("- ") {
            self.stack.retain(|f| f.col <= col);
            let reuse = matches!(self.stack.last(), Some(Frame { col: c, kind: Kind::Seq { .. }, .. }) if *c == col);
            if !reuse {
                // The sequence belongs to the key just opened; a map frame at the same column stays.
                let path = self.open_key.take().unwrap_or_default();
                self.stack.push(Frame {
                    col,
                    path,
                    kind: Kind::Seq { next: 0 },
                });
            }
            let Some(frame) = self.stack.last_mut() else {
                return Skip::Nothing;
            };
            let index = match &mut frame.kind {
                Kind::Seq { next } => {
                    *next += 1;
                    *next - 1
                }
                Kind::Map => 0,
            };
            let item = format!("{}[{index}]", frame.path);
            self.positions.insert(item.clone(), (line, col + 1));
            self.open_key = Some(item.clone());
            let rest = content[1..].trim_start();
            if rest.is_empty() {
                return Skip::Nothing;
            }
            let rest_col = col + (content.len() - rest.len());
            if split_key(rest).is_some() {
                self.stack.push(Frame {
                    col: rest_col,
                    path: item,
                    kind: Kind::Map,
                });
                self.open_key = None;
                return self.key(line, rest_col, rest);
            }
            self.open_key = None;
            return value_skip(rest, col);
        }
        if split_key(content).is_none() {
            // Continuation of a multi-line plain scalar.
            return Skip::Nothing;
        }
        self.stack
            .retain(|f| f.col < col || (f.col == col && matches!(f.kind, Kind::Map)));
        let in_map =
            matches!(self.stack.last(), Some(Frame { col: c, kind: Kind::Map, .. }) if *c == col);
        if !in_map {
            let path = self.open_key.take().unwrap_or_default();
            self.stack.push(Frame {
                col,
                path,
                kind: Kind::Map,
            });
        }
        self.key(line, col, content)
    }

    fn key(&mut self, line: usize, col: usize, content: &str) -> Skip {
        let Some((key, value)) = split_key(content) else {
            return Skip::Nothing;
        };
        let prefix = self.stack.last().map(|f| f.path.as_str()).unwrap_or("");
        let path = if prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{prefix}.{key}")
        };
        self.positions.insert(path.clone(), (line, col + 1));
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.open_key = Some(path);
            return Skip::Nothing;
        }
        self.open_key = None;
        let value_col =
            col + (content.len() - value.len()) + (value.len() - value.trim_start().len());
        self.flow_items(line, value_col, trimmed, &path);
        value_skip(trimmed, col)
    }

    /// Records the items of a one-line flow sequence of plain values, such as `[A, B]`.
    fn flow_items(&mut self, line: usize, col: usize, value: &str, path: &str) {
        let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) else {
            return;
        };
        if inner.contains(['[', '{', '"', '\'']) {
            return;
        }
        let mut offset = 1;
        for (i, item) in inner.split(',').enumerate() {
            let lead = item.len() - item.trim_start().len();
            if !item.trim().is_empty() {
                self.positions
                    .insert(format!("{path}[{i}]"), (line, col + offset + lead + 1));
            }
            offset += item.len() + 1;
        }
    }
}

/// What to skip after a value: block scalar text or the rest of a multi-line flow collection.
fn value_skip(value: &str, col: usize) -> Skip {
    if value.starts_with('|') || value.starts_with('>') {
        return Skip::MoreIndented(col);
    }
    if value.starts_with('[') || value.starts_with('{') {
        let depth = bracket_balance(value);
        if depth > 0 {
            return Skip::UntilBalanced(depth);
        }
    }
    Skip::Nothing
}

/// Splits `key: value` (or `key:`), honouring quoted keys; `None` for anything else.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let (key, rest) =
        if let Some(quote) = content.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let close = content[1..].find(quote)? + 1;
            (&content[1..close], &content[close + 1..])
        } else {
            if content.starts_with(['[', '{', '"', '\'', '|', '>']) {
                return None;
            }
            let mut cut = None;
            for (i, c) in content.char_indices() {
                if c == ':' {
                    let after = &content[i + 1..];
                    if after.is_empty() || after.starts_with(' ') {
                        cut = Some(i);
                        break;
                    }
                }
            }
            let cut = cut?;
            (content[..cut].trim_end(), &content[cut..])
        };
    let value = rest.strip_prefix(':')?;
    if !value.is_empty() && !value.starts_with(' ') {
        return None;
    }
    Some((key, value))
}

/// Drops a trailing `# comment`, outside quotes.
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && (previous == ' ' || i == 0) => return &line[..i],
            None => {}
        }
        previous = c;
    }
    line
}

/// Opening minus closing brackets, outside quotes.
fn bracket_balance(text: &str) -> i32 {
    let mut depth = 0;
    let mut quote = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => depth += 1,
                ']' | '}' => depth -= 1,
                _ => {}
            },
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
name: Demo # trailing comment
description: |
  text: that looks like a key
  - and an item
request:
  - name: A
    type: integer
    range: { min: 1,
             max: 2 }
  - name: B
    items:
      type: string
constraints:
- kind: exactly_one
  fields: [A, B]
shapes:
  Thing:
    fields:
      - name: \"Quoted\"
        example: 'x: y'
";

    #[test]
    fn finds_keys_and_items() {
        let l = Locator::new(TEXT);
        assert_eq!(l.find("name"), (1, 1));
        assert_eq!(l.find("description"), (2, 1));
        assert_eq!(l.find("request"), (5, 1));
        assert_eq!(l.find("request[0]"), (6, 3));
        assert_eq!(l.find("request[0].name"), (6, 5));
        assert_eq!(l.find("request[0].range"), (8, 5));
        assert_eq!(l.find("request[1].name"), (10, 5));
        assert_eq!(l.find("request[1].items.type"), (12, 7));
        assert_eq!(l.find("constraints[0].kind"), (14, 3));
        assert_eq!(l.find("constraints[0].fields"), (15, 3));
        assert_eq!(l.find("shapes.Thing.fields[0].name"), (19, 9));
        assert_eq!(l.find("shapes.Thing.fields[0].example"), (20, 9));
    }

    #[test]
    fn block_scalars_and_flow_text_are_not_keys() {
        let l = Locator::new(TEXT);
        assert!(!l.positions.contains_key("text"));
        assert!(!l.positions.contains_key("description.text"));
        assert!(!l.positions.contains_key("max"));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let l = Locator::new(TEXT);
        assert_eq!(l.find("constraints[0].fields[1]"), (15, 15));
        assert_eq!(l.find("constraints[0].fields[0]"), (15, 12));
        assert_eq!(l.find("constraints[0].fields[7]"), (15, 3));
        assert_eq!(l.find("request[0].range.max"), (8, 5));
        assert_eq!(l.find("nothing.here"), (1, 1));
    }

    #[test]
    fn survives_odd_input() {
        for text in [
            "",
            ":",
            "- - -",
            "a: [",
            "\"unterminated: x",
            "  - a: b\nc:\n    - d",
            "a:\n- b\n- c: d\n  e: f",
        ] {
            let l = Locator::new(text);
            let _ = l.find("a[1].c");
        }
        let l = Locator::new("a:\n- b\n- c: d\n  e: f\n");
        assert_eq!(l.find("a[1].e"), (4, 3));
    }
}
