//! `specs/<module>/PAGINATORS.md`: how many operations of a product page, how, over which list, and which
//! take paging parameters without a paginator because the detection could not tell their list.

use super::paging::Found;
use super::yaml::Node;

/// The file beside the specs that reports each product's paginators.
pub const REPORT_FILE: &str = "PAGINATORS.md";

/// The report: how many operations page, how, over which list, and which page without a paginator
/// because the detection could not tell (an overlay can declare theirs). `detected` is what the
/// detection found before overlays; `ops` the finished operations.
pub fn report(
    module: &str,
    metadata: &str,
    ops: &[(String, Node)],
    detected: &[(String, Found)],
) -> String {
    let mut rows = Vec::new();
    let (mut pages, mut tokens, mut offsets) = (0, 0, 0);
    for (action, op) in ops {
        let Some(p) = op.get("paginator") else {
            continue;
        };
        let text = |k: &str| p.get(k).and_then(Node::as_str).unwrap_or("").to_owned();
        let how = if p.get("token").is_some() {
            tokens += 1;
            format!("token `{}`", text("token"))
        } else if p.get("offset").is_some() {
            offsets += 1;
            format!("offset `{}`", text("offset"))
        } else {
            pages += 1;
            let first = match p.get("first") {
                Some(Node::Num(n)) => n.clone(),
                _ => "1".to_owned(),
            };
            format!("page `{}` from {first}", text("page"))
        };
        let total = match (text("total"), text("pages")) {
            (t, _) if !t.is_empty() => format!("`{t}`"),
            (_, p) if !p.is_empty() => format!("`{p}` pages"),
            _ => "an empty page".to_owned(),
        };
        rows.push(format!(
            "| {action} | {how} | `{}` | {total} |",
            text("items")
        ));
    }
    let unclear: Vec<&str> = detected
        .iter()
        .filter(|(a, f)| {
            *f == Found::Unclear
                && ops
                    .iter()
                    .any(|(b, op)| a == b && op.get("paginator").is_none())
        })
        .map(|(a, _)| a.as_str())
        .collect();
    let mut text = format!(
        "<!-- Written by `cargo xtask import` from {metadata}; do not edit. -->\n\n# {module}: paginators\n\n\
         {} of {} operations have a paginator ({pages} by page number, {tokens} by token, {offsets} by \
         item offset); \
         {} more take paging parameters but the detection could not tell their list, so they have none \
         unless an overlay declares it.\n\n",
        pages + tokens + offsets,
        ops.len(),
        unclear.len()
    );
    if !rows.is_empty() {
        text.push_str("| operation | pages by | list | ends at |\n|---|---|---|---|\n");
        text.push_str(&rows.join("\n"));
        text.push('\n');
    }
    if !unclear.is_empty() {
        text.push_str(&format!("\nWithout a paginator: {}.\n", unclear.join(", ")));
    }
    text
}
