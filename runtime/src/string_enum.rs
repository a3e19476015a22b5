//! The conversions every generated string enum needs, written once here instead of in every enum, and
//! [`shape!`](crate::shape), everything a generated object type implements, from its field table.
//!
//! A generated enum defines its variants, `as_str()` and `From<&str>` (the parts that differ per enum);
//! [`string_enum_impls!`](crate::string_enum_impls) adds text and wire conversions built on those two, so
//! a value round-trips unchanged whether it is documented or kept in `Unknown`.

/// Implements `From<String>`, `FromStr`, `AsRef<str>`, `Display` and [`Wire`](crate::codec::Wire)
/// (lenient: numbers and booleans are read as their text) for an enum that has `fn as_str(&self) -> &str`
/// and `impl From<&str>`.
#[macro_export]
macro_rules! string_enum_impls {
    ($name:ident) => {
        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(value))
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::codec::Wire for $name {
            fn decode(
                r: &mut $crate::codec::Reader<'_>,
                hint: $crate::codec::Hint,
            ) -> ::core::result::Result<::core::option::Option<Self>, $crate::DecodeError> {
                <::std::string::String as $crate::codec::Wire>::decode(r, hint)
                    .map(|v| v.map(|s| Self::from(s.as_str())))
            }

            fn view(&self) -> $crate::codec::View<'_> {
                $crate::codec::View::Str(self.as_str())
            }
        }
    };
}

/// Everything a generated object type implements beyond its struct and derives, from one compact table:
/// [`Shape`](crate::codec::Shape) (the field table and index accessors), [`Wire`](crate::codec::Wire)
/// (decoded by [`decode_shape`](crate::codec::decode_shape), viewed as itself), and `Debug` and
/// `PartialEq` through the table ([`debug_shape`](crate::codec::debug_shape),
/// [`shape_eq`](crate::codec::shape_eq)).
///
/// ```ignore
/// acs_runtime::shape!(Tag, key("Key", required, max_length(128)), value("Value"));
/// ```
///
/// Each entry is a field, its wire name, and the [`Field`](crate::codec::Field) builder methods that
/// describe it. One macro call instead of per-field derive output keeps generated code small, which is
/// what lets a thousand operations compile quickly; the generator writes a table, not code.
#[macro_export]
macro_rules! shape {
    ($name:ident $(, $field:ident ($wire:literal $(, $m:ident $(($($arg:tt)*))?)*))* $(,)?) => {
        #[allow(deprecated)]
        impl $crate::codec::Shape for $name {
            fn fields(&self) -> &'static [$crate::codec::Field] {
                const FIELDS: &[$crate::codec::Field] = &[$(
                    $crate::codec::Field::new($wire, $crate::codec::unraw(::core::stringify!($field)))
                        $(.$m($($($arg)*)?))*
                ),*];
                FIELDS
            }

            fn slot(&self, index: usize) -> ::core::option::Option<&dyn $crate::codec::Slot> {
                let mut _i = index;
                $(
                    if _i == 0 {
                        return ::core::option::Option::Some(&self.$field);
                    }
                    _i -= 1;
                )*
                ::core::option::Option::None
            }

            fn slot_mut(
                &mut self,
                index: usize,
            ) -> ::core::option::Option<&mut dyn $crate::codec::Slot> {
                let mut _i = index;
                $(
                    if _i == 0 {
                        return ::core::option::Option::Some(&mut self.$field);
                    }
                    _i -= 1;
                )*
                ::core::option::Option::None
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

        impl $crate::codec::Wire for $name {
            fn decode(
                r: &mut $crate::codec::Reader<'_>,
                _: $crate::codec::Hint,
            ) -> ::core::result::Result<::core::option::Option<Self>, $crate::DecodeError> {
                $crate::codec::decode_shape(r)
            }

            fn view(&self) -> $crate::codec::View<'_> {
                $crate::codec::View::Shape(self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::codec::{Wire, from_json, to_json};

    #[derive(Debug, PartialEq)]
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
        assert_eq!("red".parse::<Color>(), Ok(Color::Red));
        assert_eq!(
            Color::from("blue".to_owned()),
            Color::Unknown("blue".to_owned())
        );
        assert_eq!(Color::Red.to_string(), "red");
        assert_eq!(Color::Red.as_ref(), "red");
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
