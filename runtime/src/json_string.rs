//! [`JsonString`]: a response or request field whose value is JSON text inside a string, kept verbatim so
//! it serializes back unchanged and parsed into `T` only on request.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::codec::{self, DecodeError, Wire};

/// How the value arrived: as a JSON string (the documented form), or inline as a JSON array/object/scalar
/// (which some services send instead). Serializing writes the same form back.
#[derive(Clone, PartialEq)]
enum Repr {
    Text(String),
    Inline {
        value: serde_json::Value,
        raw: String,
    },
}

/// JSON text carried in a string field, typed as `T` for [`JsonString::parse`].
///
/// The text is kept exactly as received, even when it is not valid JSON, so decoding a response never fails
/// because of it; only `parse` reports malformed content.
pub struct JsonString<T> {
    repr: Repr,
    // fn() -> T: neither owns a T nor needs T: Send/Sync/Clone/Debug/PartialEq for those traits.
    _t: PhantomData<fn() -> T>,
}

impl<T> JsonString<T> {
    /// Wraps JSON text as is, without checking it; it is sent and serialized as a string.
    pub fn from_raw(raw: impl Into<String>) -> Self {
        JsonString {
            repr: Repr::Text(raw.into()),
            _t: PhantomData,
        }
    }

    /// The JSON text: the string as received, or the compact text of an inline value.
    pub fn raw(&self) -> &str {
        match &self.repr {
            Repr::Text(s) => s,
            Repr::Inline { raw, .. } => raw,
        }
    }

    /// Whether the service sent the JSON inline rather than as a string.
    pub fn is_inline(&self) -> bool {
        matches!(self.repr, Repr::Inline { .. })
    }
}

impl<T> JsonString<T> {
    /// JSON that arrived inline rather than in a string; written back inline.
    pub(crate) fn from_inline(value: serde_json::Value) -> Self {
        let raw = value.to_string();
        JsonString {
            repr: Repr::Inline { value, raw },
            _t: PhantomData,
        }
    }

    /// The inline value, when the JSON arrived inline.
    pub(crate) fn inline_value(&self) -> Option<&serde_json::Value> {
        match &self.repr {
            Repr::Text(_) => None,
            Repr::Inline { value, .. } => Some(value),
        }
    }
}

impl<T: Wire> JsonString<T> {
    /// Parses the JSON text into `T`; JSON `null` is an error, since `T` has no "absent" value.
    pub fn parse(&self) -> Result<T, DecodeError> {
        codec::from_json::<T>(self.raw())?
            .ok_or_else(|| DecodeError::new("the JSON text is null or empty"))
    }

    /// The compact JSON text of `value`, as a string field.
    pub fn from_value(value: &T) -> Self {
        Self::from_raw(codec::to_json(value.view()))
    }
}

impl<T> Clone for JsonString<T> {
    fn clone(&self) -> Self {
        JsonString {
            repr: self.repr.clone(),
            _t: PhantomData,
        }
    }
}

impl<T> PartialEq for JsonString<T> {
    fn eq(&self, other: &Self) -> bool {
        self.repr == other.repr
    }
}

impl<T> fmt::Debug for JsonString<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JsonString").field(&self.raw()).finish()
    }
}

impl<T> fmt::Display for JsonString<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.raw())
    }
}

impl<T> Serialize for JsonString<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.repr {
            Repr::Text(text) => s.serialize_str(text),
            Repr::Inline { value, .. } => value.serialize(s),
        }
    }
}

impl<'de, T> Deserialize<'de> for JsonString<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let repr = match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => Repr::Text(s),
            value => {
                let raw = value.to_string();
                Repr::Inline { value, raw }
            }
        };
        Ok(JsonString {
            repr,
            _t: PhantomData,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::test_types::{Db, Resp};
    use crate::codec::{decode_shape, from_json, to_json};
    use serde_json::json;

    fn db(name: &str) -> Db {
        Db {
            db_name: Some(name.into()),
            size: None,
        }
    }

    fn resp(body: &str) -> Resp {
        let mut r = codec::Reader::new(body);
        decode_shape::<Resp>(&mut r).unwrap().unwrap()
    }

    #[test]
    fn string_form_round_trips_and_parses() {
        let body = r#"{"DbList":"[{\"DBName\": \"test\"}]"}"#;
        let r = resp(body);
        let list = r.db_list.as_ref().unwrap();
        assert!(!list.is_inline());
        assert_eq!(list.raw(), "[{\"DBName\": \"test\"}]");
        assert_eq!(list.parse().unwrap(), vec![db("test")]);
        assert_eq!(to_json(r.view()), body);
    }

    #[test]
    fn inline_form_round_trips_inline() {
        let body = r#"{"DbList":[{"DBName":"a"},{"DBName":"b"}]}"#;
        let r = resp(body);
        let list = r.db_list.as_ref().unwrap();
        assert!(list.is_inline());
        assert_eq!(list.parse().unwrap().len(), 2);
        assert_eq!(list.raw(), r#"[{"DBName":"a"},{"DBName":"b"}]"#);
        assert_eq!(to_json(r.view()), body);
    }

    #[test]
    fn malformed_json_in_string_still_decodes() {
        // The service really sends backslashes inside the string: `[ { \"DBName\":\"test\" } ]`.
        let body = r#"{"DbList":"[ { \\\"DBName\\\":\\\"test\\\" } ]"}"#;
        let r = resp(body);
        let list = r.db_list.as_ref().unwrap();
        assert_eq!(list.raw(), r#"[ { \"DBName\":\"test\" } ]"#);
        assert!(list.parse().is_err());
        assert_eq!(to_json(r.view()), body);
    }

    #[test]
    fn null_and_missing_are_none_and_from_value_works() {
        assert!(resp(r#"{"DbList": null}"#).db_list.is_none());
        assert!(resp("{}").db_list.is_none());
        let js = JsonString::from_value(&vec![db("x")]);
        assert_eq!(js.raw(), r#"[{"DBName":"x"}]"#);
        assert_eq!(js.clone(), js);
        assert_eq!(format!("{js:?}"), r#"JsonString("[{\"DBName\":\"x\"}]")"#);
        assert_eq!(
            serde_json::to_value(&js).unwrap(),
            json!(r#"[{"DBName":"x"}]"#)
        );
        let back: JsonString<Vec<Db>> = serde_json::from_value(json!([1])).unwrap();
        assert!(back.is_inline());
        let null: Option<JsonString<Vec<Db>>> = from_json("null").unwrap();
        assert!(null.is_none());
        assert!(JsonString::<Vec<Db>>::from_raw("null").parse().is_err());
    }

    #[test]
    fn no_bounds_needed_on_t() {
        struct Opaque;
        let a: JsonString<Opaque> = JsonString::from_raw("{}");
        let b = a.clone();
        assert_eq!(a, b);
        assert_eq!(format!("{a}"), "{}");
    }
}
