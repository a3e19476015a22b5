//! [`Query`]: the request parameters of one call, in the order the operation wrote them, and
//! [`QueryValue`], how a Rust value is written as a parameter value.
//!
//! Values are stored raw; percent-encoding and sorting happen when the request is signed.

use crate::json_string::JsonString;
use crate::timestamp::Timestamp;

/// Ordered `(name, value)` request parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Query::default()
    }

    /// Adds `name=value`; `None` adds nothing.
    pub fn put<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(v) = value {
            self.pairs.push((name.to_owned(), v.to_query_value()));
        }
    }

    /// Adds one parameter whose value is every element joined by `separator` (`RestoreTaskId=a,b,c`).
    /// `None` and an empty list add nothing.
    pub fn put_joined<V: QueryValue>(
        &mut self,
        name: &'static str,
        values: Option<&[V]>,
        separator: &str,
    ) {
        if let Some(values) = values.filter(|v| !v.is_empty()) {
            let joined: Vec<String> = values.iter().map(QueryValue::to_query_value).collect();
            self.pairs.push((name.to_owned(), joined.join(separator)));
        }
    }

    /// Adds a list in Alibaba's "repeat list" style: `Name.1=a&Name.2=b`. `None` adds nothing.
    pub fn put_repeated<V: QueryValue>(&mut self, name: &'static str, values: Option<&[V]>) {
        for (i, v) in values.unwrap_or_default().iter().enumerate() {
            self.pairs
                .push((format!("{name}.{}", i + 1), v.to_query_value()));
        }
    }

    /// Adds a parameter whose value is the compact JSON of `value` (for parameters of style `json`).
    /// `None` adds nothing.
    pub fn put_json<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: Option<&V>,
    ) -> Result<(), serde_json::Error> {
        if let Some(v) = value {
            self.pairs
                .push((name.to_owned(), serde_json::to_string(v)?));
        }
        Ok(())
    }

    /// The parameters in insertion order, values not yet encoded.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Whether the query has the parameter `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }
}

/// How a value is written as a query parameter value (before percent-encoding).
///
/// Generated enums implement it with their wire string.
pub trait QueryValue {
    /// The raw parameter value.
    fn to_query_value(&self) -> String;
}

impl QueryValue for str {
    fn to_query_value(&self) -> String {
        self.to_owned()
    }
}

impl QueryValue for String {
    fn to_query_value(&self) -> String {
        self.clone()
    }
}

impl QueryValue for bool {
    fn to_query_value(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

macro_rules! display_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn to_query_value(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

// Rust's float Display writes the shortest text that reads back exactly and never uses an exponent,
// which is what services parse.
display_query_value!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn to_query_value(&self) -> String {
        (**self).to_query_value()
    }
}

/// A timestamp parameter is sent in its wire form.
impl QueryValue for Timestamp {
    fn to_query_value(&self) -> String {
        self.as_wire_text()
    }
}

/// A JSON-in-a-string parameter is sent as its JSON text.
impl<T> QueryValue for JsonString<T> {
    fn to_query_value(&self) -> String {
        self.raw().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_skips_none_and_keeps_order() {
        let mut q = Query::new();
        q.put("B", Some("x"));
        q.put::<String>("Skipped", None);
        q.put("A", Some(&5i32));
        q.put("C", Some(&true));
        q.put("D", Some(&1.5f64));
        q.put("E", Some(&String::from("s")));
        q.put("F", Some(&-7i64));
        assert_eq!(
            q.pairs(),
            &[
                ("B".to_owned(), "x".to_owned()),
                ("A".to_owned(), "5".to_owned()),
                ("C".to_owned(), "true".to_owned()),
                ("D".to_owned(), "1.5".to_owned()),
                ("E".to_owned(), "s".to_owned()),
                ("F".to_owned(), "-7".to_owned()),
            ]
        );
        assert!(q.contains("A"));
        assert!(!q.contains("Skipped"));
    }

    #[test]
    fn lists() {
        let mut q = Query::new();
        let ids = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        q.put_joined("RestoreTaskId", Some(ids.as_slice()), ",");
        q.put_joined::<String>("Empty", Some(&[]), ",");
        q.put_joined::<String>("None", None, ",");
        q.put_repeated("Tag", Some(&[1i32, 2][..]));
        q.put_json("Json", Some(&serde_json::json!({"a": [1]})))
            .unwrap();
        assert_eq!(
            q.pairs(),
            &[
                ("RestoreTaskId".to_owned(), "a,b,c".to_owned()),
                ("Tag.1".to_owned(), "1".to_owned()),
                ("Tag.2".to_owned(), "2".to_owned()),
                ("Json".to_owned(), r#"{"a":[1]}"#.to_owned()),
            ]
        );
    }

    #[test]
    fn floats_have_no_exponent() {
        assert_eq!(1e21f64.to_query_value(), "1000000000000000000000");
        assert_eq!(0.1f64.to_query_value(), "0.1");
    }
}
