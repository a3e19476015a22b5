//! `cargo xtask import` as a user runs it: deterministic output, `--check` naming stale and missing files,
//! overlays applied by every re-import, hand-written files left alone, an operation with an unsupported
//! construct left out (or, with `--strict`, the import refused) until an overlay accepts it, and the
//! committed imports fresh.

mod support;

use std::fs;
use std::path::Path;
use std::process::Command;

use support::{Workspace, edit_metadata, failed, field, left_out, ok};

#[test]
fn importing_twice_gives_the_same_bytes() {
    let (a, b) = (Workspace::new("twice-a"), Workspace::new("twice-b"));
    for ws in [&a, &b] {
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
fn unsupported_constructs_leave_the_operation_out_until_accepted() {
    let ws = Workspace::new("unsupported");
    let stdout = ok(&ws.import("Broken,GetWidget", &[]));
    assert!(
        stdout.contains("demo: 1 operation(s) imported, 1 left out"),
        "{stdout}"
    );
    assert!(!ws.spec_path("Broken").exists());
    let report = left_out(&ws);
    assert!(
        report.contains("| Broken | request.Thing: `surprise` cannot be expressed in a spec: the importer does not know this key"),
        "{report}"
    );
    // --strict: all or nothing, every problem listed.
    let stderr = failed(&ws.import("Broken,GetWidget", &["--strict"]));
    assert!(
        stderr.contains("demo Broken request.Thing: `surprise` cannot be expressed in a spec"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written for demo"), "{stderr}");

    ws.overlay(
        "Broken",
        "accept:\n  - path: request.Thing\n    key: surprise\n    reason: it means nothing to the client\n",
    );
    let stdout = ok(&ws.run(&[]));
    assert!(
        stdout.contains("2 operation(s) imported, 0 left out"),
        "{stdout}"
    );
    assert!(
        ws.spec_path("Broken").exists(),
        "tried again from LEFT_OUT.md"
    );
    // An acceptance that matches nothing any more is a warning, and a problem with --strict.
    ws.overlay(
        "Broken",
        "accept:\n  - path: request.Thing\n    key: surprise\n    reason: accepted\n  - path: request.Nothing\n    key: pattern\n    reason: stale\n",
    );
    let out = ws.run(&[]);
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: overlays/demo/Broken.yaml accept: nothing is reported at `request.Nothing` for `pattern`"),
        "{stderr}"
    );
    let stderr = failed(&ws.run(&["--strict"]));
    assert!(
        stderr.contains("nothing is reported at `request.Nothing` for `pattern`"),
        "{stderr}"
    );
}

#[test]
fn an_operation_left_out_loses_its_file_and_comes_back_when_fixed() {
    let ws = Workspace::new("comeback");
    ok(&ws.import("GetWidget,GetTree", &[]));
    assert!(ws.spec_path("GetTree").exists());
    edit_metadata(&ws, |t| {
        t.replacen(
            r#""summary": "Gets a tree.","#,
            r#""summary": "Gets a tree.", "surprise": 1,"#,
            1,
        )
    });
    let stderr = failed(&ws.run(&["--check"]));
    assert!(
        stderr.contains("stale: specs/demo/GetTree.yaml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("stale: specs/demo/LEFT_OUT.md"),
        "the report is checked like the specs: {stderr}"
    );
    let stdout = ok(&ws.run(&[]));
    assert!(
        stdout.contains("removed specs/demo/GetTree.yaml"),
        "{stdout}"
    );
    assert!(!ws.spec_path("GetTree").exists());
    assert!(
        left_out(&ws).contains("| GetTree | `surprise` cannot be expressed"),
        "{}",
        left_out(&ws)
    );
    ok(&ws.run(&["--check"]));
    edit_metadata(&ws, |t| t.replacen(r#" "surprise": 1,"#, "", 1));
    let stdout = ok(&ws.run(&[]));
    assert!(
        stdout.contains("created specs/demo/GetTree.yaml"),
        "{stdout}"
    );
    assert!(left_out(&ws).contains("## Operations left out\n\nNone."));
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
    ok(&ws.import("GetWidget", &[]));
    assert!(
        left_out(&ws).contains(
            "| GetWidget | request[0]: the spec loader refuses the spec: unknown field `typo`"
        ),
        "the loader's own check: {}",
        left_out(&ws)
    );
    let stderr = failed(&ws.import("GetWidget", &["--strict"]));
    assert!(stderr.contains("unknown field `typo`"), "{stderr}");
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

#[test]
fn a_flag_that_is_not_a_boolean_leaves_the_operation_out_with_its_path() {
    let ws = Workspace::new("flag-text");
    // `"required": "yes"` read as "not true" would drop the check of a required parameter silently.
    edit_metadata(&ws, |t| {
        t.replacen(r#""required": true"#, r#""required": "yes""#, 1)
    });
    ok(&ws.import("PutWidgets", &[]));
    assert!(
        left_out(&ws).contains("| PutWidgets | request.RegionId.required: `required` is a flag, true or false, not \"yes\""),
        "{}",
        left_out(&ws)
    );
    assert!(!ws.spec_path("PutWidgets").exists(), "left out");
    let stderr = failed(&ws.import("PutWidgets", &["--strict"]));
    assert!(
        stderr.contains("demo PutWidgets request.RegionId.required: `required` is a flag"),
        "{stderr}"
    );
}

#[test]
fn a_key_given_twice_leaves_its_operation_out_or_refuses_the_product() {
    let ws = Workspace::new("duplicate-key");
    edit_metadata(&ws, |t| {
        t.replacen(r#""apis": {"#, r#""apis": {"GetWidget": {}, "#, 1)
    });
    ok(&ws.import("GetWidget,GetTree", &[]));
    assert!(
        left_out(&ws).contains("| GetWidget | apis.GetWidget: this key is given twice"),
        "{}",
        left_out(&ws)
    );
    assert!(!ws.spec_path("GetWidget").exists(), "left out");
    assert!(ws.spec_path("GetTree").exists(), "the rest is imported");
    // Outside the operations, a key given twice is the product's problem.
    let ws = Workspace::new("duplicate-info");
    edit_metadata(&ws, |t| {
        t.replacen(
            r#""style": "RPC","#,
            r#""style": "RPC", "style": "RPC","#,
            1,
        )
    });
    let stderr = failed(&ws.import("GetTree", &[]));
    assert!(
        stderr.contains("info.style: this key is given twice"),
        "{stderr}"
    );
    assert!(!ws.spec_path("GetTree").exists(), "nothing was written");
}
