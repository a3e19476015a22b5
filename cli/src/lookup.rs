//! Finding an operation of the catalogue by module and action, and, when there is none, the
//! names the user probably meant, at most three, closest first: the same action in another module, and
//! names a few typing mistakes away. The same ranking replaces clap's own suggestions for a mistyped
//! command or operation ([`unknown_command`]), which list every name sharing a few letters. The CLI
//! knows no operation by hand; everything here reads the embedded catalogue (`catalog`).

use crate::catalog;
use acs_runtime::OperationInfo;

use crate::failure::Failure;

/// The most names a suggestion lists, so the error stays one readable line.
const MAX_SUGGESTIONS: usize = 3;

/// The operation `action` of `module`, or a usage failure naming close matches.
pub fn operation(module: &str, action: &str) -> Result<&'static OperationInfo, Failure> {
    if let Some(info) = catalog::find(module, action) {
        return Ok(info);
    }
    let all = catalog::operations();
    let mut candidates: Vec<String> = all
        .iter()
        .filter(|o| o.action == action)
        .map(|o| format!("{} {}", o.service.module, o.action))
        .collect();
    if all.iter().any(|o| o.service.module == module) {
        let actions: Vec<&str> = all
            .iter()
            .filter(|o| o.service.module == module)
            .map(|o| o.action)
            .collect();
        candidates.extend(
            close_matches(action, &actions)
                .into_iter()
                .map(|a| format!("{module} {a}")),
        );
        let message = format!("module `{module}` has no operation `{action}`");
        return Err(Failure::Usage(with_suggestions(
            message,
            &candidates,
            &format!("acs list {module}"),
        )));
    }
    let modules = modules(&all);
    let names: Vec<&str> = modules.iter().map(String::as_str).collect();
    for m in close_matches(module, &names) {
        if catalog::find(m, action).is_some() {
            candidates.push(format!("{m} {action}"));
        } else {
            candidates.push(m.to_owned());
        }
    }
    let message = format!("unknown module `{module}`");
    Err(Failure::Usage(with_suggestions(
        message,
        &candidates,
        "acs list",
    )))
}

/// The operations of `module`, or a usage failure naming the modules it may have meant.
pub fn module(module: &str) -> Result<Vec<&'static OperationInfo>, Failure> {
    let found = catalog::module(module);
    if !found.is_empty() {
        return Ok(found);
    }
    let modules: Vec<String> = catalog::headers().map(|h| h.module.to_owned()).collect();
    let names: Vec<&str> = modules.iter().map(String::as_str).collect();
    let close: Vec<String> = close_matches(module, &names)
        .into_iter()
        .map(str::to_owned)
        .collect();
    let message = format!(
        "unknown module `{module}` (modules: {})",
        modules.join(", ")
    );
    Err(Failure::Usage(with_suggestions(
        message, &close, "acs list",
    )))
}

/// Every module of the catalogue, once each, in catalogue order.
fn modules(all: &[&'static OperationInfo]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in all {
        if !out.iter().any(|m| m == o.service.module) {
            out.push(o.service.module.to_owned());
        }
    }
    out
}

/// The usage failure for `name`, not a command of `acs` (`module` none) or not an operation (or
/// `wait`) of `module`, where `names` are the ones there are.
pub fn unknown_command(name: &str, module: Option<&str>, names: &[&str]) -> Failure {
    let close: Vec<String> = close_matches(name, names)
        .into_iter()
        .map(str::to_owned)
        .collect();
    match module {
        Some(m) => Failure::Usage(with_suggestions(
            format!("module `{m}` has no operation `{name}`"),
            &close,
            &format!("acs {m} --help"),
        )),
        None => Failure::Usage(with_suggestions(
            format!("unknown command or module `{name}`"),
            &close,
            "acs --help",
        )),
    }
}

/// `message`, then the suggestions (if any) and where to see every name, on one line.
fn with_suggestions(message: String, candidates: &[String], see: &str) -> String {
    let mut unique: Vec<&String> = Vec::new();
    for c in candidates {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    unique.truncate(MAX_SUGGESTIONS);
    let see = format!("`{see}` shows what is available");
    if unique.is_empty() {
        return format!("{message}; {see}");
    }
    let list: Vec<String> = unique.iter().map(|c| format!("`{c}`")).collect();
    let list = match list.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => list.join(""),
    };
    format!("{message}; did you mean {list}? {see}")
}

/// The names of `names` that `query` probably meant, closest first: the same name in another case (then
/// only that), else names that begin with it (or it with them), then names containing it (or contained
/// in it), then names a few edits away (a third of the name's length, at least one); within each, the
/// fewest edits first, then the nearest in length, then by name.
pub fn close_matches<'a>(query: &str, names: &[&'a str]) -> Vec<&'a str> {
    let q = query.to_lowercase();
    let same: Vec<&'a str> = names
        .iter()
        .copied()
        .filter(|n| n.to_lowercase() == q)
        .collect();
    if !same.is_empty() {
        return same;
    }
    let length = q.chars().count();
    let mut scored: Vec<(u8, usize, usize, &'a str)> = names
        .iter()
        .filter_map(|&name| {
            let n = name.to_lowercase();
            let d = distance(&q, &n);
            let near = d <= (length / 3).max(1);
            let prefix = !q.is_empty() && (n.starts_with(&q) || q.starts_with(&n));
            let contains = !q.is_empty() && (n.contains(&q) || q.contains(&n));
            let rank = if prefix {
                0
            } else if contains {
                1
            } else {
                2
            };
            (near || contains).then_some((rank, d, n.chars().count().abs_diff(length), name))
        })
        .collect();
    scored.sort();
    scored.into_iter().map(|(_, _, _, name)| name).collect()
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            let cost = usize::from(ca != *cb);
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + cost);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("dts", "dts"), 0);
        assert_eq!(distance("dtx", "dts"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("é", "e"), 1);
    }

    #[test]
    fn close_matches_prefer_the_nearest_and_ignore_the_unrelated() {
        let names = [
            "DescribeRestoreTaskList",
            "DescribePreCheckProgressList",
            "Other",
        ];
        assert_eq!(
            close_matches("describerestoretasklist", &names),
            ["DescribeRestoreTaskList"]
        );
        assert_eq!(
            close_matches("DescribeRestoreTask", &names),
            ["DescribeRestoreTaskList"]
        );
        assert_eq!(
            close_matches("DescribeRestorTaskLst", &names),
            ["DescribeRestoreTaskList"]
        );
        assert!(close_matches("Zzzzzzzz", &names).is_empty());
        assert!(close_matches("", &names).is_empty());
    }

    #[test]
    fn an_action_of_another_module_is_suggested_with_its_module() {
        let err = operation("dbs", "DescribePreCheckStatus").unwrap_err();
        assert_eq!(err.status(), 2);
        let text = err.to_string();
        assert!(text.contains("`dts DescribePreCheckStatus`"), "{text}");
        assert!(text.contains("`acs list dbs`"), "{text}");
    }

    #[test]
    fn a_misspelt_module_is_corrected() {
        let err = operation("dtx", "DescribePreCheckStatus").unwrap_err();
        assert!(
            err.to_string().contains("`dts DescribePreCheckStatus`"),
            "{err}"
        );
        let err = module("DBS").unwrap_err();
        assert!(
            err.to_string().contains("did you mean `dbs`? "),
            "only dbs: {err}"
        );
        assert!(module("dbs").is_ok_and(|ops| !ops.is_empty()));
    }

    #[test]
    fn a_mistyped_operation_gets_three_suggestions_best_first() {
        let ops = module("dts").expect("dts");
        let names: Vec<String> = ops.iter().map(|o| crate::typed::kebab(o.action)).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let e = unknown_command("describe-dts-job", Some("dts"), &names);
        assert_eq!(e.status(), 2);
        let text = e.to_string();
        assert!(
            text.starts_with(
                "module `dts` has no operation `describe-dts-job`; did you mean `describe-dts-jobs`, \
                 `describe-dts-job-detail` or `"
            ),
            "{text}"
        );
        let names = text.split("did you mean").nth(1).unwrap_or_default();
        assert_eq!(
            names
                .split('?')
                .next()
                .unwrap_or_default()
                .matches('`')
                .count(),
            6,
            "{text}"
        );
        assert!(
            text.ends_with("`acs dts --help` shows what is available"),
            "{text}"
        );
        let e = unknown_command("dtx", None, &["call", "list", "dts", "dbs", "sas"]);
        assert!(
            e.to_string().contains("did you mean `dts`? `acs --help`"),
            "{e}"
        );
    }

    #[test]
    fn suggestions_are_unique_and_bounded() {
        let many: Vec<String> = (0..9).map(|i| format!("m A{i}")).collect();
        let mut twice = many.clone();
        twice.extend(many);
        let text = with_suggestions("no".into(), &twice, "acs list");
        assert_eq!(text.matches("`m A").count(), MAX_SUGGESTIONS, "{text}");
        assert_eq!(
            with_suggestions("no".into(), &[], "acs list"),
            "no; `acs list` shows what is available"
        );
    }
}
