//! Emits object types: one struct per shape, input or output, every field optional, and its field table
//! (`acs_runtime::shape!`). Decoding, encoding, flattening, checking, `Debug` and `PartialEq` are the
//! runtime's, driven by the table, so each type costs its struct and one line per field.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, field_modifiers, ident, option, rust_type};
use crate::ir::{Field, Type};

/// A struct with its `Shape` and `Wire` impls. `prefix` is the path to the product's types from where
/// the struct is emitted.
pub fn emit_struct(name: &str, docs: &str, fields: &[&Field], prefix: &TokenStream) -> TokenStream {
    let name = ident(name);
    let docs = doc(docs);
    let members = fields.iter().map(|f| {
        let docs = doc(&f.doc);
        let field = ident(&f.rust_name);
        let ty = option(rust_type(&f.ty, prefix));
        let deprecated = f
            .deprecated
            .as_ref()
            .map(|note| quote!(#[deprecated(note = #note)]));
        quote! {
            #docs
            #deprecated
            pub #field: #ty,
        }
    });
    let table = emit_shape_table(&name, fields);
    quote! {
        #docs
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }

        #table
    }
}

/// Chainable setters for a struct that requests send (`Tag::default().key("k").value("v")`): the
/// struct is `#[non_exhaustive]`, so users cannot write it as a literal.
pub fn emit_setters(name: &str, fields: &[&Field], prefix: &TokenStream) -> TokenStream {
    let name_ident = ident(name);
    let setters = fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let docs = doc(&format!(
            "Sets {}; see the field's documentation.",
            crate::ir::docs::code(&f.wire_name)
        ));
        let allow = f.deprecated.as_ref().map(|_| quote!(#[allow(deprecated)]));
        let (arg, store) = match &f.ty {
            Type::String => (
                quote!(impl ::core::convert::Into<::std::string::String>),
                quote!(value.into()),
            ),
            Type::Enum(e) => {
                let e = ident(e);
                (
                    quote!(impl ::core::convert::Into<#prefix #e>),
                    quote!(value.into()),
                )
            }
            Type::List(inner) => {
                let item = rust_type(inner, prefix);
                (
                    quote!(impl ::core::iter::IntoIterator<Item = #item>),
                    quote!(value.into_iter().collect()),
                )
            }
            Type::Boxed(inner) => (
                rust_type(inner, prefix),
                quote!(::std::boxed::Box::new(value)),
            ),
            other => (rust_type(other, prefix), quote!(value)),
        };
        quote! {
            #docs
            #allow
            pub fn #field(mut self, value: #arg) -> Self {
                self.#field = ::core::option::Option::Some(#store);
                self
            }
        }
    });
    quote! {
        impl #name_ident {
            #(#setters)*
        }
    }
}

/// `::acs_runtime::shape!(Name, "table", [field, ...])`: the field table (one text line per field:
/// wire name, Rust name, modifiers) and the fields in the same order, from which the runtime's macro implements
/// `Shape`, `Default`, `Clone`, `Debug` and `PartialEq`.
fn emit_shape_table(name: &proc_macro2::Ident, fields: &[&Field]) -> TokenStream {
    let table = fields
        .iter()
        .map(|f| {
            let mut line = format!("{} {}", f.wire_name, crate::ir::names::unraw(&f.rust_name));
            for m in field_modifiers(f) {
                line.push(' ');
                line.push_str(&m);
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n");
    let entries = fields.iter().map(|f| ident(&f.rust_name));
    quote! {
        ::acs_runtime::shape!(#name, #table, [#(#entries),*]);
    }
}
