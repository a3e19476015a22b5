//! `acs ram-policy <module> <Action>... [<module> <Action>...]`: the RAM policy document that grants
//! exactly the named operations, of one product or several (`acs ram-policy ecs RunInstances vpc
//! CreateVpc`, or `ecs:RunInstances vpc:CreateVpc`), built from the RAM action each operation's spec
//! documents (the catalogue's
//! `ram_action`, the RAM ACTION column of `acs list`). Nothing is guessed: an operation whose spec has no
//! RAM action is an error, not `<product>:<Action>`, because a made-up action would either grant nothing
//! or, worse, look like it grants what it does not.
//!
//! The document has one `Allow` statement over `Resource: *` with the actions sorted and deduplicated,
//! so the same request always prints the same text (diffable, reviewable).

use std::collections::BTreeSet;

use acs_runtime::OperationInfo;
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::Value;

use crate::failure::Failure;
use crate::lookup;
use crate::output::write_out;

/// The subcommand's name, as typed and as matched in `main`.
pub const NAME: &str = "ram-policy";

const AFTER_HELP: &str = "\
Prints on standard output, as indented JSON, a RAM policy document with one statement that allows the
RAM actions of the named operations on every resource:

  {\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [...], \"Resource\": \"*\"}]}

The RAM actions are the ones the operations' specs document (the RAM ACTION column of `acs list`),
sorted and without duplicates. Actions are matched exactly as `acs list` spells them; wildcards are
not accepted.

Exit status:
  0  the policy was printed
  1  an operation's spec documents no RAM action (shown as - by `acs list`): no policy is printed
  2  usage error: unknown module or action (the closest names are suggested)

Operations of several products go in one policy: a module name starts that module's actions, or
name an operation as MODULE:Action.

Examples:
  acs ram-policy dbs DescribeRestoreTaskList GetDBListFromAgent
  acs ram-policy ecs RunInstances DescribeInstances vpc CreateVpc
  acs ram-policy ecs:RunInstances vpc:CreateVpc";

/// `acs ram-policy`, added to the command line by `main`.
pub fn command() -> Command {
    Command::new(NAME)
        .about("Print the RAM policy document that allows exactly the given operations")
        .after_help(AFTER_HELP)
        .arg(
            Arg::new("operations")
                .value_name("MODULE ACTION...|MODULE:ACTION")
                .required(true)
                .num_args(1..)
                .action(ArgAction::Append)
                .help("Operations: a module (as `acs list` shows it) then its actions, as often as needed, or MODULE:Action"),
        )
}

/// Prints the policy for the operations of `matches` (from [`command`]).
pub fn run(matches: &ArgMatches) -> Result<(), Failure> {
    let words: Vec<&str> = matches
        .get_many::<String>("operations")
        .map(|v| v.map(String::as_str).collect())
        .unwrap_or_default();
    write_out(&policy(&words)?)
}

/// The policy document for the operations `words` name, as indented JSON without a final newline.
fn policy(words: &[&str]) -> Result<String, Failure> {
    let ops = operations(&pairs(words)?)?;
    Ok(document(&ram_actions(&ops)?))
}

/// `(module, action)` for every operation `words` name: a module's name starts its actions (modules are
/// lower case, actions mostly UpperCamelCase), `module:Action` names one alone. A word is a module when
/// one has that name; else an action of the current module when it has one of that name (Elasticsearch's
/// `createInstance` starts in lower case); else a lower-case word is taken for a module, and an
/// upper-case one for an action.
fn pairs<'w>(words: &[&'w str]) -> Result<Vec<(&'w str, &'w str)>, Failure> {
    let operations = crate::catalog::operations();
    let modules: BTreeSet<&str> = operations.iter().map(|o| o.service.module).collect();
    let is_action_of = |module: Option<&str>, word: &str| {
        module.is_some_and(|m| {
            operations
                .iter()
                .any(|o| o.service.module == m && o.action == word)
        })
    };
    let mut current: Option<&str> = None;
    let mut out = Vec::new();
    for &word in words {
        if let Some((module, action)) = word.split_once(':') {
            out.push((module, action));
        } else if modules.contains(word)
            || (!is_action_of(current, word) && word.starts_with(|c: char| c.is_ascii_lowercase()))
        {
            // A lower-case word is a module, known or not: `lookup` names the closest if it is not.
            current = Some(word);
        } else {
            match current {
                Some(module) => out.push((module, word)),
                None => {
                    return Err(Failure::Usage(format!(
                        "`{word}`: name its module first (`acs ram-policy <module> {word}`) or write \
                         MODULE:{word}"
                    )));
                }
            }
        }
    }
    if out.is_empty() {
        return Err(Failure::Usage(
            "name at least one operation: `acs ram-policy <module> <Action>...`".to_owned(),
        ));
    }
    Ok(out)
}

/// The operations named, in the order given. Usage errors come first (and stop at the first bad name),
/// so a typo is reported as such rather than hidden behind a missing RAM action.
fn operations(pairs: &[(&str, &str)]) -> Result<Vec<&'static OperationInfo>, Failure> {
    pairs
        .iter()
        .map(|&(module, action)| {
            // `lookup` would call `Describe*` merely unknown; say why it can never match.
            if action.contains('*') {
                return Err(Failure::Usage(format!(
                    "`{action}`: wildcards are not accepted, name each action; \
                     `acs list {module}` shows them"
                )));
            }
            lookup::operation(module, action)
        })
        .collect()
}

/// The RAM actions of `ops`, sorted and deduplicated (the same operation named twice, or two operations
/// sharing one RAM action, grant it once); a failure naming every operation that has none, so one run
/// shows everything that stands in the way.
fn ram_actions(ops: &[&'static OperationInfo]) -> Result<BTreeSet<&'static str>, Failure> {
    let mut missing: Vec<String> = Vec::new();
    let mut granted = BTreeSet::new();
    for op in ops {
        match op.ram_action {
            Some(ram) => {
                granted.insert(ram);
            }
            None => {
                let name = format!("`{} {}`", op.service.module, op.action);
                if !missing.contains(&name) {
                    missing.push(name);
                }
            }
        }
    }
    if missing.is_empty() {
        return Ok(granted);
    }
    Err(Failure::Failed(format!(
        "no RAM action is documented for {} (no `ram` entry in the spec); no policy printed",
        missing.join(", ")
    )))
}

/// The policy document, laid out as serde_json's pretty printer does (two spaces per level). Written
/// out by hand because a `serde_json::Map` (without the `preserve_order` feature) sorts its keys, and a
/// policy conventionally reads `Version` first and `Effect` before `Action`.
fn document(actions: &BTreeSet<&str>) -> String {
    const ITEM_INDENT: &str = "        ";
    let list = if actions.is_empty() {
        "[]".to_owned()
    } else {
        // `Value`'s `Display` quotes and escapes each action as a JSON string.
        let items: Vec<String> = actions
            .iter()
            .map(|a| format!("{ITEM_INDENT}{}", Value::from(*a)))
            .collect();
        format!("[\n{}\n      ]", items.join(",\n"))
    };
    format!(
        "{{\n  \"Version\": \"1\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",\n      \
         \"Action\": {list},\n      \"Resource\": \"*\"\n    }}\n  ]\n}}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An operation of the catalogue that documents a RAM action, and one that does not: the catalogue's
    /// own if it has one, else a copy of another with its RAM action removed (every operation of the
    /// catalogue has one now, but a new product may not).
    fn with_and_without_ram() -> (&'static OperationInfo, &'static OperationInfo) {
        let all = crate::catalog::operations();
        let with = *all
            .iter()
            .find(|o| o.ram_action.is_some())
            .expect("one with");
        let without = all
            .iter()
            .copied()
            .find(|o| o.ram_action.is_none())
            .unwrap_or_else(|| {
                let mut copy = **all
                    .iter()
                    .find(|o| o.action != with.action)
                    .expect("a second operation");
                copy.ram_action = None;
                Box::leak(Box::new(copy))
            });
        (with, without)
    }

    #[test]
    fn the_command_is_consistent_within_acs() {
        crate::args::command().subcommand(command()).debug_assert();
    }

    #[test]
    fn the_document_is_one_allow_statement_in_order_and_indented_by_two() {
        let text = document(&BTreeSet::from(["dbs:B", "dbs:A"]));
        assert_eq!(
            text,
            r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "dbs:A",
        "dbs:B"
      ],
      "Resource": "*"
    }
  ]
}"#
        );
        let empty: Value = serde_json::from_str(&document(&BTreeSet::new())).expect("JSON");
        assert_eq!(empty["Statement"][0]["Action"], json!([]));
    }

    #[test]
    fn actions_are_escaped() {
        let text = document(&BTreeSet::from(["a\"b\\c"]));
        let parsed: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(parsed["Statement"][0]["Action"], json!(["a\"b\\c"]));
    }

    #[test]
    fn ram_actions_are_sorted_and_deduplicated() {
        let text = policy(&[
            "dbs",
            "GetDBListFromAgent",
            "DescribeRestoreTaskList",
            "GetDBListFromAgent",
        ])
        .expect("both document a RAM action");
        let parsed: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            parsed,
            json!({
                "Version": "1",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["dbs:DescribeRestoreTaskList", "dbs:GetDBListFromAgent"],
                    "Resource": "*",
                }],
            })
        );
    }

    #[test]
    fn an_unknown_action_is_a_usage_error_suggesting_the_closest() {
        let err = policy(&["dbs", "DescribeRestoreTaskList", "DescribeRestorTaskLst"]).unwrap_err();
        assert_eq!(err.status(), 2);
        let text = err.to_string();
        assert!(text.contains("`DescribeRestorTaskLst`"), "{text}");
        assert!(
            text.contains("did you mean `dbs DescribeRestoreTaskList`"),
            "{text}"
        );
        let err = policy(&["dbx", "GetDBListFromAgent"]).unwrap_err();
        assert_eq!(err.status(), 2);
        assert!(err.to_string().contains("unknown module `dbx`"), "{err}");
    }

    #[test]
    fn operations_of_several_products_go_in_one_policy() {
        let both = policy(&[
            "dbs",
            "GetDBListFromAgent",
            "dts",
            "DescribeDtsJobs",
            "sas:QueryPreCheckDatabase",
        ])
        .expect("all document a RAM action");
        let parsed: Value = serde_json::from_str(&both).expect("JSON");
        assert_eq!(
            parsed["Statement"][0]["Action"],
            json!([
                "dbs:GetDBListFromAgent",
                "dts:DescribeDtsJobs",
                "yundun-sas:QueryPreCheckDatabase"
            ])
        );
        let err = policy(&["DescribeDtsJobs"]).unwrap_err();
        assert_eq!(err.status(), 2);
        assert!(err.to_string().contains("name its module first"), "{err}");
        let lower = pairs(&[
            "elasticsearch",
            "createInstance",
            "cs",
            "DescribeClusterDetail",
        ])
        .expect("an action that starts in lower case");
        assert_eq!(
            lower,
            [
                ("elasticsearch", "createInstance"),
                ("cs", "DescribeClusterDetail")
            ]
        );
        assert_eq!(
            policy(&["dts"]).unwrap_err().status(),
            2,
            "a module and no action"
        );
    }

    #[test]
    fn a_wildcard_is_refused_as_such() {
        let err = policy(&["dbs", "Describe*"]).unwrap_err();
        assert_eq!(err.status(), 2);
        assert!(err.to_string().contains("wildcards"), "{err}");
    }

    #[test]
    fn an_operation_without_a_ram_action_fails_naming_only_it() {
        let (with, without) = with_and_without_ram();
        let err = ram_actions(&[with, without, without]).unwrap_err();
        assert_eq!(err.status(), 1);
        let text = err.to_string();
        let named = format!("`{} {}`", without.service.module, without.action);
        assert_eq!(text.matches(&named).count(), 1, "{text}");
        let granted = format!("`{} {}`", with.service.module, with.action);
        assert!(!text.contains(&granted), "{text}");
    }
}
