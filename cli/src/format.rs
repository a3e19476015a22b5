//! What `--output` and `--query` ask for, read and compiled before anything is sent, so a mistyped
//! format or expression costs no call (exit status 2).
//!
//! `--output` is `json` (the default), `jsonl` (JSON Lines: one value per line, an array's elements one
//! per line), `table` (aligned columns with a header), or Alibaba's aliyun CLI form
//! `cols=A,B[,…] [rows=PATH]`: a table of the columns `A`, `B` (each a JMESPath expression evaluated on
//! a row; split at commas, as aliyun does) over the rows `PATH` selects. `--query` is a JMESPath
//! expression applied to the decoded JSON before any of these (with `--all-pages`, to each item).

use clap::{Arg, ArgAction, ArgMatches};
use jmespath::Expression;

use crate::failure::Failure;
use crate::ordered::Json;

/// How results are written.
#[derive(Clone)]
pub enum Format {
    /// JSON: indented on a terminal, one line otherwise.
    Json,
    /// JSON Lines.
    Jsonl,
    /// An aligned table; `cols` none for every member of the rows.
    Table {
        /// Header text and expression of each chosen column.
        cols: Option<Vec<(String, Expression<'static>)>>,
        /// Where the rows are.
        rows: Option<Expression<'static>>,
    },
}

/// `--output` and `--query` of one command.
#[derive(Clone)]
pub struct Spec {
    /// The format.
    pub format: Format,
    /// The `--query` expression.
    pub query: Option<Expression<'static>>,
}

impl Default for Spec {
    fn default() -> Spec {
        Spec {
            format: Format::Json,
            query: None,
        }
    }
}

/// `--output` and `--query`.
pub fn args() -> [Arg; 2] {
    [
        Arg::new("output")
            .long("output")
            .short('o')
            .value_name("FORMAT")
            .num_args(1..=2)
            .action(ArgAction::Set)
            .help("json (default), jsonl, table, or cols=A,B[,..] [rows=PATH] (aliyun's table form)")
            .long_help(
                "How to print the result:\n  json   JSON, indented on a terminal, one line otherwise \
                 (default)\n  jsonl  JSON Lines: one value per line; an array's elements (and, with \
                 --all-pages, the items) one per line\n  table  aligned columns under a header: one \
                 row per element of an array (a list operation's items, else the first list found), \
                 one per object otherwise; text and numbers as they are, nested values as compact \
                 JSON\n  cols=A,B[,..] [rows=PATH]\n         aliyun's table: the columns A, B (JMESPath \
                 expressions on each row, split at commas) of the rows PATH selects, e.g. \
                 --output cols=RestoreTaskId,RestoreStatus 'rows=Items.RestoreTaskDetail[]' (quoted for the shell)",
            ),
        Arg::new("query")
            .long("query")
            .value_name("JMESPATH")
            .help("JMESPath expression applied to the JSON result before output (per item with --all-pages)"),
    ]
}

/// The `--output` and `--query` of `m` (defaults when the command has neither).
pub fn spec(m: &ArgMatches) -> Result<Spec, Failure> {
    let (output, query) = given(m);
    parse(&output, query.as_deref())
}

/// The values of `--output` and `--query` in `m`, as given.
pub fn given(m: &ArgMatches) -> (Vec<String>, Option<String>) {
    let output = m
        .try_get_many::<String>("output")
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let query = m.try_get_one::<String>("query").ok().flatten().cloned();
    (output, query)
}

/// The spec the `--output` values `output` and the `--query` text `query` ask for.
pub fn parse(output: &[String], query: Option<&str>) -> Result<Spec, Failure> {
    let query = query.map(|q| compile("--query", q)).transpose()?;
    let words: Vec<String> = output
        .iter()
        .flat_map(|v| v.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    Ok(Spec {
        format: format(&words)?,
        query,
    })
}

/// The format the words of `--output` name.
fn format(words: &[String]) -> Result<Format, Failure> {
    let mut named: Option<&str> = None;
    let mut cols: Option<&str> = None;
    let mut rows: Option<&str> = None;
    for word in words {
        let slot = if let Some(c) = word.strip_prefix("cols=") {
            (&mut cols, c)
        } else if let Some(r) = word.strip_prefix("rows=") {
            (&mut rows, r)
        } else if ["json", "jsonl", "table"].contains(&word.as_str()) {
            (&mut named, word.as_str())
        } else {
            return Err(Failure::Usage(format!(
                "--output `{word}`: expected json, jsonl, table, or cols=A,B[,..] [rows=PATH] (after \
                 MODULE and ACTION, for acs call)"
            )));
        };
        if slot.0.replace(slot.1).is_some() {
            return Err(Failure::Usage(format!("--output: `{word}` is given twice")));
        }
    }
    let table = || -> Result<Format, Failure> {
        let cols = cols
            .map(|c| {
                c.split(',')
                    .map(|col| {
                        let col = col.trim();
                        if col.is_empty() {
                            return Err(Failure::Usage(format!(
                                "--output cols={c}: a column is empty"
                            )));
                        }
                        Ok((col.to_owned(), compile("--output cols", col)?))
                    })
                    .collect::<Result<Vec<_>, Failure>>()
            })
            .transpose()?;
        let rows = rows.map(|r| compile("--output rows", r)).transpose()?;
        Ok(Format::Table { cols, rows })
    };
    match (named, cols.is_some() || rows.is_some()) {
        (None | Some("json"), false) => Ok(Format::Json),
        (Some("jsonl"), false) => Ok(Format::Jsonl),
        (Some("table"), _) | (None, true) => table(),
        (Some(other), true) => Err(Failure::Usage(format!(
            "--output {other} takes no cols= or rows=; they make a table"
        ))),
        (Some(_), false) => Ok(Format::Json),
    }
}

/// `text` compiled as JMESPath, or a usage failure on one line naming `what` and the column.
fn compile(what: &str, text: &str) -> Result<Expression<'static>, Failure> {
    jmespath::compile(text).map_err(|e| {
        Failure::Usage(format!(
            "{what} `{}`: not a JMESPath expression: {} (at character {})",
            one_line(text),
            one_line(&e.reason.to_string()),
            e.offset + 1
        ))
    })
}

/// `expr` applied to `value`: its result, or a usage failure (the expression does not fit the data).
pub fn search(expr: &Expression<'static>, value: &Json) -> Result<Json, Failure> {
    let result = expr.search(value).map_err(|e| {
        Failure::Usage(format!(
            "JMESPath `{}`: {}",
            one_line(expr.as_str()),
            one_line(&e.reason.to_string())
        ))
    })?;
    let text = serde_json::to_string(&*result).unwrap_or_else(|_| "null".to_owned());
    Json::parse(&text).map_err(|e| Failure::Failed(format!("JMESPath result: {e}")))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Command;

    fn parse(args: &[&str]) -> Result<Spec, Failure> {
        let m = Command::new("t")
            .args(args_for_test())
            .try_get_matches_from(std::iter::once("t").chain(args.iter().copied()))
            .map_err(|e| Failure::Usage(e.to_string()))?;
        spec(&m)
    }

    fn args_for_test() -> [Arg; 2] {
        args()
    }

    fn kind(s: &Spec) -> String {
        match &s.format {
            Format::Json => "json".into(),
            Format::Jsonl => "jsonl".into(),
            Format::Table { cols, rows } => format!(
                "table cols={:?} rows={:?}",
                cols.as_ref()
                    .map(|c| c.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>()),
                rows.as_ref().map(|r| r.as_str().to_owned())
            ),
        }
    }

    #[test]
    fn formats_are_read_in_every_spelling() {
        let ok = |args: &[&str]| kind(&parse(args).unwrap_or_else(|e| panic!("{args:?}: {e}")));
        assert_eq!(ok(&[]), "json");
        assert_eq!(ok(&["--output", "jsonl"]), "jsonl");
        assert_eq!(ok(&["-o", "table"]), "table cols=None rows=None");
        assert_eq!(
            ok(&["--output", "cols=A,B.C", "rows=Items.X[]"]),
            r#"table cols=Some(["A", "B.C"]) rows=Some("Items.X[]")"#
        );
        assert_eq!(
            ok(&["--output", "rows=X cols=A"]),
            r#"table cols=Some(["A"]) rows=Some("X")"#
        );
        assert_eq!(
            ok(&["--output", "table", "rows=X"]),
            r#"table cols=None rows=Some("X")"#
        );
    }

    #[test]
    fn bad_formats_and_queries_are_usage_errors_on_one_line() {
        for (args, part) in [
            (&["--output", "yaml"][..], "--output `yaml`: expected json"),
            (&["--output", "cols=A,,B"], "a column is empty"),
            (&["--output", "jsonl", "cols=A"], "takes no cols="),
            (&["--output", "cols=A", "cols=B"], "given twice"),
            (
                &["--query", "Items.["],
                "--query `Items.[`: not a JMESPath expression",
            ),
            (&["--output", "cols=A[", "rows=X"], "--output cols `A[`"),
        ] {
            let e = parse(args)
                .err()
                .unwrap_or_else(|| panic!("{args:?} accepted"));
            assert_eq!(e.status(), 2, "{args:?}");
            let text = e.to_string();
            assert!(text.contains(part), "{args:?}: {text}");
            assert_eq!(text.lines().count(), 1, "{text}");
        }
    }

    #[test]
    fn search_keeps_numbers_and_reports_misfits() {
        let v = Json::parse(r#"{"A":[{"n":1},{"n":2.5}],"s":"x"}"#).expect("JSON");
        let q = compile("--query", "A[].n").expect("compiles");
        assert_eq!(search(&q, &v).expect("runs").compact(), "[1,2.5]");
        let q = compile("--query", "length(s) > `0` && abs(s)").expect("compiles");
        let e = search(&q, &v).unwrap_err();
        assert_eq!(e.status(), 2, "{e}");
    }
}
