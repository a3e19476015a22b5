//! The emitters: IR → tokens (`quote!`) → formatted files. One emitter per kind of item; this module
//! collects their output in a sorted map keyed by path, so the same IR always gives the same files.

mod common;
mod enums;
mod errors;
mod format;
mod krate;
mod operation;
mod product;
mod shapes;

use std::collections::BTreeMap;

pub use format::HEADER;
pub use krate::PACKAGE;

use crate::ir::{Crate, Product};

/// Generated files by path relative to the generated crate's root (`Cargo.toml`, `src/lib.rs`, ...).
pub type Files = BTreeMap<String, String>;

/// Every file of the generated crate.
pub fn emit_crate(c: &Crate) -> Result<Files, String> {
    let mut files = Files::new();
    files.insert("Cargo.toml".to_owned(), krate::emit_manifest(c));
    files.insert(
        "src/lib.rs".to_owned(),
        format::render("src/lib.rs", krate::emit_lib(c))?,
    );
    files.insert(
        "src/client.rs".to_owned(),
        format::render("src/client.rs", krate::emit_client(c))?,
    );
    files.insert(
        "src/registry.rs".to_owned(),
        format::render("src/registry.rs", krate::emit_registry(c))?,
    );
    for p in &c.products {
        let dir = format!("products/{}", p.module);
        let title = p.doc.lines().next().unwrap_or(&p.code);
        files.insert(
            format!("{dir}/Cargo.toml"),
            krate::emit_product_manifest(&p.module, title),
        );
        files.insert(
            format!("{dir}/lib.rs"),
            format::render("lib.rs", krate::emit_product_lib(p))?,
        );
        for (path, text) in emit_product(p)? {
            files.insert(format!("{dir}/{path}"), text);
        }
    }
    Ok(files)
}

/// The files of one product module, by path relative to the module's folder (`mod.rs`, `types.rs`,
/// one file per operation). The module only refers to `acs_runtime` and to itself through `super`, so
/// `mod.rs` is the root of the product's crate and can also be mounted as a module of another crate (the
/// tests crate mounts the fixtures that way).
pub fn emit_product(p: &Product) -> Result<Files, String> {
    let mut files = Files::new();
    files.insert(
        "mod.rs".to_owned(),
        format::render("mod.rs", product::emit_module(p))?,
    );
    files.insert(
        "types.rs".to_owned(),
        format::render("types.rs", product::emit_types(p))?,
    );
    for op in &p.operations {
        let name = format!("{}.rs", op.module);
        let text = format::render(&name, operation::emit_operation(op))?;
        files.insert(name, text);
    }
    Ok(files)
}
