//! JSON that keeps the order of object keys, as the metadata was written.
//!
//! The metadata lists parameters, properties and enum titles in page order, and that order becomes the order
//! of request parameters on the wire and of fields in the generated types. `serde_json::Value` sorts keys
//! unless a workspace-wide feature is switched on, which would change every other crate, so the importer
//! reads the metadata into this small tree instead.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value whose objects keep their keys in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as serde_json read it.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in document order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value of `key` when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entries of an object (none for anything else).
    pub fn entries(&self) -> &[(String, Json)] {
        match self {
            Json::Object(entries) => entries,
            _ => &[],
        }
    }

    /// The items of an array (none for anything else).
    pub fn items(&self) -> &[Json] {
        match self {
            Json::Array(items) => items,
            _ => &[],
        }
    }

    /// The dotted paths of object keys given more than once (`apis.DescribeDtsJobs`), in document order.
    pub fn duplicates(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.find_duplicates("", &mut out);
        out
    }

    fn find_duplicates(&self, path: &str, out: &mut Vec<String>) {
        let join = |key: &str| {
            if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            }
        };
        match self {
            Json::Object(entries) => {
                let mut seen = std::collections::BTreeSet::new();
                for (key, value) in entries {
                    if !seen.insert(key.as_str()) {
                        out.push(join(key));
                    }
                    value.find_duplicates(&join(key), out);
                }
            }
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.find_duplicates(&format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }

    /// Whether this is `true` (the metadata's flags are booleans).
    pub fn is_true(&self) -> bool {
        matches!(self, Json::Bool(true))
    }

    /// A scalar as text: strings as they are, numbers and booleans as JSON writes them.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Json::String(s) => Some(s.clone()),
            Json::Number(n) => Some(n.to_string()),
            Json::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Compact JSON text in document order, leaving out object keys listed in `skip` at any depth. Two
    /// schemas with the same text describe the same thing, which is how identical objects share a shape.
    pub fn canonical(&self, skip: &[&str]) -> String {
        let mut out = String::new();
        self.write(skip, &mut out);
        out
    }

    fn write(&self, skip: &[&str], out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(&n.to_string()),
            Json::String(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(skip, out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                let mut first = true;
                for (k, v) in entries.iter().filter(|(k, _)| !skip.contains(&k.as_str())) {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push(':');
                    v.write(skip, out);
                }
                out.push('}');
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        // JSON text cannot hold NaN or infinity, so this is always a number.
        Ok(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        // A key given twice is kept twice, so [`Json::duplicates`] can report it with its path: which of
        // the two the metadata meant is not for the importer to guess (`get` finds the first).
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            entries.push((key, value));
        }
        Ok(Json::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicated_keys_are_found_with_their_path() {
        let v: Json = serde_json::from_str(
            r#"{"apis": {"A": {"x": 1}, "B": {}, "A": {"x": 2}}, "list": [{"k": 1, "k": 2}]}"#,
        )
        .unwrap();
        assert_eq!(v.duplicates(), ["apis.A", "list[0].k"]);
        assert_eq!(
            v.get("apis")
                .and_then(|a| a.get("A"))
                .and_then(|a| a.get("x")),
            Some(&Json::Number(1.into()))
        );
        let fine: Json =
            serde_json::from_str(r#"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}"#).unwrap();
        assert!(fine.duplicates().is_empty());
    }

    #[test]
    fn keys_keep_document_order() {
        let v: Json = serde_json::from_str(r#"{"b": 1, "a": {"z": true, "y": [null, "s"]}}"#)
            .expect("parses");
        let keys: Vec<&str> = v.entries().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(v.canonical(&[]), r#"{"b":1,"a":{"z":true,"y":[null,"s"]}}"#);
        assert_eq!(v.canonical(&["z"]), r#"{"b":1,"a":{"y":[null,"s"]}}"#);
        assert_eq!(v.get("b").and_then(Json::scalar_text).as_deref(), Some("1"));
        assert!(
            v.get("a")
                .and_then(|a| a.get("z"))
                .is_some_and(Json::is_true)
        );
    }
}
