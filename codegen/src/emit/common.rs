//! Token helpers shared by the emitters: doc attributes, identifiers and Rust types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{TimestampFormat, Type};

/// `#[doc = " line"]` per line, so prettyplease prints `///` comments. `quote!` turns the text into
/// string literals: nothing in it can close a comment or become code.
pub fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Inner `#![doc = " line"]` attributes, printed as `//!` module docs.
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}

/// An identifier; names were checked by validation, so this never sees a keyword.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of a field, with `prefix` (such as `super::types::`) before product types.
pub fn rust_type(ty: &Type, prefix: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        Type::Bool => quote!(bool),
        Type::Timestamp(_) => quote!(acs_runtime::Timestamp),
        Type::List(inner) => {
            let inner = rust_type(inner, prefix);
            quote!(Vec<#inner>)
        }
        Type::Struct(name) | Type::Enum(name) => {
            let name = ident(name);
            quote!(#prefix #name)
        }
        Type::Json(inner) => {
            let inner = rust_type(inner, prefix);
            quote!(acs_runtime::JsonString<#inner>)
        }
    }
}

/// The runtime function that decodes a field leniently, if its type needs one.
pub fn deserialize_with(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::String | Type::I32 | Type::I64 | Type::F64 | Type::Bool => {
            Some("acs_runtime::serde_helpers::lenient::deserialize")
        }
        Type::Timestamp(TimestampFormat::EpochMillis) => {
            Some("acs_runtime::serde_helpers::epoch_millis::deserialize")
        }
        Type::Timestamp(TimestampFormat::EpochSeconds) => {
            Some("acs_runtime::serde_helpers::epoch_seconds::deserialize")
        }
        Type::Timestamp(TimestampFormat::Iso8601) => {
            Some("acs_runtime::serde_helpers::iso8601::deserialize")
        }
        Type::List(_) | Type::Struct(_) | Type::Enum(_) | Type::Json(_) => None,
    }
}
