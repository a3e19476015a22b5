//! The order keys are written in, whatever order the import and the overlay produced them: the order of
//! `specs/README.md`, so every imported file reads the same way. Keys a spec does not know keep their place
//! at the end, where the loader reports them.

use super::yaml::Node;

const OPERATION: &[&str] = &[
    "name",
    "summary",
    "description",
    "documentation",
    "method",
    "path",
    "deprecated",
    "anonymous",
    "ram",
    "request",
    "constraints",
    "response",
    "paginator",
    "waiters",
    "shapes",
    "enums",
    "errors",
    "examples",
    "request_examples",
];
const FIELD: &[&str] = &[
    "name",
    "rust_name",
    "type",
    "items",
    "shape",
    "enum",
    "format",
    "content",
    "values",
    "style",
    "location",
    "required",
    "idempotency_token",
    "range",
    "min_length",
    "max_length",
    "min_items",
    "max_items",
    "default",
    "deprecated",
    "description",
    "example",
];
const TYPE: &[&str] = &[
    "type", "items", "shape", "enum", "format", "content", "values",
];
const RAM: &[&str] = &[
    "action",
    "access_level",
    "resource_type",
    "condition_keys",
    "dependent_actions",
];
const RESPONSE: &[&str] = &["description", "fields"];
const SHAPE: &[&str] = &["description", "fields"];
const ENUM: &[&str] = &["description", "values"];
const VALUE: &[&str] = &["value", "name", "description"];
const ERROR: &[&str] = &["status", "code", "message", "description"];
const EXAMPLE: &[&str] = &["title", "format", "status", "unfit", "body"];
const REQUEST_EXAMPLE: &[&str] = &["title", "input", "path", "query", "headers", "form", "body"];
const RANGE: &[&str] = &["min", "max"];

/// Puts the keys of an operation and everything in it in the documented order.
pub fn operation(op: &mut Node) {
    sort(op, OPERATION);
    if let Some(ram) = op.get_mut("ram") {
        sort(ram, RAM);
    }
    each(op.get_mut("request"), fields_of);
    if let Some(response) = op.get_mut("response") {
        sort(response, RESPONSE);
        each(response.get_mut("fields"), fields_of);
    }
    for_values(op.get_mut("shapes"), |shape| {
        sort(shape, SHAPE);
        each(shape.get_mut("fields"), fields_of);
    });
    for_values(op.get_mut("enums"), |e| {
        sort(e, ENUM);
        each(e.get_mut("values"), |v| sort(v, VALUE));
    });
    each(op.get_mut("errors"), |e| sort(e, ERROR));
    each(op.get_mut("examples"), |e| sort(e, EXAMPLE));
    each(op.get_mut("request_examples"), |e| sort(e, REQUEST_EXAMPLE));
}

fn fields_of(field: &mut Node) {
    sort(field, FIELD);
    if let Some(range) = field.get_mut("range") {
        sort(range, RANGE);
    }
    for key in ["items", "content", "values"] {
        if let Some(inner) = field.get_mut(key) {
            type_keys(inner);
        }
    }
}

fn type_keys(t: &mut Node) {
    sort(t, TYPE);
    for key in ["items", "content", "values"] {
        if let Some(inner) = t.get_mut(key) {
            type_keys(inner);
        }
    }
}

fn each(list: Option<&mut Node>, f: impl Fn(&mut Node)) {
    if let Some(Node::Seq(items)) = list {
        items.iter_mut().for_each(f);
    }
}

fn for_values(map: Option<&mut Node>, f: impl Fn(&mut Node)) {
    if let Some(Node::Map(entries)) = map {
        entries.iter_mut().for_each(|(_, v)| f(v));
    }
}

/// Stable: known keys in `order`, then the others as they were.
fn sort(node: &mut Node, order: &[&str]) {
    if let Node::Map(entries) = node {
        entries.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(order.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml::parse;

    #[test]
    fn keys_follow_the_documented_order() {
        let mut op = parse(
            "examples: []\nname: Op\nrequest:\n  - example: 1\n    type: long\n    name: A\n    surprise: x\n    items: { shape: S, type: object }\nsummary: s\n",
        )
        .expect("yaml");
        operation(&mut op);
        let expected = parse(
            "name: Op\nsummary: s\nrequest:\n  - name: A\n    type: long\n    items: { type: object, shape: S }\n    example: 1\n    surprise: x\nexamples: []\n",
        )
        .expect("yaml");
        assert_eq!(op, expected);
        let keys = |n: &Node| match n {
            Node::Map(e) => e.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        assert_eq!(keys(&op), ["name", "summary", "request", "examples"]);
    }
}
