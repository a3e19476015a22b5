//! Results written as `--output` and `--query` ask ([`Spec`]): one answer ([`value`]), or the items of a
//! whole listing as they arrive ([`Items`]), so `--all-pages` holds one page at a time: JSON Lines and
//! the JSON array are written page by page (a table, which must see every row to align its columns,
//! keeps the rows until the end).
//!
//! Without `--query`, JSON is written from the runtime's text as it is, members in the answer's order;
//! a query's result has its object members sorted (JMESPath objects are maps).

use std::io::{IsTerminal, Write};

use jmespath::Expression;

use crate::failure::Failure;
use crate::format::{self, Format, Spec};
use crate::ordered::{Cell, Json};
use crate::output;
use crate::table;

/// Prints one answer, the compact JSON `json`; `list` is the dotted path of a list operation's items,
/// the default rows of a table.
pub fn value(spec: &Spec, json: &str, list: Option<&str>) -> Result<(), Failure> {
    if spec.query.is_none() && matches!(spec.format, Format::Json) {
        return output::print_json(json);
    }
    let mut value = parse(json)?;
    let list = match &spec.query {
        Some(q) => {
            value = format::search(q, &value)?;
            // The query chose the shape; the operation's list path no longer applies.
            None
        }
        None => list,
    };
    match &spec.format {
        Format::Json => output::print_json(&value.compact()),
        Format::Jsonl => {
            let lines: Vec<String> = match &value {
                Json::Array(items) => items.iter().map(Json::compact).collect(),
                other => vec![other.compact()],
            };
            if lines.is_empty() {
                return Ok(());
            }
            output::write_out(&lines.join("\n"))
        }
        Format::Table { cols, rows } => {
            let rows = rows_of(&value, rows.as_ref(), list)?;
            let text = render(&rows, cols.as_deref())?;
            if text.is_empty() {
                return Ok(());
            }
            output::write_out(text.trim_end_matches('\n'))
        }
    }
}

fn parse(json: &str) -> Result<Json, Failure> {
    Json::parse(json).map_err(|e| Failure::Failed(format!("the answer is not JSON: {e}")))
}

/// The rows of a table over `value`: what `rows` selects; else an array's elements; else the list at
/// `list`; else the first list found one or two members deep (as aliyun finds it); else the value.
fn rows_of(
    value: &Json,
    rows: Option<&Expression<'static>>,
    list: Option<&str>,
) -> Result<Vec<Json>, Failure> {
    if let Some(expr) = rows {
        return match format::search(expr, value)? {
            Json::Array(items) => Ok(items),
            Json::Null => Ok(Vec::new()),
            other => Err(Failure::Usage(format!(
                "--output rows={}: selects {}, not a list",
                expr.as_str(),
                other.cell()
            ))),
        };
    }
    if let Json::Array(items) = value {
        return Ok(items.clone());
    }
    if let Some(Json::Array(items)) = list.and_then(|l| value.at(l)) {
        return Ok(items.clone());
    }
    if let Json::Object(members) = value {
        for (_, member) in members {
            if let Json::Array(items) = member {
                return Ok(items.clone());
            }
        }
        for (_, member) in members {
            if let Json::Object(inner) = member
                && let Some((_, Json::Array(items))) =
                    inner.iter().find(|(_, v)| matches!(v, Json::Array(_)))
            {
                return Ok(items.clone());
            }
        }
    }
    Ok(vec![value.clone()])
}

/// The table of `rows`: the columns `cols` (header and expression), or every member of the rows in
/// the order first seen (a `VALUE` column for rows that are not objects). Empty without rows or columns.
fn render(
    rows: &[Json],
    cols: Option<&[(String, Expression<'static>)]>,
) -> Result<String, Failure> {
    if let Some(cols) = cols {
        let header: Vec<String> = cols.iter().map(|(h, _)| h.clone()).collect();
        let mut cells = Vec::with_capacity(rows.len());
        for row in rows {
            let line = cols
                .iter()
                .map(|(_, expr)| format::search(expr, row).map(|v| v.cell()))
                .collect::<Result<Vec<String>, Failure>>()?;
            cells.push(line);
        }
        return Ok(table::aligned(&header, &cells));
    }
    if rows.is_empty() {
        return Ok(String::new());
    }
    let mut header: Vec<String> = Vec::new();
    let mut plain = false;
    for row in rows {
        match row {
            Json::Object(members) => {
                for (k, _) in members {
                    if !header.contains(k) {
                        header.push(k.clone());
                    }
                }
            }
            _ => plain = true,
        }
    }
    if plain {
        header.push("VALUE".to_owned());
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| match row {
            Json::Object(_) => header
                .iter()
                .map(|k| row.get(k).map_or_else(String::new, Json::cell))
                .collect(),
            other => {
                let mut line = vec![String::new(); header.len() - 1];
                line.push(other.cell());
                line
            }
        })
        .collect();
    Ok(table::aligned(&header, &cells))
}

/// Whether to fetch more: `Stop` once standard output is closed (`acs … | head`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep going.
    Go,
    /// Nobody reads any more.
    Stop,
}

/// The items of a listing, written page by page.
pub struct Items<'a> {
    spec: &'a Spec,
    /// JSON indented, for a terminal.
    pretty: bool,
    /// Items written (or kept, for a table) so far.
    count: usize,
    /// Text of the current page not yet written.
    buffer: String,
    /// A table's rows.
    rows: Vec<Json>,
}

impl<'a> Items<'a> {
    /// Items to be written as `spec` says.
    pub fn new(spec: &'a Spec) -> Items<'a> {
        Items {
            spec,
            pretty: std::io::stdout().is_terminal(),
            count: 0,
            buffer: String::new(),
            rows: Vec::new(),
        }
    }

    /// Adds one item, the compact JSON `json`: `--query` is applied to it, and an item it maps to
    /// null is left out, as the projection `[].QUERY` would.
    pub fn push(&mut self, json: &str) -> Result<(), Failure> {
        let text = match &self.spec.query {
            Some(q) => match format::search(q, &parse(json)?)? {
                Json::Null => return Ok(()),
                v => v.compact(),
            },
            None => json.to_owned(),
        };
        match &self.spec.format {
            Format::Json => {
                let sep = match (self.count, self.pretty) {
                    (0, true) => "[\n",
                    (0, false) => "[",
                    (_, true) => ",\n",
                    (_, false) => ",",
                };
                self.buffer.push_str(sep);
                if self.pretty {
                    let indented = output::pretty(&text).replace('\n', "\n  ");
                    self.buffer.push_str("  ");
                    self.buffer.push_str(&indented);
                } else {
                    self.buffer.push_str(&text);
                }
            }
            Format::Jsonl => {
                self.buffer.push_str(&text);
                self.buffer.push('\n');
            }
            Format::Table { rows, .. } => {
                let item = parse(&text)?;
                match rows {
                    Some(_) => self.rows.extend(rows_of(&item, rows.as_ref(), None)?),
                    None => self.rows.push(item),
                }
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Writes what the page added.
    pub fn end_page(&mut self) -> Result<Flow, Failure> {
        let text = std::mem::take(&mut self.buffer);
        write(&text)
    }

    /// Ends the listing: closes the JSON array, writes a table.
    pub fn finish(mut self) -> Result<(), Failure> {
        let end = match &self.spec.format {
            Format::Json if self.count == 0 => "[]\n".to_owned(),
            Format::Json if self.pretty => "\n]\n".to_owned(),
            Format::Json => "]\n".to_owned(),
            Format::Jsonl => String::new(),
            Format::Table { cols, .. } => render(&self.rows, cols.as_deref())?,
        };
        self.buffer.push_str(&end);
        self.end_page().map(|_| ())
    }

    /// Ends a listing that failed part way: what was fetched is written (a table of the rows so far, the
    /// JSON array left open so no reader takes it for the whole listing, its line ended).
    pub fn abort(mut self) {
        let end = match &self.spec.format {
            Format::Json if self.count > 0 => "\n".to_owned(),
            Format::Table { cols, .. } => render(&self.rows, cols.as_deref()).unwrap_or_default(),
            _ => String::new(),
        };
        self.buffer.push_str(&end);
        let _ = self.end_page();
    }
}

/// Writes `text` to standard output and flushes it; a closed pipe says stop.
fn write(text: &str) -> Result<Flow, Failure> {
    if text.is_empty() {
        return Ok(Flow::Go);
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(Flow::Go),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Flow::Stop),
        Err(e) => Err(Failure::Failed(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Json {
        Json::parse(text).expect("JSON")
    }

    fn cols(list: &[&str]) -> Vec<(String, Expression<'static>)> {
        list.iter()
            .map(|c| ((*c).to_owned(), jmespath::compile(c).expect("compiles")))
            .collect()
    }

    #[test]
    fn rows_are_found_where_a_person_expects_them() {
        let answer = json(r#"{"Total":2,"Items":{"Task":[{"Id":"a"},{"Id":"b"}]},"Other":[9]}"#);
        let ids = |rows: Vec<Json>| rows.iter().map(Json::compact).collect::<Vec<_>>().join(" ");
        assert_eq!(
            ids(rows_of(&answer, None, Some("Items.Task")).expect("rows")),
            r#"{"Id":"a"} {"Id":"b"}"#
        );
        // Without the operation's list path, aliyun's rule: a list one member deep, then two.
        assert_eq!(ids(rows_of(&answer, None, None).expect("rows")), "9");
        let rows = jmespath::compile("Items.Task[].Id").expect("compiles");
        assert_eq!(
            ids(rows_of(&answer, Some(&rows), None).expect("rows")),
            r#""a" "b""#
        );
        let total = jmespath::compile("Total").expect("compiles");
        let e = rows_of(&answer, Some(&total), None).unwrap_err();
        assert_eq!(e.to_string(), "--output rows=Total: selects 2, not a list");
        assert_eq!(
            ids(rows_of(&json(r#"{"a":1}"#), None, None).expect("rows")),
            r#"{"a":1}"#
        );
    }

    #[test]
    fn tables_align_members_in_order_and_show_nested_values_as_json() {
        let rows = match json(
            r#"[{"Id":"a","Tags":{"k":[1]},"N":null},{"Id":"bb","Extra":true},"plain"]"#,
        ) {
            Json::Array(r) => r,
            _ => unreachable!(),
        };
        assert_eq!(
            render(&rows, None).expect("table"),
            "Id  Tags       N  Extra  VALUE\n\
             a   {\"k\":[1]}  -  -      -\n\
             bb  -          -  true   -\n\
             -   -          -  -      plain\n"
        );
        assert_eq!(
            render(&rows, Some(&cols(&["Id", "Tags.k[0]"]))).expect("table"),
            "Id  Tags.k[0]\na   1\nbb  -\n-   -\n"
        );
        assert_eq!(render(&[], None).expect("table"), "");
        assert_eq!(render(&[], Some(&cols(&["Id"]))).expect("table"), "Id\n");
    }
}
