//! Emits object types: one struct per shape or output, every field optional (missing fields take the
//! container default) and leniently decoded.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{deserialize_with, doc, ident, rust_type};
use crate::ir::Struct;

/// A response struct. `prefix` is the path to the product's types from where the struct is emitted.
pub fn emit_struct(s: &Struct, prefix: &TokenStream) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc(&s.doc);
    let fields = s.fields.iter().map(|f| {
        let docs = doc(&f.doc);
        let field = ident(&f.rust_name);
        let ty = rust_type(&f.ty, prefix);
        let wire = &f.wire_name;
        let with = deserialize_with(&f.ty).map(|path| quote!(, deserialize_with = #path));
        let deprecated = f
            .deprecated
            .as_ref()
            .map(|note| quote!(#[deprecated(note = #note)]));
        quote! {
            #docs
            #deprecated
            #[serde(rename = #wire, skip_serializing_if = "Option::is_none" #with)]
            pub #field: Option<#ty>,
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
        #[serde(default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}
