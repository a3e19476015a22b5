//! Objects whose type is data: a [`TypeDef`] read from a catalogue (wire names and rules of the fields, as
//! in a generated type's table, plus each field's [`Kind`]) and an [`Object`] holding values of it.
//!
//! An [`Object`] is a [`Shape`], so the codec's one implementation of decoding, checking, flattening and
//! writing JSON serves it exactly as it serves generated types. Each value is decoded by the same
//! [`Wire`] implementation the generated field's Rust type would use (`String`, `i32`, `Timestamp`,
//! `JsonString`, ...) and lists, maps and nested objects go through the codec's shared container
//! functions, so a catalogue operation reads and writes the wire as its typed twin does.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use crate::JsonString;
use crate::codec::{
    self, DecodeError, Entries, Field, Hint, Items, Reader, Shape, Slot, View, Wire,
};
use crate::timestamp::Timestamp;

/// What one field holds: the Rust type the generated field would have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `String`.
    Text,
    /// A string enum: its wire text, documented or not.
    Enum,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `Timestamp`, in the form the field's hint says.
    Timestamp,
    /// `JsonString`: JSON text carried in a string.
    JsonText,
    /// Arbitrary JSON.
    Any,
    /// A list of this kind.
    List(&'static Kind),
    /// An object with arbitrary keys and values of this kind.
    Map(&'static Kind),
    /// An object of this type.
    Object(&'static TypeDef),
}

/// An object type read from a catalogue: its name (for `Debug`) and its fields. The fields are set once,
/// after every type of the product exists, so types may refer to each other and to themselves.
pub struct TypeDef {
    name: &'static str,
    body: OnceLock<(&'static [Field], &'static [Kind])>,
}

impl TypeDef {
    /// A type with no fields yet.
    pub fn new(name: &'static str) -> TypeDef {
        TypeDef {
            name,
            body: OnceLock::new(),
        }
    }

    /// Sets the fields and their kinds (the same length, in table order); only the first call counts.
    pub fn define(&self, fields: &'static [Field], kinds: &'static [Kind]) {
        let _ = self.body.set((fields, kinds));
    }

    /// The type's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The fields, in table order (none before [`TypeDef::define`]).
    pub fn fields(&self) -> &'static [Field] {
        self.body.get().map_or(&[], |(f, _)| f)
    }

    fn kinds(&self) -> &'static [Kind] {
        self.body.get().map_or(&[], |(_, k)| k)
    }
}

/// A type is itself: two definitions with the same fields are still two types.
impl PartialEq for TypeDef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for TypeDef {}

impl fmt::Debug for TypeDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypeDef")
            .field("name", &self.name)
            .field("fields", &self.fields().len())
            .finish()
    }
}

/// A value of an [`Object`]'s field.
#[derive(Clone)]
enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Time(Timestamp),
    JsonText(JsonString<serde_json::Value>),
    Any(serde_json::Value),
    List(List),
    Map(Map),
    Object(Object),
}

#[derive(Clone)]
struct List(Vec<Value>);

#[derive(Clone)]
struct Map(BTreeMap<String, Value>);

/// Decodes one value of `kind`, `Ok(None)` standing for "absent" as in [`Wire::decode`].
fn decode(kind: &Kind, r: &mut Reader<'_>, hint: Hint) -> Result<Option<Value>, DecodeError> {
    Ok(match kind {
        Kind::Text => String::decode(r, hint)?.map(Value::Str),
        Kind::Enum => codec::decode_enum::<String>(r, hint)?.map(Value::Str),
        Kind::I32 => i32::decode(r, hint)?.map(|i| Value::Int(i64::from(i))),
        Kind::I64 => i64::decode(r, hint)?.map(Value::Int),
        Kind::F64 => f64::decode(r, hint)?.map(Value::Float),
        Kind::Bool => bool::decode(r, hint)?.map(Value::Bool),
        Kind::Timestamp => Timestamp::decode(r, hint)?.map(Value::Time),
        Kind::JsonText => JsonString::decode(r, hint)?.map(Value::JsonText),
        Kind::Any => serde_json::Value::decode(r, hint)?.map(Value::Any),
        Kind::List(item) => {
            let mut items = Vec::new();
            let present = codec::decode_list(r, &mut |r| {
                Ok(decode(item, r, hint)?.map(|v| items.push(v)).is_some())
            })?;
            present.then_some(Value::List(List(items)))
        }
        Kind::Map(value) => {
            let mut map = BTreeMap::new();
            let present = codec::decode_map(r, &mut |r, key| {
                if let Some(v) = decode(value, r, hint)? {
                    map.insert(key.to_owned(), v);
                }
                Ok(())
            })?;
            present.then_some(Value::Map(Map(map)))
        }
        Kind::Object(def) => {
            let mut out = Object::new(def);
            codec::decode_object(r, &mut out)?.then_some(Value::Object(out))
        }
    })
}

impl Value {
    fn view(&self) -> View<'_> {
        match self {
            Value::Str(s) => View::Str(s),
            Value::Int(i) => View::Int(*i),
            Value::Float(x) => View::Float(*x),
            Value::Bool(b) => View::Bool(*b),
            Value::Time(t) => t.view(),
            Value::JsonText(j) => j.view(),
            Value::Any(v) => View::Json(v),
            Value::List(l) => View::List(l),
            Value::Map(m) => View::Map(m),
            Value::Object(o) => View::Shape(o),
        }
    }
}

impl Items for List {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn item(&self, index: usize) -> Option<View<'_>> {
        self.0.get(index).map(Value::view)
    }
}

impl Entries for Map {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn each(&self, each: &mut dyn FnMut(&str, View<'_>)) {
        for (k, v) in &self.0 {
            each(k, v.view());
        }
    }
}

/// One field of an [`Object`]: its kind and its value, if set.
#[derive(Clone)]
struct FieldValue {
    kind: &'static Kind,
    value: Option<Value>,
}

impl Slot for FieldValue {
    fn decode_into(&mut self, r: &mut Reader<'_>, hint: Hint) -> Result<(), DecodeError> {
        self.value = decode(self.kind, r, hint)?;
        Ok(())
    }

    fn view(&self) -> Option<View<'_>> {
        self.value.as_ref().map(Value::view)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn assign(&mut self, from: &dyn Slot) {
        if let Some(from) = from.as_any().downcast_ref::<FieldValue>()
            && from.kind == self.kind
        {
            self.value.clone_from(&from.value);
        }
    }
}

/// An object of a [`TypeDef`]: every field unset until decoded.
#[derive(Clone)]
pub struct Object {
    def: &'static TypeDef,
    values: Box<[FieldValue]>,
}

impl Object {
    /// A new object of `def` with nothing set.
    pub fn new(def: &'static TypeDef) -> Object {
        Object {
            def,
            values: def
                .kinds()
                .iter()
                .map(|kind| FieldValue { kind, value: None })
                .collect(),
        }
    }

    /// Its type.
    pub fn def(&self) -> &'static TypeDef {
        self.def
    }
}

impl Shape for Object {
    fn fields(&self) -> &'static [Field] {
        self.def.fields()
    }

    fn slots<'s>(&'s self, f: &mut dyn FnMut(&[&'s dyn Slot])) {
        let slots: Vec<&'s dyn Slot> = self.values.iter().map(|v| v as &dyn Slot).collect();
        f(&slots)
    }

    fn slots_mut(&mut self, f: &mut dyn FnMut(&mut [&mut dyn Slot])) {
        let mut slots: Vec<&mut dyn Slot> =
            self.values.iter_mut().map(|v| v as &mut dyn Slot).collect();
        f(&mut slots)
    }
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        codec::debug_shape(self.def.name, self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Location, Style, parse_fields, to_json};

    fn leak<T>(v: T) -> &'static T {
        Box::leak(Box::new(v))
    }

    /// A recursive type (`Node { Name, Size, Tags: map, Children: [Node], At: timestamp }`).
    fn node() -> &'static TypeDef {
        let def = leak(TypeDef::new("Node"));
        let fields: &'static [Field] = Box::leak(parse_fields(
            "Name name required\nSize size min=1\nTags tags\nChildren children simple\nAt at millis\nRaw raw\nDoc doc",
        ));
        let kinds: &'static [Kind] = Box::leak(Box::new([
            Kind::Text,
            Kind::I32,
            Kind::Map(leak(Kind::Enum)),
            Kind::List(leak(Kind::Object(def))),
            Kind::Timestamp,
            Kind::Any,
            Kind::JsonText,
        ]));
        def.define(fields, kinds);
        def
    }

    #[test]
    fn decodes_and_writes_back_like_typed_code() {
        let def = node();
        let text = r#"{"Name":"a","Size":"3","Tags":{"k":1,"n":null},"Children":[{"Name":"b","Children":[]}],"At":1700000000000,"Raw":null,"Doc":"{\"x\":1}","Extra":true}"#;
        let mut r = Reader::new(text);
        let mut o = Object::new(def);
        assert!(codec::decode_object(&mut r, &mut o).unwrap());
        assert_eq!(
            to_json(View::Shape(&o)),
            r#"{"Name":"a","Size":3,"Tags":{"k":"1"},"Children":[{"Name":"b","Children":[]}],"At":1700000000000,"Raw":null,"Doc":"{\"x\":1}"}"#
        );
        assert_eq!(o.fields()[3].style, Style::Simple);
        assert_eq!(o.fields()[0].location, Location::Query);
        let copy = o.clone();
        assert!(codec::shape_eq(&o, &copy));
        assert!(format!("{o:?}").starts_with("Node { name: Some(\"a\"), size: Some(3)"));
    }

    #[test]
    fn input_is_strict_and_checks_values() {
        let def = node();
        let mut o = Object::new(def);
        let err = codec::decode_into(r#"{"Nmae":"a"}"#, &mut o).unwrap_err();
        assert!(err.to_string().contains("did you mean `Name`"), "{err}");
        let mut o = Object::new(def);
        let err = codec::decode_into(r#"{"Size":3000000000}"#, &mut o).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
        let mut o = Object::new(def);
        codec::decode_into(r#"{"Children":"x,y"}"#, &mut o).unwrap_err();
        let mut o = Object::new(def);
        codec::decode_into(r#"{"Children":""}"#, &mut o).unwrap();
        assert!(o.slot(3).unwrap().view().is_none());
    }

    #[test]
    fn assign_copies_only_the_same_kind() {
        let def = node();
        let mut a = Object::new(def);
        codec::decode_into(r#"{"Name":"a"}"#, &mut a).unwrap();
        let mut b = Object::new(def);
        codec::clone_fields(&a, &mut b);
        assert!(codec::shape_eq(&a, &b));
        let mut text = FieldValue {
            kind: leak(Kind::Text),
            value: None,
        };
        let number = FieldValue {
            kind: leak(Kind::I64),
            value: Some(Value::Int(1)),
        };
        text.assign(&number);
        assert!(text.value.is_none());
    }
}
