//! Removes the types an operation no longer uses once the overlays are merged.

use std::collections::BTreeSet;

use super::yaml::Node;

/// Removes the operation's shapes and enums that nothing uses any more: an overlay that gives a field
/// another type (a hand-named enum, a JSON string) leaves what the import made for it behind, and a type
/// nobody uses would still be generated.
pub fn prune(op: &mut Node) {
    fn refs(node: &Node, out: &mut BTreeSet<String>) {
        match node {
            Node::Map(entries) => {
                for (k, v) in entries {
                    match (k.as_str(), v) {
                        ("shape" | "enum", Node::Str(name)) => {
                            out.insert(name.clone());
                        }
                        _ => refs(v, out),
                    }
                }
            }
            Node::Seq(items) => items.iter().for_each(|i| refs(i, out)),
            _ => {}
        }
    }
    let Node::Map(entries) = &*op else {
        return;
    };
    let mut used = BTreeSet::new();
    for (k, v) in entries {
        if !matches!(k.as_str(), "shapes" | "enums") {
            refs(v, &mut used);
        }
    }
    // Shapes reached through used shapes, until nothing new is found.
    loop {
        let before = used.len();
        if let Some(Node::Map(shapes)) = op.get("shapes") {
            for (name, shape) in shapes {
                if used.contains(name) {
                    refs(shape, &mut used);
                }
            }
        }
        if used.len() == before {
            break;
        }
    }
    for section in ["shapes", "enums"] {
        if let Some(Node::Map(defined)) = op.get_mut(section) {
            defined.retain(|(name, _)| used.contains(name));
            if defined.is_empty() {
                op.remove(section);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml::parse;

    #[test]
    fn types_nothing_uses_are_pruned() {
        let mut op = parse(
            "name: Op\nresponse:\n  fields:\n    - { name: A, type: object, shape: Used }\n    - { name: S, type: string, enum: Kept }\nshapes:\n  Used: { fields: [ { name: B, type: object, shape: Inner } ] }\n  Inner: { fields: [ { name: C, type: string, enum: Deep } ] }\n  Orphan: { fields: [ { name: D, type: object, shape: OrphanInner } ] }\n  OrphanInner: { fields: [] }\nenums:\n  Kept: { values: [ { value: a } ] }\n  Deep: { values: [ { value: b } ] }\n  Left: { values: [ { value: c } ] }\n",
        )
        .expect("yaml");
        prune(&mut op);
        let names = |section: &str| -> Vec<String> {
            match op.get(section) {
                Some(Node::Map(entries)) => entries.iter().map(|(k, _)| k.clone()).collect(),
                _ => Vec::new(),
            }
        };
        assert_eq!(names("shapes"), ["Used", "Inner"]);
        assert_eq!(names("enums"), ["Kept", "Deep"]);
    }
}
