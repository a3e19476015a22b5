//! Emits string enums: documented variants, an `Unknown(String)` that keeps anything else, `as_str` and
//! `From<&str>`; the runtime's `string_enum_impls!` adds the conversions (text, serde, query) built on them.

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
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the documentation does not list, kept exactly as received.
            Unknown(::std::string::String),
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

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        ::acs_runtime::string_enum_impls!(#name);
    }
}
