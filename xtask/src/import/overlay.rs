//! Overlays: what a person adds to an imported operation, kept in `overlays/<module>/<Action>.yaml` and
//! applied by every import.
//!
//! An overlay is written like the operation file and deep-merged over the import: maps are merged by key;
//! the field lists (`request`, `response.fields`, `shapes.<Name>.fields`) are merged by `name`, a field
//! the import lacks being added at the end; a key set to `null` is removed; any other value replaces the
//! imported one. Its own key `accept` lists the reported constructs the format cannot express that a
//! person has looked at and accepted, each with the reason.

use super::report::Problem;
use super::yaml::Node;

/// A reported construct accepted by an overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The reported path (`request.FileOssUrl`).
    pub path: String,
    /// The reported key (`isFileTransferUrl`).
    pub key: String,
}

/// A parsed overlay: the accepted reports and what to merge.
#[derive(Clone, Debug)]
pub struct Overlay {
    /// The `accept` entries.
    pub accept: Vec<Accepted>,
    /// `leave_out`: why the operation is not imported although it converts (its wire form is one a spec
    /// cannot describe, such as a protobuf body); it is listed in the product's `LEFT_OUT.md`.
    pub leave_out: Option<String>,
    /// Everything else.
    pub patch: Node,
}

/// Reads an overlay's text; `label` names it in problems.
pub fn parse(label: &str, text: &str) -> Result<Overlay, Vec<Problem>> {
    let mut patch = super::yaml::parse(text).map_err(|e| vec![Problem::error(label, "", e)])?;
    if matches!(patch, Node::Null) {
        patch = Node::Map(Vec::new());
    }
    if !matches!(patch, Node::Map(_)) {
        return Err(vec![Problem::error(
            label,
            "",
            "an overlay is a map, like an operation file",
        )]);
    }
    let mut problems = Vec::new();
    let mut accept = Vec::new();
    if let Some(entries) = patch.get("accept") {
        let items = match entries {
            Node::Seq(items) => items.as_slice(),
            _ => {
                problems.push(Problem::error(
                    label,
                    "accept",
                    "a list of { path, key, reason }",
                ));
                &[]
            }
        };
        for (i, item) in items.iter().enumerate() {
            let text = |k: &str| {
                item.get(k)
                    .and_then(Node::as_str)
                    .map(str::trim)
                    .unwrap_or_default()
            };
            let extra = match item {
                Node::Map(entries) => entries
                    .iter()
                    .any(|(k, _)| !["path", "key", "reason"].contains(&k.as_str())),
                _ => true,
            };
            if text("key").is_empty() || text("reason").is_empty() || extra {
                problems.push(Problem::error(
                    label,
                    &format!("accept[{i}]"),
                    "give `path` (as reported), `key` and the `reason` the loss is acceptable, and nothing else",
                ));
            } else {
                accept.push(Accepted {
                    path: text("path").to_owned(),
                    key: text("key").to_owned(),
                });
            }
        }
    }
    patch.remove("accept");
    let leave_out = match patch.get("leave_out") {
        None => None,
        Some(Node::Str(reason)) if !reason.trim().is_empty() => Some(reason.trim().to_owned()),
        Some(_) => {
            problems.push(Problem::error(
                label,
                "leave_out",
                "`leave_out` is the reason the operation is not imported, as text",
            ));
            None
        }
    };
    patch.remove("leave_out");
    if problems.is_empty() {
        Ok(Overlay {
            accept,
            leave_out,
            patch,
        })
    } else {
        Err(problems)
    }
}

/// Merges `overlay` into `base` (an operation); problems name `label`.
pub fn merge(base: &mut Node, overlay: &Node, label: &str, problems: &mut Vec<Problem>) {
    merge_at(base, overlay, &mut Vec::new(), label, problems);
}

/// Whether the value at `path` is a field list, merged by `name`.
fn field_list(path: &[String]) -> bool {
    match path {
        [one] => one == "request",
        [a, b] => a == "response" && b == "fields",
        [a, _, c] => a == "shapes" && c == "fields",
        _ => false,
    }
}

fn merge_at(
    base: &mut Node,
    overlay: &Node,
    path: &mut Vec<String>,
    label: &str,
    problems: &mut Vec<Problem>,
) {
    match (base, overlay) {
        (Node::Map(entries), Node::Map(patch)) => {
            for (key, value) in patch {
                if matches!(value, Node::Null) {
                    entries.retain(|(k, _)| k != key);
                    continue;
                }
                path.push(key.clone());
                match entries.iter_mut().find(|(k, _)| k == key) {
                    Some((_, slot)) => merge_at(slot, value, path, label, problems),
                    None => entries.push((key.clone(), value.clone())),
                }
                path.pop();
            }
        }
        (Node::Seq(fields), Node::Seq(patch)) if field_list(path) => {
            for (i, item) in patch.iter().enumerate() {
                let Some(name) = item.get("name").and_then(Node::as_str) else {
                    problems.push(Problem::error(
                        label,
                        &format!("{}[{i}]", path.join(".")),
                        "a field in an overlay is matched by its `name`, which it lacks",
                    ));
                    continue;
                };
                match fields
                    .iter_mut()
                    .find(|f| f.get("name").and_then(Node::as_str) == Some(name))
                {
                    Some(field) => {
                        path.push(name.to_owned());
                        merge_at(field, item, path, label, problems);
                        path.pop();
                    }
                    None => fields.push(item.clone()),
                }
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml::parse as yaml;

    #[test]
    fn maps_merge_by_key_fields_by_name_and_other_values_are_replaced() {
        let mut base = yaml(
            "name: Op\nsummary: s\nrequest:\n  - name: A\n    type: string\n    description: a\n  - name: B\n    type: long\nresponse:\n  fields:\n    - name: R\n      type: string\nshapes:\n  S:\n    fields:\n      - name: X\n        type: string\nerrors:\n  - status: 400\n    code: E\n",
        )
        .expect("base");
        let overlay = parse(
            "t",
            "summary: better\nrequest:\n  - name: B\n    range: { min: 1 }\n  - name: C\n    type: boolean\nresponse:\n  fields:\n    - name: R\n      type: json\n      content: { type: any }\nshapes:\n  S:\n    fields:\n      - name: X\n        description: x\nerrors: []\naccept:\n  - path: request.A\n    key: pattern\n    reason: checked by the service\n",
        )
        .expect("overlay");
        assert_eq!(
            overlay.accept,
            [Accepted {
                path: "request.A".into(),
                key: "pattern".into()
            }]
        );
        let mut problems = Vec::new();
        merge(&mut base, &overlay.patch, "t", &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let expected = yaml(
            "name: Op\nsummary: better\nrequest:\n  - name: A\n    type: string\n    description: a\n  - name: B\n    type: long\n    range: { min: 1 }\n  - name: C\n    type: boolean\nresponse:\n  fields:\n    - name: R\n      type: json\n      content: { type: any }\nshapes:\n  S:\n    fields:\n      - name: X\n        type: string\n        description: x\nerrors: []\n",
        )
        .expect("expected");
        assert_eq!(base, expected);
    }

    #[test]
    fn null_removes_and_nameless_fields_are_reported() {
        let mut base = yaml(
            "name: Op\ndeprecated: old\nrequest:\n  - name: A\n    type: string\n    example: x\n",
        )
        .expect("base");
        let overlay = parse(
            "t",
            "deprecated: null\nrequest:\n  - name: A\n    example: null\n  - type: string\n",
        )
        .expect("overlay");
        let mut problems = Vec::new();
        merge(&mut base, &overlay.patch, "t", &mut problems);
        assert_eq!(
            base,
            yaml("name: Op\nrequest:\n  - name: A\n    type: string\n").expect("expected")
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "request[1]");
    }

    #[test]
    fn malformed_overlays_are_refused() {
        assert!(parse("t", "- a\n").is_err());
        assert!(
            parse("t", "accept:\n  - path: x\n    key: k\n").is_err(),
            "a reason is required"
        );
        assert!(parse("t", "accept: {}\n").is_err());
    }
}
