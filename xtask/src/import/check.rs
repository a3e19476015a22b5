//! Renders the operations of one product, marks the examples that do not fit, and validates the product
//! folder as it will be, exactly as `cargo xtask gen` would. What the loader refuses is sorted by where it
//! is: an imported operation's file (that operation cannot be imported as it is) or anything else (the
//! product file, a hand-written spec: the product cannot be imported).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use acs_codegen::Diagnostic;
use acs_codegen::spec::load::{PRODUCT_FILE, parse_yaml};
use acs_codegen::spec::model::{OperationSpec, ProductSpec};

use super::fit::{Lookup, unfit};
use super::order;
use super::report::Problem;
use super::tree;
use super::yaml::{Node, render};

/// The product folder as it will be, apart from the imported operations.
pub struct Folder<'a> {
    /// The workspace.
    pub root: &'a Path,
    /// `specs/<module>`.
    pub dir: &'a Path,
    /// The module, for problems.
    pub module: &'a str,
    /// The metadata file, for each file's header.
    pub metadata: &'a str,
    /// The product file first, then the hand-written operations.
    pub kept: &'a [(PathBuf, String)],
}

/// What the checks refused.
#[derive(Debug, Default)]
pub struct Refused {
    /// Imported operations that cannot be imported as they are, with the problems.
    pub ops: BTreeMap<String, Vec<Problem>>,
    /// Problems anywhere else.
    pub product: Vec<Problem>,
}

impl Folder<'_> {
    /// The file of an imported operation.
    pub fn file_of(&self, action: &str) -> PathBuf {
        self.dir.join(format!("{action}.yaml"))
    }

    fn label(&self, action: &str) -> String {
        format!("{} {action}", self.module)
    }

    fn text_of(&self, action: &str, node: &Node) -> Result<String, String> {
        render(&tree::header(self.metadata, self.module, action), node)
    }

    /// The files of `nodes` with `unfit` decided by the loader's own check, or what the loader refuses.
    pub fn check(&self, nodes: &mut [(String, Node)]) -> Result<Vec<(PathBuf, String)>, Refused> {
        let mut refused = Refused::default();
        let mut texts = Vec::new();
        for (action, node) in nodes.iter() {
            match self.text_of(action, node) {
                Ok(text) => texts.push((action.clone(), self.file_of(action), text)),
                Err(e) => self.refuse(
                    &mut refused,
                    action,
                    Problem::error(&self.label(action), "", e),
                ),
            }
        }
        let mut product = None;
        let mut hand = Vec::new();
        for (path, text) in self.kept {
            let problem = |d: Diagnostic| loader_problem(self.root, &d);
            if path.file_name().is_some_and(|n| n == PRODUCT_FILE) {
                match parse_yaml::<ProductSpec>(path, text) {
                    Ok(p) => product = Some(p.spec),
                    Err(d) => refused.product.push(problem(d)),
                }
            } else {
                match parse_yaml::<OperationSpec>(path, text) {
                    Ok(op) => hand.push(op.spec),
                    Err(d) => refused.product.push(problem(d)),
                }
            }
        }
        let mut ops = Vec::new();
        for (action, path, text) in &texts {
            match parse_yaml::<OperationSpec>(path, text) {
                Ok(op) => ops.push((action.clone(), op.spec)),
                Err(d) => {
                    let p = self.op_problem(action, &d);
                    self.refuse(&mut refused, action, p);
                }
            }
        }
        let Some(product) = product else {
            return Err(refused);
        };
        if !refused.ops.is_empty() || !refused.product.is_empty() {
            return Err(refused);
        }

        // Decide `unfit` with the loader's own check, on what the files will say.
        let lookup = Lookup::new(&product, hand.iter().chain(ops.iter().map(|(_, op)| op)));
        let reasons: BTreeMap<&str, Vec<Option<String>>> = ops
            .iter()
            .map(|(action, op)| (action.as_str(), unfit(op, &lookup)))
            .collect();
        let mut files = Vec::new();
        for (action, node) in nodes.iter_mut() {
            if let (Some(Node::Seq(examples)), Some(reasons)) =
                (node.get_mut("examples"), reasons.get(action.as_str()))
            {
                for (example, reason) in examples.iter_mut().zip(reasons) {
                    match reason {
                        Some(why) => example.set("unfit", Node::Str(why.clone())),
                        None => example.remove("unfit"),
                    }
                }
            }
            order::operation(node);
            match self.text_of(action, node) {
                Ok(text) => files.push((self.file_of(action), text)),
                Err(e) => self.refuse(
                    &mut refused,
                    action,
                    Problem::error(&self.label(action), "", e),
                ),
            }
        }
        if !refused.ops.is_empty() {
            return Err(refused);
        }

        let mut all = self.kept.to_vec();
        all.extend(files.iter().cloned());
        let checked = acs_codegen::spec::load_files(all).and_then(|set| acs_codegen::check(&set));
        if let Err(diagnostics) = checked {
            let by_file: BTreeMap<PathBuf, &str> = nodes
                .iter()
                .map(|(action, _)| (self.file_of(action), action.as_str()))
                .collect();
            for d in diagnostics.iter() {
                match by_file.get(&d.file) {
                    Some(action) => {
                        let p = self.op_problem(action, d);
                        self.refuse(&mut refused, action, p);
                    }
                    None => refused.product.push(loader_problem(self.root, d)),
                }
            }
            return Err(refused);
        }
        Ok(files)
    }

    fn refuse(&self, refused: &mut Refused, action: &str, problem: Problem) {
        refused
            .ops
            .entry(action.to_owned())
            .or_default()
            .push(problem);
    }

    /// A loader problem in the file of `action`: the operation and the path in its spec.
    fn op_problem(&self, action: &str, d: &Diagnostic) -> Problem {
        Problem::error(
            &self.label(action),
            &d.path,
            format!("the spec loader refuses the spec: {}", d.message),
        )
    }
}

/// A problem the spec loader found, written as `cargo xtask gen` writes it: `file:line:column: path: message`.
pub fn loader_problem(root: &Path, d: &Diagnostic) -> Problem {
    let at = format!("{}:{}:{}", tree::shown(root, &d.file), d.line, d.column);
    if d.path.is_empty() {
        Problem::error(&at, "", d.message.clone())
    } else {
        Problem::error(&format!("{at}:"), &d.path, d.message.clone())
    }
}
