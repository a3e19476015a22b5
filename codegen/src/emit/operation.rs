//! Emits one operation's file: the input (a struct with its field table and the `Operation` impl that
//! names the action and its rules), the output struct, the fluent builder whose `send()` hands the input
//! to the runtime, and the documented error codes.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident, inner_doc, option, rust_type};
use super::shapes::emit_struct;
use crate::ir::{Field, Operation, Param, RuleKind, Type, docs};

/// The whole `src/<product>/<operation>.rs` file; `krate` is the product's path from outside, for the
/// usage example.
pub fn emit_operation(op: &Operation, krate: &str) -> TokenStream {
    let prefix = quote!(super::types::);
    // The first line is what the product's module index shows beside the module: the summary.
    let summary = op.doc.lines().next().unwrap_or_default();
    let module_doc = inner_doc(&docs::paragraphs([
        summary.to_owned(),
        format!(
            "{}: input, output and fluent builder.",
            docs::code(&op.action)
        ),
    ]));
    let input = emit_input(op, &prefix);
    let outputs: Vec<&Field> = op.output.fields.iter().collect();
    let output = emit_struct(&op.output.name, &op.output.doc, &outputs, &prefix);
    let builder = emit_builder(op, &prefix, krate);
    let errors = super::errors::emit_error_codes(op);
    let paged = super::paging::emit_methods(op, &prefix);
    quote! {
        #module_doc
        #input
        #output
        #builder
        #paged
        #errors
    }
}

fn emit_input(op: &Operation, prefix: &TokenStream) -> TokenStream {
    let name = ident(&op.input);
    let output = ident(&op.output.name);
    let action = &op.action;
    let struct_doc = format!(
        "The parameters of {}. Build it with the fluent builder from the product client, or start from `Default` and set fields.",
        docs::code(action)
    );
    let fields: Vec<&Field> = op.params.iter().map(|p| &p.field).collect();
    let input = emit_struct(&op.input, &struct_doc, &fields, prefix);
    let rules = op.rules.iter().map(|rule| {
        let kind = ident(match rule.kind {
            RuleKind::AtMostOne => "AtMostOne",
            RuleKind::AtLeastOne => "AtLeastOne",
            RuleKind::ExactlyOne => "ExactlyOne",
        });
        let names = &rule.params;
        let note = &rule.note;
        quote! {
            ::acs_runtime::codec::Rule {
                kind: ::acs_runtime::codec::RuleKind::#kind,
                fields: &[#(#names),*],
                note: #note,
            }
        }
    });
    let method = ident(match op.http_method.as_str() {
        "GET" => "Get",
        "PUT" => "Put",
        "DELETE" => "Delete",
        "PATCH" => "Patch",
        _ => "Post",
    });
    let path = match &op.path {
        Some(p) => quote!(::core::option::Option::Some(#p)),
        None => quote!(::core::option::Option::None),
    };
    let ram_action = match &op.ram_action {
        Some(a) => quote!(::core::option::Option::Some(#a)),
        None => quote!(::core::option::Option::None),
    };
    let deprecated = op.deprecated.is_some();
    let anonymous = op.anonymous;
    let extra = super::paging::info_fields(op);
    quote! {
        #input

        impl ::acs_runtime::Operation for #name {
            type Output = #output;
            const INFO: &'static ::acs_runtime::OperationInfo = &::acs_runtime::OperationInfo {
                service: &super::SERVICE,
                action: #action,
                method: ::acs_runtime::Method::#method,
                path: #path,
                rules: &[#(#rules),*],
                ram_action: #ram_action,
                deprecated: #deprecated,
                anonymous: #anonymous,
                new_input: &::acs_runtime::codec::boxed::<#name>,
                new_output: &::acs_runtime::codec::boxed::<#output>,
                #extra
            };
        }
    }
}

fn emit_builder(op: &Operation, prefix: &TokenStream, krate: &str) -> TokenStream {
    let name = ident(&op.builder);
    let input = ident(&op.input);
    let output = ident(&op.output.name);
    let struct_doc = doc(&docs::paragraphs([
        format!(
            "Fluent builder for {}: set parameters, then `send()`.",
            docs::code(&op.action)
        ),
        usage_example(op, krate),
    ]));
    let setters = op.params.iter().map(|p| setter(p, prefix));
    quote! {
        #struct_doc
        #[derive(Clone, Debug)]
        pub struct #name {
            handle: ::acs_runtime::Client,
            input: #input,
            config: ::acs_runtime::CallConfig,
        }

        impl #name {
            pub(super) fn new(handle: ::acs_runtime::Client) -> Self {
                Self { handle, input: #input::default(), config: ::acs_runtime::CallConfig::default() }
            }

            /// Overrides the client's retry policy, timeouts or signature version for this call only.
            pub fn config_override(mut self, config: ::acs_runtime::CallConfig) -> Self {
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

            /// Validates the parameters, signs the request, sends it and decodes the answer:
            /// `.send().await` gives the output or an `acs_runtime::Error`.
            pub fn send(self) -> ::acs_runtime::Call<#output> {
                self.handle.call(self.input, self.config)
            }

            #(#setters)*
        }
    }
}

/// The builder's usage example, compiled by rustdoc (not run: it would call Alibaba Cloud): the client
/// method, every required parameter that has a documented example, and `send()`.
fn usage_example(op: &Operation, krate: &str) -> String {
    let mut chain = format!("let output = client\n    .{}()", op.method);
    for p in op.params.iter().filter(|p| p.field.required) {
        if let Some(value) = &p.example {
            chain.push_str(&format!("\n    .{}({value})", p.setter));
        }
    }
    chain.push_str("\n    .send()\n    .await?;");
    format!(
        "# Example\n\n```no_run\n# async fn example(client: &{krate}::Client) -> Result<(), acs_runtime::Error> {{\n{chain}\n# let _ = output;\n# Ok(())\n# }}\n```"
    )
}

/// `name(value)` and `set_name(Option<value>)` for one parameter; lists get an appending setter.
fn setter(p: &Param, prefix: &TokenStream) -> TokenStream {
    let field = ident(&p.field.rust_name);
    let method = ident(&p.setter);
    let set = ident(&p.option_setter);
    let ty = rust_type(&p.field.ty, prefix);
    let optional = option(ty.clone());
    let docs = doc(&p.field.doc);
    // rustdoc resolves `Self::type`, not `Self::r#type`: links name a raw identifier without its prefix.
    let set_doc = doc(&format!(
        "Sets or clears {}; see [`Self::{}`].",
        docs::code(&p.field.wire_name),
        p.setter.trim_start_matches("r#")
    ));
    let deprecated = p
        .field
        .deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    // The setters write the field themselves; only the caller's use of them is a deprecated use.
    let allow = deprecated.as_ref().map(|_| quote!(#[allow(deprecated)]));
    let (arg, store) = match &p.field.ty {
        Type::String => (
            quote!(impl ::core::convert::Into<::std::string::String>),
            quote!(::core::option::Option::Some(value.into())),
        ),
        Type::Enum(e) => {
            let e = ident(e);
            (
                quote!(impl ::core::convert::Into<#prefix #e>),
                quote!(::core::option::Option::Some(value.into())),
            )
        }
        Type::List(inner) => {
            let item = rust_type(inner, prefix);
            let push_doc = doc(&format!(
                "{}\n\nAppends one value; call again for more.",
                p.field.doc
            ));
            return quote! {
                #push_doc
                #deprecated
                #allow
                pub fn #method(mut self, value: impl ::core::convert::Into<#item>) -> Self {
                    self.input.#field.get_or_insert_with(::std::vec::Vec::new).push(value.into());
                    self
                }

                #set_doc
                #deprecated
                #allow
                pub fn #set(mut self, value: #optional) -> Self {
                    self.input.#field = value;
                    self
                }
            };
        }
        _ => (ty.clone(), quote!(::core::option::Option::Some(value))),
    };
    quote! {
        #docs
        #deprecated
        #allow
        pub fn #method(mut self, value: #arg) -> Self {
            self.input.#field = #store;
            self
        }

        #set_doc
        #deprecated
        #allow
        pub fn #set(mut self, value: #optional) -> Self {
            self.input.#field = value;
            self
        }
    }
}
