//! Emits a product's module file (service description, product client, re-exports) and its shared
//! types file.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident, inner_doc};
use super::enums::emit_enum;
use super::shapes::{emit_setters, emit_struct};
use crate::ir::Product;

/// `src/<product>/mod.rs`.
pub fn emit_module(p: &Product) -> TokenStream {
    let module_doc = inner_doc(&p.doc);
    let code = &p.code;
    let module = &p.module;
    let version = &p.version;
    let regions = p.regional.iter().map(|(r, _)| r);
    let hosts = p.regional.iter().map(|(_, h)| h);
    let some = |h: &Option<String>| match h {
        Some(f) => quote!(::core::option::Option::Some(#f)),
        None => quote!(::core::option::Option::None),
    };
    let (fallback, global) = (some(&p.fallback), some(&p.global));
    let signing = ident(if p.log_signature { "Log" } else { "Acs" });
    let mods = p.operations.iter().map(|o| ident(&o.module));
    let exports = p.operations.iter().map(|o| {
        let m = ident(&o.module);
        let (i, out, b) = (ident(&o.input), ident(&o.output.name), ident(&o.builder));
        let errors = (!o.errors.is_empty()).then(|| ident(&o.error_enum));
        let errors = errors.iter();
        quote! { pub use #m::{#i, #out, #b #(, #errors)*}; }
    });
    let methods = p.operations.iter().map(|o| {
        let docs = doc(&o.doc);
        let m = ident(&o.method);
        let b = ident(&o.builder);
        let deprecated = o
            .deprecated
            .as_ref()
            .map(|note| quote!(#[deprecated(note = #note)]));
        quote! {
            #docs
            #deprecated
            pub fn #m(&self) -> #b {
                #b::new(self.handle.clone())
            }
        }
    });
    let inputs = p.operations.iter().map(|o| {
        let m = ident(&o.module);
        let i = ident(&o.input);
        quote!(<#m::#i as ::acs_runtime::Operation>::INFO)
    });
    let client_doc = doc(&format!(
        "Client for the {code} operations. Cheap to clone: clones share the connection pool and credentials."
    ));
    quote! {
        #module_doc

        #(pub mod #mods;)*
        pub mod types;

        #(#exports)*
        pub use types::*;

        /// Product code, API version and endpoint rules, as the runtime needs them.
        pub const SERVICE: ::acs_runtime::Service = ::acs_runtime::Service {
            module: #module,
            product: #code,
            version: #version,
            endpoints: ::acs_runtime::EndpointRules {
                regional: &[#((#regions, #hosts)),*],
                fallback: #fallback,
                global: #global,
            },
            signing: ::acs_runtime::Signing::#signing,
        };

        /// Every operation of the product, sorted by action: what the crate's registry lists.
        pub static OPERATIONS: &[&::acs_runtime::OperationInfo] = &[#(#inputs),*];

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: ::acs_runtime::Client,
        }

        impl Client {
            /// Wraps a configured runtime client.
            pub fn new(handle: ::acs_runtime::Client) -> Self {
                Self { handle }
            }

            #(#methods)*
        }
    }
}

/// `src/<product>/types.rs`: the shapes and enums shared by the product's operations.
pub fn emit_types(p: &Product) -> TokenStream {
    let module_doc = inner_doc(&format!(
        "Object types and enums of the {} operations.",
        p.code
    ));
    let structs = p.structs.iter().map(|s| {
        let fields: Vec<&crate::ir::Field> = s.fields.iter().collect();
        let prefix = TokenStream::new();
        let item = emit_struct(&s.name, &s.doc, &fields, &prefix);
        let setters = s.sent.then(|| emit_setters(&s.name, &fields, &prefix));
        quote! { #item #setters }
    });
    let enums = p.enums.iter().map(emit_enum);
    quote! {
        #module_doc
        #(#structs)*
        #(#enums)*
    }
}
