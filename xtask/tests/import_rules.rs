//! The rules for what the catalogue's products use beyond DBS, DTS and SAS, each on a fixture operation
//! (`xtask/tests/fixtures/import/api-docs.json`): operations without text, schema keys that become a
//! sentence or are left out by rule, formats, exclusive and integer bounds, a parameter listed twice, a
//! list without items, a missing `$ref`, a 201 response, error codes that collide, error examples; and the
//! operations that cannot be imported, left out and listed.

mod support;

use serde_yaml::Value;
use support::{Workspace, field, left_out, ok};

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not text: {v:?}"))
}

fn imported() -> Workspace {
    let ws =
        Workspace::new(&format!("rules-{:?}", std::thread::current().id()).replace(['(', ')'], ""));
    ok(&ws.import(
        "MapKeys,DescribeDBThings,Titled,CheckCode,Broken,Refused",
        &[],
    ));
    ws
}

#[test]
fn an_operation_without_text_gets_its_title_or_its_actions_words() {
    let ws = imported();
    assert_eq!(
        text(&ws.yaml("Titled")["summary"]),
        "Counts the widgets.",
        "the title, cleaned"
    );
    assert_eq!(
        text(&ws.yaml("DescribeDBThings")["summary"]),
        "Describe DB things.",
        "a title that only repeats the action gives way to the action's words"
    );
}

#[test]
fn schema_keys_become_sentences_or_are_left_out_by_rule() {
    let ws = imported();
    let request = &ws.yaml("MapKeys")["request"];
    let secret = field(request, "Secret");
    assert_eq!(
        text(&secret["description"]),
        "The password.\n\nSensitive: a secret; keep it out of logs.\n\nPattern: `^\\d+$`.",
        "visibility, backendName, extendType, parseType, trim, nullToEmpty, readOnly, nullable, \
         valueMapping, name, itemNode, itemName and title say nothing"
    );
    assert!(text(&field(request, "File")["description"]).ends_with(
        "The official SDKs can upload a local file to OSS and send its URL here; this client takes the URL."
    ));
    assert_eq!(
        text(&field(request, "NoFile")["description"]),
        "Not a file.",
        "false flags say nothing"
    );
    let ids = field(request, "Ids");
    assert_eq!(
        text(&ids["description"]),
        "The IDs.\n\nMinimum length of each item from the documentation: 1.\n\n\
         Maximum length of each item from the documentation: 64.\n\nPattern of each item: `^i-`.\n\n\
         Default of each item from the documentation: i-1.\n\nMaximum length from the documentation: 128."
    );
    assert!(
        ids.get("max_length").is_none(),
        "a length does not apply to a list"
    );
    let group = field(request, "Group");
    assert!(
        text(&group["description"])
            .ends_with("Minimum from the documentation: 1.\n\nMaximum from the documentation: 9.")
    );
    assert!(
        group.get("range").is_none(),
        "a range does not apply to text"
    );
}

#[test]
fn formats_and_bounds() {
    let ws = imported();
    let request = &ws.yaml("MapKeys")["request"];
    let since = field(request, "Since");
    assert_eq!(
        (text(&since["type"]), text(&since["format"])),
        ("timestamp", "iso8601")
    );
    assert_eq!(text(&since["example"]), "2021-06-10T00:00:00Z");
    assert_eq!(
        text(&field(request, "Count")["type"]),
        "string",
        "int64 text"
    );
    assert_eq!(
        text(&field(request, "Odd")["type"]),
        "string",
        "an unknown format"
    );
    let level = field(request, "Level");
    assert_eq!(level["range"]["min"], Value::from(1), "exclusive 0");
    assert_eq!(level["range"]["max"], Value::from(9), "exclusive 10");
    let ratio = field(request, "Ratio");
    assert_eq!(ratio["range"]["min"], Value::from(0));
    assert!(text(&ratio["description"]).ends_with("The value must be greater than 0."));
    // Integer bounds are written as integers, exactly, even at the ends of the type.
    let spec = ws.spec("MapKeys");
    assert!(
        spec.contains("range: { min: -9223372036854775808, max: 9223372036854775807 }"),
        "{spec}"
    );
    assert!(spec.contains("range: { max: 1e21 }"), "{spec}");
    // And what the importer wrote, its reader and the generator's loader read back.
    if let Err(problems) = acs_codegen::load(&ws.root.join("specs")) {
        panic!("{problems}");
    }
}

#[test]
fn parameters_lists_and_references() {
    let ws = imported();
    let op = ws.yaml("MapKeys");
    let request = &op["request"];
    let blank = field(request, "Blank");
    assert!(
        blank.get("required").is_none(),
        "sent empty if the caller says so"
    );
    assert!(text(&blank["description"]).ends_with(
        "Required by the service, which also takes an empty value: set it, empty if need be."
    ));
    let names: Vec<&str> = request
        .as_sequence()
        .expect("request")
        .iter()
        .map(|f| text(&f["name"]))
        .collect();
    assert_eq!(names.iter().filter(|n| **n == "Twice").count(), 1);
    let twice = field(request, "Twice");
    assert_eq!(
        twice["required"],
        Value::Bool(true),
        "the first declaration"
    );
    assert!(
        text(&twice["description"])
            .ends_with("The metadata lists this parameter again, with `required: false`.")
    );
    let response = &op["response"]["fields"];
    assert_eq!(
        text(&field(response, "Items")["items"]["type"]),
        "any",
        "a list without items"
    );
    let missing = field(response, "Ref");
    assert_eq!(text(&missing["type"]), "any");
    assert!(text(&missing["description"]).ends_with(
        "The metadata gives this the type `#/components/schemas/Missing`, a schema it does not define."
    ));
    assert!(
        response
            .as_sequence()
            .expect("fields")
            .iter()
            .all(|f| f["name"] != "Code"),
        "the 400 response is an error body, not the response"
    );
}

#[test]
fn error_codes_and_error_examples() {
    let ws = imported();
    let op = ws.yaml("MapKeys");
    let codes: Vec<&str> = op["errors"]
        .as_sequence()
        .expect("errors")
        .iter()
        .map(|e| text(&e["code"]))
        .collect();
    assert_eq!(
        codes,
        [
            "Topic.Busy",
            "BIZ_GET_TOPIC_STATUS_ERROR",
            "BIZ.GET.TOPIC.STATUS.ERROR",
            "..."
        ],
        "every code typed; `4003` is not an HTTP status"
    );
    let examples = op["examples"].as_sequence().expect("examples");
    let bodies: Vec<(&str, &Value)> = examples
        .iter()
        .map(|e| (text(&e["body"]), &e["status"]))
        .collect();
    // The success response is the 201 one; an error example equal to the success body adds nothing;
    // one without an error code is another success body; XML ones are left out.
    assert_eq!(
        bodies,
        [
            (r#"{"RequestId": "r-1", "Items": [1]}"#, &Value::from(201)),
            (r#"{"RequestId": "r-2"}"#, &Value::from(201))
        ]
    );
    let report = left_out(&ws);
    for row in [
        "| MapKeys | errorCodes.4003.Odd.Status | an error code listed under `4003`, which is not an HTTP status |",
        "| MapKeys | responseDemo[2].errorExample | an error body for `Topic.Busy` (HTTP status 400)",
        "| MapKeys | responseDemo[3].errorExample | an error body for `Nobody.Knows`, a code the operation does not document",
        "| MapKeys | responseDemo[4].errorExample | the error example is not valid JSON",
    ] {
        assert!(report.contains(row), "{row}\n{report}");
    }
}

#[test]
fn operations_that_cannot_be_imported_are_left_out_and_listed() {
    let ws = imported();
    assert!(!ws.spec_path("Broken").exists());
    assert!(!ws.spec_path("Refused").exists());
    let report = left_out(&ws);
    assert!(
        report.contains(
            "4 operation(s) imported, 2 left out; 4 part(s) of imported operations left out."
        ),
        "{report}"
    );
    assert!(
        report.contains("| Broken | request.Thing: `surprise` cannot be expressed in a spec"),
        "a construct the importer does not know: {report}"
    );
    assert!(
        report.contains("| Refused | enums.Mode.values[1].value: the spec loader refuses the spec: the value contains the control character"),
        "converted, then refused by the loader: {report}"
    );
    // Pattern and file URLs are sentences now, not problems.
    let check = ws.yaml("CheckCode");
    assert!(
        text(&field(&check["request"], "Code")["description"]).ends_with("Pattern: `^[a-z]+$`.")
    );
    // The rest is built again without them: the names their objects claimed are free again.
    let ws = Workspace::new("rules-names");
    ok(&ws.import("Broken,GetWidget", &[]));
    assert_eq!(
        text(&field(&ws.yaml("GetWidget")["response"]["fields"], "Widget")["shape"]),
        "Widget",
        "not `GetWidgetWidget`: Broken, left out, does not keep `Widget`"
    );
}
