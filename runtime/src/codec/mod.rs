//! The codec: how generated types turn into JSON, request parameters and validation problems, and back,
//! with no serde derive in generated code.
//!
//! Generated code describes each object type with data, not code: a static table of [`Field`]s (wire
//! name, Rust name, wire form, request rules) and an index-to-field accessor ([`Shape::slot`]). Everything
//! that walks a value — decoding a body ([`Reader`]), writing JSON ([`to_json`]), flattening request
//! parameters ([`flatten`]), checking documented limits ([`check`]) — is written once here, over
//! [`View`]s and [`Slot`]s, and shared by every operation. That keeps per-operation code small, which is
//! what lets a thousand operations compile quickly.
//!
//! Decoding is lenient where services are sloppy (numbers sent as strings, `""` for "no value"; see
//! [`Wire`]'s implementations) and strict where guessing would lose information (fractional or
//! out-of-range integers).

mod check;
mod compare;
mod containers;
mod error;
mod flatten;
mod names;
mod reader;
mod scalars;
mod table;
#[cfg(test)]
pub(crate) mod test_types;
#[cfg(test)]
mod tests;
mod writer;

pub use check::{Rule, RuleKind, check};
pub use compare::{debug_shape, shape_eq};
pub use containers::{
    Envelope, decode_list, decode_map, decode_object, decode_shape, decode_with_envelope,
};
pub use error::DecodeError;
pub use flatten::{Params, flatten};
pub use names::closest;
pub use reader::{MAX_DEPTH, Reader, Token};
pub use scalars::{decode_enum, documented_status};
pub use table::{FieldsCell, fields_of, parse_field, parse_fields};
pub use writer::{to_json, write_json};

use crate::timestamp::TimestampFormat;

/// What a field's type alone does not say about its wire form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hint {
    /// Nothing to add.
    #[default]
    None,
    /// A [`Timestamp`](crate::Timestamp) in this format.
    Timestamp(TimestampFormat),
}

/// How a request parameter that holds a list or an object is put on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// Dotted and 1-based (`Tag.1.Key=k`, `Id.2=b`); scalars as they are. Alibaba's `repeatList` and `flat`.
    #[default]
    Flat,
    /// One parameter holding compact JSON (`Ids=[1,2]`).
    Json,
    /// One parameter holding the items joined with commas (`Types=a,b`).
    Simple,
}

/// Where a request parameter travels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Location {
    /// In the query string.
    #[default]
    Query,
    /// In an `application/x-www-form-urlencoded` body.
    Form,
    /// RESTful: in place of `{Name}` in the path, percent-encoded whole.
    Path,
    /// RESTful: an HTTP header of the parameter's name; in a response, a header read into the field.
    Header,
    /// RESTful: the first label of the host name (`{project}.<endpoint>`).
    Host,
    /// RESTful: the whole body, as compact JSON (a string as its text); in a response, the whole body.
    Body,
}

/// Documented limits of a request value, checked before sending. Compact (absent bounds are NaN or
/// `u32::MAX`) because every field of every generated type carries one in its static table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    min: f64,
    max: f64,
    min_length: u32,
    max_length: u32,
    min_items: u32,
    max_items: u32,
}

const NO_COUNT: u32 = u32::MAX;

fn count(v: u32) -> Option<u32> {
    (v != NO_COUNT).then_some(v)
}

impl Limits {
    /// No limits.
    pub const NONE: Limits = Limits {
        min: f64::NAN,
        max: f64::NAN,
        min_length: NO_COUNT,
        max_length: NO_COUNT,
        min_items: NO_COUNT,
        max_items: NO_COUNT,
    };

    /// The smallest number.
    pub fn min(&self) -> Option<f64> {
        (!self.min.is_nan()).then_some(self.min)
    }

    /// The largest number.
    pub fn max(&self) -> Option<f64> {
        (!self.max.is_nan()).then_some(self.max)
    }

    /// The fewest characters.
    pub fn min_length(&self) -> Option<u32> {
        count(self.min_length)
    }

    /// The most characters.
    pub fn max_length(&self) -> Option<u32> {
        count(self.max_length)
    }

    /// The fewest items.
    pub fn min_items(&self) -> Option<u32> {
        count(self.min_items)
    }

    /// The most items.
    pub fn max_items(&self) -> Option<u32> {
        count(self.max_items)
    }

    /// Whether any bound is set.
    pub fn is_set(&self) -> bool {
        self.min().is_some()
            || self.max().is_some()
            || [
                self.min_length,
                self.max_length,
                self.min_items,
                self.max_items,
            ]
            .iter()
            .any(|c| *c != NO_COUNT)
    }
}

/// One field of an object type: everything generic code needs to know about it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub name: &'static str,
    /// The Rust field name.
    pub rust: &'static str,
    /// The wire form, where the type does not say.
    pub hint: Hint,
    /// A request parameter (or member) that must be given.
    pub required: bool,
    /// How a request parameter is flattened.
    pub style: Style,
    /// Where a request parameter travels.
    pub location: Location,
    /// Documented limits of a request value.
    pub limits: Limits,
    /// A `ClientToken` filled with a random value when left empty.
    pub idempotency_token: bool,
}

impl Field {
    /// A field with no name and nothing set: the base of `Field { name, rust, ..Field::NONE }`, the form
    /// `shape!` writes (a literal costs the compiler less than a call in a constant).
    pub const NONE: Field = Field {
        name: "",
        rust: "",
        hint: Hint::None,
        required: false,
        style: Style::Flat,
        location: Location::Query,
        limits: Limits::NONE,
        idempotency_token: false,
    };

    /// A field with wire name `name` and Rust name `rust`, nothing else set.
    pub const fn new(name: &'static str, rust: &'static str) -> Field {
        Field {
            name,
            rust,
            ..Field::NONE
        }
    }

    /// With a wire-form hint.
    pub const fn hint(mut self, hint: Hint) -> Field {
        self.hint = hint;
        self
    }

    /// Required.
    pub const fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Flattened in `style`.
    pub const fn style(mut self, style: Style) -> Field {
        self.style = style;
        self
    }

    /// Sent in a form body.
    pub const fn form(mut self) -> Field {
        self.location = Location::Form;
        self
    }

    /// With a smallest number.
    pub const fn min(mut self, v: f64) -> Field {
        self.limits.min = v;
        self
    }

    /// With a largest number.
    pub const fn max(mut self, v: f64) -> Field {
        self.limits.max = v;
        self
    }

    /// With a fewest number of characters.
    pub const fn min_length(mut self, v: u32) -> Field {
        self.limits.min_length = v;
        self
    }

    /// With a most number of characters.
    pub const fn max_length(mut self, v: u32) -> Field {
        self.limits.max_length = v;
        self
    }

    /// With a fewest number of items.
    pub const fn min_items(mut self, v: u32) -> Field {
        self.limits.min_items = v;
        self
    }

    /// With a most number of items.
    pub const fn max_items(mut self, v: u32) -> Field {
        self.limits.max_items = v;
        self
    }

    /// Epoch milliseconds (a timestamp hint).
    pub const fn millis(self) -> Field {
        self.hint(Hint::Timestamp(TimestampFormat::EpochMillis))
    }

    /// Epoch seconds (a timestamp hint).
    pub const fn seconds(self) -> Field {
        self.hint(Hint::Timestamp(TimestampFormat::EpochSeconds))
    }

    /// ISO-8601 text (a timestamp hint).
    pub const fn iso8601(self) -> Field {
        self.hint(Hint::Timestamp(TimestampFormat::Iso8601))
    }

    /// Sent as one parameter holding compact JSON.
    pub const fn json(self) -> Field {
        self.style(Style::Json)
    }

    /// Sent as one parameter holding the items joined with commas.
    pub const fn simple(self) -> Field {
        self.style(Style::Simple)
    }

    /// Filled automatically with a random token when left empty.
    pub const fn idempotency_token(mut self) -> Field {
        self.idempotency_token = true;
        self
    }
}

/// A value generic code can read: scalars, lists, maps, objects and arbitrary JSON.
#[derive(Clone, Copy)]
pub enum View<'a> {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A number kept exactly as received.
    Number(&'a serde_json::Number),
    /// Text.
    Str(&'a str),
    /// A list.
    List(&'a dyn Items),
    /// An object with arbitrary keys.
    Map(&'a dyn Entries),
    /// An object of a generated type.
    Shape(&'a dyn Shape),
    /// Arbitrary JSON.
    Json(&'a serde_json::Value),
}

/// The items of a list, for [`View::List`].
pub trait Items {
    /// How many items.
    fn count(&self) -> usize;
    /// The item at `index`.
    fn item(&self, index: usize) -> Option<View<'_>>;
}

/// The entries of a map, for [`View::Map`], in key order.
pub trait Entries {
    /// How many entries.
    fn count(&self) -> usize;
    /// Calls `each` with every key and value.
    fn each(&self, each: &mut dyn FnMut(&str, View<'_>));
}

/// A type that decodes from JSON and can be viewed: scalars, lists, maps, enums and generated objects.
pub trait Wire: Sized + 'static {
    /// Decodes one value. `Ok(None)` means the value stands for "absent": `null`, and `""` where the type
    /// is not text.
    fn decode(r: &mut Reader<'_>, hint: Hint) -> Result<Option<Self>, DecodeError>;

    /// The value, for encoding, flattening and validation.
    fn view(&self) -> View<'_>;
}

/// An object type: its field table and access to each field by index. Object safe, so one copy of the
/// generic code serves every type; `Any`, so a `Box<dyn Shape>` can be turned back into its type; `Debug`
/// (from [`debug_shape`] for generated types), so nested objects print as themselves.
pub trait Shape: std::any::Any + std::fmt::Debug + Send + Sync {
    /// The fields, in declaration order.
    fn fields(&self) -> &'static [Field];

    /// Calls `f` once with every field, in the order of [`Shape::fields`]. A callback rather than a
    /// returned collection so that generated code builds one array on the stack and nothing is
    /// allocated; the references outlive the call, so [`Shape::slot`] can hand one out.
    fn slots<'s>(&'s self, f: &mut dyn FnMut(&[&'s dyn Slot]));

    /// Calls `f` once with every field, mutably, in the order of [`Shape::fields`]: what decoding uses,
    /// one array per object rather than one per member.
    fn slots_mut(&mut self, f: &mut dyn FnMut(&mut [&mut dyn Slot]));

    /// The field at `index` of [`Shape::fields`].
    fn slot(&self, index: usize) -> Option<&dyn Slot> {
        let mut out = None;
        self.slots(&mut |slots| out = slots.get(index).copied());
        out
    }
}

/// One optional field of an object: `Option<T>` for any [`Wire`] type.
pub trait Slot {
    /// Decodes the next value into the field.
    fn decode_into(&mut self, r: &mut Reader<'_>, hint: Hint) -> Result<(), DecodeError>;

    /// The value, if the field is set.
    fn view(&self) -> Option<View<'_>>;

    /// The field, for [`Slot::assign`] to find its type.
    fn as_any(&self) -> &dyn std::any::Any;

    /// Sets this field to a clone of `from`, the same field of another object of the same type; a
    /// field of another type leaves this one unchanged.
    fn assign(&mut self, from: &dyn Slot);
}

impl<T: Wire + Clone> Slot for Option<T> {
    fn decode_into(&mut self, r: &mut Reader<'_>, hint: Hint) -> Result<(), DecodeError> {
        *self = T::decode(r, hint)?;
        Ok(())
    }

    fn view(&self) -> Option<View<'_>> {
        self.as_ref().map(Wire::view)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn assign(&mut self, from: &dyn Slot) {
        if let Some(from) = from.as_any().downcast_ref::<Option<T>>() {
            self.clone_from(from);
        }
    }
}

/// Calls `each` with every field of `shape` and its value (`None` when unset), in table order: the walk
/// every reader of objects shares, one [`Shape::slots`] call per object.
pub fn each_field(shape: &dyn Shape, each: &mut dyn FnMut(&'static Field, Option<View<'_>>)) {
    let fields = shape.fields();
    shape.slots(&mut |slots| {
        for (field, slot) in fields.iter().zip(slots) {
            each(field, slot.view());
        }
    });
}

/// Clones every field of `from` into `to`, an object of the same type: `Clone` of generated types,
/// written once here instead of a derive that expands per field.
pub fn clone_fields(from: &dyn Shape, to: &mut dyn Shape) {
    from.slots(&mut |sources| {
        to.slots_mut(&mut |targets| {
            for (target, source) in targets.iter_mut().zip(sources) {
                target.assign(*source);
            }
        });
    });
}

/// `name` without a raw-identifier prefix (`r#type` → `type`), in constant context: what `shape!` uses
/// to name fields for `Debug`.
pub const fn unraw(name: &'static str) -> &'static str {
    let b = name.as_bytes();
    if b.len() > 2 && b[0] == b'r' && b[1] == b'#' {
        name.split_at(2).1
    } else {
        name
    }
}

/// A new default `T`, boxed: the registry's constructor of inputs and outputs.
pub fn boxed<T: Shape + Default>() -> Box<dyn Shape> {
    Box::new(T::default())
}

/// Decodes a whole JSON object of input by wire name into `out`: what a person or a program wrote, such
/// as a request's parameters (`{"DtsJobId": "..."}`).
///
/// It takes the forms Alibaba's official SDKs take as well as the spec's: a group of parameters
/// documented with dotted names as one object (`{"SourceEndpoint": {"IP": "..."}}` for
/// `SourceEndpoint.IP`), and a comma-joined text for a list sent joined with commas (`"RestoreTaskId":
/// "a,b"`). A key that `out` (or an object inside it) does not declare is an error with its path and the
/// closest names, never dropped: a misspelt parameter must not become a request without it. Responses,
/// which services extend before documenting, are decoded leniently by the client instead.
pub fn decode_into(text: &str, out: &mut dyn Shape) -> Result<(), DecodeError> {
    containers::decode_object_into(text, out)
}

/// Decodes a whole JSON document as `T`; nothing but whitespace may follow it.
pub fn from_json<T: Wire>(text: &str) -> Result<Option<T>, DecodeError> {
    let mut r = Reader::new(text);
    let value = T::decode(&mut r, Hint::None)?;
    r.end()?;
    Ok(value)
}
