//! The type keys of a field from a schema's `type`, `format`, `items`, `properties`,
//! `additionalProperties`, `enum` and `$ref`: scalars, lists, named shapes, maps, enums.

use super::{Converter, MAX_DEPTH, Role};
use crate::import::json::Json;
use crate::import::names::{Namespace, camel, singular};
use crate::import::text::{clean, paragraphs};
use crate::import::values::Kind;
use crate::import::variants::{enum_node, enum_values, prose_values};
use crate::import::yaml::Node;

/// What a schema's type gives the field that has it.
pub(super) struct Typed<'a> {
    pub(super) keys: Vec<(String, Node)>,
    pub(super) kind: Kind,
    pub(super) values: Option<Vec<String>>,
    pub(super) notes: Vec<String>,
    pub(super) item_description: String,
    pub(super) item_example: Option<&'a Json>,
    pub(super) deprecated: bool,
}

impl Typed<'_> {
    fn plain(ty: &str, kind: Kind) -> Self {
        Typed {
            keys: vec![("type".to_owned(), Node::str(ty))],
            kind,
            values: None,
            notes: Vec::new(),
            item_description: String::new(),
            item_example: None,
            deprecated: false,
        }
    }
}

impl<'a> Converter<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn typed(
        &mut self,
        ns: &mut Namespace,
        s: &'a Json,
        hint: &str,
        path: &str,
        role: Role,
        parent: &str,
        depth: usize,
    ) -> Typed<'a> {
        if depth > MAX_DEPTH {
            self.error(path, format!("nested deeper than {MAX_DEPTH} levels"));
            return Typed::plain("any", Kind::Composite);
        }
        if let Some(reference) = s.get("$ref") {
            return self.referenced(ns, reference, role, depth);
        }
        let ty = s.get("type").and_then(Json::as_str).unwrap_or_default();
        let format = s.get("format").and_then(Json::as_str);
        // Formats the importer does not know say nothing it could use: the type alone decides.
        match ty {
            // A date-time in text; `int32`, `int64`, `double` on a string say what the text holds, and
            // the wire carries the text, so the field stays a string.
            "string" if matches!(format, Some("iso8601" | "date-time")) => {
                let mut t = Typed::plain("timestamp", Kind::Timestamp);
                t.keys.push(("format".to_owned(), Node::str("iso8601")));
                t
            }
            "string" => self.string(ns, s, hint, path, parent),
            "integer" => {
                let mut t = match format {
                    Some("int32") => Typed::plain("integer", Kind::Int32),
                    _ => Typed::plain("long", Kind::Long),
                };
                t.notes.extend(value_list(s));
                t
            }
            "number" => {
                let mut t = Typed::plain("double", Kind::Double);
                t.notes.extend(value_list(s));
                t
            }
            "boolean" => Typed::plain("boolean", Kind::Bool),
            "any" => Typed::plain("any", Kind::Composite),
            "array" => self.array(ns, s, hint, path, role, parent, depth),
            "object" => self.object(ns, s, hint, path, role, parent, depth),
            other => {
                self.error(path, format!("unknown type `{other}`"));
                Typed::plain("any", Kind::Composite)
            }
        }
    }

    fn string(
        &mut self,
        ns: &mut Namespace,
        s: &Json,
        hint: &str,
        path: &str,
        parent: &str,
    ) -> Typed<'a> {
        let mut t = Typed::plain("string", Kind::Text);
        let Some(values) = enum_values(s).or_else(|| prose_values(s)) else {
            return t;
        };
        // Identical value lists share an enum when they would have the same name, like objects.
        let identity = format!(
            "enum:{}:{}",
            camel(hint),
            Json::Array(
                values
                    .iter()
                    .map(|(v, d)| Json::Array(vec![
                        Json::String(v.clone()),
                        Json::String(d.clone())
                    ]))
                    .collect()
            )
            .canonical(&[])
        );
        let name = ns.claim(&self.op, &identity, hint, parent);
        if self.made.insert(name.clone()) {
            let node = enum_node(&values);
            if node.is_none() {
                self.error(path, "the enum's values give no usable variant names");
            }
            self.enums
                .push((name.clone(), node.unwrap_or(Node::Map(Vec::new()))));
        }
        t.keys.push(("enum".to_owned(), Node::Str(name)));
        t.values = Some(values.into_iter().map(|(v, _)| v).collect());
        t
    }

    #[allow(clippy::too_many_arguments)]
    fn array(
        &mut self,
        ns: &mut Namespace,
        s: &'a Json,
        hint: &str,
        path: &str,
        role: Role,
        parent: &str,
        depth: usize,
    ) -> Typed<'a> {
        let mut t = Typed::plain("array", Kind::Composite);
        // A list whose items the metadata does not describe holds anything.
        let Some(items) = s.get("items") else {
            t.keys.push((
                "items".to_owned(),
                Node::Map(vec![("type".to_owned(), Node::str("any"))]),
            ));
            return t;
        };
        let here = format!("{path}[]");
        let notes = self.check_keys(items, &here, true);
        let inner = self.typed(ns, items, &singular(hint), &here, role, parent, depth + 1);
        t.keys.push(("items".to_owned(), Node::Map(inner.keys)));
        t.notes = inner.notes;
        t.notes.extend(notes);
        t.deprecated = inner.deprecated || items.get("deprecated").is_some_and(Json::is_true);
        t.item_description = paragraphs([
            items
                .get("description")
                .and_then(Json::as_str)
                .map(clean)
                .unwrap_or_default(),
            inner.item_description,
        ]);
        t.item_example = items.get("example").or(inner.item_example);
        t
    }

    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        ns: &mut Namespace,
        s: &'a Json,
        hint: &str,
        path: &str,
        role: Role,
        parent: &str,
        depth: usize,
    ) -> Typed<'a> {
        let properties = s.get("properties").map(Json::entries).unwrap_or_default();
        let extra = s
            .get("additionalProperties")
            .filter(|a| !matches!(a, Json::Bool(false)));
        if properties.is_empty() {
            return match extra {
                None => Typed::plain("any", Kind::Composite),
                Some(values) => {
                    let mut t = Typed::plain("map", Kind::Composite);
                    let inner = match values {
                        Json::Object(_) => {
                            let here = format!("{path}{{}}");
                            t.notes = self.check_keys(values, &here, true);
                            self.typed(
                                ns,
                                values,
                                &format!("{hint}Value"),
                                &here,
                                role,
                                parent,
                                depth + 1,
                            )
                            .keys
                        }
                        _ => vec![("type".to_owned(), Node::str("any"))],
                    };
                    t.keys.push(("values".to_owned(), Node::Map(inner)));
                    t
                }
            };
        }
        if extra.is_some() {
            self.unsupported(
                path,
                "additionalProperties",
                "an object with both named members and arbitrary keys; the keys are not kept",
            );
        }
        // A one-key object that only wraps a list is named after the list.
        let base = match properties {
            [(key, only)]
                if only.get("type").and_then(Json::as_str) == Some("array")
                    && singular(key) != "List" =>
            {
                format!("{}List", singular(key))
            }
            _ => camel(hint),
        };
        let side = if role == Role::Request {
            "request"
        } else {
            "response"
        };
        let identity = format!("object:{side}:{base}:{}", s.canonical(&["title"]));
        let name = ns.claim(&self.op, &identity, &base, parent);
        self.queue(name.clone(), s, path, role);
        let mut t = Typed::plain("object", Kind::Composite);
        t.keys.push(("shape".to_owned(), Node::Str(name)));
        t
    }

    /// A `$ref` to `#/components/schemas/<Name>`: objects become the shape `<Name>`, shared by every use in
    /// the operation (which is what lets a schema contain itself).
    fn referenced(
        &mut self,
        ns: &mut Namespace,
        reference: &Json,
        role: Role,
        depth: usize,
    ) -> Typed<'a> {
        let target = reference
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"));
        let schema =
            target.and_then(|name| self.components.and_then(|c| c.get(name)).map(|s| (name, s)));
        // A reference to a schema the file does not define: the value is there, its type is not said.
        let Some((name, schema)) = schema else {
            let mut t = Typed::plain("any", Kind::Composite);
            t.notes.push(format!(
                "The metadata gives this the type {}, a schema it does not define.",
                reference
                    .as_str()
                    .map_or_else(|| reference.canonical(&[]), |r| format!("`{r}`"))
            ));
            return t;
        };
        let here = format!("components.schemas.{name}");
        if schema.get("type").and_then(Json::as_str) != Some("object") {
            let notes = self.check_keys(schema, &here, false);
            let mut t = self.typed(ns, schema, name, &here, role, &self.op.clone(), depth + 1);
            t.notes.extend(notes);
            return t;
        }
        let side = if role == Role::Request {
            "request"
        } else {
            "response"
        };
        let shape = ns.claim(
            &self.op,
            &format!("ref:{side}:{name}"),
            name,
            &self.op.clone(),
        );
        self.queue(shape.clone(), schema, &here, role);
        let mut t = Typed::plain("object", Kind::Composite);
        t.keys.push(("shape".to_owned(), Node::Str(shape)));
        t
    }
}

/// The documented values of a number field, which a spec's enums (strings only) cannot hold: kept as a
/// sentence of its description, unless the description already lists each of them in Alibaba's way
/// (`**1**: alert`) and there are no titles to add.
fn value_list(s: &Json) -> Option<String> {
    let values = enum_values(s)?;
    let description = s
        .get("description")
        .and_then(Json::as_str)
        .unwrap_or_default();
    let listed = values
        .iter()
        .all(|(v, title)| title.is_empty() && description.contains(&format!("**{v}**")));
    if listed {
        return None;
    }
    let listed: Vec<String> = values
        .iter()
        .map(|(v, title)| {
            if title.is_empty() {
                v.clone()
            } else {
                format!("{v} ({title})")
            }
        })
        .collect();
    Some(format!("Valid values: {}.", listed.join(", ")))
}
