//! Finding the metadata files of a catalogue: every `<product>/<version>/api-docs.json` below a
//! directory, at any depth (a mirror may put the products under a language folder, `en_us/ecs/…`), and
//! what each one is: an RPC-style API the importer takes, with its operations, or a file to skip and why.

use std::fs;
use std::io;
use std::path::Path;

/// The metadata file's name in Alibaba's layout.
pub(crate) const FILE: &str = "api-docs.json";

/// How deep below the directory a metadata file may be. Alibaba's layout needs two levels; a mirror adds
/// one or two; the limit keeps a symbolic-link loop from walking forever.
const MAX_DEPTH: usize = 6;

/// One metadata file found below the directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// Its path relative to the directory, with `/` separators (`ecs/2014-05-26/api-docs.json`).
    pub(crate) relative: String,
    /// The folder above the version folder (`ecs`, `r-kvstore`).
    pub(crate) product: String,
    /// The folder holding the file (`2014-05-26`).
    pub(crate) version: String,
}

/// What a metadata file holds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An RPC-style API: the importer's input. Its operations, sorted.
    Rpc(Vec<String>),
    /// Not imported, and why.
    Skipped(String),
}

/// Every `<product>/<version>/api-docs.json` below `dir`, sorted by path so runs are comparable.
pub(crate) fn find(dir: &Path) -> io::Result<Vec<Found>> {
    if !dir.is_dir() {
        return Err(io::Error::other(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    let mut out = Vec::new();
    walk(dir, &mut Vec::new(), &mut out)?;
    out.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(out)
}

fn walk(dir: &Path, parts: &mut Vec<String>, out: &mut Vec<Found>) -> io::Result<()> {
    if parts.len() > MAX_DEPTH {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            // A name that is not UTF-8 cannot be passed on to the importer's first-line mark anyway.
            continue;
        };
        // Hidden folders (`.git`) hold no metadata.
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            parts.push(name);
            walk(&path, parts, out)?;
            parts.pop();
        } else if name == FILE && parts.len() >= 2 {
            let version = parts[parts.len() - 1].clone();
            let product = parts[parts.len() - 2].clone();
            let mut relative = parts.join("/");
            relative.push('/');
            relative.push_str(FILE);
            out.push(Found {
                relative,
                product,
                version,
            });
        }
    }
    Ok(())
}

/// What the metadata file at `path` holds: a file that cannot be read or parsed is skipped with the
/// reason, so one bad file does not stop the catalogue.
pub(crate) fn classify(path: &Path) -> Kind {
    match fs::read_to_string(path) {
        Ok(text) => classify_text(&text),
        Err(e) => Kind::Skipped(format!("cannot be read: {e}")),
    }
}

/// [`classify`] on the file's text.
pub(crate) fn classify_text(text: &str) -> Kind {
    let doc: serde_json::Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => return Kind::Skipped(format!("not JSON: {e}")),
    };
    match doc.pointer("/info/style").and_then(|s| s.as_str()) {
        Some("RPC") => {}
        Some("ROA") => return Kind::Skipped("ROA (not imported)".to_owned()),
        Some(other) => return Kind::Skipped(format!("style `{other}` (not imported)")),
        None => return Kind::Skipped("no `info.style` (not imported)".to_owned()),
    }
    let mut operations: Vec<String> = doc
        .get("apis")
        .and_then(|a| a.as_object())
        .map(|apis| apis.keys().cloned().collect())
        .unwrap_or_default();
    operations.sort();
    Kind::Rpc(operations)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("acs-bench-walk-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn put(dir: &Path, relative: &str, text: &str) {
        let path = dir.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn finds_versions_at_any_depth_sorted() {
        let dir = scratch("depth");
        let rpc = r#"{"info":{"style":"RPC"},"apis":{"B":{},"A":{}}}"#;
        put(&dir, "zeta/2020-01-01/api-docs.json", rpc);
        put(&dir, "ecs/2014-05-26/api-docs.json", rpc);
        put(&dir, "ecs/2016-01-01/api-docs.json", rpc);
        put(&dir, "en_us/r-kvstore/2015-01-01/api-docs.json", rpc);
        // Not in a version folder: not Alibaba's layout.
        put(&dir, "api-docs.json", rpc);
        put(&dir, "loose/api-docs.json", rpc);
        // Other files and hidden folders are ignored.
        put(&dir, "ecs/2014-05-26/README.md", "x");
        put(&dir, ".git/x/y/api-docs.json", rpc);
        let found = find(&dir).unwrap();
        let relative: Vec<&str> = found.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(
            relative,
            [
                "ecs/2014-05-26/api-docs.json",
                "ecs/2016-01-01/api-docs.json",
                "en_us/r-kvstore/2015-01-01/api-docs.json",
                "zeta/2020-01-01/api-docs.json",
            ]
        );
        assert_eq!(found[2].product, "r-kvstore");
        assert_eq!(found[2].version, "2015-01-01");
        assert_eq!(
            classify(&dir.join(&found[0].relative)),
            Kind::Rpc(vec!["A".to_owned(), "B".to_owned()])
        );
        let _ = fs::remove_dir_all(&dir);
        assert!(find(&dir).is_err());
    }

    #[test]
    fn skips_what_is_not_rpc() {
        assert_eq!(
            classify_text(r#"{"info":{"style":"ROA"},"apis":{"A":{}}}"#),
            Kind::Skipped("ROA (not imported)".to_owned())
        );
        assert!(matches!(
            classify_text(r#"{"info":{"style":"SOAP"}}"#),
            Kind::Skipped(r) if r.contains("SOAP")
        ));
        assert!(matches!(classify_text("{}"), Kind::Skipped(_)));
        assert!(matches!(classify_text("not json"), Kind::Skipped(r) if r.starts_with("not JSON")));
        assert_eq!(
            classify_text(r#"{"info":{"style":"RPC"}}"#),
            Kind::Rpc(vec![])
        );
        assert!(matches!(
            classify(Path::new("/nonexistent/api-docs.json")),
            Kind::Skipped(_)
        ));
    }
}
