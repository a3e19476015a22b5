//! The conversions every generated string enum needs, written once here instead of in every enum, and
//! [`shape!`](crate::shape), everything a generated object type implements, from its field table.
//!
//! A generated enum defines its variants, `as_str()` and `From<&str>` (the parts that differ per enum);
//! [`string_enum_impls!`](crate::string_enum_impls) adds text and wire conversions built on those two, so
//! a value round-trips unchanged whether it is documented or kept in `Unknown`.

/// Implements `From<String>`, `Clone`, `Display`, `Debug`, `PartialEq`, `Eq`, `Hash` and
/// [`Wire`](crate::codec::Wire) (lenient: numbers and booleans are read as their text) for an enum that
/// has `fn as_str(&self) -> &str` and `impl From<&str>`. Equality, hashing and `Debug` go through the wire
/// value: two values are equal when they are the same text, documented or not.
#[macro_export]
macro_rules! string_enum_impls {
    ($name:ident) => {
        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::core::clone::Clone for $name {
            fn clone(&self) -> Self {
                Self::from(self.as_str())
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple(::core::stringify!($name))
                    .field(&self.as_str())
                    .finish()
            }
        }

        impl ::core::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::core::cmp::Eq for $name {}

        impl ::core::hash::Hash for $name {
            fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl $crate::codec::Wire for $name {
            fn decode(
                r: &mut $crate::codec::Reader<'_>,
                hint: $crate::codec::Hint,
            ) -> ::core::result::Result<::core::option::Option<Self>, $crate::DecodeError> {
                $crate::codec::decode_enum(r, hint)
            }

            fn view(&self) -> $crate::codec::View<'_> {
                $crate::codec::View::Str(self.as_str())
            }
        }
    };
}

/// The impls every generated error-code enum shares, for an enum that has `fn from_code(&str) -> Self`,
/// `fn code(&self) -> &str` and `const CODES: &[(&str, u16)]` (each documented code and its HTTP status):
/// `from_error`, `documented_status`, `matches`, `Display`, `Debug`, `PartialEq`, `Eq` and `Hash`, all
/// through the code.
#[macro_export]
macro_rules! error_code_impls {
    ($name:ident) => {
        impl $name {
            /// The code of a service error, if `error` is one.
            pub fn from_error(error: &$crate::Error) -> ::core::option::Option<Self> {
                error.code().map(Self::from_code)
            }

            /// The HTTP status the documentation gives for this code.
            pub fn documented_status(&self) -> ::core::option::Option<u16> {
                $crate::codec::documented_status(Self::CODES, self.code())
            }

            /// Whether `error` is a service error with this code.
            pub fn matches(&self, error: &$crate::Error) -> bool {
                error.code() == ::core::option::Option::Some(self.code())
            }
        }

        impl ::core::clone::Clone for $name {
            fn clone(&self) -> Self {
                Self::from_code(self.code())
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple(::core::stringify!($name))
                    .field(&self.code())
                    .finish()
            }
        }

        impl ::core::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.code() == other.code()
            }
        }

        impl ::core::cmp::Eq for $name {}

        impl ::core::hash::Hash for $name {
            fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                self.code().hash(state)
            }
        }
    };
}

/// Everything a generated object type implements beyond its struct, from one compact table:
/// [`Shape`](crate::codec::Shape) (the field table and the fields in table order), and with it
/// [`Wire`](crate::codec::Wire) (the blanket impl), `Default`, `Clone` (through
/// [`clone_fields`](crate::codec::clone_fields)), `Debug` and `PartialEq` (through
/// [`debug_shape`](crate::codec::debug_shape) and [`shape_eq`](crate::codec::shape_eq)).
///
/// ```ignore
/// acs_runtime::shape!(Tag, "Key key required max_length=128\nValue value", [key, value]);
/// ```
///
/// The table has one line per field: its wire name, its Rust name and the modifiers that describe it
/// (see [`parse_fields`](crate::codec::parse_fields)); the list names the struct's fields in the same
/// order. One macro call instead of per-field derive output keeps generated code small, which is what
/// lets a thousand operations compile quickly; the generator writes a table, not code.
#[macro_export]
macro_rules! shape {
    ($name:ident, $table:literal, []) => {
        impl $crate::codec::Shape for $name {
            fn fields(&self) -> &'static [$crate::codec::Field] {
                &[]
            }

            fn slots<'s>(&'s self, f: &mut dyn ::core::ops::FnMut(&[&'s dyn $crate::codec::Slot])) {
                f(&[])
            }

            fn slots_mut(&mut self, f: &mut dyn ::core::ops::FnMut(&mut [&mut dyn $crate::codec::Slot])) {
                f(&mut [])
            }
        }

        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self {}
            }
        }

        impl ::core::clone::Clone for $name {
            fn clone(&self) -> Self {
                Self {}
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(::core::stringify!($name))
            }
        }

        impl ::core::cmp::PartialEq for $name {
            fn eq(&self, _: &Self) -> bool {
                true
            }
        }
    };
    ($name:ident, $table:literal, [$($field:ident),* $(,)?]) => {
        #[allow(deprecated)]
        impl $crate::codec::Shape for $name {
            fn fields(&self) -> &'static [$crate::codec::Field] {
                static FIELDS: $crate::codec::FieldsCell = $crate::codec::FieldsCell::NEW;
                $crate::codec::fields_of(&FIELDS, $table)
            }

            fn slots<'s>(&'s self, f: &mut dyn ::core::ops::FnMut(&[&'s dyn $crate::codec::Slot])) {
                f(&[$(&self.$field),*])
            }

            fn slots_mut(&mut self, f: &mut dyn ::core::ops::FnMut(&mut [&mut dyn $crate::codec::Slot])) {
                f(&mut [$(&mut self.$field),*])
            }
        }

        #[allow(deprecated)]
        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self { $($field: ::core::option::Option::None),* }
            }
        }

        impl ::core::clone::Clone for $name {
            fn clone(&self) -> Self {
                let mut out = <Self as ::core::default::Default>::default();
                $crate::codec::clone_fields(self, &mut out);
                out
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::codec::debug_shape(::core::stringify!($name), self, f)
            }
        }

        impl ::core::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                $crate::codec::shape_eq(self, other)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::codec::{Wire, from_json, to_json};

    enum Color {
        Red,
        Unknown(String),
    }

    impl Color {
        fn as_str(&self) -> &str {
            match self {
                Color::Red => "red",
                Color::Unknown(v) => v,
            }
        }
    }

    impl From<&str> for Color {
        fn from(v: &str) -> Self {
            match v {
                "red" => Color::Red,
                other => Color::Unknown(other.to_owned()),
            }
        }
    }

    crate::string_enum_impls!(Color);

    #[test]
    fn every_conversion_round_trips() {
        assert_eq!(
            Color::from("blue".to_owned()),
            Color::Unknown("blue".to_owned())
        );
        assert_eq!(Color::Red.to_string(), "red");
        assert_eq!(format!("{:?}", Color::Red), r#"Color("red")"#);
        assert_eq!(Color::Unknown("red".into()), Color::Red);
        let decoded: Vec<Color> = from_json(r#"["red", "blue", 7]"#).unwrap().unwrap();
        assert_eq!(
            decoded,
            [
                Color::Red,
                Color::Unknown("blue".into()),
                Color::Unknown("7".into())
            ]
        );
        assert_eq!(to_json(decoded.view()), r#"["red","blue","7"]"#);
    }
}
