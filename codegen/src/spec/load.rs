//! Reading spec files: the only place that knows YAML.
//!
//! [`parse_yaml`] is the one spec-loading function: every file goes through it, so the YAML library can be
//! swapped in one place. [`load_dir`] reads a `specs/` tree, [`load_files`] takes files already in memory
//! (tests use it), and both return every parse problem of every file at once.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::locate::Locator;
use super::model::{OperationSpec, ProductSpec};
use crate::diag::{Diagnostic, Diagnostics};

/// The name of the product file inside each product folder.
pub const PRODUCT_FILE: &str = "_product.yaml";

/// A parsed file with what is needed to point back into it.
#[derive(Clone, Debug)]
pub struct Loaded<T> {
    /// The path the file was read from.
    pub path: PathBuf,
    /// The text, kept to find positions in when a problem is reported.
    pub text: std::sync::Arc<str>,
    /// Positions of its keys, found the first time a problem is reported (most loads report none).
    locator: std::sync::OnceLock<Locator>,
    /// What it says.
    pub spec: T,
}

impl<T> Loaded<T> {
    /// A diagnostic at `key_path` of this file.
    pub fn diagnostic(&self, key_path: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self
            .locator
            .get_or_init(|| Locator::new(&self.text))
            .find(key_path);
        Diagnostic {
            file: self.path.clone(),
            line,
            column,
            path: key_path.to_owned(),
            message: message.into(),
        }
    }
}

/// One product folder: its product file and its operation files, sorted by path.
#[derive(Clone, Debug)]
pub struct ProductFiles {
    /// `_product.yaml`.
    pub product: Loaded<ProductSpec>,
    /// One per operation.
    pub operations: Vec<Loaded<OperationSpec>>,
}

/// Every product of a spec tree, sorted by folder.
#[derive(Clone, Debug, Default)]
pub struct SpecSet {
    /// The products.
    pub products: Vec<ProductFiles>,
}

/// The largest spec file accepted. The biggest real operation (hundreds of response fields) is a few
/// hundred kilobytes; the cap keeps a mistaken or hostile input from tying up the generator.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// The deepest nesting accepted. Specs nest a few levels; the YAML library's time grows with the square
/// of the depth, so a deeper file is refused before parsing.
pub const MAX_DEPTH: usize = 64;

/// Parses one YAML file into `T`, rejecting unknown keys, with the position of the first problem.
///
/// A UTF-8 byte order mark is accepted and ignored. Files larger than [`MAX_FILE_BYTES`] or nested deeper
/// than [`MAX_DEPTH`] are refused before the YAML library sees them.
pub fn parse_yaml<T: DeserializeOwned>(path: &Path, text: &str) -> Result<Loaded<T>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_FILE_BYTES {
        return Err(Diagnostic {
            file: path.to_owned(),
            line: 0,
            column: 0,
            path: String::new(),
            message: format!(
                "the file is {} bytes; spec files are limited to {MAX_FILE_BYTES} bytes",
                text.len()
            ),
        });
    }
    if let Some((line, column)) = too_deep(text) {
        return Err(Diagnostic {
            file: path.to_owned(),
            line,
            column,
            path: String::new(),
            message: format!("the YAML nests deeper than {MAX_DEPTH} levels here"),
        });
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(spec) => Ok(Loaded {
            path: path.to_owned(),
            text: text.into(),
            locator: std::sync::OnceLock::new(),
            spec,
        }),
        Err(error) => {
            let (line, column) = error
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let mut message = error.to_string();
            // The library appends the position we already report in front.
            if let Some(cut) = message.rfind(" at line ") {
                message.truncate(cut);
            }
            let (key_path, message) = split_serde_path(&message);
            Err(Diagnostic {
                file: path.to_owned(),
                line,
                column,
                path: key_path,
                message,
            })
        }
    }
}

/// Where the nesting of `text` first exceeds [`MAX_DEPTH`], estimated without parsing: block indentation
/// (two columns a level), `- ` items opened on one line, and flow collections (`[`, `{` where a value
/// starts, and inside other flow collections). Block scalars (`|`, `>`) and quoted or plain text are
/// skipped, so brackets in descriptions and example bodies do not count.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    let mut block_scalar_above: Option<usize> = None;
    for (number, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(owner) = block_scalar_above {
            if line.trim().is_empty() || indent > owner {
                continue;
            }
            block_scalar_above = None;
        }
        let rest = &line[indent..];
        let mut dashes = 0;
        let mut items = rest;
        while let Some(next) = items.strip_prefix("- ") {
            dashes += 1;
            items = next.trim_start();
        }
        let (deepest, at, value) = flow_depth(line, indent, &mut flow);
        if let Some(column) = at {
            return Some((number + 1, column));
        }
        if flow == 0 && value.is_some_and(|v| v.starts_with('|') || v.starts_with('>')) {
            block_scalar_above = Some(indent);
        }
        if indent / 2 + dashes + deepest > MAX_DEPTH {
            return Some((number + 1, indent + 1));
        }
    }
    None
}

/// Tracks flow brackets on one line: returns the deepest flow level reached, the column where it passed
/// [`MAX_DEPTH`] (if it did) and, outside flow, the text of the line's value.
fn flow_depth<'a>(
    line: &'a str,
    indent: usize,
    flow: &mut usize,
) -> (usize, Option<usize>, Option<&'a str>) {
    let mut deepest = *flow;
    // Where a node may start: the line's content start, after `key:`, `- `, `[`, `{` or `,`.
    let mut value_start = true;
    let mut quote: Option<char> = None;
    let mut value = None;
    let bytes = line.as_bytes();
    let mut i = indent;
    while i < bytes.len() {
        let c = bytes[i] as char;
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
            }
            None => match c {
                ' ' => {}
                '#' if i == 0 || bytes[i - 1] == b' ' => break,
                '"' | '\'' if value_start || *flow > 0 => quote = Some(c),
                '[' | '{' if value_start || *flow > 0 => {
                    *flow += 1;
                    deepest = deepest.max(*flow);
                    if *flow > MAX_DEPTH {
                        return (deepest, Some(i + 1), None);
                    }
                    value_start = true;
                    i += 1;
                    continue;
                }
                ']' | '}' if *flow > 0 => *flow -= 1,
                ',' if *flow > 0 => {
                    value_start = true;
                    i += 1;
                    continue;
                }
                '-' if *flow == 0 && bytes.get(i + 1) == Some(&b' ') => {
                    value_start = true;
                    i += 2;
                    continue;
                }
                // A document start (`--- `) may carry the document's node on its line.
                '-' if i == 0
                    && line.starts_with("---")
                    && bytes.get(3).is_none_or(|b| *b == b' ') =>
                {
                    value_start = true;
                    i += 3;
                    continue;
                }
                // An explicit key (`? `) starts a node, like an item.
                '?' if value_start && bytes.get(i + 1).is_none_or(|b| *b == b' ') => {
                    i += 1;
                    continue;
                }
                // A tag (`!t`) or an anchor (`&a`) comes before the node it names: the node may still
                // open a flow collection after it, so the position stays where a node starts.
                '!' | '&' if value_start => {
                    while i < bytes.len()
                        && bytes[i] != b' '
                        && !(*flow > 0 && b",[]{}".contains(&bytes[i]))
                    {
                        i += 1;
                    }
                    continue;
                }
                ':' if bytes.get(i + 1).is_none_or(|b| *b == b' ') => {
                    value_start = true;
                    if *flow == 0 {
                        value = line.get(i + 1..).map(str::trim_start);
                    }
                    i += 1;
                    continue;
                }
                _ if *flow == 0 => {
                    // Plain text outside flow: a key or a scalar; brackets later on are part of it,
                    // until a `: ` starts a value.
                    value_start = false;
                }
                _ => value_start = false,
            },
        }
        i += 1;
    }
    (deepest, None, value)
}

/// serde_yaml writes `request[0].type: unknown variant ...`; keep the path apart like every diagnostic.
fn split_serde_path(message: &str) -> (String, String) {
    if let Some((path, rest)) = message.split_once(": ") {
        let looks_like_path = !path.is_empty()
            && !path.contains(' ')
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._[]-".contains(c));
        if looks_like_path {
            return (path.to_owned(), rest.to_owned());
        }
    }
    (String::new(), message.to_owned())
}

/// Reads every `*.yaml` file below `root` (one folder per product) and parses them.
pub fn load_dir(root: &Path) -> Result<SpecSet, Diagnostics> {
    let mut files = Vec::new();
    let mut problems = Diagnostics::new();
    let mut folders = match read_sorted(root) {
        Ok(entries) => entries,
        Err(e) => {
            return Err(whole_file(
                root,
                format!("cannot read the spec folder: {e}"),
            ));
        }
    };
    folders.retain(|p| p.is_dir());
    for folder in folders {
        match read_sorted(&folder) {
            Ok(entries) => {
                for path in entries {
                    if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                        match fs::read_to_string(&path) {
                            Ok(text) => files.push((path, text)),
                            Err(e) => {
                                problems.extend(whole_file(&path, format!("cannot read: {e}")))
                            }
                        }
                    }
                }
            }
            Err(e) => problems.extend(whole_file(&folder, format!("cannot read: {e}"))),
        }
    }
    if files.is_empty() && problems.is_empty() {
        return Err(whole_file(
            root,
            "no spec files found: the folder must hold one folder per product with `_product.yaml` and operation files; refusing to generate an empty crate".to_owned(),
        ));
    }
    match load_files(files) {
        Ok(set) => problems.into_result(set),
        Err(more) => {
            problems.extend(more);
            problems.into_result(SpecSet::default())
        }
    }
}

fn read_sorted(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    paths.sort();
    Ok(paths)
}

fn whole_file(path: &Path, message: String) -> Diagnostics {
    let mut d = Diagnostics::new();
    d.push(Diagnostic {
        file: path.to_owned(),
        line: 0,
        column: 0,
        path: String::new(),
        message,
    });
    d
}

/// One parsed file.
// Short-lived, one per file, moved once into its folder: boxing would only add an allocation each.
#[allow(clippy::large_enum_variant)]
enum Parsed {
    Product(Result<Loaded<ProductSpec>, Diagnostic>),
    Operation(Result<Loaded<OperationSpec>, Diagnostic>),
}

fn parse_one((path, text): &(PathBuf, String)) -> Parsed {
    if path.file_name().is_some_and(|n| n == PRODUCT_FILE) {
        Parsed::Product(parse_yaml(path, text))
    } else {
        Parsed::Operation(parse_yaml(path, text))
    }
}

/// Parses every file, spread over the machine's cores (files are independent), in the given order.
fn parse_all(files: &[(PathBuf, String)]) -> Vec<Parsed> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    if workers < 2 || files.len() < 16 {
        return files.iter().map(parse_one).collect();
    }
    let chunk = files.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                (
                    part,
                    scope.spawn(move || part.iter().map(parse_one).collect::<Vec<_>>()),
                )
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(part, h)| {
                // The parser does not panic on any input; should a worker fail anyway, its files are
                // parsed again here, so no file is ever lost or misattributed.
                h.join()
                    .unwrap_or_else(|_| part.iter().map(parse_one).collect())
            })
            .collect()
    })
}

/// What one folder holds while files are being parsed.
type Folder = (Option<Loaded<ProductSpec>>, Vec<Loaded<OperationSpec>>);

/// Parses files given as (path, text); a file's folder is its product.
pub fn load_files(files: Vec<(PathBuf, String)>) -> Result<SpecSet, Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut folders: BTreeMap<PathBuf, Folder> = BTreeMap::new();
    let mut files = files;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, parsed) in files.iter().zip(parse_all(&files)) {
        let folder = path.0.parent().map(Path::to_path_buf).unwrap_or_default();
        let entry = folders.entry(folder).or_default();
        match parsed {
            Parsed::Product(Ok(product)) => entry.0 = Some(product),
            Parsed::Operation(Ok(operation)) => entry.1.push(operation),
            Parsed::Product(Err(d)) | Parsed::Operation(Err(d)) => problems.push(d),
        }
    }
    let mut set = SpecSet::default();
    for (folder, (product, operations)) in folders {
        match product {
            Some(product) => set.products.push(ProductFiles {
                product,
                operations,
            }),
            None if problems
                .iter()
                .any(|d| d.file.parent() == Some(folder.as_path())) => {}
            None => problems.extend(whole_file(
                &folder,
                format!("this product folder has no {PRODUCT_FILE}"),
            )),
        }
    }
    problems.into_result(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product() -> (PathBuf, String) {
        (
            PathBuf::from("specs/demo/_product.yaml"),
            "code: Demo\ntitle: Demo\nmodule: demo\nversion: \"2020-01-01\"\nendpoints:\n  fallback: demo.aliyuncs.com\n"
                .to_owned(),
        )
    }

    #[test]
    fn unknown_keys_are_reported_with_position_and_path() {
        let bad = (
            PathBuf::from("specs/demo/Op.yaml"),
            "name: Op\nsummary: s\nresponse:\n  fields:\n    - name: A\n      type: string\n      typo: 1\n"
                .to_owned(),
        );
        let err = load_files(vec![product(), bad]).unwrap_err();
        let d = err.iter().next().expect("one problem");
        assert_eq!(d.line, 7, "{d}");
        assert!(d.message.contains("unknown field `typo`"), "{d}");
        assert!(d.path.starts_with("response.fields[0]"), "{d}");
    }

    #[test]
    fn every_broken_file_is_reported() {
        let a = (PathBuf::from("specs/demo/A.yaml"), "name: [".to_owned());
        let b = (
            PathBuf::from("specs/demo/B.yaml"),
            "name: B\nsummary: s\nresponse:\n  fields:\n    - name: X\n      type: strng\n"
                .to_owned(),
        );
        let err = load_files(vec![product(), a, b]).unwrap_err();
        assert_eq!(err.len(), 2, "{err}");
        assert!(err.to_string().contains("strng"), "{err}");
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let (path, text) = product();
        let with_bom = (path, format!("\u{feff}{text}"));
        let op = (
            PathBuf::from("specs/demo/Op.yaml"),
            "\u{feff}name: Op\nsummary: s\nresponse: {}\n".to_owned(),
        );
        let set = load_files(vec![with_bom, op]).expect("loads");
        assert_eq!(set.products[0].operations[0].spec.summary, "s");
    }

    #[test]
    fn deep_or_huge_files_are_refused_before_parsing() {
        let deep = format!("name: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let started = std::time::Instant::now();
        let e = parse_yaml::<OperationSpec>(Path::new("Deep.yaml"), &deep).unwrap_err();
        assert!(e.message.contains("deeper than 64"), "{e}");
        assert_eq!((e.line, e.column), (1, 71));
        let dashes = format!("a:\n{}x\n", "- ".repeat(80));
        assert!(parse_yaml::<OperationSpec>(Path::new("D.yaml"), &dashes).is_err());
        let indented: String = (0..80)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        let e = parse_yaml::<OperationSpec>(Path::new("I.yaml"), &indented).unwrap_err();
        assert!(e.message.contains("deeper"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let huge = format!("name: x\ndescription: \"{}\"\n", "a".repeat(MAX_FILE_BYTES));
        let e = parse_yaml::<OperationSpec>(Path::new("Huge.yaml"), &huge).unwrap_err();
        assert!(e.message.contains("limited to"), "{e}");
    }

    #[test]
    fn brackets_in_text_do_not_count_as_nesting() {
        let text = format!(
            "name: Op\nsummary: values [a, b and {} more\ndescription: |\n  {}\n  {}\nresponse:\n  fields: [{{name: A, type: string}}]\n",
            "[".repeat(70),
            "{".repeat(70),
            "[[[[".repeat(40)
        );
        parse_yaml::<OperationSpec>(Path::new("Op.yaml"), &text).expect("text with brackets loads");
    }

    #[test]
    fn an_empty_tree_is_refused() {
        let dir = std::env::temp_dir().join(format!("acs-empty-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let e = load_dir(&dir).unwrap_err();
        assert!(e.to_string().contains("no spec files found"), "{e}");
        fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_folder_without_product_file_is_an_error() {
        let op = (
            PathBuf::from("specs/lonely/Op.yaml"),
            "name: Op\nsummary: s\nresponse: {}\n".to_owned(),
        );
        let err = load_files(vec![op]).unwrap_err();
        assert!(err.to_string().contains("has no _product.yaml"), "{err}");
    }
}
