//! Aligned tables: a header and one line per row, columns two spaces apart, no trailing spaces (line
//! breaks inside a cell are flattened so each row stays one line for `grep`). Used for a wait's failed
//! and warning items on standard error (item, status, message, repair method) and for
//! `--output table` / `--output cols=…`.

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
    let header = HEADER.map(str::to_owned);
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| (*cell).to_owned()).collect())
        .collect();
    aligned(&header, &rows)
}

/// `rows` under `header`, in aligned columns, each line ending with a newline; an empty cell shows as
/// `-` and a missing one (a short row) as nothing.
pub fn aligned(header: &[String], rows: &[Vec<String>]) -> String {
    let flat = |cell: &str| {
        let flat = cell.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.is_empty() {
            "-".to_owned()
        } else {
            flat
        }
    };
    let lines: Vec<Vec<String>> = std::iter::once(header)
        .chain(rows.iter().map(Vec::as_slice))
        .map(|row| row.iter().map(|c| flat(c)).collect())
        .collect();
    let mut widths = vec![0usize; header.len()];
    for row in &lines {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &lines {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            line.push_str(cell);
            // The last column is not padded: no trailing spaces.
            if i + 1 < widths.len() {
                let pad = w.saturating_sub(cell.chars().count()) + 2;
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
        let h = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
        assert_eq!(
            aligned(&h(&["A", "LONGER"]), &[h(&["wide cell", ""]), h(&["x"])]),
            "A          LONGER\nwide cell  -\nx\n"
        );
    }
}
