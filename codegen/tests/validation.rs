//! The validator reports every problem of a broken spec at once, each with file, line, column and key.

use std::path::PathBuf;

use acs_codegen::spec::load_files;

const PRODUCT: &str = "\
code: Demo
title: Demo
module: demo
version: \"2020-01-01\"
endpoints:
  fallback: demo.{region}.aliyuncs.com
shapes:
  Thing:
    fields:
      - name: Loop
        type: object
        shape: Thing
";

const BROKEN: &str = "\
name: DoThing
summary: Does a thing.
request:
  - name: Size
    type: integer
    range: { min: 5, max: 1 }
    example: 9999999999
  - name: Type
    type: string
  - name: Size
    type: string
    enum: Missing
  - name: Mode
    type: string
    enum: Mode
    example: fast
    default: turbo
  - name: Send
    type: string
  - name: Nested
    type: object
    shape: Thing
constraints:
  - kind: exactly_one
    fields: [Size, Ghost]
response:
  fields:
    - name: Items
      type: array
    - name: When
      type: timestamp
    - name: Count
      type: integer
      required: true
      example: \"12\"
enums:
  Mode:
    values:
      - value: fast
      - value: FAST
      - value: \"01\"
      - value: unknown
examples:
  - format: json
    body: '{ not json'
";

fn problems() -> Vec<String> {
    let files = vec![
        (
            PathBuf::from("specs/demo/_product.yaml"),
            PRODUCT.to_owned(),
        ),
        (
            PathBuf::from("specs/demo/DoThingWrongName.yaml"),
            BROKEN.to_owned(),
        ),
    ];
    let set = load_files(files).expect("the files parse");
    let d = acs_codegen::check(&set).expect_err("the specs are broken");
    d.iter().map(ToString::to_string).collect()
}

fn has(all: &[String], expected: &str) {
    assert!(
        all.iter().any(|p| p.contains(expected)),
        "no problem contains {expected:?}; got:\n{}",
        all.join("\n")
    );
}

#[test]
fn every_problem_is_listed_with_its_position_and_key() {
    let all = problems();
    let op = "specs/demo/DoThingWrongName.yaml";
    has(
        &all,
        &format!(
            "{op}:1:1: name: the operation is `DoThing` but the file is named `DoThingWrongName.yaml`"
        ),
    );
    has(
        &all,
        &format!("{op}:6:5: request[0].range.min: `min` (5) is greater than `max` (1)"),
    );
    has(
        &all,
        &format!(
            "{op}:7:5: request[0].example: the example does not fit: 9999999999 does not fit a 32-bit integer"
        ),
    );
    has(
        &all,
        &format!("{op}:8:5: request[1].name: Rust name: `type` is a Rust keyword; set `rust_name`"),
    );
    has(
        &all,
        &format!("{op}:10:5: request[2].name: `Size` is declared twice"),
    );
    has(
        &all,
        &format!("{op}:12:5: request[2].enum: no enum named `Missing` in this product"),
    );
    has(
        &all,
        &format!(
            "{op}:17:5: request[3].default: the default does not fit: `turbo` is not one of fast, FAST, 01, unknown"
        ),
    );
    has(
        &all,
        "request[4].name: `send` is a method of the fluent builder",
    );
    has(
        &all,
        "request[5].type: `object` is not supported for request parameters",
    );
    has(
        &all,
        &format!(
            "{op}:25:20: constraints[0].fields[1]: `Ghost` is not a request parameter of DoThing"
        ),
    );
    has(&all, "response.fields[0]: `type: array` needs `items`");
    has(&all, "response.fields[1]: `type: timestamp` needs `format`");
    has(
        &all,
        "response.fields[2].required: `required` applies to request parameters only",
    );
    has(
        &all,
        "response.fields[2].example: the example does not fit: `12` is written as a string",
    );
    has(
        &all,
        "enums.Mode.values[1].value: two values become the variant `Fast`; give one a `name`",
    );
    has(
        &all,
        "enums.Mode.values[2].value: variant name: `01` does not start with an ASCII letter",
    );
    has(&all, "enums.Mode.values[3].value: `Unknown` is reserved");
    has(&all, "examples[0].body: the example is not valid JSON");
    has(
        &all,
        "specs/demo/_product.yaml:6:3: endpoints.fallback: `demo.{region}.aliyuncs.com` is not a host",
    );
    has(
        &all,
        "shapes.Thing: shape `Thing` contains itself through object fields",
    );
    assert!(all.len() >= 20, "{}", all.join("\n"));
}

#[test]
fn the_real_specs_are_valid() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs");
    if let Err(d) = acs_codegen::load(&root) {
        panic!("{d}");
    }
}
