//! Token helpers shared by the emitters: doc attributes, identifiers, Rust types and field tables.
//!
//! Generated code names every standard type by its full path (`::std::string::String`,
//! `::core::option::Option`), so a spec's shape called `String` or `Option` cannot shadow it.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Field, Location, Style, TimestampFormat, Type};

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
    // The IR's doc text is already clean; this keeps any text that bypassed it from breaking a comment.
    crate::ir::docs::clean(text)
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}

/// An identifier; `r#name` becomes a raw identifier. Names were made legal by the IR.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `::core::option::Option<#inner>`.
pub fn option(inner: TokenStream) -> TokenStream {
    quote!(::core::option::Option<#inner>)
}

/// The Rust type of a field, with `prefix` (such as `super::types::`) before product types.
pub fn rust_type(ty: &Type, prefix: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(::std::string::String),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        Type::Bool => quote!(bool),
        Type::Timestamp(_) => quote!(::acs_runtime::Timestamp),
        Type::List(inner) => {
            let inner = rust_type(inner, prefix);
            quote!(::std::vec::Vec<#inner>)
        }
        Type::Struct(name) | Type::Enum(name) => {
            let name = ident(name);
            quote!(#prefix #name)
        }
        Type::Json(inner) => {
            let inner = rust_type(inner, prefix);
            quote!(::acs_runtime::JsonString<#inner>)
        }
        Type::Map(inner) => {
            let inner = rust_type(inner, prefix);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        Type::Any => quote!(::acs_runtime::serde_json::Value),
        Type::Boxed(inner) => {
            let inner = rust_type(inner, prefix);
            quote!(::std::boxed::Box<#inner>)
        }
    }
}

/// The timestamp format a field's values are written in, if it holds timestamps.
fn timestamp_format(ty: &Type) -> Option<TimestampFormat> {
    match ty {
        Type::Timestamp(f) => Some(*f),
        Type::List(inner) | Type::Map(inner) | Type::Boxed(inner) => timestamp_format(inner),
        _ => None,
    }
}

fn some_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn some_u32(v: Option<u32>) -> TokenStream {
    match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// The field's entry in its type's field table: `Field::new("Wire", "rust")` and its modifiers.
pub fn field_entry(f: &Field) -> TokenStream {
    let wire = &f.wire_name;
    let rust = crate::ir::names::unraw(&f.rust_name);
    let mut entry = quote!(::acs_runtime::codec::Field::new(#wire, #rust));
    if let Some(format) = timestamp_format(&f.ty) {
        let format = ident(match format {
            TimestampFormat::EpochMillis => "EpochMillis",
            TimestampFormat::EpochSeconds => "EpochSeconds",
            TimestampFormat::Iso8601 => "Iso8601",
        });
        entry = quote!(#entry.hint(::acs_runtime::codec::Hint::Timestamp(::acs_runtime::TimestampFormat::#format)));
    }
    if f.required {
        entry = quote!(#entry.required());
    }
    match f.style {
        Style::Flat => {}
        Style::Json => entry = quote!(#entry.style(::acs_runtime::codec::Style::Json)),
        Style::Simple => entry = quote!(#entry.style(::acs_runtime::codec::Style::Simple)),
    }
    if f.location == Location::Form {
        entry = quote!(#entry.form());
    }
    if !f.limits.is_empty() {
        let l = &f.limits;
        let (min, max) = (some_f64(l.min), some_f64(l.max));
        let (min_length, max_length) = (some_u32(l.min_length), some_u32(l.max_length));
        let (min_items, max_items) = (some_u32(l.min_items), some_u32(l.max_items));
        entry = quote!(#entry.limits(&::acs_runtime::codec::Limits {
            min: #min, max: #max, min_length: #min_length, max_length: #max_length,
            min_items: #min_items, max_items: #max_items,
        }));
    }
    if f.idempotency_token {
        entry = quote!(#entry.idempotency_token());
    }
    entry
}
