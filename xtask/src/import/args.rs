//! The command line of `cargo xtask import`.

use std::collections::BTreeSet;
use std::path::PathBuf;

/// The usage of `cargo xtask import`.
pub const USAGE: &str = "cargo xtask import [<api-docs.json> (--ops A,B,... | --all)] [--check] [--strict]

  import                     re-import every imported operation (after an overlay or metadata change),
                             and try again those a product's LEFT_OUT.md lists
  import FILE --ops A,B      import operations A and B of FILE into specs/<module>/ (module: the
                             metadata's product code in lowercase, other characters as `_`, with the
                             version's digits when a newer version is beside FILE); FILE must be inside
                             the workspace
  import FILE --all          import every operation of FILE
  --check                    change nothing; fail, naming each file, if the imported specs are not what
                             the metadata and overlays give (with FILE and --ops: those operations too)
  --strict                   import a product only if every operation imports: an operation with a problem
                             fails the import instead of being left out (and listed in LEFT_OUT.md)";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    /// The metadata file named on the command line.
    pub metadata: Option<PathBuf>,
    /// Which of its operations.
    pub ops: Option<Selection>,
    /// Change nothing; fail if stale.
    pub check: bool,
    /// All or nothing: an operation with a problem fails the product.
    pub strict: bool,
}

/// Which operations of a metadata file.
#[derive(Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every operation.
    All,
    /// These.
    Some(BTreeSet<String>),
}

/// Reads the arguments after `import`.
pub fn parse_args(args: &[&str]) -> Result<Request, String> {
    let mut request = Request {
        metadata: None,
        ops: None,
        check: false,
        strict: false,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--check" => request.check = true,
            "--strict" => request.strict = true,
            "--all" if request.ops.is_none() => request.ops = Some(Selection::All),
            "--ops" if request.ops.is_none() => {
                let list = rest.next().ok_or("--ops needs a list: --ops A,B")?;
                let names: BTreeSet<String> = list
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                if names.is_empty() {
                    return Err("--ops needs at least one operation".to_owned());
                }
                request.ops = Some(Selection::Some(names));
            }
            other if !other.starts_with("--") && request.metadata.is_none() => {
                request.metadata = Some(PathBuf::from(other));
            }
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    if request.metadata.is_some() != request.ops.is_some() {
        return Err("give the metadata file together with --ops or --all".to_owned());
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let ops = |names: &[&str]| {
            Some(Selection::Some(
                names.iter().map(|s| (*s).to_owned()).collect(),
            ))
        };
        assert_eq!(
            parse_args(&["m.json", "--ops", "A,B,", "--check"]),
            Ok(Request {
                metadata: Some("m.json".into()),
                ops: ops(&["A", "B"]),
                check: true,
                strict: false,
            })
        );
        assert_eq!(
            parse_args(&["--strict"]),
            Ok(Request {
                metadata: None,
                ops: None,
                check: false,
                strict: true,
            })
        );
        assert_eq!(
            parse_args(&["m.json", "--all"]).map(|r| r.ops),
            Ok(Some(Selection::All))
        );
        assert!(parse_args(&["m.json"]).is_err());
        assert!(parse_args(&["--ops", "A"]).is_err());
        assert!(parse_args(&["m.json", "--ops"]).is_err());
        assert!(parse_args(&["m.json", "--ops", ","]).is_err());
        assert!(parse_args(&["m.json", "--all", "--ops", "A"]).is_err());
        assert!(parse_args(&["a.json", "b.json", "--all"]).is_err());
    }
}
