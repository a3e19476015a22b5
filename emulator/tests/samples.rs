//! `acs_codegen::spec::samples::sample_input`, the valid input made from a spec alone that the emulator's
//! tests and the official SDK's plan send: its rules case by case (examples used when they fit, values
//! made from types and limits, objects, maps and `any` that still reach the wire, groups of the rules
//! between parameters, request examples preferred), and every sample of every spec tree (the real specs,
//! the generator's fixtures, the emulator's request-form and RESTful fixtures) flattened per style and location and
//! accepted by the emulator, signed with ACS3 and with V1 (a RESTful operation's with ACS3 and the legacy
//! ROA signature, a Log Service one's with its own).

mod support;

use acs_codegen::spec::conform::{Mode, conform};
use acs_codegen::spec::model::{ConstraintKind, OperationSpec, ProductSpec};
use acs_codegen::spec::samples::{SpecNames, sample_input};
use serde_json::{Value, json};
use support::restful::{Log, Roa};
use support::wire::{self, form_specs, real_specs};
use support::*;

const PRODUCT: &str = r#"
code: Forms
title: Forms
module: forms
version: "2024-06-01"
endpoints: { fallback: forms.aliyuncs.com }
enums:
  Mode: { values: [ { value: "01", name: Fast }, { value: slow } ] }
"#;

fn op(request: &str, extra: &str) -> OperationSpec {
    let yaml =
        format!("name: Op\nsummary: s\nrequest:\n{request}\nresponse: {{ fields: [] }}\n{extra}");
    serde_yaml::from_str(&yaml).expect("the test spec parses")
}

/// Whether a value is given: not null, blank text, or an empty list or object.
fn given(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(_) => true,
    }
}

/// Every way `sample` breaks the spec: `conform` in strict request mode and the rules between parameters.
fn problems(op: &OperationSpec, product: &ProductSpec, sample: &Value) -> Vec<String> {
    let names = SpecNames {
        product,
        operation: op,
    };
    let strict = Mode::Request { strict_enums: true };
    let mut out: Vec<String> = (conform(sample, &op.request, &names, strict).into_iter())
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect();
    for rule in &op.constraints {
        let n = rule
            .fields
            .iter()
            .filter(|f| given(sample.get(f.as_str())))
            .count();
        let holds = match rule.kind {
            ConstraintKind::AtMostOne => n <= 1,
            ConstraintKind::AtLeastOne => n >= 1,
            ConstraintKind::ExactlyOne => n == 1,
        };
        if !holds {
            out.push(format!("{:?} {:?}", rule.kind, rule.fields));
        }
    }
    out
}

/// The sample of `op` in the test product, checked to fit.
fn sample(op: &OperationSpec) -> Value {
    let product: ProductSpec = serde_yaml::from_str(PRODUCT).expect("product");
    let s = sample_input(
        op,
        &SpecNames {
            product: &product,
            operation: op,
        },
    );
    assert_eq!(problems(op, &product, &s), Vec::<String>::new(), "{s}");
    s
}

#[test]
fn examples_are_used_when_they_fit_and_replaced_when_not() {
    let op = op(
        r#"
  - { name: A, type: integer, required: true, range: { min: 5, max: 9 }, example: 3 }
  - { name: B, type: integer, required: true, example: 7 }
  - { name: C, type: string, enum: Mode, required: true, example: 1 }
  - { name: D, type: string, enum: Mode, required: true, example: slow }
  - { name: E, type: string, required: true, min_length: 8, max_length: 9 }
  - { name: F, type: double, required: true, range: { max: 0.5 } }
  - { name: G, type: array, style: simple, items: { type: integer }, required: true, example: "1,2" }
  - { name: H, type: array, style: repeat-list, items: { type: string }, required: true, example: r-1 }
  - { name: I, type: array, items: { type: string }, required: true, min_items: 2 }
  - { name: J, type: json, content: { type: array, items: { type: integer } }, required: true, example: "[oops" }
  - { name: K, type: boolean, required: true, example: "TRUE" }
  - { name: L, type: timestamp, format: iso8601, required: true }
  - { name: M, type: string }"#,
        "",
    );
    // C: `1` unquoted is the text `1` on the wire, not the enum's `01`. J: the service reads JSON text.
    let want = json!({
        "A": 5, "B": 7, "C": "01", "D": "slow", "E": "samplesa", "F": 0.0, "G": [1, 2], "H": ["r-1"],
        "I": ["sample", "sample"], "J": "[1]", "K": true, "L": "2024-01-01T00:00:00Z"
    });
    assert_eq!(sample(&op), want);
}

#[test]
fn objects_maps_and_any_get_what_they_need_to_reach_the_wire() {
    let op = op(
        r#"
  - { name: Tag, type: array, style: repeat-list, required: true, items: { type: object, shape: Tag } }
  - { name: Scope, type: object, shape: Scope, required: true, location: form }
  - { name: Labels, type: map, values: { type: integer }, required: true }
  - { name: Extra, type: any, style: json, required: true, example: '"{"not": JSON}"' }
  - { name: Flat, type: any, required: true }
  - { name: Tree, type: object, shape: Node, required: true }
  - { name: Loop, type: object, shape: Loop, style: json, required: true }"#,
        r#"shapes:
  Tag: { fields: [ { name: Key, type: string, required: true, example: k }, { name: Value, type: string } ] }
  Scope: { fields: [ { name: Names, type: array, items: { type: string } }, { name: Owner, type: object, shape: Tag } ] }
  Node: { fields: [ { name: Name, type: string, required: true, example: root },
                    { name: Children, type: array, items: { type: object, shape: Node } } ] }
  Loop: { fields: [ { name: Children, type: array, items: { type: object, shape: Loop } }, { name: Name, type: string } ] }"#,
    );
    let s = sample(&op);
    assert_eq!(s["Tag"], json!([{ "Key": "k" }]), "required members only");
    assert_eq!(
        s["Scope"],
        json!({ "Names": ["sample"] }),
        "the first member when none is required"
    );
    assert_eq!(s["Labels"], json!({ "key": 1 }));
    assert_eq!(
        s["Extra"],
        json!({ "key": "value" }),
        "`any` as JSON: text that is not JSON would be sent as it is, and `{{}}` counts as not given"
    );
    assert_eq!(
        s["Flat"],
        json!({ "key": "value" }),
        "`{{}}` would flatten to nothing"
    );
    assert_eq!(s["Tree"], json!({ "Name": "root" }));
    // A shape whose first member holds itself stops at the depth limit (8 levels of objects and lists).
    let mut depth = 0;
    let mut node = &s["Loop"];
    while let Some(child) = node["Children"].get(0) {
        (depth, node) = (depth + 1, child);
    }
    assert_eq!((depth, node), (4, &json!({})), "{s}");
}

#[test]
fn rules_between_parameters_pick_a_parameter_that_breaks_none() {
    let op = op(
        "  - { name: A, type: string }
  - { name: B, type: string }
  - { name: C, type: string }
  - { name: D, type: string, required: true }",
        "constraints:
  - { kind: at_most_one, fields: [D, A] }
  - { kind: exactly_one, fields: [A, B] }
  - { kind: at_least_one, fields: [B, C] }",
    );
    // A is the first of its group, but D (required) and A may not go together.
    assert_eq!(sample(&op), json!({ "D": "sample", "B": "sample" }));
}

#[test]
fn the_first_fitting_request_example_is_preferred() {
    let examples = "request_examples:
  - { input: { A: [ ] }, query: [ [A, x] ] }
  - { input: { A: [ x, y ] }, query: [ [A.1, x], [A.2, y] ] }
  - { input: { A: [ z ] }, query: [ [A.1, z] ] }";
    let list = "  - { name: A, type: array, items: { type: string }, required: true }";
    assert_eq!(sample(&op(list, examples)), json!({ "A": ["x", "y"] }));
    let unfit = "request_examples:\n  - { input: { A: [ 1, 2 ] }, query: [ [A.1, \"1\"] ] }";
    let capped =
        "  - { name: A, type: array, items: { type: string }, required: true, max_items: 1 }";
    assert_eq!(sample(&op(capped, unfit)), json!({ "A": ["sample"] }));
}

/// The sample `s` of the RESTful operation `op` sent with ACS3 and with the legacy ROA signature (Log
/// Service's products with theirs alone), the path, headers, host label and JSON body where the spec
/// puts them.
async fn restful_requests(
    emu: &acs_emulator::Running,
    op: &wire::Op,
    s: &Value,
    mut query: wire::Pairs,
) -> Vec<Answer> {
    let r = wire::restful(&op.spec, s);
    query.extend(r.fixed_query.iter().cloned());
    let body = r.body_text().unwrap_or_default().into_bytes();
    let mut headers = r.headers.clone();
    if !body.is_empty() {
        headers.push((
            "content-type".into(),
            "application/json; charset=utf-8".into(),
        ));
    }
    if op.is_log() {
        let mut log = Log::new(
            op.method(),
            &r.path,
            r.host.as_ref().map(|(_, v)| v.as_str()),
        );
        (log.query, log.extra_headers, log.body) = (query, r.headers.clone(), body);
        return vec![log.send(emu).await];
    }
    let (action, version) = (op.spec.name.as_str(), op.product.version.as_str());
    let mut acs3 = Acs3::new(action, version, &[]);
    (acs3.method, acs3.path, acs3.query) = (op.method().to_owned(), r.path.clone(), query.clone());
    (acs3.extra_headers, acs3.body) = (headers.clone(), body.clone());
    let mut roa = Roa::new(op.method(), &r.path, action, version);
    (roa.query, roa.extra_headers, roa.body) = (query, headers, body);
    vec![acs3.send(emu).await, roa.send(emu).await]
}

#[tokio::test]
async fn every_sample_of_every_tree_is_accepted_with_both_signatures() {
    let generator_fixtures = real_specs().join("../tests/fixtures/specs");
    let mut sent = 0;
    let restful_fixture = form_specs().join("../restful");
    for tree in [
        real_specs(),
        generator_fixtures,
        form_specs(),
        restful_fixture,
    ] {
        let emu = start(config().specs_dir(&tree)).await;
        for op in wire::operations(&tree) {
            let s = op.sample();
            assert_eq!(
                problems(&op.spec, &op.product, &s),
                Vec::<String>::new(),
                "{s}"
            );
            let (query, form) = wire::flatten(&op.spec, &s);
            let (action, version) = (op.spec.name.as_str(), op.product.version.as_str());
            if op.is_restful() {
                for a in restful_requests(&emu, &op, &s, query).await {
                    assert_eq!(a.status / 100, 2, "{action} {s}: {:#}", a.json);
                    sent += 1;
                }
                continue;
            }
            let method = if op.is_get() { "GET" } else { "POST" };
            let mut acs3 = Acs3::new(action, version, &[]);
            (acs3.method, acs3.query) = (method.to_owned(), query.clone());
            let content_type = pairs(&[("content-type", "application/x-www-form-urlencoded")]);
            if !form.is_empty() {
                (acs3.body, acs3.extra_headers) = (wire::form_body(&form), content_type.clone());
            }
            let v1 = v1_query(method, action, version, &query, &form);
            let url = format!("{}/?{}", emu.url(), acs_runtime::sign::canonical_query(&v1));
            let headers = if form.is_empty() {
                Vec::new()
            } else {
                content_type
            };
            for a in [
                acs3.send(&emu).await,
                send(method, &url, &headers, wire::form_body(&form)).await,
            ] {
                assert_eq!(a.status, 200, "{action} {s}: {:#}", a.json);
                sent += 1;
            }
        }
    }
    assert!(
        sent >= 2 * 9,
        "every operation of the three trees ({sent} requests)"
    );
}
