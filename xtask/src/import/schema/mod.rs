//! Metadata schemas → spec fields, with the shapes and enums they need.
//!
//! A [`Converter`] works on one operation. Objects get a shape name the moment they are met (names are
//! claimed shallowest first, see [`super::names`]) and their members are converted later by [`Converter::step`],
//! one depth at a time. Whatever a spec cannot hold is reported with its path, never left out quietly.

use std::collections::BTreeSet;

mod keys;
mod types;

use crate::import::json::Json;
use crate::import::names::Namespace;
use crate::import::report::Problem;
use crate::import::text::{clean, paragraphs};
use crate::import::values::{Kind, convert};
use crate::import::yaml::Node;

/// Which side of the call a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Sent: members keep `required`.
    Request,
    /// Received.
    Response,
}

/// Nesting deeper than this (lists of lists, chains of `$ref`) is reported instead of followed.
const MAX_DEPTH: usize = 32;

/// The text a field's description gets when the metadata deprecates it.
pub const DEPRECATED: &str = "Alibaba's API metadata marks this as deprecated.";

/// An object whose members are still to be converted.
struct Pending<'a> {
    name: String,
    schema: &'a Json,
    path: String,
    role: Role,
}

/// Converts the schemas of one operation.
pub struct Converter<'a> {
    /// `dts TagResources`, for problems.
    label: String,
    /// The operation's name.
    op: String,
    components: Option<&'a Json>,
    /// The shapes made so far, in the order their names were claimed.
    pub shapes: Vec<(String, Node)>,
    /// The enums made so far.
    pub enums: Vec<(String, Node)>,
    /// What could not be converted.
    pub problems: Vec<Problem>,
    /// Parts of the operation left out with the reason (an error example): path and why, for the
    /// product's `LEFT_OUT.md`.
    pub left_out: Vec<(String, String)>,
    pending: Vec<Pending<'a>>,
    made: BTreeSet<String>,
}

impl<'a> Converter<'a> {
    /// A converter for operation `op` of `module`, resolving `$ref` in `components` (`components.schemas`).
    pub fn new(module: &str, op: &str, components: Option<&'a Json>) -> Self {
        Converter {
            label: format!("{module} {op}"),
            op: op.to_owned(),
            components,
            shapes: Vec::new(),
            enums: Vec::new(),
            problems: Vec::new(),
            left_out: Vec::new(),
            pending: Vec::new(),
            made: BTreeSet::new(),
        }
    }

    /// Records a problem that must be fixed.
    pub fn error(&mut self, path: &str, message: impl Into<String>) {
        self.problems
            .push(Problem::error(&self.label, path, message));
    }

    /// Records a construct the format cannot express.
    pub fn unsupported(&mut self, path: &str, key: &str, message: impl Into<String>) {
        self.problems
            .push(Problem::unsupported(&self.label, path, key, message));
    }

    /// Records a part of the operation left out, with the reason, for the product's report.
    pub fn leave_out(&mut self, path: &str, why: impl Into<String>) {
        self.left_out.push((path.to_owned(), why.into()));
    }

    /// Whether objects are waiting for their members.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Converts the members of every object met so far; objects met on the way wait for the next step.
    pub fn step(&mut self, ns: &mut Namespace) {
        for p in std::mem::take(&mut self.pending) {
            let mut fields = Vec::new();
            for (key, member) in p
                .schema
                .get("properties")
                .map(Json::entries)
                .unwrap_or_default()
            {
                let path = format!("{}.{key}", p.path);
                fields.push(self.field(ns, key, member, &path, p.role, &p.name, false).0);
            }
            let mut shape = Vec::new();
            let description = p
                .schema
                .get("description")
                .and_then(Json::as_str)
                .map(clean);
            if let Some(d) = description.filter(|d| !d.is_empty()) {
                shape.push(("description".to_owned(), Node::Str(d)));
            }
            shape.push(("fields".to_owned(), Node::Seq(fields)));
            self.shapes.push((p.name, Node::Map(shape)));
        }
    }

    /// The spec field `name` for schema `s` at `path`, and the kind of value it holds. `top` is true for
    /// request parameters and response elements, `parent` names the enclosing shape (or the operation).
    #[allow(clippy::too_many_arguments)]
    pub fn field(
        &mut self,
        ns: &mut Namespace,
        name: &str,
        s: &'a Json,
        path: &str,
        role: Role,
        parent: &str,
        top: bool,
    ) -> (Node, Kind) {
        let key_notes = self.check_keys(s, path, false);
        let t = self.typed(ns, s, name, path, role, parent, 0);
        let mut node = Node::Map(vec![("name".to_owned(), Node::str(name))]);
        for (k, v) in t.keys.iter().cloned() {
            node.set(&k, v);
        }
        if role == Role::Request && s.get("required").is_some_and(Json::is_true) {
            node.set("required", Node::Bool(true));
        }
        let (bounds, limit_notes) = self.limits(s, path, &t, &mut node);
        let mut notes = Vec::new();
        if let Some(raw) = s.get("default") {
            match convert(raw, t.kind, t.values.as_deref(), bounds) {
                Ok(Some(v)) if top && role == Role::Request => node.set("default", v),
                Ok(None) => {}
                Ok(Some(_)) | Err(_) => notes.push(format!(
                    "Default from the documentation: {}.",
                    raw.scalar_text().unwrap_or_else(|| raw.canonical(&[]))
                )),
            }
        }
        if s.get("deprecated").is_some_and(Json::is_true) || t.deprecated {
            node.set("deprecated", Node::str(DEPRECATED));
        }
        if let Some(raw) = s.get("example").or(t.item_example) {
            match convert(raw, t.kind, t.values.as_deref(), bounds) {
                Ok(Some(v)) => node.set("example", v),
                Ok(None) => {}
                Err(text) => notes.push(format!("Example from the documentation: {text}")),
            }
        }
        let own = s
            .get("description")
            .and_then(Json::as_str)
            .map(clean)
            .unwrap_or_default();
        let description = paragraphs(
            [own, t.item_description.clone()]
                .into_iter()
                .chain(t.notes.iter().cloned())
                .chain(limit_notes)
                .chain(key_notes)
                .chain(notes),
        );
        if !description.is_empty() {
            node.set("description", Node::Str(description));
        }
        (node, t.kind)
    }

    fn queue(&mut self, name: String, schema: &'a Json, path: &str, role: Role) {
        if self.made.insert(name.clone()) {
            self.pending.push(Pending {
                name,
                schema,
                path: path.to_owned(),
                role,
            });
        }
    }
}
