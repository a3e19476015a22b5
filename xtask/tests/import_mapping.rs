//! `cargo xtask import` maps each metadata construct to the spec format: styles, form parameters, GET-only
//! operations, `$ref` and recursion, anonymous objects and their names, maps and `any`, enums, limits,
//! link text, examples that do not fit, and error codes. The fixture has one operation per construct.

mod support;

use serde_yaml::Value;
use support::{Workspace, field, ok};

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not text: {v:?}"))
}

fn imported() -> Workspace {
    let ws =
        Workspace::new(&format!("map-{:?}", std::thread::current().id()).replace(['(', ')'], ""));
    ok(&ws.import("PutWidgets,GetWidget,GetTree", &[]));
    ws
}

#[test]
fn parameters_get_their_style_location_and_limits() {
    let ws = imported();
    let op = ws.yaml("PutWidgets");
    let request = &op["request"];
    let region = field(request, "RegionId");
    assert_eq!(
        region["required"],
        Value::Bool(true),
        "`required`, not `docRequired`"
    );
    assert_eq!(
        text(&region["example"]),
        "cn-hangzhou",
        "the example is trimmed"
    );
    assert_eq!(
        text(&region["description"]),
        "The region. See Regions and zones.",
        "links become words, the title is dropped"
    );
    assert_eq!(text(&field(request, "Tag")["style"]), "repeat-list");
    assert_eq!(field(request, "Tag")["max_items"], Value::from(20));
    assert_eq!(text(&field(request, "Ids")["style"]), "flat");
    assert_eq!(text(&field(request, "Filter")["style"]), "json");
    assert_eq!(text(&field(request, "Filter")["shape"]), "Filter");
    assert_eq!(text(&field(request, "Types")["style"]), "simple");
    let body = field(request, "Body");
    assert_eq!(text(&body["location"]), "form");
    assert!(body.get("style").is_none(), "a scalar has no style");
    let extra = field(request, "Extra");
    assert_eq!(
        (
            text(&extra["type"]),
            text(&extra["style"]),
            text(&extra["location"])
        ),
        ("any", "json", "form")
    );
    assert_eq!(text(&extra["example"]), r#"{"a":1}"#);
    let count = field(request, "Count");
    assert_eq!(text(&count["type"]), "integer");
    assert_eq!(count["range"]["min"], Value::from(1));
    assert_eq!(count["range"]["max"], Value::from(100));
    assert_eq!(
        count["default"],
        Value::from(10),
        "a default written as text becomes a number"
    );
    assert!(
        count.get("example").is_none(),
        "`4312****` does not fit an integer"
    );
    assert!(text(&count["description"]).ends_with("Example from the documentation: 4312****"));
    assert_eq!(
        (
            text(&field(request, "Size")["type"]),
            &field(request, "Size")["example"]
        ),
        ("long", &Value::from(12))
    );
    assert_eq!(
        (
            text(&field(request, "Ratio")["type"]),
            &field(request, "Ratio")["example"]
        ),
        ("double", &Value::from(0.5))
    );
    assert_eq!(
        field(request, "ClientToken")["idempotency_token"],
        Value::Bool(true)
    );
    assert!(text(&field(request, "Old")["deprecated"]).contains("deprecated"));
    assert!(op.get("method").is_none(), "POST is the default");
    assert_eq!(
        text(&op["description"]).lines().next(),
        Some("Puts several widgets at once.")
    );
}

#[test]
fn get_only_operations_send_everything_in_the_query_and_keep_their_ram_action() {
    let ws = imported();
    let op = ws.yaml("GetWidget");
    assert_eq!(text(&op["method"]), "GET");
    assert_eq!(text(&op["description"]), "More about the widget.");
    assert_eq!(text(&op["ram"]["action"]), "demo:GetWidget");
    assert_eq!(text(&op["ram"]["access_level"]), "get");
    assert_eq!(text(&op["ram"]["resource_type"]), "Widget");
    let page = field(&op["request"], "Page");
    assert!(
        page.get("location").is_none(),
        "formData of a GET travels in the query: {page:?}"
    );
}

#[test]
fn anonymous_objects_are_named_shallowest_first() {
    let ws = imported();
    let op = ws.yaml("PutWidgets");
    let shapes = &op["shapes"];
    let names: Vec<&str> = shapes
        .as_mapping()
        .expect("shapes")
        .keys()
        .filter_map(Value::as_str)
        .collect();
    // Depth 1 of every operation first (GetTree, GetWidget, then PutWidgets): GetWidget took `Status` and
    // `Widget`; the one-key `Items` object is named after its list; a list's items are singular.
    assert_eq!(
        names,
        [
            "Tag",
            "Filter",
            "Data",
            "WidgetList",
            "DataStatus",
            "WidgetListWidget",
            "WidgetListWidgetStatus"
        ]
    );
    assert_eq!(
        text(&field(&shapes["Data"]["fields"], "Items")["shape"]),
        "WidgetList"
    );
    assert_eq!(
        text(&field(&shapes["WidgetList"]["fields"], "Widget")["items"]["shape"]),
        "WidgetListWidget"
    );
    let widget = &shapes["WidgetListWidget"]["fields"];
    let labels = field(widget, "Labels");
    assert_eq!(
        (text(&labels["type"]), text(&labels["values"]["type"])),
        ("map", "string"),
        "additionalProperties"
    );
    assert_eq!(text(&field(widget, "Meta")["type"]), "any");
    assert_eq!(
        field(&shapes["Tag"]["fields"], "Key")["required"],
        Value::Bool(true),
        "members sent keep `required`"
    );
    let get = ws.yaml("GetWidget");
    let taken: Vec<&str> = get["shapes"]
        .as_mapping()
        .expect("shapes")
        .keys()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(taken, ["Widget", "Status"]);
}

#[test]
fn a_ref_is_a_named_shape_that_may_contain_itself() {
    let ws = imported();
    let op = ws.yaml("GetTree");
    assert!(text(&op["deprecated"]).contains("deprecated"));
    assert_eq!(
        text(&field(&op["response"]["fields"], "Root")["shape"]),
        "Node"
    );
    assert_eq!(
        text(&field(&op["response"]["fields"], "Root")["description"]),
        "The root."
    );
    let children = field(&op["shapes"]["Node"]["fields"], "Children");
    assert_eq!(
        text(&children["items"]["shape"]),
        "Node",
        "the same shape, not a copy"
    );
    assert_eq!(op["shapes"].as_mapping().map(|m| m.len()), Some(1));
}

#[test]
fn enums_get_usable_variant_names_and_number_values_stay_text() {
    let ws = imported();
    let op = ws.yaml("PutWidgets");
    assert_eq!(text(&field(&op["request"], "Mode")["enum"]), "Mode");
    let mode = &op["enums"]["Mode"]["values"];
    assert_eq!(text(&mode[0]["value"]), "fast");
    assert_eq!(text(&mode[0]["description"]), "Fast mode.");
    assert!(mode[0].get("name").is_none(), "`fast` names itself");
    let level = &op["enums"]["Level"]["values"];
    let named: Vec<(&str, &str)> = level
        .as_sequence()
        .expect("values")
        .iter()
        .map(|v| (text(&v["value"]), text(&v["name"])))
        .collect();
    assert_eq!(
        named,
        [("1", "Low"), ("2", "V2"), ("Unknown", "VUnknown")],
        "from the title, else V + value; Unknown is the generator's"
    );
    let switch = field(&op["request"], "Switch");
    assert_eq!(
        text(&switch["type"]),
        "integer",
        "a spec's enums are strings"
    );
    assert!(text(&switch["description"]).ends_with("Valid values: 0 (off), 1 (on)."));
}

#[test]
fn examples_are_verbatim_and_marked_when_they_do_not_fit() {
    let ws = imported();
    let op = ws.yaml("PutWidgets");
    let examples = op["examples"].as_sequence().expect("examples");
    assert_eq!(examples.len(), 1, "the XML example is not imported");
    assert_eq!(
        text(&examples[0]["body"]),
        "{\n  \"RequestId\": \"r-1\",\n  \"Surprise\": 1\n}"
    );
    assert_eq!(
        text(&examples[0]["unfit"]),
        "the documented body does not fit the documented fields: Surprise is not a field of the response"
    );
    let fitting = ws.yaml("GetWidget");
    assert!(fitting["examples"][0].get("unfit").is_none());
    // And the product's list of such examples names it with the reason.
    let list = std::fs::read_to_string(ws.root.join("specs/demo/UNFIT.md")).expect("UNFIT.md");
    assert!(
        list.contains("| PutWidgets | 1 (Success response) | the documented body does not fit the documented fields: Surprise is not a field of the response |"),
        "{list}"
    );
    assert!(!list.contains("GetWidget |"), "{list}");
}

#[test]
fn error_codes_merge_repeats_and_every_code_is_typed() {
    let ws = imported();
    let op = ws.yaml("PutWidgets");
    let errors = op["errors"].as_sequence().expect("errors");
    let codes: Vec<&str> = errors.iter().map(|e| text(&e["code"])).collect();
    // `Throttling_User` would take the variant name of `Throttling.User`: the generator numbers it.
    assert_eq!(codes, ["Throttling.User", "Throttling_User"]);
    assert_eq!(errors[0]["status"], Value::from(400));
    assert_eq!(
        text(&errors[0]["description"]),
        "Also documented with HTTP status 403: Denied."
    );
    assert!(!text(&op["description"]).contains("Error code"));
}
