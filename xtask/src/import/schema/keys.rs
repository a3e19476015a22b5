//! The keys of a schema a spec can hold, and the limits (`range`, lengths, item counts) it gets from them.

use super::Converter;
use super::types::Typed;
use crate::import::json::Json;
use crate::import::values::{Bounds, Kind, bound, count, number};
use crate::import::yaml::Node;

impl Converter<'_> {
    /// `range`, lengths and item counts; returns the bounds examples must respect.
    pub(super) fn limits(
        &mut self,
        s: &Json,
        path: &str,
        t: &Typed<'_>,
        node: &mut Node,
    ) -> Bounds {
        let mut bounds: Bounds = (None, None);
        for (key, low) in [("minimum", true), ("maximum", false)] {
            let Some(raw) = s.get(key) else { continue };
            if !t.kind.numeric() {
                self.unsupported(path, key, "a spec bounds numbers only");
            } else if let Some(n) = bound(raw) {
                if low {
                    bounds.0 = Some(n)
                } else {
                    bounds.1 = Some(n)
                }
            } else {
                self.error(path, format!("`{key}` is not a number"));
            }
        }
        if let (Some(min), Some(max)) = bounds
            && min > max
        {
            self.error(path, "`minimum` is greater than `maximum`");
        }
        if bounds.0.is_some() || bounds.1.is_some() {
            let num = |n: f64| Node::Num(number(n));
            let mut range = Vec::new();
            range.extend(bounds.0.map(|n| ("min".to_owned(), num(n))));
            range.extend(bounds.1.map(|n| ("max".to_owned(), num(n))));
            node.set("range", Node::Map(range));
        }
        let is_array = t
            .keys
            .iter()
            .any(|(k, v)| k == "type" && v.as_str() == Some("array"));
        for (key, spec_key, applies) in [
            ("minLength", "min_length", t.kind == Kind::Text),
            ("maxLength", "max_length", t.kind == Kind::Text),
            ("minItems", "min_items", is_array),
            ("maxItems", "max_items", is_array),
        ] {
            let Some(raw) = s.get(key) else { continue };
            match count(raw) {
                Some(_) if !applies => self.unsupported(
                    path,
                    key,
                    "this limit does not apply to the field's type in a spec",
                ),
                Some(n) => node.set(spec_key, Node::Num(n.to_string())),
                None => self.error(path, format!("`{key}` is not a count")),
            }
        }
        bounds
    }

    /// Reports keys a spec cannot hold. `item` is true for the `items` of a list, which carry no limits.
    pub(super) fn check_keys(&mut self, s: &Json, path: &str, item: bool) {
        if !matches!(s, Json::Object(_)) {
            self.error(path, "the schema is not an object");
            return;
        }
        for (key, value) in s.entries() {
            // Flags are booleans: `"required": "yes"` read as false would drop a required parameter's
            // check without a word.
            if matches!(
                key.as_str(),
                "required" | "deprecated" | "docRequired" | "readOnly"
            ) && !matches!(value, Json::Bool(_))
            {
                self.error(
                    &format!("{path}.{key}"),
                    format!(
                        "`{key}` is a flag, true or false, not {}",
                        value.canonical(&[])
                    ),
                );
                continue;
            }
            match key.as_str() {
                // Mapped; `title` (an internal note), `docRequired` (the page's wording; `required` is what the
                // gateway enforces) and `itemNode` (an XML hint) are left out by rule.
                "type" | "format" | "description" | "example" | "required" | "enum" | "enumValueTitles"
                | "deprecated" | "items" | "properties" | "additionalProperties" | "$ref" | "title"
                | "docRequired" | "itemNode" => {}
                "default" | "minimum" | "maximum" | "minItems" | "maxItems" | "minLength" | "maxLength" if !item => {}
                "default" | "minimum" | "maximum" | "minItems" | "maxItems" | "minLength" | "maxLength" => {
                    self.unsupported(path, key, "a spec has limits and defaults for fields, not for list items")
                }
                "pattern" => self.unsupported(path, key, "a spec has no pattern for strings"),
                // `false` says the range is inclusive, as a spec's is.
                "exclusiveMinimum" | "exclusiveMaximum" if !s.get(key).is_some_and(Json::is_true) => {}
                "exclusiveMinimum" | "exclusiveMaximum" => {
                    self.unsupported(path, key, "a spec's range is inclusive")
                }
                "isFileTransferUrl" => self.unsupported(
                    path,
                    key,
                    "the official SDKs can upload a file to OSS and send its URL here; the generated client takes the URL",
                ),
                other => self.unsupported(path, other, "the importer does not know this key"),
            }
        }
    }
}
