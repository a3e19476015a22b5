//! Emits an operation's documented error codes: an enum with one variant per code (and `Unknown` for
//! the rest), the codes with their HTTP statuses as a table, and the two matches that differ per enum;
//! the runtime's `error_code_impls!` adds the rest (`from_error`, `matches`, `documented_status`, text,
//! equality) through the code.

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
        "The error codes documented for {}. Any other code is kept in `Unknown`. Check an error with `from_error` or `matches`.",
        docs::code(&op.action)
    ));
    let variants: Vec<_> = op.errors.iter().map(|e| ident(&e.variant)).collect();
    let variant_docs = op.errors.iter().map(|e| doc(&e.doc));
    let codes: Vec<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
    let statuses: Vec<u16> = op.errors.iter().map(|e| e.status).collect();
    quote! {
        #enum_doc
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A code the documentation does not list, kept as received.
            Unknown(String),
        }

        impl #name {
            /// Every documented code and the HTTP status the documentation gives for it.
            pub const CODES: &'static [(&'static str, u16)] = &[#((#codes, #statuses)),*];

            /// The variant for a code.
            pub fn from_code(code: &str) -> Self {
                match code {
                    #( #codes => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// The code as the service sends it.
            pub fn code(&self) -> &str {
                match self {
                    #( Self::#variants => #codes, )*
                    Self::Unknown(code) => code,
                }
            }
        }

        ::acs_runtime::error_code_impls!(#name);
    }
}
