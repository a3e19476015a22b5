//! Emits what list and polling operations add: the paging description and waiters as data in the
//! operation's `OperationInfo` (read by the runtime's generic paginator and waiter, and by tools through
//! the registry), the `Paged` impl naming the item type, and the builder's `into_paginator()` and
//! `wait_until_<name>()` methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{ident, rust_type};
use crate::ir::{Operation, Paginator, Waiter, docs};

/// The `paging` and `waiters` fields of the operation's `OperationInfo`.
pub(super) fn info_fields(op: &Operation) -> TokenStream {
    let paging = match &op.paginator {
        Some(p) => {
            let (page, token, offset, size) = (
                some(&p.page),
                some(&p.token),
                some(&p.offset),
                some(&p.size),
            );
            let (first, next, items, total, pages) =
                (p.first, &p.next, &p.items, &p.total, &p.pages);
            quote!(::core::option::Option::Some(&::acs_runtime::Paging {
                page: #page,
                first: #first,
                token: #token,
                next: #next,
                offset: #offset,
                size: #size,
                items: #items,
                total: #total,
                pages: #pages,
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    let waiters = op.waiters.iter().map(waiting);
    quote! {
        paging: #paging,
        waiters: &[#(#waiters),*],
    }
}

/// The `Paged` impl and the builder's paginator and waiter methods (nothing for other operations).
pub(super) fn emit_methods(op: &Operation, prefix: &TokenStream) -> TokenStream {
    if op.paginator.is_none() && op.waiters.is_empty() {
        return TokenStream::new();
    }
    let input = ident(&op.input);
    let builder = ident(&op.builder);
    let paged = op.paginator.as_ref().map(|p| paged(op, p, prefix));
    let waits = op.waiters.iter().enumerate().map(|(i, w)| {
        let method = ident(&w.method);
        let doc = format!(
            "{} Polls with backoff until the status at {} is {}{}; `.send()` gives the typed outcome.",
            w.doc,
            docs::code(&w.status),
            listed(&w.success),
            if w.failure.is_empty() {
                String::new()
            } else {
                format!(" (failure: {})", listed(&w.failure))
            }
        );
        quote! {
            #[doc = #doc]
            pub fn #method(self) -> ::acs_runtime::Waiter<#input> {
                let waiting = &<#input as ::acs_runtime::Operation>::INFO.waiters[#i];
                ::acs_runtime::Waiter::new(self.handle, self.input, self.config, waiting)
            }
        }
    });
    let paginate = op.paginator.as_ref().map(|p| {
        let how = match (&p.page, &p.token, &p.offset) {
            (Some(page), _, _) => format!("by {} from {}", docs::code(page), p.first),
            (None, Some(token), _) => format!("by {}", docs::code(token)),
            (None, None, Some(offset)) => format!("by the item offset {}", docs::code(offset)),
            (None, None, None) => String::new(),
        };
        let doc = format!(
            "Every page, asked for {how}: `.send()` streams the pages, `.items().send()` the items of {}.",
            docs::code(&p.items)
        );
        quote! {
            #[doc = #doc]
            pub fn into_paginator(self) -> ::acs_runtime::Paginator<#input> {
                ::acs_runtime::Paginator::new(self.handle, self.input, self.config)
            }
        }
    });
    quote! {
        #paged
        impl #builder {
            #paginate
            #(#waits)*
        }
    }
}

fn paged(op: &Operation, p: &Paginator, prefix: &TokenStream) -> TokenStream {
    let input = ident(&op.input);
    let item = rust_type(&p.item, prefix);
    quote! {
        impl ::acs_runtime::Paged for #input {
            type Item = #item;
        }
    }
}

fn waiting(w: &Waiter) -> TokenStream {
    let (name, doc, status, progress) = (&w.name, &w.doc, &w.status, &w.progress);
    let (success, failure) = (&w.success, &w.failure);
    let items = match &w.items {
        Some(i) => {
            let (list, total, iname, istatus, message, repair) =
                (&i.list, &i.total, &i.name, &i.status, &i.message, &i.repair);
            let (done, failed, warning) = (&i.done, &i.failed, &i.warning);
            quote!(::core::option::Option::Some(&::acs_runtime::WaitItems {
                list: #list,
                total: #total,
                name: #iname,
                status: #istatus,
                message: #message,
                repair: #repair,
                done: &[#(#done),*],
                failed: &[#(#failed),*],
                warning: &[#(#warning),*],
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    let counts = match &w.counts {
        Some((done, total)) => quote!(::core::option::Option::Some(&::acs_runtime::WaitCounts {
            done: #done,
            total: #total,
        })),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        ::acs_runtime::Waiting {
            name: #name,
            doc: #doc,
            status: #status,
            success: &[#(#success),*],
            failure: &[#(#failure),*],
            progress: #progress,
            counts: #counts,
            items: #items,
        }
    }
}

fn some(name: &Option<String>) -> TokenStream {
    match name {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    }
}

fn listed(values: &[String]) -> String {
    values
        .iter()
        .map(|v| docs::code(v))
        .collect::<Vec<_>>()
        .join(" or ")
}
