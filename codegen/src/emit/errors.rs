//! Emits an operation's documented error codes: an enum with one variant per code, the codes as
//! constants, and `is_*` helpers that answer straight from a runtime `Error`.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident};
use crate::ir::{Operation, docs};

/// The `<Action>ErrorCode` enum; nothing when the page documents no error.
pub fn emit_error_codes(op: &Operation) -> TokenStream {
    if op.errors.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&op.error_enum);
    let enum_doc = doc(&format!(
        "The error codes documented for {}. Any other code is kept in `Unknown`.",
        docs::code(&op.action)
    ));
    let variants: Vec<_> = op.errors.iter().map(|e| ident(&e.variant)).collect();
    let variant_docs = op.errors.iter().map(|e| doc(&e.doc));
    let constants: Vec<_> = op.errors.iter().map(|e| ident(&e.constant)).collect();
    let codes: Vec<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
    let statuses: Vec<u16> = op.errors.iter().map(|e| e.status).collect();
    let constant_docs = op
        .errors
        .iter()
        .map(|e| doc(&format!("The code {}.", docs::code(&e.code))));
    let checks = op.errors.iter().map(|e| {
        let method = ident(&e.method);
        let constant = ident(&e.constant);
        let docs = doc(&format!(
            "Whether `error` is a service error with code {}.",
            docs::code(&e.code)
        ));
        quote! {
            #docs
            pub fn #method(error: &::acs_runtime::Error) -> bool {
                error.code() == ::core::option::Option::Some(Self::#constant)
            }
        }
    });
    quote! {
        #enum_doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A code the documentation does not list, kept as received.
            Unknown(::std::string::String),
        }

        impl #name {
            #( #constant_docs pub const #constants: &'static str = #codes; )*

            /// The variant for a code.
            pub fn from_code(code: &str) -> Self {
                match code {
                    #( #codes => Self::#variants, )*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }

            /// The code of a service error, if `error` is one.
            pub fn from_error(error: &::acs_runtime::Error) -> ::core::option::Option<Self> {
                error.code().map(Self::from_code)
            }

            /// The code as the service sends it.
            pub fn code(&self) -> &str {
                match self {
                    #( Self::#variants => #codes, )*
                    Self::Unknown(code) => code,
                }
            }

            /// The HTTP status the documentation gives for this code.
            pub fn documented_status(&self) -> ::core::option::Option<u16> {
                match self {
                    #( Self::#variants => ::core::option::Option::Some(#statuses), )*
                    Self::Unknown(_) => ::core::option::Option::None,
                }
            }

            #(#checks)*
        }
    }
}
