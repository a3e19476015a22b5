//! Emits string enums: documented variants, an `Unknown(String)` that keeps anything else, and the
//! conversions (text, serde, query) that round-trip a value unchanged.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident};
use crate::ir::Enum;

/// One enum with its impls.
pub fn emit_enum(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc(&e.doc);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = e.variants.iter().map(|v| doc(&v.doc));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the documentation does not list, kept exactly as received.
            Unknown(String),
        }

        impl #name {
            /// Every documented wire value, in documentation order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                acs_runtime::serde_helpers::string_enum(deserializer).map(Self::from)
            }
        }

        impl acs_runtime::QueryValue for #name {
            fn to_query_value(&self) -> String {
                self.as_str().to_owned()
            }
        }
    }
}
