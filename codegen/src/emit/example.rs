//! Emits each product's example program, `generated/examples/<module>.rs`: a call of one of the product's
//! operations through `acs_sdk` with only that product's feature, so a user who enables one product has
//! a program that compiles (CI checks them with one feature each; `cargo test` builds them all).
//!
//! The operation is chosen by a rule, not by name: the first list operation (by action) that needs no
//! parameter, paged through with its paginator; else the first operation that needs no parameter; else
//! the first operation, with the documented examples of its required parameters. Operations that are
//! not deprecated are preferred at each step.

use proc_macro2::TokenStream;

use super::common::inner_doc;
use crate::ir::{Operation, Product};

/// The operation the example calls. Deprecated operations come last: calling one warns, and the
/// examples build under `-D warnings`.
fn chosen(p: &Product) -> Option<&Operation> {
    let free = |op: &&Operation| op.params.iter().all(|p| !p.field.required);
    let current = || p.operations.iter().filter(|op| op.deprecated.is_none());
    current()
        .find(|op| op.paginator.is_some() && free(op))
        .or_else(|| current().find(free))
        .or_else(|| current().next())
        .or_else(|| p.operations.first())
}

/// `examples/<module>.rs` (empty for a product without operations, which gets no example).
pub fn emit_example(p: &Product) -> TokenStream {
    let Some(op) = chosen(p) else {
        return TokenStream::new();
    };
    let module = &p.module;
    let doc = inner_doc(&format!(
        "Calls `{}` of {} with only the `{module}` feature of `acs-sdk`:\n\n```sh\ncargo run -p acs-sdk --no-default-features --features {module} --example {module}\n```\n\nCredentials and region come from the default chain (`ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_REGION_ID`, or a profile of the Alibaba Cloud CLI).",
        op.action, p.code
    ));
    let mut chain = format!("client\n        .{module}()\n        .{}()", op.method);
    for param in op.params.iter().filter(|p| p.field.required) {
        if let Some(value) = &param.example {
            chain.push_str(&format!("\n        .{}({value})", param.setter));
        }
    }
    let call = if op.paginator.is_some() {
        format!(
            "    let mut items = {chain}\n        .into_paginator()\n        .items()\n        .send();\n    while let Some(item) = items.try_next().await? {{\n        println!(\"{{item:?}}\");\n    }}\n"
        )
    } else {
        format!(
            "    let output = {chain}\n        .send()\n        .await?;\n    println!(\"{{output:?}}\");\n"
        )
    };
    let uses = if op.paginator.is_some() {
        "use acs_sdk::{Client, Error, TryStreamExt};"
    } else {
        "use acs_sdk::{Client, Error};"
    };
    // Only when every operation of the product is deprecated does the example call one.
    let allow = if op.deprecated.is_some() {
        "#[allow(deprecated)]\n"
    } else {
        ""
    };
    let source = format!(
        "{uses}\n\nfn main() -> Result<(), Error> {{\n    let runtime = tokio::runtime::Builder::new_current_thread()\n        .enable_all()\n        .build()\n        .expect(\"a tokio runtime\");\n    runtime.block_on(run())\n}}\n\n{allow}async fn run() -> Result<(), Error> {{\n    let client = Client::from_env()?;\n{call}    Ok(())\n}}\n"
    );
    // Source text the generator wrote itself from identifiers and literals it made: it always parses.
    let body: TokenStream = source.parse().unwrap_or_default();
    // An example is its own crate root, where `#[rustfmt::skip]` cannot go; rustfmt honours this form,
    // and rustc never sets the `rustfmt` cfg, so the attribute is gone before compiling.
    quote::quote! {
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #doc
        #body
    }
}
