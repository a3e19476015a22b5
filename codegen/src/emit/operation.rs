//! Emits one operation's file: the input with its `Operation` impl (validation and query encoding), the
//! output struct, and the fluent builder whose `send()` hands the input to the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident, inner_doc, rust_type};
use super::shapes::emit_struct;
use crate::ir::{Operation, Param, RuleKind, Type, docs};

/// The whole `src/<product>/<operation>.rs` file.
pub fn emit_operation(op: &Operation) -> TokenStream {
    let prefix = quote!(super::types::);
    let module_doc = inner_doc(&format!(
        "{}: input, output and fluent builder.",
        docs::code(&op.action)
    ));
    let input = emit_input(op, &prefix);
    let output = emit_struct(&op.output, &prefix);
    let builder = emit_builder(op, &prefix);
    let errors = super::errors::emit_error_codes(op);
    quote! {
        #module_doc
        #input
        #output
        #builder
        #errors
    }
}

fn emit_input(op: &Operation, prefix: &TokenStream) -> TokenStream {
    let name = ident(&op.input);
    let output = ident(&op.output.name);
    let action = &op.action;
    let struct_doc = doc(&format!(
        "The parameters of {}. Build it with the fluent builder from the product client, or start from `Default` and set fields.",
        docs::code(action)
    ));
    let fields = op.params.iter().map(|p| {
        let docs = doc(&p.field.doc);
        let field = ident(&p.field.rust_name);
        let ty = rust_type(&p.field.ty, prefix);
        quote! { #docs pub #field: Option<#ty>, }
    });
    let checks = validation(op);
    let validator = if checks.is_empty() {
        quote!(_v)
    } else {
        quote!(v)
    };
    let puts = op.params.iter().map(|p| {
        let wire = &p.field.wire_name;
        let field = ident(&p.field.rust_name);
        match &p.joined {
            Some(separator) => quote! { q.put_joined(#wire, self.#field.as_deref(), #separator); },
            None => quote! { q.put(#wire, self.#field.as_ref()); },
        }
    });
    let token = op.params.iter().find(|p| p.idempotency_token).map(|p| {
        let field = ident(&p.field.rust_name);
        quote! {
            fn idempotency_token(&mut self) -> Option<&mut Option<String>> {
                Some(&mut self.#field)
            }
        }
    });
    quote! {
        #struct_doc
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl acs_runtime::Operation for #name {
            type Output = #output;
            const SERVICE: &'static acs_runtime::Service = &super::SERVICE;
            const ACTION: &'static str = #action;

            fn validate(&self, #validator: &mut acs_runtime::Validator) {
                #(#checks)*
            }

            fn write_query(&self, q: &mut acs_runtime::Query) {
                #(#puts)*
            }

            #token
        }
    }
}

/// Calls on the runtime's `Validator`: required parameters, ranges and rules between parameters.
fn validation(op: &Operation) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    for p in &op.params {
        let wire = &p.field.wire_name;
        let field = ident(&p.field.rust_name);
        if p.required {
            checks.push(quote! { v.required(#wire, self.#field.as_ref()); });
        }
        if let Some((min, max)) = p.range {
            let min = bound(min);
            let max = bound(max);
            checks.push(quote! { v.range_i64(#wire, self.#field.map(i64::from), #min, #max); });
        }
    }
    for rule in &op.rules {
        let pairs = rule.params.iter().map(|(wire, rust)| {
            let field = ident(rust);
            quote! { (#wire, self.#field.is_some()) }
        });
        let method = ident(match rule.kind {
            RuleKind::AtMostOne => "at_most_one",
            RuleKind::AtLeastOne => "at_least_one",
            RuleKind::ExactlyOne => "exactly_one",
        });
        let note = &rule.note;
        checks.push(quote! { v.#method(&[#(#pairs),*], #note); });
    }
    checks
}

fn bound(value: Option<i64>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn emit_builder(op: &Operation, prefix: &TokenStream) -> TokenStream {
    let name = ident(&op.builder);
    let input = ident(&op.input);
    let output = ident(&op.output.name);
    let struct_doc = doc(&format!(
        "Fluent builder for {}: set parameters, then `send()`.",
        docs::code(&op.action)
    ));
    let setters = op.params.iter().map(|p| setter(p, prefix));
    quote! {
        #struct_doc
        #[derive(Clone, Debug)]
        pub struct #name {
            handle: acs_runtime::Client,
            input: #input,
            config: acs_runtime::CallConfig,
        }

        impl #name {
            pub(super) fn new(handle: acs_runtime::Client) -> Self {
                Self { handle, input: #input::default(), config: acs_runtime::CallConfig::default() }
            }

            /// Overrides the client's retry policy, timeouts or signature version for this call only.
            pub fn config_override(mut self, config: acs_runtime::CallConfig) -> Self {
                self.config = config;
                self
            }

            /// The parameters set so far.
            pub fn as_input(&self) -> &#input {
                &self.input
            }

            /// Replaces every parameter at once.
            pub fn set_input(mut self, input: #input) -> Self {
                self.input = input;
                self
            }

            /// Validates the parameters, signs the request, sends it and decodes the answer.
            pub async fn send(self) -> Result<#output, acs_runtime::Error> {
                self.handle.invoke_with(self.input, &self.config).await
            }

            #(#setters)*
        }
    }
}

/// `name(value)` and `set_name(Option<value>)` for one parameter; lists get an appending setter.
fn setter(p: &Param, prefix: &TokenStream) -> TokenStream {
    let field = ident(&p.field.rust_name);
    let set = ident(&format!("set_{}", p.field.rust_name));
    let ty = rust_type(&p.field.ty, prefix);
    let docs = doc(&p.field.doc);
    let set_doc = doc(&format!(
        "Sets or clears {}; see [`Self::{}`].",
        docs::code(&p.field.wire_name),
        p.field.rust_name
    ));
    let (arg, store) = match &p.field.ty {
        Type::String => (quote!(impl Into<String>), quote!(Some(value.into()))),
        Type::Enum(e) => {
            let e = ident(e);
            (quote!(impl Into<#prefix #e>), quote!(Some(value.into())))
        }
        Type::List(inner) => {
            let item = rust_type(inner, prefix);
            let push_doc = doc(&format!(
                "{}\n\nAppends one value; call again for more.",
                p.field.doc
            ));
            return quote! {
                #push_doc
                pub fn #field(mut self, value: impl Into<#item>) -> Self {
                    self.input.#field.get_or_insert_with(Vec::new).push(value.into());
                    self
                }

                #set_doc
                pub fn #set(mut self, value: Option<#ty>) -> Self {
                    self.input.#field = value;
                    self
                }
            };
        }
        _ => (ty.clone(), quote!(Some(value))),
    };
    quote! {
        #docs
        pub fn #field(mut self, value: #arg) -> Self {
            self.input.#field = #store;
            self
        }

        #set_doc
        pub fn #set(mut self, value: Option<#ty>) -> Self {
            self.input.#field = value;
            self
        }
    }
}
