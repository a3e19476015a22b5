//! Emits a product crate's `help.rs` (compiled with its `help` feature): every operation's text and its
//! parameters' flags, kinds, documented values (wire value, variant name, meaning) and documentation, as
//! data for command-line tools.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::inner_doc;
use crate::ir::{Product, Type, Variant, docs, names};

/// `products/<module>/help.rs`.
pub fn emit_help(p: &Product) -> TokenStream {
    let module_doc = inner_doc(&format!(
        "Help text of every {} operation, for command-line tools (feature `help`).",
        p.code
    ));
    let ops = p.operations.iter().map(|op| {
        let action = &op.action;
        let doc = &op.doc;
        let summary = op.doc.lines().next().unwrap_or_default();
        let params = op.params.iter().map(|param| {
            let f = &param.field;
            let name = &f.wire_name;
            let flag = names::snake(f.rust_name.trim_start_matches("r#")).replace('_', "-");
            let (kind, list, variants) = kind_of(&f.ty, p);
            let kind = quote::format_ident!("{}", kind);
            let values = variants.iter().map(|v| {
                let (value, doc) = (&v.value, meaning(v));
                let variant = v.name.trim_start_matches("r#");
                quote! {
                    ::acs_runtime::help::EnumValue { value: #value, variant: #variant, doc: #doc }
                }
            });
            let (required, doc) = (f.required, &f.doc);
            quote! {
                ::acs_runtime::help::ParamHelp {
                    name: #name,
                    flag: #flag,
                    kind: ::acs_runtime::help::Kind::#kind,
                    list: #list,
                    required: #required,
                    values: &[#(#values),*],
                    doc: #doc,
                }
            }
        });
        quote! {
            ::acs_runtime::help::OperationHelp {
                action: #action,
                summary: #summary,
                doc: #doc,
                params: &[#(#params),*],
            }
        }
    });
    quote! {
        #module_doc

        /// Every operation's help, sorted by action.
        pub static OPERATIONS: &[::acs_runtime::help::OperationHelp] = &[#(#ops),*];
    }
}

/// What the enum value `v` means: its documentation without the `` `value`: `` the enum's own doc
/// comments start with (a tool shows the value beside it already).
fn meaning(v: &Variant) -> String {
    let prefix = format!("{}:", docs::code(&v.value));
    v.doc
        .strip_prefix(&prefix)
        .unwrap_or(&v.doc)
        .trim()
        .to_owned()
}

/// The kind of one value, whether the type is a list of them, and an enum's documented values.
fn kind_of<'p>(ty: &Type, p: &'p Product) -> (&'static str, bool, Vec<&'p Variant>) {
    match ty {
        Type::List(inner) => {
            let (kind, _, values) = kind_of(inner, p);
            (kind, true, values)
        }
        Type::String => ("Text", false, Vec::new()),
        Type::I32 | Type::I64 => ("Integer", false, Vec::new()),
        Type::F64 => ("Number", false, Vec::new()),
        Type::Bool => ("Boolean", false, Vec::new()),
        Type::Timestamp(_) => ("Timestamp", false, Vec::new()),
        Type::Enum(name) => {
            let values = p
                .enums
                .iter()
                .find(|e| &e.name == name)
                .map(|e| e.variants.iter().collect())
                .unwrap_or_default();
            ("Text", false, values)
        }
        Type::Struct(_) | Type::Json(_) | Type::Map(_) | Type::Any | Type::Boxed(_) => {
            ("Json", false, Vec::new())
        }
    }
}
