//! Emits what a list operation adds: the `Paged` impl of its input (the paging description as one
//! constant, read by the runtime's generic paginator) and the builder's `into_paginator()`.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{ident, rust_type};
use crate::ir::{Operation, Paginator, docs};

pub(super) fn emit_paged(op: &Operation, p: &Paginator, prefix: &TokenStream) -> TokenStream {
    let input = ident(&op.input);
    let builder = ident(&op.builder);
    let item = rust_type(&p.item, prefix);
    let some = |name: &Option<String>| match name {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    let (page, token, size) = (some(&p.page), some(&p.token), some(&p.size));
    let (first, next, items, total, pages) = (p.first, &p.next, &p.items, &p.total, &p.pages);
    let how = match (&p.page, &p.token) {
        (Some(page), _) => format!("by {} from {}", docs::code(page), p.first),
        (None, Some(token)) => format!("by {}", docs::code(token)),
        (None, None) => String::new(),
    };
    let doc = format!(
        "Every page, asked for {how}: `.send()` streams the pages, `.items().send()` the items of {}.",
        docs::code(items)
    );
    quote! {
        impl ::acs_runtime::Paged for #input {
            type Item = #item;
            const PAGING: &'static ::acs_runtime::Paging = &::acs_runtime::Paging {
                page: #page,
                first: #first,
                token: #token,
                next: #next,
                size: #size,
                items: #items,
                total: #total,
                pages: #pages,
            };
        }
        impl #builder {
            #[doc = #doc]
            pub fn into_paginator(self) -> ::acs_runtime::Paginator<#input> {
                ::acs_runtime::Paginator::new(self.handle, self.input, self.config)
            }
        }
    }
}
