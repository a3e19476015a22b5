//! The four seed operations were written by hand before the importer existed; they are kept in
//! `tests/fixtures/seeds/` as the reference. Imported with their overlays, each must say everything the
//! hand-made spec says, field for field, and may add what the metadata knows besides. This test lists the
//! differences and fails on any but those additions.

use super::yaml::{Node, parse};

/// The seed operations, as `<module>/<Action>`.
const SEEDS: [&str; 4] = [
    "dbs/DescribePreCheckProgressList",
    "dbs/DescribeRestoreTaskList",
    "dts/DescribePreCheckStatus",
    "sas/QueryPreCheckDatabase",
];

/// One difference between the imported spec and the hand-made one, at a path such as
/// `response.fields[Items].shape`.
#[derive(Debug, PartialEq, Eq)]
enum Difference {
    /// The hand-made spec says it; the imported one does not.
    Missing(String),
    /// Both say it, differently (imported, hand-made).
    Differs(String, String, String),
    /// Only the imported spec says it: what the metadata adds.
    Added(String),
}

/// Whether a key's value says nothing: the key is the same as no key (`required: false`, `[]`). A
/// `default` always says something (`default: false`).
fn is_default(key: &str, node: &Node) -> bool {
    if key == "default" {
        return false;
    }
    match node {
        Node::Null => true,
        Node::Bool(b) => !b,
        Node::Str(s) => s.is_empty(),
        Node::Seq(items) => items.is_empty(),
        Node::Map(entries) => entries.is_empty(),
        Node::Num(_) => false,
    }
}

/// The name of a list item that has one (fields are compared by name, not position).
fn name_of(node: &Node) -> Option<&str> {
    node.get("name").and_then(Node::as_str)
}

fn compare(imported: &Node, hand: &Node, path: &str, out: &mut Vec<Difference>) {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (imported, hand) {
        (Node::Map(ours), Node::Map(theirs)) => {
            for (key, value) in theirs.iter().filter(|(k, v)| !is_default(k, v)) {
                match ours.iter().find(|(k, _)| k == key) {
                    Some((_, mine)) => compare(mine, value, &at(key), out),
                    None => out.push(Difference::Missing(at(key))),
                }
            }
            for (key, _) in ours.iter().filter(|(k, v)| !is_default(k, v)) {
                let said = theirs.iter().any(|(k, v)| k == key && !is_default(k, v));
                if !said {
                    out.push(Difference::Added(at(key)));
                }
            }
        }
        (Node::Seq(ours), Node::Seq(theirs))
            if !theirs.is_empty() && ours.iter().chain(theirs).all(|n| name_of(n).is_some()) =>
        {
            for item in theirs {
                let name = name_of(item).unwrap_or_default();
                let here = format!("{path}[{name}]");
                match ours.iter().find(|n| name_of(n) == Some(name)) {
                    Some(mine) => compare(mine, item, &here, out),
                    None => out.push(Difference::Missing(here)),
                }
            }
            for item in ours {
                let name = name_of(item).unwrap_or_default();
                if !theirs.iter().any(|n| name_of(n) == Some(name)) {
                    out.push(Difference::Added(format!("{path}[{name}]")));
                }
            }
        }
        _ if imported == hand => {}
        _ => out.push(Difference::Differs(
            path.to_owned(),
            format!("{imported:?}"),
            format!("{hand:?}"),
        )),
    }
}

#[test]
fn the_seeds_import_as_written_by_hand_plus_what_the_metadata_adds() {
    let root = crate::workspace_root();
    let read = |path: std::path::PathBuf| {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let mut report = Vec::new();
    for seed in SEEDS {
        let hand = read(root.join(format!("tests/fixtures/seeds/{seed}.yaml")));
        let imported = read(root.join(format!("specs/{seed}.yaml")));
        let mut differences = Vec::new();
        compare(&imported, &hand, "", &mut differences);
        for d in differences {
            report.push(format!("{seed}: {d:?}"));
        }
    }
    // Printed so that `cargo test -- --nocapture` shows the whole comparison.
    println!("{}", report.join("\n"));
    assert_eq!(
        report,
        [
            "dts/DescribePreCheckStatus: Added(\"request[ZeroEtlJob]\")",
            "dts/DescribePreCheckStatus: Added(\"request[ResourceGroupId]\")",
        ],
        "the imported seeds differ from the hand-made ones in more than what the metadata adds"
    );
}

#[test]
fn the_comparison_sees_each_kind_of_difference() {
    let hand = parse(
        "request:\n  - {name: A, type: string, required: false}\n  - {name: B, type: long}\nsummary: x\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let imported = parse(
        "request:\n  - {name: A, type: string, example: e}\n  - {name: C, type: long}\nsummary: y\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    compare(&imported, &hand, "", &mut out);
    assert_eq!(
        out,
        [
            Difference::Added("request[A].example".into()),
            Difference::Missing("request[B]".into()),
            Difference::Added("request[C]".into()),
            Difference::Differs("summary".into(), "Str(\"y\")".into(), "Str(\"x\")".into()),
        ]
    );
}
