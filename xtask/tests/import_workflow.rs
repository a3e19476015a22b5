//! `cargo xtask import` as a user runs it: deterministic output, `--check` naming stale and missing files,
//! overlays applied by every re-import, hand-written files left alone, unsupported constructs reported
//! with their path and a non-zero exit until an overlay accepts them, and the committed imports fresh.

mod support;

use std::fs;
use std::path::Path;
use std::process::Command;

use support::{PUT_WIDGETS_OVERLAY, Workspace, failed, field, ok};

#[test]
fn importing_twice_gives_the_same_bytes() {
    let (a, b) = (Workspace::new("twice-a"), Workspace::new("twice-b"));
    for ws in [&a, &b] {
        ws.overlay("PutWidgets", PUT_WIDGETS_OVERLAY);
        ok(&ws.import("PutWidgets,GetWidget,GetTree", &[]));
    }
    for action in ["PutWidgets", "GetWidget", "GetTree"] {
        assert_eq!(a.spec(action), b.spec(action), "{action}");
    }
    let again = ok(&a.run(&[]));
    assert!(
        again.contains("already up to date (3 operation(s))"),
        "{again}"
    );
}

#[test]
fn check_names_stale_and_missing_files() {
    let ws = Workspace::new("check");
    assert_eq!(
        ws.import("GetWidget", &["--check"]).status.code(),
        Some(1),
        "nothing imported yet"
    );
    ok(&ws.import("GetWidget", &[]));
    ok(&ws.run(&["--check"]));
    let original = ws.spec("GetWidget");
    fs::write(
        ws.spec_path("GetWidget"),
        original.replace("Gets a widget.", "Edited by hand."),
    )
    .expect("edit");
    let stderr = failed(&ws.run(&["--check"]));
    assert!(
        stderr.contains("stale: specs/demo/GetWidget.yaml"),
        "{stderr}"
    );
    assert_eq!(
        ws.spec("GetWidget").lines().nth(3),
        Some("summary: Edited by hand."),
        "--check changes nothing"
    );
    let stderr = failed(&ws.import("GetTree", &["--check"]));
    assert!(
        stderr.contains("stale: specs/demo/GetTree.yaml"),
        "an operation not imported yet: {stderr}"
    );
    ok(&ws.run(&[]));
    assert_eq!(
        ws.spec("GetWidget"),
        original,
        "a re-import restores the file"
    );
}

#[test]
fn overlays_survive_every_reimport() {
    let ws = Workspace::new("overlay");
    ws.overlay(
        "GetWidget",
        "documentation: https://example.com/GetWidget\nrequest:\n  - name: WidgetId\n    description: Better words.\n  - name: Verbose\n    type: boolean\nresponse:\n  fields:\n    - name: Widget\n      description: null\nrequest_examples:\n  - title: One widget\n    input: { WidgetId: w-1, Page: 2 }\n    query:\n      - [WidgetId, w-1]\n      - [Page, \"2\"]\n",
    );
    ok(&ws.import("GetWidget", &[]));
    for _ in 0..2 {
        let op = ws.yaml("GetWidget");
        assert_eq!(
            op["documentation"].as_str(),
            Some("https://example.com/GetWidget")
        );
        let id = field(&op["request"], "WidgetId");
        assert_eq!(
            id["description"].as_str(),
            Some("Better words."),
            "merged by name"
        );
        assert_eq!(
            id["required"],
            serde_yaml::Value::Bool(true),
            "the rest of the field is kept"
        );
        let names: Vec<&str> = op["request"]
            .as_sequence()
            .expect("request")
            .iter()
            .filter_map(|f| f["name"].as_str())
            .collect();
        assert_eq!(
            names,
            ["WidgetId", "Page", "Verbose"],
            "a new field goes last"
        );
        assert!(
            field(&op["response"]["fields"], "Widget")
                .get("description")
                .is_none(),
            "null removes"
        );
        assert_eq!(op["request_examples"][0]["query"][1][1].as_str(), Some("2"));
        // The metadata is imported again each time, the overlay applied again.
        ok(&ws.run(&[]));
    }
    ok(&ws.run(&["--check"]));
}

#[test]
fn unsupported_constructs_fail_until_accepted() {
    let ws = Workspace::new("unsupported");
    let stderr = failed(&ws.import("CheckCode", &[]));
    assert!(
        stderr.contains("demo CheckCode request.Code: `pattern` cannot be expressed in a spec"),
        "{stderr}"
    );
    assert!(
        stderr.contains("demo CheckCode request.Upload: `isFileTransferUrl` cannot be expressed"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!ws.spec_path("CheckCode").exists());
    let stderr = failed(&ws.import("PutWidgets", &[]));
    assert!(
        stderr.contains(
            "demo PutWidgets errorCodes.400.Throttling_User: `errorCode` cannot be expressed"
        ),
        "{stderr}"
    );

    ws.overlay(
        "CheckCode",
        "accept:\n  - path: request.Code\n    key: pattern\n    reason: the service checks it\n  - path: request.Upload\n    key: isFileTransferUrl\n    reason: callers pass the URL\n",
    );
    ok(&ws.import("CheckCode", &[]));
    ws.overlay(
        "CheckCode",
        "accept:\n  - path: request.Nothing\n    key: pattern\n    reason: stale\n",
    );
    let stderr = failed(&ws.run(&[]));
    assert!(
        stderr.contains("nothing is reported at `request.Nothing` for `pattern`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("request.Code: `pattern`"),
        "no longer accepted: {stderr}"
    );
}

#[test]
fn hand_written_files_are_kept_and_their_names_reserved() {
    let ws = Workspace::new("hand");
    let hand = "name: Ping\nsummary: Pings.\nresponse:\n  fields:\n    - name: W\n      type: object\n      shape: Widget\nshapes:\n  Widget:\n    fields:\n      - name: X\n        type: string\n";
    fs::write(ws.spec_path("Ping"), hand).expect("hand-written spec");
    ok(&ws.import("GetWidget", &[]));
    assert_eq!(ws.spec("Ping"), hand);
    let op = ws.yaml("GetWidget");
    assert_eq!(
        field(&op["response"]["fields"], "Widget")["shape"].as_str(),
        Some("GetWidgetWidget")
    );
    let stderr = failed(&ws.import("Ping", &[]));
    assert!(stderr.contains("Ping is written by hand"), "{stderr}");
}

#[test]
fn the_product_file_is_imported_with_public_endpoints_and_its_overlay() {
    let ws = Workspace::new("product");
    fs::remove_file(ws.root.join("specs/demo/_product.yaml"))
        .expect("remove the hand-written file");
    ws.overlay(
        "_product",
        "title: Demo Service\ndescription: Widgets.\nendpoints:\n  regional:\n    cn-wuhan: demo.cn-wuhan.aliyuncs.com\n",
    );
    ok(&ws.import("GetWidget", &[]));
    let text = fs::read_to_string(ws.root.join("specs/demo/_product.yaml")).expect("imported");
    assert!(
        text.starts_with("# Imported from "),
        "marked as imported: {text}"
    );
    let product: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    assert_eq!(product["code"], "Demo");
    assert_eq!(product["version"], "2020-01-01");
    assert_eq!(product["title"], "Demo Service", "from the overlay");
    let regional = &product["endpoints"]["regional"];
    assert_eq!(
        regional["cn-beijing"], "demo.cn-beijing.aliyuncs.com",
        "trimmed"
    );
    assert_eq!(
        regional["cn-wuhan"], "demo.cn-wuhan.aliyuncs.com",
        "the overlay corrects an entry"
    );
    assert!(
        regional.get("cn-hangzhou-internal-test-1").is_none(),
        "internal regions are left out: {text}"
    );
    assert_eq!(
        product["endpoints"]["fallback"], "demo.{region_id}.aliyuncs.com",
        "most public regions follow the regional pattern"
    );
    // It is re-made by every import and proven fresh by --check; the operation is not an action.
    ok(&ws.run(&["--check"]));
    fs::write(
        ws.root.join("specs/demo/_product.yaml"),
        text.replace("Widgets.", "Edited."),
    )
    .expect("edit");
    let stderr = failed(&ws.run(&["--check"]));
    assert!(
        stderr.contains("stale: specs/demo/_product.yaml"),
        "{stderr}"
    );
}

#[test]
fn problems_with_the_inputs_are_reported() {
    let ws = Workspace::new("inputs");
    ws.overlay("GetTree", "summary: orphan\n");
    let stderr = failed(&ws.import("GetWidget", &[]));
    assert!(
        stderr.contains(
            "overlays/demo/GetTree.yaml: an overlay for an operation that is not imported"
        ),
        "{stderr}"
    );
    fs::remove_file(ws.root.join("overlays/demo/GetTree.yaml")).expect("remove");
    ws.overlay("GetWidget", "request:\n  - name: WidgetId\n    typo: 1\n");
    let stderr = failed(&ws.import("GetWidget", &[]));
    assert!(
        stderr.contains("unknown field `typo`"),
        "the loader's own check: {stderr}"
    );
    let stderr = failed(&ws.import("NoSuchThing", &[]));
    assert!(stderr.contains("has no operation NoSuchThing"), "{stderr}");
    let outside = Workspace::new("outside");
    let metadata = outside.root.join(support::METADATA);
    let out = ws.run(&[metadata.to_str().expect("path"), "--ops", "GetWidget"]);
    assert!(failed(&out).contains("must be inside the workspace"));
    assert_eq!(
        ws.run(&["--ops", "GetWidget"]).status.code(),
        Some(2),
        "usage"
    );
}

#[test]
fn the_committed_imports_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["import", "--check", "--root"])
        .arg(root)
        .output()
        .expect("xtask runs");
    let stdout = ok(&out);
    assert!(stdout.contains("imported specs are fresh"), "{stdout}");
}

/// Rewrites the scratch workspace's metadata with `change` applied to its text.
fn edit_metadata(ws: &Workspace, change: impl FnOnce(String) -> String) {
    let path = ws.root.join(support::METADATA);
    let text = std::fs::read_to_string(&path).expect("metadata");
    std::fs::write(&path, change(text)).expect("metadata written");
}

#[test]
fn a_flag_that_is_not_a_boolean_is_an_error_with_its_path() {
    let ws = Workspace::new("flag-text");
    // `"required": "yes"` read as "not true" would drop the check of a required parameter silently.
    edit_metadata(&ws, |t| {
        t.replacen(r#""required": true"#, r#""required": "yes""#, 1)
    });
    let stderr = failed(&ws.import("PutWidgets", &[]));
    assert!(
        stderr.contains("demo PutWidgets request.RegionId.required: `required` is a flag, true or false, not \"yes\""),
        "{stderr}"
    );
    assert!(!ws.spec_path("PutWidgets").exists(), "nothing was written");
}

#[test]
fn a_key_given_twice_is_an_error_with_its_path() {
    let ws = Workspace::new("duplicate-key");
    edit_metadata(&ws, |t| {
        t.replacen(r#""apis": {"#, r#""apis": {"GetWidget": {}, "#, 1)
    });
    let stderr = failed(&ws.import("GetWidget", &[]));
    assert!(
        stderr.contains("apis.GetWidget: this key is given twice"),
        "{stderr}"
    );
    assert!(!ws.spec_path("GetWidget").exists(), "nothing was written");
}
