//! Whether each documented example response fits the operation it documents, decided by the loader's own
//! check (`acs_codegen::spec::conform`): an example that does not fit is kept, with `unfit` saying why,
//! instead of failing the import.

use std::collections::BTreeMap;

use acs_codegen::spec::conform::{Names, example_problems};
use acs_codegen::spec::model::{ExampleFormat, OperationSpec, ProductSpec, ShapeSpec};

use super::yaml::Node;

/// The shapes and enums of one product, by name.
#[derive(Default)]
pub struct Lookup<'a> {
    shapes: BTreeMap<&'a str, &'a ShapeSpec>,
    enums: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> Lookup<'a> {
    /// The names declared by the product file and the operations.
    pub fn new(product: &'a ProductSpec, ops: impl IntoIterator<Item = &'a OperationSpec>) -> Self {
        let mut lookup = Lookup::default();
        let mut add =
            |shapes: &'a BTreeMap<String, ShapeSpec>,
             enums: &'a BTreeMap<String, acs_codegen::spec::model::EnumSpec>| {
                for (name, shape) in shapes {
                    lookup.shapes.entry(name).or_insert(shape);
                }
                for (name, e) in enums {
                    lookup
                        .enums
                        .entry(name)
                        .or_insert_with(|| e.values.iter().map(|v| v.value.as_str()).collect());
                }
            };
        add(&product.shapes, &product.enums);
        for op in ops {
            add(&op.shapes, &op.enums);
        }
        lookup
    }
}

impl Names for Lookup<'_> {
    fn shape(&self, name: &str) -> Option<&ShapeSpec> {
        self.shapes.get(name).copied()
    }

    fn enum_values(&self, name: &str) -> Option<Vec<&str>> {
        self.enums.get(name).cloned()
    }
}

/// The most mismatches an `unfit` reason lists; the rest are counted.
const SHOWN: usize = 5;

/// For each example of `op`, why it does not fit the response (`None` when it fits or is not a JSON
/// success body, which the loader does not decode either). A body that is not JSON does not fit.
pub fn unfit(op: &OperationSpec, names: &dyn Names) -> Vec<Option<String>> {
    op.examples
        .iter()
        .map(|ex| {
            if ex.format != ExampleFormat::Json || !(200..300).contains(&ex.status) {
                return None;
            }
            let body: serde_json::Value = match serde_json::from_str(&ex.body) {
                Ok(body) => body,
                // Kept as the page wrote it: documentation, which no test decodes.
                Err(e) => return Some(format!("the documented body is not valid JSON: {e}")),
            };
            let problems = example_problems(&body, &op.response.fields, names);
            if problems.is_empty() {
                return None;
            }
            let mut parts: Vec<String> = problems
                .iter()
                .take(SHOWN)
                .map(|p| {
                    let at = if p.path.is_empty() {
                        "the body"
                    } else {
                        p.path.as_str()
                    };
                    format!("{at} {}", p.message)
                })
                .collect();
            if problems.len() > SHOWN {
                parts.push(format!("and {} more", problems.len() - SHOWN));
            }
            Some(format!(
                "the documented body does not fit the documented fields: {}",
                parts.join("; ")
            ))
        })
        .collect()
}

/// The list of the product's documented example responses that do not fit their operation, beside the
/// specs: they stay in the specs as documentation, and no test decodes them.
pub const UNFIT_FILE: &str = "UNFIT.md";

/// The text of `UNFIT.md` for the finished operations `nodes` of `module`.
pub fn unfit_list(module: &str, metadata: &str, nodes: &[(String, Node)]) -> String {
    let mut rows = Vec::new();
    for (action, node) in nodes {
        let Some(Node::Seq(examples)) = node.get("examples") else {
            continue;
        };
        for (i, example) in examples.iter().enumerate() {
            if let Some(why) = example.get("unfit").and_then(Node::as_str) {
                let title = example.get("title").and_then(Node::as_str).unwrap_or("");
                let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
                rows.push(format!(
                    "| {action} | {} ({}) | {} |",
                    i + 1,
                    cell(title),
                    cell(why)
                ));
            }
        }
    }
    let mut text = format!(
        "<!-- Written by `cargo xtask import` from {}; do not edit. -->\n\n# {}: documented examples kept as documentation\n\n\
         The example responses below contradict their operation's documented fields (or are not JSON). They stay in\n\
         the operation's spec, marked `unfit` with the reason, and are shown in its documentation; the tests decode\n\
         every other example, and the emulator answers these operations with a body that fits.\n\n",
        metadata, module
    );
    if rows.is_empty() {
        text.push_str("None.\n");
    } else {
        text.push_str(&format!(
            "{} example(s).\n\n| operation | example | why |\n|---|---|---|\n",
            rows.len()
        ));
        text.push_str(&rows.join("\n"));
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use acs_codegen::spec::load::parse_yaml;
    use std::path::Path;

    #[test]
    fn a_body_that_is_not_json_does_not_fit() {
        let product = parse_yaml::<ProductSpec>(
            Path::new("_product.yaml"),
            "code: Demo\ntitle: Demo\nmodule: demo\nversion: \"2020-01-01\"\nendpoints:\n  fallback: demo.aliyuncs.com\n",
        )
        .expect("product")
        .spec;
        let op = parse_yaml::<OperationSpec>(
            Path::new("Op.yaml"),
            "name: Op\nsummary: s\nresponse:\n  fields:\n    - name: A\n      type: string\nexamples:\n  - title: t\n    format: json\n    status: 200\n    body: '{\"A\": \"x\",}'\n  - title: u\n    format: json\n    status: 200\n    body: '{\"A\": \"x\"}'\n",
        )
        .expect("operation")
        .spec;
        let lookup = Lookup::new(&product, [&op]);
        let reasons = unfit(&op, &lookup);
        assert!(
            reasons[0]
                .as_deref()
                .is_some_and(|r| r.starts_with("the documented body is not valid JSON")),
            "{reasons:?}"
        );
        assert_eq!(reasons[1], None);
    }
}
