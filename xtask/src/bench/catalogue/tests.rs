//! Tests of the catalogue's bookkeeping: what counts as left out (with and without the importer's
//! `LEFT_OUT.md`), and the section rendered from a run with every kind of outcome, spliced into a report.

use std::collections::{BTreeMap, BTreeSet};

use super::super::measure::Run;
use super::scratch::{Generation, Written};
use super::walk::Found;
use super::*;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn written(module: &str, ops: &[&str]) -> Written {
    let mut w = Written::default();
    w.modules.insert(
        module.to_owned(),
        ops.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>(),
    );
    w
}

#[test]
fn without_left_out_md_every_missing_operation_has_no_reason() {
    let imp = imported(None, &names(&["A", "B", "C"]), written("x", &["A"]));
    assert_eq!(imp.imported, 1);
    assert!(!imp.listed);
    assert_eq!(imp.left_out.len(), 2);
    assert_eq!(imp.left_out["B"], [notes::NO_REASON]);
    assert_eq!(imp.paginators, None);
}

#[test]
fn left_out_md_gives_the_reasons_it_has() {
    let mut w = written("x", &["A"]);
    w.left_out.insert(
        "x".to_owned(),
        "| operation | reason |\n|---|---|\n| `B` | request.P: `pattern` cannot be expressed |\n| `A` | listed but imported |\n\n\
         ## Parts of operations left out\n\n| operation | where | why |\n|---|---|---|\n| A | responseDemo[0] | no status |\n"
            .to_owned(),
    );
    w.paginators.insert(
        "x".to_owned(),
        "1 of 1 operations have a paginator\n".to_owned(),
    );
    let imp = imported(None, &names(&["A", "B", "C"]), w);
    assert!(imp.listed);
    // A is imported, so not left out whatever the file says; C is missing and unexplained.
    assert_eq!(
        imp.left_out.keys().collect::<Vec<_>>(),
        [&"B".to_owned(), &"C".to_owned()]
    );
    assert_eq!(
        imp.left_out["B"],
        ["request.P: `pattern` cannot be expressed"]
    );
    assert_eq!(imp.left_out["C"], [notes::NO_REASON]);
    assert_eq!(imp.paginators, Some(1));
    assert_eq!(imp.parts["A"], ["no status"]);
}

fn found(product: &str) -> Found {
    Found {
        relative: format!("{product}/2020-01-01/api-docs.json"),
        product: product.to_owned(),
        version: "2020-01-01".to_owned(),
    }
}

fn run(wall: f64, mb: u64) -> Option<Run> {
    Some(Run {
        wall,
        cpu: wall,
        peak: mb * 1_000_000,
    })
}

#[test]
fn renders_every_outcome_and_splices() {
    let mut ok = imported(
        run(0.1, 10),
        &names(&["A", "B"]),
        written("ok", &["A", "B"]),
    );
    ok.modules[0].checked = Checked::Yes(run(0.04, 1));
    let mut broken = imported(run(0.1, 10), &names(&["A", "B"]), written("broken", &["A"]));
    broken.modules[0].checked = Checked::No("error[E0001]: x".to_owned());
    let catalogue = Catalogue {
        dir: "metadata".to_owned(),
        scratch: "target/bench/catalogue-metadata".to_owned(),
        budget: BUDGET,
        versions: vec![
            Version {
                found: found("ok"),
                operations: 2,
                state: State::Imported(ok),
            },
            Version {
                found: found("broken"),
                operations: 2,
                state: State::Imported(broken),
            },
            Version {
                found: found("refused"),
                operations: 7,
                state: State::Refused {
                    import: run(0.2, 5),
                    output: names(&["refused X request.Y: no", "1 problem(s) found"]),
                },
            },
            Version {
                found: found("roa"),
                operations: 0,
                state: State::Skipped("ROA (not imported)".to_owned()),
            },
        ],
        generation: Generation {
            run: run(1.0, 100),
            attempts: 1,
            set_aside: BTreeMap::new(),
            failed: None,
        },
        generated_operations: 3,
        batches: vec![Batch {
            packages: names(&["acs-sdk-broken", "acs-sdk-ok"]),
            operations: 3,
            run: run(2.0, 200),
            ok: false,
        }],
        load: Some("1.00, 0.50, 0.25".to_owned()),
        seconds: 75.0,
    };
    let section = report::section(&catalogue);
    assert!(section.starts_with(splice::START));
    assert!(section.ends_with(splice::END));
    for expected in [
        "| `ok` 2020-01-01 | `ok` | 2 | 2 | 0 |",
        "| `refused` 2020-01-01 | — | 7 | 0 | 7 (refused) |",
        "`roa` 2020-01-01: ROA (not imported)",
        "refused X request.Y: no",
        "`broken` 2020-01-01 → `broken`: error[E0001]: x",
        "| `broken` 2020-01-01 | without a reason listed (the module has no `LEFT_OUT.md`) | 1 | `B` |",
        "Import, no product version refused: **missed** (1 of 3 refused: `refused`)",
        "did not compile: `broken`",
        "1 min 15 s",
    ] {
        assert!(
            section.contains(expected),
            "missing {expected:?} in:\n{section}"
        );
    }
    let report = splice::replace_section("# Benchmarks\n\n## Runtime\n", &section).unwrap();
    assert!(report.contains(&section) && report.ends_with("## Runtime\n"));
}
