//! Reading what the importer writes beside a product's specs: `LEFT_OUT.md` (the operations it left out,
//! each with its reason) and `PAGINATORS.md` (how many operations got a paginator).
//!
//! Both are read tolerantly, because the importer is not this module's to fix and its layout may change:
//! any Markdown table whose header names an operation (or action) column and a reason (or why) column,
//! or failing that its first and last columns, and list items of the form ``- `Action`: reason``; tables
//! under a heading that speaks of parts (`## Parts of operations left out`) list what was left out of
//! imported operations, not operations left out. Whatever cannot be
//! read this way shows up in the report as an operation left out "without a reason listed", which the
//! targets count against the importer, so a parse that misses rows cannot make the figures look better.

use std::collections::{BTreeMap, BTreeSet};

/// The reason given to a left-out operation no row names.
pub(crate) const NO_REASON: &str = "without a reason listed";

/// What a `LEFT_OUT.md` lists: operation → its reasons, in the file's order, without repeats.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct LeftOut {
    /// Operations left out.
    pub(crate) operations: BTreeMap<String, Vec<String>>,
    /// Parts (an error example, a parameter) left out of operations that were imported: the tables under
    /// a heading that speaks of parts.
    pub(crate) parts: BTreeMap<String, Vec<String>>,
}

/// Reads a `LEFT_OUT.md`. Several reasons in one cell are split at `<br>`.
pub(crate) fn parse_left_out(text: &str) -> LeftOut {
    let mut out = LeftOut::default();
    let lines: Vec<&str> = text.lines().collect();
    // Which columns hold the operation and the reason, for the table being read.
    let mut columns: Option<(usize, Option<usize>)> = None;
    let mut in_parts = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let into = if in_parts {
            &mut out.parts
        } else {
            &mut out.operations
        };
        if !line.starts_with('|') {
            columns = None;
            if line.starts_with('#') {
                in_parts = line.to_ascii_lowercase().contains("part");
            } else if let Some((action, reason)) = list_item(line) {
                add(into, action, &reason);
            }
            i += 1;
            continue;
        }
        let cells = cells(line);
        if let Some(next) = lines.get(i + 1)
            && is_separator(next.trim())
        {
            columns = Some(header_columns(&cells));
            i += 2;
            continue;
        }
        let (action_at, reason_at) = columns.unwrap_or((0, None));
        let reason_at = reason_at.unwrap_or(cells.len().saturating_sub(1));
        if let Some(action) = cells.get(action_at).and_then(|c| action_name(c)) {
            let reason = if reason_at == action_at {
                ""
            } else {
                cells.get(reason_at).map_or("", String::as_str)
            };
            add(into, action, reason);
        }
        i += 1;
    }
    out
}

fn add(out: &mut BTreeMap<String, Vec<String>>, action: String, cell: &str) {
    let reasons = out.entry(action).or_default();
    let mut any = false;
    for reason in cell.split("<br>").map(clean).filter(|r| !r.is_empty()) {
        any = true;
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    if !any && reasons.is_empty() {
        reasons.push(NO_REASON.to_owned());
    }
}

/// The cells of a table row, escapes undone: `\|` is a `|` inside a cell, `\\` a backslash, `\n` and
/// `\r` line breaks (which [`clean`] then makes spaces).
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'r') => cell.push('\n'),
                Some(other) => cell.push(other),
                None => cell.push('\\'),
            },
            '|' => out.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    // The closing `|` leaves an empty last cell, which is no cell.
    if !cell.trim().is_empty() || out.is_empty() {
        out.push(cell);
    }
    out.into_iter().map(|c| c.trim().to_owned()).collect()
}

fn is_separator(line: &str) -> bool {
    line.starts_with('|')
        && cells(line)
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':'))
}

/// The operation and reason columns a header names; the first column and (later) the last otherwise.
fn header_columns(header: &[String]) -> (usize, Option<usize>) {
    let find = |words: &[&str]| {
        header.iter().position(|h| {
            let h = h.to_ascii_lowercase();
            words.iter().any(|w| h.contains(w))
        })
    };
    let action = find(&["operation", "action", "api"]).unwrap_or(0);
    let reason = find(&["reason", "why", "problem", "cause"]).filter(|r| *r != action);
    (action, reason)
}

/// ``- `Action`: reason`` (also `*` bullets and `—` or `-` separators); the name must be in backticks, so
/// prose bullets are not read as operations.
fn list_item(line: &str) -> Option<(String, String)> {
    let rest = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))?
        .trim_start();
    let rest = rest.strip_prefix('`')?;
    let (name, rest) = rest.split_once('`')?;
    let action = action_name(name)?;
    let reason = rest
        .trim_start()
        .trim_start_matches([':', '—', '–', '-'])
        .trim();
    Some((action, reason.to_owned()))
}

/// An operation name from a cell: `DescribeX`, `` `DescribeX` ``, `**DescribeX**` or `[DescribeX](url)`;
/// none when the cell holds something else (prose, a number).
fn action_name(cell: &str) -> Option<String> {
    let mut s = cell.trim();
    if let Some(rest) = s.strip_prefix('[')
        && let Some((text, _)) = rest.split_once(']')
    {
        s = text;
    }
    let s = s.trim_matches(|c| c == '`' || c == '*' || c == '_' || c == ' ');
    let ok = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then(|| s.to_owned())
}

/// A reason as shown: whitespace collapsed.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The reason a group is counted under: the reason without the parameter path it starts with
/// (`request.Period: \`pattern\` cannot…` → `` `pattern` cannot… ``), so one kind of problem is one
/// group however many parameters have it.
pub(crate) fn group_of(reason: &str) -> String {
    if let Some((head, rest)) = reason.split_once(": ") {
        let path_like = !head.is_empty()
            && !head.contains(' ')
            && head
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._[]-$/".contains(c));
        if path_like && !rest.trim().is_empty() {
            return rest.trim().to_owned();
        }
    }
    reason.to_owned()
}

/// Left-out operations grouped by reason: (reason, operations), most operations first, then by reason.
/// An operation with several reasons is counted under each.
pub(crate) fn grouped(left_out: &BTreeMap<String, Vec<String>>) -> Vec<(String, Vec<String>)> {
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (action, reasons) in left_out {
        for reason in reasons {
            groups
                .entry(group_of(reason))
                .or_default()
                .insert(action.clone());
        }
    }
    let mut out: Vec<(String, Vec<String>)> = groups
        .into_iter()
        .map(|(r, a)| (r, a.into_iter().collect()))
        .collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

/// How many operations have a paginator, from `PAGINATORS.md`: its sentence (`18 of 123 operations have
/// a paginator`), or failing that the rows of its first table.
pub(crate) fn parse_paginators(text: &str) -> Option<usize> {
    for line in text.lines() {
        let line = line.trim();
        if line.contains("paginator") && line.contains(" of ") {
            let digits: String = line
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ',')
                .filter(char::is_ascii_digit)
                .collect();
            if let Ok(n) = digits.parse() {
                return Some(n);
            }
        }
    }
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let start = lines.iter().position(|l| is_separator(l))?;
    Some(
        lines[start + 1..]
            .iter()
            .take_while(|l| l.starts_with('|'))
            .count(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_out_table_by_header() {
        let text = "<!-- Written by `cargo xtask import` -->\n\n# ecs: left out\n\n2 of 9.\n\n\
            | reason | operation |\n|:---|---|\n\
            | request.Period: `pattern` cannot be expressed | `CreateInstance` |\n\
            | a \\| b | [DeleteX](https://x) |\n\
            | second reason | `CreateInstance` |\n\
            | second reason | `CreateInstance` |\n\
            |  | **Empty** |\n\nAfter the table.\n";
        let rows = parse_left_out(text).operations;
        assert_eq!(
            rows["CreateInstance"],
            [
                "request.Period: `pattern` cannot be expressed",
                "second reason"
            ]
        );
        assert_eq!(rows["DeleteX"], ["a | b"]);
        assert_eq!(rows["Empty"], [NO_REASON]);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn left_out_as_the_importer_writes_it() {
        // The layout of xtask/src/import/left_out.rs: escaped cells, reasons joined with <br>, and a second
        // table of parts left out of imported operations.
        let text = "<!-- Written by `cargo xtask import` from metadata/x/1/api-docs.json; do not edit. -->\n\n\
            # x: what the import left out\n\n1 operation(s) imported, 2 left out.\n\n\
            ## Operations left out\n\n| operation | why |\n|---|---|\n\
            | A | request.P: `pattern` no<br>request.Q: a \\| b\\nc |\n\
            | B | back\\\\slash |\n\n\
            ## Parts of operations left out\n\n| operation | where | why |\n|---|---|---|\n\
            | C | responseDemo[0] | an error example without its HTTP status |\n";
        let got = parse_left_out(text);
        assert_eq!(
            got.operations["A"],
            ["request.P: `pattern` no", "request.Q: a | b c"]
        );
        assert_eq!(got.operations["B"], ["back\\slash"]);
        assert_eq!(got.operations.len(), 2);
        assert_eq!(got.parts["C"], ["an error example without its HTTP status"]);
        assert_eq!(got.parts.len(), 1);
    }

    #[test]
    fn left_out_other_layouts() {
        // No recognisable header: first column is the operation, last the reason.
        let text = "| op | count | text |\n|---|---|---|\n| `A` | 2 | why A |\n| 12 | x | not an operation |\n";
        let rows = parse_left_out(text).operations;
        assert_eq!(rows["A"], ["why A"]);
        assert_eq!(rows.len(), 1);
        // A list.
        let text = "- `B`: because\n* `C` — also\n- prose that is not an operation\n- `D`\n";
        let rows = parse_left_out(text).operations;
        assert_eq!(rows["B"], ["because"]);
        assert_eq!(rows["C"], ["also"]);
        assert_eq!(rows["D"], [NO_REASON]);
        assert_eq!(rows.len(), 3);
        // Anything else: nothing, and no panic.
        assert_eq!(parse_left_out(""), LeftOut::default());
        assert_eq!(
            parse_left_out("|\n|---|\n| |\n||||\n|\n\\"),
            LeftOut::default()
        );
    }

    #[test]
    fn reasons_group_without_their_paths() {
        let mut left = BTreeMap::new();
        left.insert(
            "A".to_owned(),
            vec!["request.X: `pattern` no".to_owned(), "other".to_owned()],
        );
        left.insert("B".to_owned(), vec!["request.Y.Z: `pattern` no".to_owned()]);
        left.insert("C".to_owned(), vec!["a sentence: with a colon".to_owned()]);
        let groups = grouped(&left);
        assert_eq!(
            groups,
            vec![
                (
                    "`pattern` no".to_owned(),
                    vec!["A".to_owned(), "B".to_owned()]
                ),
                ("a sentence: with a colon".to_owned(), vec!["C".to_owned()]),
                ("other".to_owned(), vec!["A".to_owned()]),
            ]
        );
    }

    #[test]
    fn paginators() {
        assert_eq!(
            parse_paginators("# x\n\n18 of 123 operations have a paginator (17 by page)\n"),
            Some(18)
        );
        assert_eq!(
            parse_paginators("1,234 of 2,000 operations have a paginator\n"),
            Some(1234)
        );
        assert_eq!(
            parse_paginators("# x\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\nmore\n"),
            Some(2)
        );
        assert_eq!(parse_paginators("nothing here"), None);
    }
}
