//! The README's first example compiles with one product feature alone: rustdoc compiles it with every
//! product (it is this crate's documentation), CI checks each product's generated example with its
//! feature alone (`.ci/run`), and this test shows the README's first example uses no other product, so
//! nothing it names is missing when only that feature is on.

use acs_tests::workspace_root;

/// The text of the first ```` ```rust ```` block of `markdown`.
fn first_rust_block(markdown: &str) -> &str {
    let start = markdown
        .find("```rust")
        .expect("the README has a Rust example");
    let body = &markdown[start..];
    let body = &body[body.find('\n').expect("a fence line") + 1..];
    &body[..body.find("```").expect("the block ends")]
}

/// The product modules `code` names: as a path (`acs_sdk::dts::…`) or as a client method (`.dts()`).
fn products_named(code: &str, modules: &[&str]) -> Vec<String> {
    let mut found: Vec<String> = modules
        .iter()
        .filter(|m| code.contains(&format!("acs_sdk::{m}::")) || code.contains(&format!(".{m}()")))
        .map(|m| (*m).to_owned())
        .collect();
    found.sort();
    found
}

#[test]
fn the_first_example_needs_one_product() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    let mut modules: Vec<&str> = acs_sdk::registry::operations()
        .iter()
        .map(|o| o.service.module)
        .collect();
    modules.dedup();
    assert!(modules.len() > 1, "{modules:?}");
    let code = first_rust_block(&readme);
    let named = products_named(code, &modules);
    assert_eq!(
        named.len(),
        1,
        "the first example must use one product, it uses {named:?}"
    );
    let feature = format!("features = [\"{}\"]", named[0]);
    assert!(
        readme[..readme.find(code).expect("the block")].contains(&feature),
        "the text before the example names its one feature ({feature})"
    );
}

#[test]
fn the_product_check_finds_a_second_product() {
    let code = "let a = client.dts().x(); let b = acs_sdk::sas::Thing;";
    assert_eq!(products_named(code, &["dbs", "dts", "sas"]), ["dts", "sas"]);
    assert!(products_named("client.dtsx()", &["dts"]).is_empty());
}

#[test]
fn every_product_has_an_example_program() {
    let root = workspace_root();
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("manifest");
    let mut modules: Vec<&str> = acs_sdk::registry::operations()
        .iter()
        .map(|o| o.service.module)
        .collect();
    modules.dedup();
    for m in modules {
        let example = std::fs::read_to_string(root.join(format!("generated/examples/{m}.rs")))
            .unwrap_or_else(|e| panic!("generated/examples/{m}.rs: {e}"));
        assert!(
            example.contains(&format!(".{m}()")),
            "{m}'s example calls {m}"
        );
        assert!(
            manifest.contains(&format!(
                "name = \"{m}\"\npath = \"examples/{m}.rs\"\nrequired-features = [\"{m}\"]"
            )),
            "{m}'s example is built with its feature"
        );
    }
}
