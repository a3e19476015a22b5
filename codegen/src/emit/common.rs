//! Token helpers shared by the emitters: doc attributes, identifiers, Rust types and field tables.
//!
//! Generated code names every standard type by its full path (`::std::string::String`,
//! `::core::option::Option`), so a spec's shape called `String` or `Option` cannot shadow it.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Field, Location, Style, TimestampFormat, Type};

/// `#[doc = " line"]` per line, so prettyplease prints `///` comments. `quote!` turns the text into
/// string literals: nothing in it can close a comment or become code.
///
/// The attributes go through the formatter as one short placeholder per block (see
/// [`super::format::render`]): doc text is most of the generated lines, and parsing and printing it line
/// by line was most of the generator's time.
pub fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    if lines.is_empty() {
        return TokenStream::new();
    }
    let placeholder = super::format::doc_placeholder(lines);
    quote! { #[doc = #placeholder] }
}

/// Inner `#![doc = " line"]` attributes, printed as `//!` module docs (through a placeholder, as
/// [`doc`]).
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    if lines.is_empty() {
        return TokenStream::new();
    }
    let placeholder = super::format::doc_placeholder(lines);
    quote! { #![doc = #placeholder] }
}

pub(super) fn doc_lines(text: &str) -> Vec<String> {
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

/// The modifiers of a field's line in its type's table (`required`, `millis`, `json`, `form`, `token`,
/// `max_length=64`, ...): the runtime's `codec::parse_fields` reads them.
pub fn field_modifiers(f: &Field) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(format) = timestamp_format(&f.ty) {
        out.push(
            match format {
                TimestampFormat::EpochMillis => "millis",
                TimestampFormat::EpochSeconds => "seconds",
                TimestampFormat::Iso8601 => "iso8601",
            }
            .to_owned(),
        );
    }
    if f.required {
        out.push("required".to_owned());
    }
    match f.style {
        Style::Flat => {}
        Style::Json => out.push("json".to_owned()),
        Style::Simple => out.push("simple".to_owned()),
    }
    match f.location {
        Location::Query => {}
        Location::Form => out.push("form".to_owned()),
        Location::Path => out.push("path".to_owned()),
        Location::Header => out.push("header".to_owned()),
        Location::Host => out.push("host".to_owned()),
        Location::Body => out.push("body".to_owned()),
    }
    let l = &f.limits;
    for (name, v) in [("min", l.min), ("max", l.max)] {
        if let Some(v) = v {
            out.push(format!("{name}={v}"));
        }
    }
    for (name, v) in [
        ("min_length", l.min_length),
        ("max_length", l.max_length),
        ("min_items", l.min_items),
        ("max_items", l.max_items),
    ] {
        if let Some(v) = v {
            out.push(format!("{name}={v}"));
        }
    }
    if f.idempotency_token {
        out.push("token".to_owned());
    }
    out
}
