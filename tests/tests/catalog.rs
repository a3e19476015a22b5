//! The catalogue (`generated/catalog`, read by `acs_runtime::dynamic`) against the typed crates it stands
//! in for in the `acs` command line: for every operation of every product, the same description (method,
//! path, RAM action, rules, paging, waiters, endpoints), the same field tables, the same parameters on the
//! wire for the spec's sample input (every required parameter, nested objects and lists, each in its
//! style and location), and the same JSON written back from every documented answer.

use acs_codegen::spec::samples::{SpecNames, sample_input};
use acs_runtime::OperationInfo;
use acs_runtime::codec::{self, Shape, View, flatten, to_json};
use acs_runtime::dynamic::{self, Product};
use acs_tests::{json_examples, operation, workspace_root};

/// Every product of the catalogue, read.
fn products() -> Vec<Product> {
    acs_catalog::PRODUCTS
        .iter()
        .map(|(module, text)| {
            dynamic::parse(text).unwrap_or_else(|e| panic!("the catalogue of {module}: {e}"))
        })
        .collect()
}

fn dynamic_op(products: &[Product], module: &str, action: &str) -> &'static OperationInfo {
    products
        .iter()
        .find(|p| p.service.module == module)
        .and_then(|p| p.find(action))
        .unwrap_or_else(|| panic!("{module}::{action} is not in the catalogue"))
}

/// A field table as text: `Limits` holds NaN for "no bound", which `PartialEq` would call unequal.
fn table(shape: &dyn Shape) -> String {
    format!("{:?}", shape.fields())
}

#[test]
fn every_operation_is_described_as_the_typed_crates_describe_it() {
    let products = products();
    let typed = acs_sdk::registry::operations();
    let read: usize = products.iter().map(|p| p.operations.len()).sum();
    assert_eq!(
        read,
        typed.len(),
        "the catalogue and the registry differ in size"
    );
    for t in typed {
        let d = dynamic_op(&products, t.service.module, t.action);
        let name = format!("{}::{}", t.service.module, t.action);
        assert_eq!(
            (d.method, d.path, d.ram_action, d.deprecated, d.anonymous),
            (t.method, t.path, t.ram_action, t.deprecated, t.anonymous),
            "{name}"
        );
        assert_eq!(d.rules, t.rules, "{name}");
        assert_eq!(d.paging, t.paging, "{name}");
        assert_eq!(d.waiters, t.waiters, "{name}");
        assert_eq!(
            (d.service.product, d.service.version, d.service.signing),
            (t.service.product, t.service.version, t.service.signing),
            "{name}"
        );
        assert_eq!(d.service.endpoints, t.service.endpoints, "{name}");
        assert_eq!(
            table(&*(d.new_input)()),
            table(&*(t.new_input)()),
            "{name} input"
        );
        assert_eq!(
            table(&*(d.new_output)()),
            table(&*(t.new_output)()),
            "{name} output"
        );
    }
}

#[test]
fn every_sample_input_goes_on_the_wire_as_with_the_typed_crates() {
    let products = products();
    let set = acs_codegen::spec::load_dir(&workspace_root().join("specs")).expect("specs load");
    let mut compared = 0usize;
    for product in &set.products {
        let p = &product.product.spec;
        for op in &product.operations {
            let op = &op.spec;
            let sample = sample_input(
                op,
                &SpecNames {
                    product: p,
                    operation: op,
                },
            )
            .to_string();
            let name = format!("{}::{}", p.module, op.name);
            let typed = operation(&p.module, &op.name);
            let mut t = (typed.new_input)();
            codec::decode_into(&sample, &mut *t).unwrap_or_else(|e| panic!("{name} typed: {e}"));
            let mut d = (dynamic_op(&products, &p.module, &op.name).new_input)();
            codec::decode_into(&sample, &mut *d)
                .unwrap_or_else(|e| panic!("{name} catalogue: {e}"));
            assert_eq!(flatten(&*d), flatten(&*t), "{name}: {sample}");
            assert_eq!(
                to_json(View::Shape(&*d)),
                to_json(View::Shape(&*t)),
                "{name}"
            );
            compared += 1;
        }
    }
    assert!(compared > 3000, "only {compared} operations");
}

#[test]
fn every_documented_answer_reads_as_with_the_typed_crates() {
    let products = products();
    let mut compared = 0usize;
    for example in json_examples(&workspace_root().join("specs")) {
        let name = format!("{}::{} ({})", example.module, example.action, example.title);
        let mut t = (operation(&example.module, &example.action).new_output)();
        let mut d = (dynamic_op(&products, &example.module, &example.action).new_output)();
        let typed = codec::decode_with_envelope(&example.body, &mut *t).map(|_| ());
        let read = codec::decode_with_envelope(&example.body, &mut *d).map(|_| ());
        assert_eq!(
            read.map_err(|e| e.to_string()),
            typed.map_err(|e| e.to_string()),
            "{name}"
        );
        assert_eq!(
            to_json(View::Shape(&*d)),
            to_json(View::Shape(&*t)),
            "{name}"
        );
        compared += 1;
    }
    assert!(compared > 3000, "only {compared} answers");
}
