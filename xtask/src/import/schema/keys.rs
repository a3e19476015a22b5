//! The keys of a schema: which a spec holds (`range`, lengths, item counts), which become a sentence of
//! the field's description (a pattern, a secret, a file URL, a limit on a type it does not apply to), which
//! are left out by rule because they change nothing the client sends or decodes, and which the importer
//! does not know (a problem: the operation is left out).

use super::Converter;
use super::types::Typed;
use crate::import::json::Json;
use crate::import::values::{Bounds, Kind, bound, count, integer_bound, number};
use crate::import::yaml::Node;

/// Schema keys left out by rule: `title` (an internal note, often in Chinese), `docRequired` (the page's
/// wording; `required` is what the gateway enforces), `itemNode` and `itemName` (XML element names),
/// `visibility`, `backendName`, `extendType`, `parseType`, `trim`, `nullToEmpty`, `valueMapping` and
/// `checkBlank` (how Alibaba's gateway and backend treat the value), `sdkPropertyName` (the name of the
/// property in Alibaba's SDK classes; the wire name is the key), `readOnly` (a response value),
/// `nullable` (every response field already decodes from null) and `name` (the property's name again).
const IGNORED: &[&str] = &[
    "title",
    "docRequired",
    "itemNode",
    "itemName",
    "visibility",
    "backendName",
    "extendType",
    "parseType",
    "trim",
    "nullToEmpty",
    "valueMapping",
    "checkBlank",
    "sdkPropertyName",
    "readOnly",
    "nullable",
    "name",
];

/// Keys that are flags whose value the import uses: `"required": "yes"` read as false would drop a
/// required parameter's check without a word.
const FLAGS: &[&str] = &[
    "required",
    "deprecated",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "sensitive",
    "isFileTransferUrl",
];

/// The limits of the metadata, the spec key each becomes where it applies, and the words of the
/// sentence it becomes where it does not.
const LIMITS: &[(&str, &str, &str)] = &[
    ("minimum", "", "Minimum"),
    ("maximum", "", "Maximum"),
    ("minLength", "min_length", "Minimum length"),
    ("maxLength", "max_length", "Maximum length"),
    ("minItems", "min_items", "Minimum number of items"),
    ("maxItems", "max_items", "Maximum number of items"),
];

/// The sentence a field gets when the metadata marks it as a secret.
pub const SENSITIVE: &str = "Sensitive: a secret; keep it out of logs.";

/// The sentence a field gets when the official SDKs can upload a file for it.
pub const FILE_URL: &str = "The official SDKs can upload a local file to OSS and send its URL here; this client takes the URL.";

impl Converter<'_> {
    /// `range`, lengths and item counts where they apply to the field's type; returns the bounds examples
    /// must respect, and sentences for the limits that do not apply (a length on a number, a minimum on
    /// text) and for exclusive bounds of doubles.
    pub(super) fn limits(
        &mut self,
        s: &Json,
        path: &str,
        t: &Typed<'_>,
        node: &mut Node,
    ) -> (Bounds, Vec<String>) {
        let mut notes = Vec::new();
        let mut bounds: Bounds = (None, None);
        let mut range = Vec::new();
        let integer = matches!(t.kind, Kind::Int32 | Kind::Long);
        let is_array = t
            .keys
            .iter()
            .any(|(k, v)| k == "type" && v.as_str() == Some("array"));
        for (key, spec_key, words) in LIMITS {
            let Some(raw) = s.get(key) else { continue };
            let low = key.starts_with("min");
            let applies = match *key {
                "minimum" | "maximum" => t.kind.numeric(),
                "minLength" | "maxLength" => t.kind == Kind::Text,
                _ => is_array,
            };
            let exclusive = s
                .get(if low {
                    "exclusiveMinimum"
                } else {
                    "exclusiveMaximum"
                })
                .is_some_and(Json::is_true);
            if !applies {
                notes.push(sentence(words, "", raw, exclusive && spec_key.is_empty()));
                continue;
            }
            if !spec_key.is_empty() {
                match count(raw) {
                    Some(n) => node.set(spec_key, Node::Num(n.to_string())),
                    None => self.error(path, format!("`{key}` is not a count")),
                }
                continue;
            }
            // A spec's range is inclusive: an exclusive integer bound moves by one; an exclusive bound
            // of a double stays inclusive in the range and is said in a sentence.
            let value = if integer {
                integer_bound(raw, t.kind, low).map(|n| {
                    let n = match (exclusive, low) {
                        (false, _) => n,
                        (true, true) => n.saturating_add(1),
                        (true, false) => n.saturating_sub(1),
                    };
                    (n as f64, n.to_string())
                })
            } else {
                bound(raw).map(|n| (n, number(n)))
            };
            let Some((n, text)) = value else {
                self.error(path, format!("`{key}` is not a number"));
                continue;
            };
            if exclusive && !integer {
                let side = if low { "greater" } else { "less" };
                notes.push(format!("The value must be {side} than {text}."));
            }
            if low {
                bounds.0 = Some(n);
            } else {
                bounds.1 = Some(n);
            }
            range.push((if low { "min" } else { "max" }.to_owned(), Node::Num(text)));
        }
        if let (Some(min), Some(max)) = bounds
            && min > max
        {
            self.error(path, "`minimum` is greater than `maximum`");
        }
        if !range.is_empty() {
            node.set("range", Node::Map(range));
        }
        (bounds, notes)
    }

    /// Checks the keys of schema `s` at `path`; returns the sentences the field's description gets from
    /// them. `item` is true for the `items` of a list and the values of a map, whose limits and defaults
    /// a spec has no place for: they become sentences too.
    pub(crate) fn check_keys(&mut self, s: &Json, path: &str, item: bool) -> Vec<String> {
        let mut notes = Vec::new();
        if !matches!(s, Json::Object(_)) {
            self.error(path, "the schema is not an object");
            return notes;
        }
        let each = if item { " of each item" } else { "" };
        for (key, value) in s.entries() {
            if FLAGS.contains(&key.as_str()) && !matches!(value, Json::Bool(_)) {
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
                k if IGNORED.contains(&k) => {}
                // Mapped by the field and its type.
                "type"
                | "format"
                | "description"
                | "example"
                | "required"
                | "enum"
                | "enumValueTitles"
                | "deprecated"
                | "items"
                | "properties"
                | "additionalProperties"
                | "$ref" => {}
                // The bounds of a field are read by `limits`, which also reads these flags.
                "exclusiveMinimum" | "exclusiveMaximum" => {}
                "minimum" | "maximum" | "minItems" | "maxItems" | "minLength" | "maxLength"
                    if !item => {}
                "minimum" | "maximum" | "minItems" | "maxItems" | "minLength" | "maxLength" => {
                    let words = LIMITS
                        .iter()
                        .find(|(k, _, _)| k == key)
                        .map_or("", |(_, _, w)| *w);
                    let flag = if key == "minimum" {
                        "exclusiveMinimum"
                    } else {
                        "exclusiveMaximum"
                    };
                    let exclusive = key.ends_with("imum") && s.get(flag).is_some_and(Json::is_true);
                    notes.push(sentence(words, each, value, exclusive));
                }
                "default" if item => notes.push(format!(
                    "Default{each} from the documentation: {}.",
                    value.scalar_text().unwrap_or_else(|| value.canonical(&[]))
                )),
                "default" => {}
                // Checked by the service; a spec keeps it as documentation.
                "pattern" => match value.as_str() {
                    Some(p) if !p.is_empty() => notes.push(format!("Pattern{each}: `{p}`.")),
                    Some(_) => {}
                    None => self.error(&format!("{path}.pattern"), "a pattern is text"),
                },
                "isFileTransferUrl" if value.is_true() => notes.push(FILE_URL.to_owned()),
                "sensitive" if value.is_true() => notes.push(SENSITIVE.to_owned()),
                "isFileTransferUrl" | "sensitive" => {}
                other => self.unsupported(path, other, "the importer does not know this key"),
            }
        }
        notes
    }
}

/// `Maximum length from the documentation: 64.`, for a limit that has no place in the spec.
fn sentence(words: &str, each: &str, value: &Json, exclusive: bool) -> String {
    let shown = value.scalar_text().unwrap_or_else(|| value.canonical(&[]));
    let exclusive = if exclusive { " (exclusive)" } else { "" };
    format!("{words}{each} from the documentation: {shown}{exclusive}.")
}
