//! `specs/<module>/LEFT_OUT.md`: what the import of a product left out, and why. An operation with a
//! problem (a construct the importer does not know, a spec the loader refuses) is left out instead of
//! refusing the product; a documented error example that cannot be an example is left out of its
//! operation. Nothing is dropped silently: each is listed here with its reason.
//!
//! The file is also part of the manifest: the operations it lists are tried again by every
//! `cargo xtask import`, like the operations whose spec files carry the import mark, so an operation comes
//! back as soon as the metadata or an overlay fixes it.

use std::collections::BTreeMap;

/// The report beside the specs.
pub const LEFT_OUT_FILE: &str = "LEFT_OUT.md";

const MARK: &str = "<!-- Written by `cargo xtask import` from ";
const MARK_END: &str = "; do not edit. -->";
const OPERATIONS: &str = "## Operations left out";

/// The text of `LEFT_OUT.md`: the operations left out (action → reasons) and the parts left out of
/// imported operations (action → (path, why)); `imported` is how many operations were imported.
pub fn report(
    module: &str,
    metadata: &str,
    imported: usize,
    ops: &BTreeMap<String, Vec<String>>,
    parts: &BTreeMap<String, Vec<(String, String)>>,
) -> String {
    let mut text = format!(
        "{MARK}{metadata}{MARK_END}\n\n# {module}: what the import left out\n\n\
         {imported} operation(s) imported, {} left out; {} part(s) of imported operations left out.\n\
         Each is listed with the reason. A left-out operation is tried again by every `cargo xtask import`.\n",
        ops.len(),
        parts.values().map(Vec::len).sum::<usize>()
    );
    text.push_str(&format!("\n{OPERATIONS}\n\n"));
    if ops.is_empty() {
        text.push_str("None.\n");
    } else {
        text.push_str("| operation | why |\n|---|---|\n");
        for (action, reasons) in ops {
            let mut reasons = reasons.clone();
            reasons.sort();
            reasons.dedup();
            let why: Vec<String> = reasons.iter().map(|r| cell(r)).collect();
            text.push_str(&format!("| {} | {} |\n", cell(action), why.join("<br>")));
        }
    }
    text.push_str("\n## Parts of operations left out\n\n");
    if parts.values().all(Vec::is_empty) {
        text.push_str("None.\n");
    } else {
        text.push_str("| operation | where | why |\n|---|---|---|\n");
        for (action, list) in parts {
            let mut list = list.clone();
            list.sort();
            for (path, why) in list {
                text.push_str(&format!(
                    "| {} | {} | {} |\n",
                    cell(action),
                    cell(&path),
                    cell(&why)
                ));
            }
        }
    }
    text
}

/// The metadata and the operations a `LEFT_OUT.md` names (none when it is not one).
pub fn listed(text: &str) -> Option<(String, Vec<String>)> {
    let metadata = text
        .lines()
        .next()?
        .strip_prefix(MARK)?
        .strip_suffix(MARK_END)?
        .to_owned();
    let mut actions = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("## ") {
            inside = line == OPERATIONS;
            continue;
        }
        let Some(row) = line.strip_prefix("| ") else {
            continue;
        };
        if inside
            && !row.starts_with("operation |")
            && let Some(first) = split(row).into_iter().next()
        {
            actions.push(first);
        }
    }
    Some((metadata, actions))
}

/// A table cell: `|`, `\` and line breaks escaped so that the cell reads back exactly.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\r', "\\r")
        .replace('\n', "\\n")
}

/// The cells of a row (after its leading `| `), unescaped.
fn split(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => current.push('\n'),
                Some('r') => current.push('\r'),
                Some(other) => current.push(other),
                None => current.push('\\'),
            },
            '|' => cells.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    // Each cell is written with one space on either side.
    cells
        .into_iter()
        .map(|c| {
            let c = c.strip_prefix(' ').unwrap_or(&c);
            c.strip_suffix(' ').unwrap_or(c).to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_lists_and_reads_back_its_operations() {
        let ops: BTreeMap<String, Vec<String>> = [
            ("B".to_owned(), vec!["z".to_owned(), "a | b".to_owned()]),
            ("a|b\\c\nd".to_owned(), vec!["x".to_owned()]),
        ]
        .into();
        let parts: BTreeMap<String, Vec<(String, String)>> = [(
            "C".to_owned(),
            vec![("responseDemo[0].errorExample".to_owned(), "why".to_owned())],
        )]
        .into();
        let text = report("demo", "metadata/demo/1/api-docs.json", 3, &ops, &parts);
        assert!(
            text.contains("3 operation(s) imported, 2 left out; 1 part(s)"),
            "{text}"
        );
        assert!(
            text.contains("| B | a \\| b<br>z |"),
            "sorted reasons: {text}"
        );
        let (metadata, actions) = listed(&text).expect("a report");
        assert_eq!(metadata, "metadata/demo/1/api-docs.json");
        assert_eq!(
            actions,
            ["B", "a|b\\c\nd"],
            "the parts are not operations left out"
        );
        let empty = report("demo", "m", 0, &BTreeMap::new(), &BTreeMap::new());
        assert_eq!(listed(&empty).map(|(_, a)| a), Some(Vec::new()));
        assert_eq!(listed("# something else"), None);
    }
}
