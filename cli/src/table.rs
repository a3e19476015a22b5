//! The table of a wait's failed and warning items on standard error: item, status, message, repair
//! method, in aligned columns, one item per line (line breaks inside a message are flattened so each
//! item stays on one line for `grep`).

use acs_runtime::ItemReport;

const HEADER: [&str; 4] = ["ITEM", "STATUS", "MESSAGE", "REPAIR METHOD"];

/// The table of `items`, ending with a newline; empty when there are none.
pub fn items(items: &[ItemReport]) -> String {
    let rows: Vec<[&str; 4]> = items
        .iter()
        .map(|i| [&*i.name, &*i.status, &*i.message, &*i.repair])
        .collect();
    render(&rows)
}

/// `rows` under the header, in aligned columns; empty when there are no rows.
fn render(rows: &[[&str; 4]]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let rows: Vec<[String; 4]> = rows
        .iter()
        .map(|row| {
            row.map(|cell| {
                let flat = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                if flat.is_empty() {
                    "-".to_owned()
                } else {
                    flat
                }
            })
        })
        .collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header = HEADER.map(str::to_owned);
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            line.push_str(cell);
            // The last column is not padded: no trailing spaces.
            if i + 1 < row.len() {
                let pad = w - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_aligned_and_messages_flattened() {
        let table = render(&[
            ["CHECK_AUTH", "failed", "no\npermission", "grant it"],
            ["CHECK_BINLOG_ON", "warning", "", ""],
        ]);
        assert_eq!(
            table,
            "ITEM             STATUS   MESSAGE        REPAIR METHOD\n\
             CHECK_AUTH       failed   no permission  grant it\n\
             CHECK_BINLOG_ON  warning  -              -\n"
        );
        assert_eq!(render(&[]), "");
    }
}
