//! Emits object types: one struct per shape, input or output, every field optional, with its field
//! table and index accessors (`acs_runtime::codec::Shape`). Decoding, encoding, flattening and checking
//! are the runtime's, driven by the table, so each type costs a table and two `match`es.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, field_entry, ident, option, rust_type};
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
    let shape = emit_shape_impl(&name, fields);
    quote! {
        #docs
        #[derive(Clone, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }

        #shape

        ::acs_runtime::shape_impls!(#name);
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

/// `impl Shape`: the field table and the index accessors.
fn emit_shape_impl(name: &proc_macro2::Ident, fields: &[&Field]) -> TokenStream {
    let entries = fields.iter().map(|f| field_entry(f));
    let indexes = (0..fields.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let indexes: Vec<_> = indexes.collect();
    let idents: Vec<_> = fields.iter().map(|f| ident(&f.rust_name)).collect();
    // Reading a deprecated field is not a use the caller made.
    let allow = fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    let (slot, slot_mut) = if fields.is_empty() {
        (
            quote!(let _ = index; ::core::option::Option::None),
            quote!(let _ = index; ::core::option::Option::None),
        )
    } else {
        (
            quote! {
                ::core::option::Option::Some(match index {
                    #( #indexes => &self.#idents, )*
                    _ => return ::core::option::Option::None,
                })
            },
            quote! {
                ::core::option::Option::Some(match index {
                    #( #indexes => &mut self.#idents, )*
                    _ => return ::core::option::Option::None,
                })
            },
        )
    };
    quote! {
        #allow
        impl ::acs_runtime::codec::Shape for #name {
            fn fields(&self) -> &'static [::acs_runtime::codec::Field] {
                const FIELDS: &[::acs_runtime::codec::Field] = &[#(#entries),*];
                FIELDS
            }

            fn slot(&self, index: usize) -> ::core::option::Option<&dyn ::acs_runtime::codec::Slot> {
                #slot
            }

            fn slot_mut(&mut self, index: usize) -> ::core::option::Option<&mut dyn ::acs_runtime::codec::Slot> {
                #slot_mut
            }
        }
    }
}
