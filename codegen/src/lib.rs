//! Compiles Alibaba Cloud OpenAPI YAML specs into a typed Rust client crate.
//!
//! Three layers, each knowing only the one before it:
//! - [`spec`]: the YAML model, its loading and validation (with file, line and column);
//! - [`ir`]: what Rust will have — names, types, docs;
//! - [`emit`]: tokens via `quote!`, formatted with prettyplease.
//!
//! [`generate`] runs them all; `cargo xtask gen` writes its output to `generated/`.

pub mod diag;
pub mod emit;
pub mod ir;
pub mod profile;
pub mod spec;

use std::path::Path;

pub use diag::{Diagnostic, Diagnostics};
pub use emit::Files;

/// Loads, validates and lowers the specs below `root` into the IR, or returns every problem found.
pub fn load(root: &Path) -> Result<ir::Crate, Diagnostics> {
    let set = spec::load_dir(root)?;
    check(&set)?;
    Ok(ir::lower(&set))
}

/// Validates an already-loaded spec set.
pub fn check(set: &spec::SpecSet) -> Result<(), Diagnostics> {
    spec::validate::validate(set).into_result(())
}

/// Why generation failed.
#[derive(Debug)]
pub enum GenerateError {
    /// The specs have problems; every one is listed.
    Specs(Diagnostics),
    /// An emitter produced invalid Rust (a generator bug).
    Emit(String),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Specs(d) => write!(f, "{d}"),
            GenerateError::Emit(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for GenerateError {}

/// Every file of the generated crate for the specs below `root`.
pub fn generate(root: &Path) -> Result<Files, GenerateError> {
    let krate = load(root).map_err(GenerateError::Specs)?;
    emit::emit_crate(&krate).map_err(GenerateError::Emit)
}
