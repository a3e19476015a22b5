//! `acs list [module]`: one line per operation of the SDK's registry (module, action, version, method,
//! RAM action, deprecated) under a header; a module filters; an unknown module is a usage error.

mod support;

use support::*;

/// The rows of a listing, split into columns on runs of spaces (no cell contains a space).
fn rows(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect()
}

fn expected(module: Option<&str>) -> Vec<Vec<String>> {
    acs_sdk::registry::operations()
        .into_iter()
        .filter(|o| module.is_none_or(|m| o.service.module == m))
        .map(|o| {
            vec![
                o.service.module.to_owned(),
                o.action.to_owned(),
                o.service.version.to_owned(),
                o.method.as_str().to_owned(),
                o.ram_action.unwrap_or("-").to_owned(),
                if o.deprecated { "yes" } else { "no" }.to_owned(),
            ]
        })
        .collect()
}

#[tokio::test]
async fn every_operation_of_the_registry_is_listed() {
    let run = Acs::new(&["list"]).run().await;
    run.assert_code(0);
    let header: Vec<&str> = run
        .stdout
        .lines()
        .next()
        .unwrap_or("")
        .split("  ")
        .collect();
    assert_eq!(
        header
            .into_iter()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .collect::<Vec<_>>(),
        [
            "MODULE",
            "ACTION",
            "VERSION",
            "METHOD",
            "RAM ACTION",
            "DEPRECATED"
        ]
    );
    assert_eq!(rows(&run.stdout), expected(None));
    assert!(
        run.stdout.contains("dbs:DescribeRestoreTaskList"),
        "{run:#?}"
    );
}

#[tokio::test]
async fn a_module_filters_and_an_unknown_one_is_2() {
    let run = Acs::new(&["list", "dbs"]).run().await;
    run.assert_code(0);
    let listed = rows(&run.stdout);
    assert_eq!(listed, expected(Some("dbs")));
    assert!(!listed.is_empty());

    Acs::new(&["list", "dtx"])
        .run()
        .await
        .assert_failure(2, &["unknown module `dtx`", "did you mean `dts`"]);
}
