//! Emits the `acs-sdk` crate's root (`src/lib.rs`, `src/client.rs`, `src/registry.rs`) and manifest, and
//! each product crate's manifest.
//!
//! Each product is its own crate (`acs-sdk-dbs`, in `generated/products/dbs/`), re-exported by `acs-sdk`
//! as a module behind a feature of the same name, the way aws-sdk-rust splits its services: the compiler
//! checks the products in parallel and each in less memory, and a user compiles only the products they
//! enable.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident, inner_doc};
use crate::ir::{Crate, docs};

/// The generated crate's package name.
pub const PACKAGE: &str = "acs-sdk";

/// `src/lib.rs`.
pub fn emit_lib(c: &Crate) -> TokenStream {
    let products = c
        .products
        .iter()
        .map(|p| {
            format!(
                "- [`{}`]: {} (feature {}).",
                p.module,
                first_line(&p.doc),
                docs::code(&p.module)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let crate_doc = inner_doc(&docs::paragraphs([
        "Typed Rust client for Alibaba Cloud OpenAPI, generated from the YAML specs in `specs/`.".to_owned(),
        format!("Products, each behind the cargo feature of the same name (all on by default):\n{products}"),
        "Every call is validated before it is sent, signed with ACS3-HMAC-SHA256, sent over HTTPS and decoded into typed output; failures are `Error` values.".to_owned(),
    ]));
    let modules = c.products.iter().map(|p| {
        let m = ident(&p.module);
        let krate = ident(&product_lib(&p.module));
        let feature = &p.module;
        quote! {
            #[cfg(feature = #feature)]
            pub use ::#krate as #m;
        }
    });
    quote! {
        #crate_doc

        // Generated files are formatted by prettyplease; rustfmt must not fight over them.
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod registry;
        #(#modules)*

        pub use client::*;
    }
}

/// `src/registry.rs`: every operation of the enabled products, for tools that call operations by name.
pub fn emit_registry(c: &Crate) -> TokenStream {
    let products = c.products.iter().map(|p| {
        let m = ident(&p.module);
        let feature = &p.module;
        quote! {
            #[cfg(feature = #feature)]
            all.extend_from_slice(crate::#m::OPERATIONS);
        }
    });
    quote! {
        //! Every operation of the enabled products, described (product, action, version, method, RAM action,
        //! deprecation) and callable from wire-named JSON through `acs_runtime::Client::invoke_dyn`: what
        //! command-line tools, tests and the emulator's clients use to reach any operation by name.

        /// Every operation of the enabled products, sorted by product module, then action.
        pub fn operations() -> ::std::vec::Vec<&'static ::acs_runtime::OperationInfo> {
            #[allow(unused_mut)]
            let mut all = ::std::vec::Vec::new();
            #(#products)*
            all
        }

        /// The operation `action` of the product `module` (`"dts"`, `"DescribePreCheckStatus"`), if that
        /// product is enabled and has it.
        pub fn find(module: &str, action: &str) -> ::core::option::Option<&'static ::acs_runtime::OperationInfo> {
            operations()
                .into_iter()
                .find(|o| o.service.module == module && o.action == action)
        }
    }
}

/// `catalog/lib.rs`: every product's catalogue text (`catalog/<module>.txt`), embedded, for programs that
/// call operations by name without compiling the typed crates (`acs_runtime::dynamic` reads them).
pub fn emit_catalog_lib(c: &Crate) -> TokenStream {
    let entries = c.products.iter().map(|p| {
        let module = &p.module;
        let file = format!("{module}.txt");
        quote!((#module, include_str!(#file)))
    });
    quote! {
        //! Every product's catalogue: what the typed crates know about each operation and its help, as text
        //! that `acs_runtime::dynamic::parse` reads at run time. A program that embeds this crate calls any
        //! operation by name and compiles no per-operation code.

        /// `(module, catalogue text)` of every product, sorted by module.
        pub static PRODUCTS: &[(&str, &str)] = &[#(#entries),*];
    }
}

/// The catalogue crate's `Cargo.toml`.
pub fn emit_catalog_manifest() -> String {
    let preamble = package_preamble(
        "acs-catalog",
        "Every product's operations as data (acs_runtime::dynamic catalogues), for tools that call \
         operations by name.",
    );
    format!(
        "{preamble}
[lib]
name = \"acs_catalog\"
path = \"lib.rs\"

[lints]
workspace = true
"
    )
}

/// `src/client.rs`: the entry-point client and the runtime types users need.
pub fn emit_client(c: &Crate) -> TokenStream {
    let accessors = c.products.iter().map(|p| {
        let m = ident(&p.module);
        let feature = &p.module;
        let docs = doc(&format!("{} operations.", first_line(&p.doc)));
        quote! {
            #docs
            #[cfg(feature = #feature)]
            pub fn #m(&self) -> crate::#m::Client {
                crate::#m::Client::new(self.inner.clone())
            }
        }
    });
    quote! {
        //! The entry point: one client for every product.

        pub use ::acs_runtime as runtime;
        pub use ::acs_runtime::{CallConfig, Credentials, Error, ErrorKind, ItemReport, JsonString, Progress, RetryConfig, Severity, SignatureVersion, StreamExt, Timestamp, TimestampFormat, TryStreamExt, WaitOutcome};

        /// One client for every product. Cheap to clone: clones share the connection pool and credentials.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: ::acs_runtime::Client,
        }

        impl Client {
            /// Wraps a configured runtime client.
            pub fn new(inner: ::acs_runtime::Client) -> Self {
                Self { inner }
            }

            /// Starts configuring a client: credentials, region, endpoint, timeouts, retries;
            /// `.build()` gives this client.
            pub fn builder() -> ::acs_runtime::ClientBuilder<Self> {
                ::acs_runtime::ClientBuilder::new()
            }

            /// A client with the default credentials chain (environment, CLI profile, credentials file, ECS RAM
            /// role) and the region from `ALIBABA_CLOUD_REGION_ID` or the CLI profile. Credentials are
            /// resolved at the first call.
            pub fn from_env() -> ::core::result::Result<Self, Error> {
                ::acs_runtime::Client::from_env().map(Self::new)
            }

            /// The runtime client underneath.
            pub fn runtime(&self) -> &::acs_runtime::Client {
                &self.inner
            }

            #(#accessors)*
        }

        impl ::core::convert::From<::acs_runtime::Client> for Client {
            fn from(inner: ::acs_runtime::Client) -> Self {
                Self::new(inner)
            }
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// The package name of a product's crate: `acs-sdk-dbs`.
pub fn product_package(module: &str) -> String {
    format!("{PACKAGE}-{}", module.replace('_', "-"))
}

/// The library name of a product's crate: `acs_sdk_dbs`.
pub fn product_lib(module: &str) -> String {
    format!("acs_sdk_{module}")
}

/// A product crate's root, `lib.rs`: the product's module, mounted whole. The module's files stay out of
/// rustfmt's reach (`#[rustfmt::skip]` works on a `mod` item, not as a crate-level attribute), since
/// prettyplease formats them.
pub fn emit_product_lib(p: &crate::ir::Product) -> TokenStream {
    let crate_doc = inner_doc(&p.doc);
    quote! {
        #crate_doc

        // Generated files are formatted by prettyplease; rustfmt must not fight over them.
        #[rustfmt::skip]
        #[path = "mod.rs"]
        mod product;

        pub use product::*;
    }
}

/// A product crate's `Cargo.toml`; its root is `lib.rs`, which mounts the product's `mod.rs`.
pub fn emit_product_manifest(module: &str, title: &str) -> String {
    let package = product_package(module);
    let lib = product_lib(module);
    let title = title.replace(['"', '\\'], "");
    let preamble = package_preamble(
        &package,
        &format!("{title}: operations of acs-sdk, generated from YAML specs."),
    );
    format!(
        "{preamble}
[lib]
name = \"{lib}\"
path = \"lib.rs\"

[dependencies]
acs-runtime.workspace = true

[lints]
workspace = true
"
    )
}

/// A generated manifest's first lines: the "do not edit" comment and the `[package]` table, whose
/// metadata the workspace gives.
fn package_preamble(name: &str, description: &str) -> String {
    format!(
        "# @generated by `cargo xtask gen` from specs/. Do not edit: change the spec and regenerate.
[package]
name = \"{name}\"
description = \"{description}\"
version.workspace = true
edition.workspace = true
rust-version.workspace = true
license.workspace = true
publish.workspace = true
"
    )
}

/// `Cargo.toml`; paths are relative to the generated crate's folder inside the workspace.
pub fn emit_manifest(c: &Crate) -> String {
    let mut features = String::new();
    let all: Vec<String> = c
        .products
        .iter()
        .map(|p| format!("\"{}\"", p.module))
        .collect();
    features.push_str(&format!("default = [{}]\n", all.join(", ")));
    let mut deps = String::new();
    let mut examples = String::new();
    features.push_str(
        "# `Timestamp` conversions to and from the date types of these crates.\n\
         time = [\"acs-runtime/time\"]\njiff = [\"acs-runtime/jiff\"]\nchrono = [\"acs-runtime/chrono\"]\n",
    );
    for p in &c.products {
        let package = product_package(&p.module);
        features.push_str(&format!("{} = [\"dep:{package}\"]\n", p.module));
        deps.push_str(&format!(
            "{package} = {{ path = \"products/{}\", optional = true }}\n",
            p.module
        ));
        if !p.operations.is_empty() {
            examples.push_str(&format!(
                "\n[[example]]\nname = \"{m}\"\npath = \"examples/{m}.rs\"\nrequired-features = [\"{m}\"]\n",
                m = p.module
            ));
        }
    }
    let preamble = package_preamble(
        PACKAGE,
        "Typed Rust client for Alibaba Cloud OpenAPI, generated from YAML specs.",
    );
    format!(
        "{preamble}
[lib]
name = \"acs_sdk\"
path = \"src/lib.rs\"

[features]
{features}
[dependencies]
acs-runtime.workspace = true
{deps}
[dev-dependencies]
# The examples' async runtime (the HTTP stack already builds on tokio).
tokio = {{ workspace = true, features = [\"rt\", \"net\", \"time\"] }}
{examples}
[lints]
workspace = true
"
    )
}
