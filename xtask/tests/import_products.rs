//! What the importer decides per product: the module (a product code with a hyphen, a product with several
//! versions), the endpoints of a global product, the title when no overlay gives one, an ROA file refused,
//! a RESTful listing paged by item offset with a lower-case client token, and a product's problems listed
//! in one pass, the product file's and the operations' together.

mod support;

use std::fs;
use std::process::Command;

use support::{METADATA, Workspace, edit_metadata, failed, ok};

/// A workspace without the hand-written product file, so the import writes its own.
fn bare(name: &str) -> Workspace {
    let ws = Workspace::new(name);
    fs::remove_dir_all(ws.root.join("specs/demo")).expect("remove the hand-written product");
    ws
}

fn product(ws: &Workspace, module: &str) -> serde_yaml::Value {
    let text = fs::read_to_string(ws.root.join(format!("specs/{module}/_product.yaml")))
        .unwrap_or_else(|e| panic!("{module}: {e}"));
    serde_yaml::from_str(&text).expect("YAML")
}

#[test]
fn a_hyphenated_code_gives_a_module_and_the_code_is_the_title() {
    let ws = bare("hyphen");
    edit_metadata(&ws, |t| {
        t.replacen(r#""product": "Demo""#, r#""product": "Demo-Kv""#, 1)
    });
    let stdout = ok(&ws.import("GetWidget", &[]));
    assert!(
        stdout.contains("demo_kv: 1 operation(s) imported"),
        "{stdout}"
    );
    let p = product(&ws, "demo_kv");
    assert_eq!(p["module"], "demo_kv");
    assert_eq!(p["code"], "Demo-Kv");
    assert_eq!(p["title"], "Demo-Kv", "no overlay gives a title");
    assert!(ws.root.join("specs/demo_kv/GetWidget.yaml").is_file());
    ok(&ws.run(&["--check"]));
}

#[test]
fn a_product_with_only_a_public_endpoint_uses_it_everywhere() {
    let ws = bare("public");
    edit_metadata(&ws, |t| {
        let start = t.find(r#""endpoints": ["#).expect("endpoints");
        let end = start + t[start..].find(']').expect("end of endpoints") + 1;
        format!(
            "{}\"endpoints\": [{{\"regionId\": \"public\", \"endpoint\": \"demo.aliyuncs.com\"}}]{}",
            &t[..start],
            &t[end..]
        )
    });
    ok(&ws.import("GetWidget", &[]));
    let p = product(&ws, "demo");
    assert_eq!(p["endpoints"]["fallback"], "demo.aliyuncs.com");
    assert_eq!(
        p["endpoints"]["regional"],
        serde_yaml::Value::Mapping(Default::default())
    );
}

#[test]
fn every_version_of_a_product_is_its_own_module() {
    let ws = bare("versions");
    let older = ws.root.join("metadata/demo/2019-01-01/api-docs.json");
    fs::create_dir_all(older.parent().expect("folder")).expect("folder");
    let text = fs::read_to_string(ws.root.join(METADATA)).expect("metadata");
    fs::write(
        &older,
        text.replacen(
            r#""version": "2020-01-01""#,
            r#""version": "2019-01-01""#,
            1,
        ),
    )
    .expect("older metadata");
    let stdout = ok(&ws.run(&[older.to_str().expect("path"), "--ops", "GetWidget,GetTree"]));
    assert!(
        stdout.contains("demo_20190101: 2 operation(s) imported"),
        "{stdout}"
    );
    ok(&ws.import("GetWidget", &[]));
    assert_eq!(product(&ws, "demo_20190101")["version"], "2019-01-01");
    assert_eq!(
        product(&ws, "demo")["version"],
        "2020-01-01",
        "the latest keeps the name"
    );
    let stdout = ok(&ws.run(&["--check"]));
    assert!(stdout.contains("fresh (3 operation(s))"), "{stdout}");
    // Both generate, side by side.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["gen", "--root"])
        .arg(&ws.root)
        .output()
        .expect("xtask runs");
    ok(&out);
    for module in ["demo", "demo_20190101"] {
        assert!(
            ws.root
                .join(format!("generated/products/{module}"))
                .is_dir(),
            "{module}"
        );
    }
    // A newer version arriving renames the module of the one imported as the latest: said, not guessed.
    let newer = ws.root.join("metadata/demo/2021-01-01/api-docs.json");
    fs::create_dir_all(newer.parent().expect("folder")).expect("folder");
    fs::write(&newer, &text).expect("newer metadata");
    let stderr = failed(&ws.run(&[]));
    assert!(
        stderr.contains("whose module is now `demo_20200101` (a newer version is beside it)"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_style_is_refused_and_a_restful_api_needs_its_path() {
    let ws = bare("style");
    edit_metadata(&ws, |t| {
        t.replacen(r#""style": "RPC""#, r#""style": "SOAP""#, 1)
    });
    let stderr = failed(&ws.import("GetWidget", &[]));
    assert!(
        stderr.contains("info.style: the API style is `SOAP`: the importer takes RPC and ROA"),
        "{stderr}"
    );
    assert!(!ws.root.join("specs/demo").exists(), "nothing was written");
    // A RESTful product imports; an API of it without a path is left out, with the reason.
    let ws = bare("roa");
    edit_metadata(&ws, |t| {
        t.replacen(r#""style": "RPC""#, r#""style": "ROA""#, 1)
    });
    let out = ws.import("GetWidget", &[]);
    let report =
        std::fs::read_to_string(ws.root.join("specs/demo/LEFT_OUT.md")).unwrap_or_default();
    assert!(
        report.contains("GetWidget") && report.contains("a RESTful API without its path"),
        "{report}\n{out:?}"
    );
    let product =
        std::fs::read_to_string(ws.root.join("specs/demo/_product.yaml")).unwrap_or_default();
    assert!(product.contains("protocol: roa"), "{product}");
}

#[test]
fn a_product_problem_is_listed_with_every_operation_problem_in_one_pass() {
    let ws = bare("one-pass");
    // The product overlay leaves the product without endpoints, which the loader refuses.
    ws.overlay("_product", "endpoints:\n  regional: {}\n");
    edit_metadata(&ws, |t| {
        let start = t.find(r#""endpoints": ["#).expect("endpoints");
        let end = start + t[start..].find(']').expect("end of endpoints") + 1;
        format!("{}\"endpoints\": []{}", &t[..start], &t[end..])
    });
    let stderr = failed(&ws.import("Broken,GetWidget", &[]));
    assert!(stderr.contains("specs/demo/_product.yaml"), "{stderr}");
    assert!(stderr.contains("endpoints"), "{stderr}");
    assert!(
        stderr.contains("demo Broken request.Thing: `surprise` cannot be expressed"),
        "the operation's problem in the same run: {stderr}"
    );
    assert!(!ws.root.join("specs/demo").exists(), "nothing was written");
}

/// A RESTful listing as Log Service and Elasticsearch write them: `offset` and `size` in the query, `total`
/// and the list in the answer, and an idempotency token spelt `clientToken`.
const LIST_GADGETS: &str = r#""ListGadgets": {
    "methods": ["get"],
    "path": "/gadgets",
    "summary": "Lists gadgets.",
    "parameters": [
      { "name": "clientToken", "in": "query", "schema": { "type": "string", "description": "The client token." } },
      { "name": "offset", "in": "query", "schema": { "type": "integer", "format": "int32", "description": "The line from which the query starts. Default value: 0." } },
      { "name": "size", "in": "query", "schema": { "type": "integer", "format": "int32", "description": "The number of entries per page." } }
    ],
    "responses": { "200": { "schema": { "type": "object", "properties": {
      "count": { "type": "integer", "format": "int32", "description": "The entries on this page." },
      "total": { "type": "integer", "format": "int32", "description": "The entries in all." },
      "gadgets": { "type": "array", "items": { "type": "string", "description": "A gadget." } }
    } } } }
  },
  "UpdateGadget": {
    "methods": ["patch", "post", "put"],
    "path": "/gadgets/{GadgetId}",
    "summary": "Updates a gadget.",
    "parameters": [
      { "name": "GadgetId", "in": "path", "schema": { "type": "string", "required": true, "description": "The gadget." } }
    ],
    "responses": { "200": { "schema": { "type": "object", "properties": {
      "RequestId": { "type": "string", "description": "The request." }
    } } } }
  },
  "PatchGadget": {
    "methods": ["patch", "put"],
    "path": "/gadgets/{GadgetId}/patch",
    "summary": "Patches a gadget.",
    "parameters": [
      { "name": "GadgetId", "in": "path", "schema": { "type": "string", "required": true, "description": "The gadget." } }
    ],
    "responses": { "200": { "schema": { "type": "object", "properties": {
      "RequestId": { "type": "string", "description": "The request." }
    } } } }
  },
"#;

#[test]
fn a_restful_api_is_sent_with_post_when_it_lists_post_else_its_first_method() {
    let ws = bare("methods");
    edit_metadata(&ws, |t| {
        t.replacen(r#""style": "RPC""#, r#""style": "ROA""#, 1)
            .replacen(r#""apis": {"#, &format!("\"apis\": {{\n{LIST_GADGETS}"), 1)
    });
    ok(&ws.import("UpdateGadget,PatchGadget", &[]));
    // Elasticsearch's `["patch", "post"]`: the official SDKs send POST, the spec's default.
    assert!(ws.yaml("UpdateGadget").get("method").is_none(), "POST");
    assert_eq!(
        ws.yaml("PatchGadget")["method"],
        "PATCH",
        "the first listed"
    );
}

#[test]
fn a_restful_listing_pages_by_offset_and_its_lower_case_client_token_is_filled() {
    let ws = bare("offset");
    edit_metadata(&ws, |t| {
        t.replacen(r#""style": "RPC""#, r#""style": "ROA""#, 1)
            .replacen(r#""apis": {"#, &format!("\"apis\": {{\n{LIST_GADGETS}"), 1)
    });
    let stdout = ok(&ws.import("ListGadgets", &[]));
    assert!(
        stdout.contains("demo: 1 operation(s) imported") && stdout.contains("1 with a paginator"),
        "{stdout}"
    );
    let op = ws.yaml("ListGadgets");
    let paginator: serde_yaml::Value =
        serde_yaml::from_str("{ offset: offset, size: size, items: gadgets, total: total }")
            .expect("YAML");
    assert_eq!(op["paginator"], paginator, "{op:?}");
    let token = support::field(&op["request"], "clientToken");
    assert_eq!(token["idempotency_token"], serde_yaml::Value::Bool(true));
    let report = fs::read_to_string(ws.root.join("specs/demo/PAGINATORS.md")).expect("report");
    assert!(
        report.contains("(0 by page number, 0 by token, 1 by item offset)")
            && report.contains("| ListGadgets | offset `offset` | `gadgets` | `total` |"),
        "{report}"
    );
}
