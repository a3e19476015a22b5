//! The checks behind the fuzz targets, one module per target, and [`driver`], which replays and mutates
//! inputs where libFuzzer is not available (a stable toolchain, no `cargo fuzz`).
//!
//! Each target's `check` takes arbitrary bytes and panics only when a property of the code under test is
//! broken: libFuzzer (or the driver) reports the panic with the input that caused it. See `README.md` for
//! what each target asserts and how to run them.

pub mod codec;
pub mod driver;
pub mod importer;
pub mod spec_loader;

/// xtask's importer, compiled from its source. xtask is a binary without a library, and calling the
/// importer in-process lets libFuzzer see its coverage (a subprocess would be opaque to it). Its
/// `crate::import::...` paths resolve because it is mounted at this crate's root, as in xtask's.
/// `rustfmt::skip`: `cargo fmt` here must not reformat xtask's files (the workspace's `cargo fmt` does).
#[path = "../../xtask/src/import/mod.rs"]
#[allow(dead_code, unused_imports, missing_docs, clippy::all)]
#[rustfmt::skip]
mod import;

/// The repository root, which xtask's crate root gives the importer's unit tests (`seeds.rs`): they
/// compile here too under `cargo clippy --all-targets`.
#[cfg(test)]
fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}
