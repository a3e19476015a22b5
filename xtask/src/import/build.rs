//! Builds a set of operations of one product from the metadata: converts them together (their shape names
//! share one namespace, claimed shallowest first), finds their paginators, applies their overlays, and
//! sorts out the operations that cannot be imported, each with its problems.

use std::collections::{BTreeMap, BTreeSet};

use super::json::Json;
use super::names::Namespace;
use super::operation::operation;
use super::order;
use super::overlay::{Accepted, Overlay};
use super::paging::{self, Found};
use super::report::Problem;
use super::schema::Converter;
use super::yaml::Node;

/// What every build of one product shares.
pub struct Inputs<'a> {
    /// The module (`dts`).
    pub module: &'a str,
    /// The parsed metadata.
    pub doc: &'a Json,
    /// Type names taken before any operation claims one (hand-written types, generated names).
    pub reserved: &'a BTreeSet<String>,
    /// The parsed overlays of operations: action → (label, overlay).
    pub overlays: &'a BTreeMap<String, (String, Overlay)>,
    /// Keys the metadata gives twice inside an operation: action → their paths.
    pub duplicates: &'a BTreeMap<String, Vec<String>>,
}

/// The operations built.
#[derive(Default)]
pub struct Built {
    /// The finished operations, by action.
    pub nodes: Vec<(String, Node)>,
    /// What the paginator detection found for each, before the overlays.
    pub paged: Vec<(String, Found)>,
    /// The operations that cannot be imported, with their problems.
    pub failed: BTreeMap<String, Vec<Problem>>,
    /// Parts of the finished operations left out with a reason (path, why), by action.
    pub parts: BTreeMap<String, Vec<(String, String)>>,
    /// Problems of the overlays themselves (a field without a name), which a person fixes.
    pub overlay_problems: Vec<Problem>,
    /// `accept` entries that match no report: harmless, but worth removing.
    pub stale: Vec<Problem>,
}

/// Whether an action can name a spec file and a Rust type: letters, digits, `_` and `-`, starting with a
/// letter or digit. Anything else (`../x`, `.hidden`, an empty name) could write outside the folder.
pub fn file_name_problem(action: &str) -> Option<String> {
    let ok = action
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && action.starts_with(|c: char| c.is_ascii_alphanumeric());
    (!ok).then(|| format!("`{action}` is not an operation name that can name a spec file"))
}

/// Builds `actions` (each of them in the metadata).
pub fn build(inputs: &Inputs<'_>, actions: &BTreeSet<String>) -> Built {
    let mut built = Built::default();
    let apis = inputs.doc.get("apis");
    let components = inputs.doc.get("components").and_then(|c| c.get("schemas"));
    let label = |action: &str| format!("{} {action}", inputs.module);
    let restful = inputs
        .doc
        .get("info")
        .and_then(|i| i.get("style"))
        .and_then(Json::as_str)
        == Some("ROA");
    let mut ns = Namespace::new(inputs.reserved.iter().cloned());
    let mut converted: Vec<(String, Converter<'_>, Node)> = Vec::new();
    for action in actions {
        let mut problems: Vec<Problem> = Vec::new();
        if let Some(why) = file_name_problem(action) {
            problems.push(Problem::error(&label(action), "", why));
        }
        for path in inputs.duplicates.get(action).into_iter().flatten() {
            problems.push(Problem::error(
                &label(action),
                path,
                "this key is given twice; which one is meant is not for the importer to guess",
            ));
        }
        let api = apis.and_then(|a| a.get(action));
        match api {
            Some(api) if problems.is_empty() => {
                let mut conv = Converter::new(inputs.module, action, components);
                let node = operation(&mut conv, &mut ns, action, api, restful);
                converted.push((action.clone(), conv, node));
            }
            _ => {
                if api.is_none() {
                    problems.push(Problem::error(
                        &label(action),
                        "",
                        "the metadata has no such operation",
                    ));
                }
                built.failed.insert(action.clone(), problems);
            }
        }
    }
    while converted.iter().any(|(_, c, _)| c.has_pending()) {
        for (_, conv, _) in converted.iter_mut() {
            conv.step(&mut ns);
        }
    }

    let learned = paging::learned(converted.iter().map(|(_, _, node)| node));
    for (action, conv, mut node) in converted {
        if !conv.shapes.is_empty() {
            node.set("shapes", Node::Map(conv.shapes.clone()));
        }
        if !conv.enums.is_empty() {
            node.set("enums", Node::Map(conv.enums.clone()));
        }
        let (paginator, found) = paging::detect(&node, &learned);
        if let Some(p) = paginator {
            node.set("paginator", p);
        }
        let mut reported = conv.problems.clone();
        if let Some((label, overlay)) = inputs.overlays.get(&action) {
            super::overlay::merge(
                &mut node,
                &overlay.patch,
                label,
                &mut built.overlay_problems,
            );
            reported = accept(reported, &overlay.accept, label, &mut built.stale);
            if let Some(reason) = &overlay.leave_out {
                reported.push(Problem::error(
                    label,
                    "leave_out",
                    format!("left out by the overlay: {reason}"),
                ));
            }
        }
        if !reported.is_empty() {
            built.failed.insert(action, reported);
            continue;
        }
        // After the overlay, which may declare or renumber the paginator: the page parameter's default
        // is then the first page, one fact (an overlay changes `paginator.first`, not the default).
        paging::align_default(&mut node);
        super::prune::prune(&mut node);
        order::operation(&mut node);
        if !conv.left_out.is_empty() {
            built.parts.insert(action.clone(), conv.left_out.clone());
        }
        built.paged.push((action.clone(), found));
        built.nodes.push((action, node));
    }
    built
}

/// The overlay's `accept` entries take their reports away; an entry that matches no report goes to
/// `stale`, so acceptances do not outlive what they accepted unnoticed.
fn accept(
    reported: Vec<Problem>,
    accepted: &[Accepted],
    label: &str,
    stale: &mut Vec<Problem>,
) -> Vec<Problem> {
    let matches = |p: &Problem, a: &Accepted| {
        p.path == a.path && p.construct.as_deref() == Some(a.key.as_str())
    };
    for a in accepted {
        if !reported.iter().any(|p| matches(p, a)) {
            stale.push(Problem::error(
                label,
                "accept",
                format!(
                    "nothing is reported at `{}` for `{}`; remove the entry",
                    a.path, a.key
                ),
            ));
        }
    }
    reported
        .into_iter()
        .filter(|p| !accepted.iter().any(|a| matches(p, a)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_must_be_file_names() {
        for good in ["DescribeInstances", "Describe_2", "2Fa", "a-b"] {
            assert_eq!(file_name_problem(good), None, "{good}");
        }
        for bad in ["", "../x", ".hidden", "a/b", "a b", "-x", "a.b", "中文"] {
            assert!(file_name_problem(bad).is_some(), "{bad}");
        }
    }
}
