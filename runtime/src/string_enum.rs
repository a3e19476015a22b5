//! The conversions every generated string enum needs, written once here instead of in every enum.
//!
//! A generated enum defines its variants, `as_str()` and `From<&str>` (the parts that differ per enum);
//! [`string_enum_impls!`](crate::string_enum_impls) adds text, serde and query conversions built on those
//! two, so a value round-trips unchanged whether it is documented or kept in `Unknown`.

/// Implements `From<String>`, `FromStr`, `AsRef<str>`, `Display`, serde's `Serialize` and `Deserialize`
/// (lenient: numbers are read as their text) and [`QueryValue`](crate::QueryValue) for an enum that has
/// `fn as_str(&self) -> &str` and `impl From<&str>`.
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

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::serde_helpers::string_enum(deserializer).map(Self::from)
            }
        }

        impl $crate::QueryValue for $name {
            fn to_query_value(&self) -> ::std::string::String {
                self.as_str().to_owned()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::QueryValue;

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
        assert_eq!(Color::Unknown("9".into()).to_query_value(), "9");
        let decoded: Vec<Color> = serde_json::from_str(r#"["red", "blue", 7]"#).expect("decode");
        assert_eq!(
            decoded,
            [
                Color::Red,
                Color::Unknown("blue".into()),
                Color::Unknown("7".into())
            ]
        );
        assert_eq!(
            serde_json::to_string(&decoded).expect("encode"),
            r#"["red","blue","7"]"#
        );
    }
}
