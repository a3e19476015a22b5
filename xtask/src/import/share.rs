//! Shares the structures that several operations of a product define identically: each operation's
//! import names its objects and enums itself, so two operations returning the same object get two copies
//! under two names (`Instance` and `DescribeInstancesInstance`). Copies that are equal in every word,
//! including what they hold (compared through their references, not their names), become one type in
//! the product file, under the shortest of their names; the operations refer to it.
//!
//! This runs on the finished operations (after overlays and pruning), so an overlay that changes one
//! copy keeps that copy the operation's own.

use std::collections::{BTreeMap, BTreeSet};

use super::yaml::Node;

/// The two sections a type lives in, as the spec names them, and the key that refers to each.
const SECTIONS: [(&str, &str); 2] = [("shapes", "shape"), ("enums", "enum")];

/// One type defined by one operation.
struct Member {
    op: usize,
    section: usize,
    name: String,
    node: Node,
}

/// Moves the types defined identically by two or more of `ops` out of them; returns the product's
/// `shapes` and `enums` (each sorted by name, empty when nothing is shared).
pub fn share(ops: &mut [(String, Node)]) -> [Vec<(String, Node)>; 2] {
    let mut members = Vec::new();
    for (op, (_, node)) in ops.iter().enumerate() {
        for (section, (key, _)) in SECTIONS.iter().enumerate() {
            if let Some(Node::Map(defined)) = node.get(key) {
                for (name, def) in defined {
                    members.push(Member {
                        op,
                        section,
                        name: name.clone(),
                        node: def.clone(),
                    });
                }
            }
        }
    }
    let index: BTreeMap<(usize, usize, &str), usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| ((m.op, m.section, m.name.as_str()), i))
        .collect();

    // Partition refinement: start with one class; split by the text with references replaced by the
    // class of what they refer to; stop when no class splits any more.
    let mut class = vec![0usize; members.len()];
    let mut count = 1;
    loop {
        let mut keys: BTreeMap<String, usize> = BTreeMap::new();
        let next: Vec<usize> = members
            .iter()
            .map(|m| {
                let resolve = |section: usize, name: &str| {
                    index
                        .get(&(m.op, section, name))
                        .map(|&i| format!("#{}", class[i]))
                };
                let key = format!("{}{:?}", m.section, replaced(&m.node, &resolve));
                let fresh = keys.len();
                *keys.entry(key).or_insert(fresh)
            })
            .collect();
        class = next;
        if keys.len() == count {
            break;
        }
        count = keys.len();
    }

    // Classes with members in two or more operations, named after their shortest member name.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, c) in class.iter().enumerate() {
        groups.entry(*c).or_default().push(i);
    }
    let mut canonical: BTreeMap<usize, String> = BTreeMap::new();
    for members_of in groups.values() {
        let ops_of: BTreeSet<usize> = members_of.iter().map(|&i| members[i].op).collect();
        if ops_of.len() < 2 {
            continue;
        }
        let name = members_of
            .iter()
            .map(|&i| members[i].name.clone())
            .min_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)))
            .unwrap_or_default();
        canonical.insert(class[members_of[0]], name);
    }
    // What a reference in operation `op` becomes: the shared name when it refers to a shared type.
    let renamed = |op: usize, section: usize, name: &str| {
        index
            .get(&(op, section, name))
            .and_then(|&i| canonical.get(&class[i]).cloned())
    };

    let mut product: [BTreeMap<String, Node>; 2] = Default::default();
    for (i, m) in members.iter().enumerate() {
        if let Some(name) = canonical.get(&class[i]) {
            product[m.section]
                .entry(name.clone())
                .or_insert_with(|| replaced(&m.node, &|s, n| renamed(m.op, s, n)));
        }
    }
    for (op, (_, node)) in ops.iter_mut().enumerate() {
        for (section, (key, _)) in SECTIONS.iter().enumerate() {
            if let Some(Node::Map(defined)) = node.get_mut(key) {
                defined.retain(|(name, _)| renamed(op, section, name).is_none());
                if defined.is_empty() {
                    node.remove(key);
                }
            }
        }
        *node = replaced(node, &|s, n| renamed(op, s, n));
    }
    product.map(|m| m.into_iter().collect())
}

/// `node` with every reference (`shape: X`, `enum: X`) that `with` knows replaced by what it says.
fn replaced(node: &Node, with: &dyn Fn(usize, &str) -> Option<String>) -> Node {
    match node {
        Node::Map(entries) => Node::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let section = SECTIONS.iter().position(|(_, r)| r == k);
                    let value = match (section, v) {
                        (Some(s), Node::Str(name)) => {
                            Node::Str(with(s, name).unwrap_or_else(|| name.clone()))
                        }
                        _ => replaced(v, with),
                    };
                    (k.clone(), value)
                })
                .collect(),
        ),
        Node::Seq(items) => Node::Seq(items.iter().map(|i| replaced(i, with)).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml::parse;

    fn op(text: &str) -> Node {
        parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn identical_types_of_two_operations_become_one_product_type() {
        let mut ops = vec![
            (
                "A".to_owned(),
                op(
                    "name: A\nresponse:\n  fields:\n    - { name: I, type: object, shape: Instance }\nshapes:\n  Instance: { fields: [ { name: T, type: object, shape: Tag }, { name: S, type: string, enum: State } ] }\n  Tag: { fields: [ { name: K, type: string } ] }\n  Own: { fields: [ { name: X, type: string } ] }\nenums:\n  State: { values: [ { value: on } ] }\n",
                ),
            ),
            (
                "B".to_owned(),
                op(
                    "name: B\nresponse:\n  fields:\n    - { name: I, type: object, shape: BInstance }\n    - { name: O, type: object, shape: BOwn }\nshapes:\n  BInstance: { fields: [ { name: T, type: object, shape: BTag }, { name: S, type: string, enum: BState } ] }\n  BTag: { fields: [ { name: K, type: string } ] }\n  BOwn: { fields: [ { name: X, type: string, doc: differs } ] }\nenums:\n  BState: { values: [ { value: on } ] }\n",
                ),
            ),
        ];
        let [shapes, enums] = share(&mut ops);
        let names =
            |list: &[(String, Node)]| list.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&shapes), ["Instance", "Tag"]);
        assert_eq!(names(&enums), ["State"]);
        assert_eq!(
            shapes[0].1,
            op(
                "{ fields: [ { name: T, type: object, shape: Tag }, { name: S, type: string, enum: State } ] }"
            )
        );
        // B refers to the shared types; its own different type stays.
        let b = &ops[1].1;
        assert_eq!(
            b.get("response").and_then(|r| r.get("fields")),
            Some(&op(
                "[ { name: I, type: object, shape: Instance }, { name: O, type: object, shape: BOwn } ]"
            ))
        );
        assert!(
            !b.get("shapes")
                .map(|s| format!("{s:?}"))
                .unwrap_or_default()
                .contains("BInstance")
        );
        assert!(b.get("enums").is_none());
        assert!(
            ops[0]
                .1
                .get("shapes")
                .is_some_and(|s| s.get("Own").is_some())
        );
    }

    #[test]
    fn copies_that_hold_different_things_stay_apart() {
        let mut ops = vec![
            (
                "A".to_owned(),
                op(
                    "name: A\nshapes:\n  Outer: { fields: [ { name: T, type: object, shape: Inner } ] }\n  Inner: { fields: [ { name: K, type: string } ] }\n",
                ),
            ),
            (
                "B".to_owned(),
                op(
                    "name: B\nshapes:\n  BOuter: { fields: [ { name: T, type: object, shape: BInner } ] }\n  BInner: { fields: [ { name: K, type: integer } ] }\n",
                ),
            ),
        ];
        let [shapes, enums] = share(&mut ops);
        assert!(shapes.is_empty() && enums.is_empty());
        assert!(
            ops[1]
                .1
                .get("shapes")
                .is_some_and(|s| s.get("BOuter").is_some())
        );
    }
}
