//! The answer an operation gives when no scenario says otherwise, from its spec's examples, kept as a
//! *document*: one JSON object holding every top-level response field by name, wherever the field
//! travels. That is the form the runtime decodes a RESTful answer from (`location: body` fields hold the
//! whole body, `location: header` fields their header's value, beside the members of an object body), so
//! scenarios patch and page every operation the same way, and [`crate::restful::answer`] splits the
//! document back into headers and a body when it answers.
//!
//! - An object body: the first JSON success example that fits (the importer marks the others `unfit`).
//! - A `location: body` field: the first JSON success example whose text, as that field, fits the
//!   response; the importer's `unfit` mark is not trusted here, since it judged the body as an object of
//!   fields before the field's location existed (`. is an array, but the spec says an object`). A body
//!   that is not JSON is the field's text.
//!   With none that fits, the field is the empty list or object its type says (an empty text is no body).
//! - A `location: header` field the example does not hold takes the field's own documented example.

use acs_codegen::spec::conform::{Mode, conform};
use acs_codegen::spec::model::{ExampleFormat, ExampleSpec, LocationSpec, OperationSpec, TypeName};
use acs_codegen::spec::samples::SpecNames;
use serde_json::{Map, Value};

/// The status and document of an operation's documented success answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Documented {
    /// The example's HTTP status (200 when no example is used): 2xx.
    pub(crate) status: u16,
    /// Every top-level response field the example gives, by wire name.
    pub(crate) document: Value,
    /// Whether an example gave it (an operation that documents none answers with an empty body where
    /// its response declares nothing, and an example of `{}` is sent as `{}`).
    pub(crate) from_example: bool,
}

/// The documented answer of `op`.
pub(crate) fn answer(op: &OperationSpec, names: &SpecNames<'_>) -> Documented {
    let fields = &op.response.fields;
    let body_field = fields.iter().find(|f| f.location == LocationSpec::Body);
    let success = op
        .examples
        .iter()
        .filter(|e| e.format == ExampleFormat::Json && (200..300).contains(&e.status));
    let chosen = match body_field {
        Some(f) => success
            .filter_map(|e| {
                let document = Value::Object(Map::from_iter([(f.name.clone(), raw_value(e))]));
                conform(&document, fields, names, Mode::Response)
                    .is_empty()
                    .then_some((e.status, document))
            })
            .next(),
        None => success
            .filter(|e| e.unfit.is_none())
            .find_map(|e| Some((e.status, serde_json::from_str::<Value>(&e.body).ok()?))),
    };
    let from_example = chosen.is_some();
    let (status, mut document) = chosen.unwrap_or_else(|| {
        let empty = body_field.and_then(|f| match f.ty {
            TypeName::Array => Some(Value::Array(Vec::new())),
            TypeName::Object | TypeName::Map | TypeName::Any => Some(Value::Object(Map::new())),
            _ => None,
        });
        let members = body_field.zip(empty).map(|(f, v)| (f.name.clone(), v));
        (200, Value::Object(members.into_iter().collect()))
    });
    if let Value::Object(members) = &mut document {
        for f in fields.iter().filter(|f| f.location == LocationSpec::Header) {
            let example = f
                .example
                .as_ref()
                .and_then(|e| serde_json::to_value(e).ok());
            if let (false, Some(example)) = (members.contains_key(&f.name), example) {
                members.insert(f.name.clone(), example);
            }
        }
    }
    Documented {
        status,
        document,
        from_example,
    }
}

/// An example body as the value of a `location: body` field: its JSON, or its text when it is not JSON.
fn raw_value(e: &ExampleSpec) -> Value {
    serde_json::from_str(&e.body).unwrap_or_else(|_| Value::String(e.body.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use acs_codegen::spec::model::ProductSpec;
    use serde_json::json;

    const PRODUCT: &str = "{ code: P, title: P, module: p, version: '2020-01-01', endpoints: { fallback: p.aliyuncs.com } }";

    fn documented(yaml: &str) -> Documented {
        let product: ProductSpec = serde_yaml::from_str(PRODUCT).expect("product");
        let op: OperationSpec = serde_yaml::from_str(yaml).expect("operation");
        answer(
            &op,
            &SpecNames {
                product: &product,
                operation: &op,
            },
        )
    }

    #[test]
    fn a_whole_body_field_takes_the_raw_example_even_marked_unfit() {
        let d = documented(
            r#"
name: ListThings
summary: s
response:
  fields:
    - { name: body, type: array, items: { type: string }, location: body }
    - { name: x-count, type: string, location: header, example: "3" }
examples:
  - { title: wrong, format: json, status: 200, body: '{"a": 1}' }
  - { title: ok, format: json, status: 202, unfit: "an array", body: '["a", "b"]' }
"#,
        );
        assert_eq!(d.status, 202);
        assert_eq!(d.document, json!({"body": ["a", "b"], "x-count": "3"}));
        let text = documented(
            r#"
name: Script
summary: s
response: { fields: [ { name: body, type: string, location: body } ] }
examples: [ { title: t, format: json, body: "wget http://x" } ]
"#,
        );
        assert_eq!(text.document, json!({"body": "wget http://x"}));
        let none = documented(
            r#"
name: List
summary: s
response: { fields: [ { name: body, type: array, items: { type: string }, location: body } ] }
examples: [ { title: t, format: json, body: '{"not": "a list"}' } ]
"#,
        );
        assert_eq!(
            (none.document, none.from_example),
            (json!({"body": []}), false)
        );
    }

    #[test]
    fn an_object_body_skips_unfit_examples_and_defaults_to_nothing() {
        let d = documented(
            r#"
name: Get
summary: s
response: { fields: [ { name: Id, type: string } ] }
examples:
  - { title: a, format: json, unfit: "no", body: '{"Other": 1}' }
  - { title: b, format: json, body: '{"Id": "x"}' }
"#,
        );
        assert_eq!((d.status, d.document), (200, json!({"Id": "x"})));
        let none = documented("{ name: Get, summary: s, response: { fields: [] } }");
        assert_eq!(
            (none.status, none.document, none.from_example),
            (200, json!({}), false)
        );
        assert!(d.from_example);
    }
}
