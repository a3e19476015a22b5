//! The catalogue section's place in `BENCHMARKS.md`: between two marker lines, so `cargo xtask bench
//! catalogue` replaces that section alone and keeps what `cargo xtask bench` wrote around it.

/// The line that opens the section (recognised by its start, so its wording may change).
pub(crate) const START: &str = "<!-- catalogue: start. Written by `cargo xtask bench catalogue` (and `cargo xtask bench`); only what lies between these markers is replaced. -->";
const START_PREFIX: &str = "<!-- catalogue: start";
/// The line that closes the section.
pub(crate) const END: &str = "<!-- catalogue: end -->";

/// Puts `section` (markers included) into `existing`: in place of the old section; before the runtime
/// section when there is none; at the end otherwise. A start marker without its end marker (or the other
/// way round) is an error, not a guess that could drop the rest of the file.
pub(crate) fn replace_section(existing: &str, section: &str) -> Result<String, String> {
    replace_marked(existing, section, START_PREFIX, END)
}

/// Puts `section` into `existing` between the lines starting with `start_prefix` and `end`, as
/// [`replace_section`] does for the catalogue's markers: what other commands that own a section of the
/// report (`cargo xtask bench cli`) share.
pub(crate) fn replace_marked(
    existing: &str,
    section: &str,
    start_prefix: &str,
    end_marker: &str,
) -> Result<String, String> {
    if existing.trim().is_empty() {
        return Ok(format!("# Benchmarks\n\n{section}\n"));
    }
    match (existing.find(start_prefix), existing.find(end_marker)) {
        (Some(start), Some(end)) if start < end => Ok(format!(
            "{}{section}{}",
            &existing[..start],
            &existing[end + end_marker.len()..]
        )),
        (None, None) => Ok(match existing.find("\n## Runtime") {
            Some(at) => format!("{}{section}\n\n{}", &existing[..=at], &existing[at + 1..]),
            None => format!("{}\n\n{section}\n", existing.trim_end()),
        }),
        _ => Err(format!(
            "the report's markers are broken (`{start_prefix} …` and `{end_marker}` must both be there, in \
             that order); mend them by hand"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_section() {
        let old = format!(
            "# Benchmarks\n\nbefore\n\n{START}\nold section\n{END}\n\n## Runtime\n\nafter\n"
        );
        let new = format!("{START}\nnew\n{END}");
        assert_eq!(
            replace_section(&old, &new).unwrap(),
            format!("# Benchmarks\n\nbefore\n\n{START}\nnew\n{END}\n\n## Runtime\n\nafter\n")
        );
        // Idempotent: replacing again with the same section changes nothing.
        let once = replace_section(&old, &new).unwrap();
        assert_eq!(replace_section(&once, &new).unwrap(), once);
        // An older wording of the start marker is still found.
        let older = "a\n<!-- catalogue: start (old words) -->\nx\n<!-- catalogue: end -->\nb\n";
        assert_eq!(
            replace_section(older, &new).unwrap(),
            format!("a\n{new}\nb\n")
        );
    }

    #[test]
    fn inserts_where_there_is_no_section() {
        let new = format!("{START}\nnew\n{END}");
        assert_eq!(
            replace_section(
                "# B\n\n## Targets\n\nx\n\n## Runtime (`acs-bench`)\n\ny\n",
                &new
            )
            .unwrap(),
            format!("# B\n\n## Targets\n\nx\n\n{new}\n\n## Runtime (`acs-bench`)\n\ny\n")
        );
        assert_eq!(
            replace_section("# B\n\nx\n\n", &new).unwrap(),
            format!("# B\n\nx\n\n{new}\n")
        );
        assert_eq!(
            replace_section("", &new).unwrap(),
            format!("# Benchmarks\n\n{new}\n")
        );
    }

    #[test]
    fn broken_markers_are_an_error() {
        let new = format!("{START}\nnew\n{END}");
        assert!(replace_section(&format!("a\n{START}\nb\n"), &new).is_err());
        assert!(replace_section(&format!("a\n{END}\nb\n"), &new).is_err());
        assert!(replace_section(&format!("{END}\n{START}\n"), &new).is_err());
    }
}
