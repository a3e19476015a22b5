//! The emitters: IR → tokens (`quote!`) → formatted files. One emitter per kind of item; this module
//! collects their output in a sorted map keyed by path, so the same IR always gives the same files.

mod common;
mod enums;
mod errors;
mod example;
mod format;
mod help;
mod krate;
mod operation;
mod paging;
mod product;
mod shapes;

use std::collections::BTreeMap;

pub use format::HEADER;
pub use krate::PACKAGE;

use crate::ir::{Crate, Product};

/// Generated files by path relative to the generated crate's root (`Cargo.toml`, `src/lib.rs`, ...).
pub type Files = BTreeMap<String, String>;

/// One file to render: its path and what produces its text.
type Job<'a> = (
    String,
    Box<dyn Fn() -> Result<String, String> + Send + Sync + 'a>,
);

/// Renders every job, spread over the machine's cores (each file is independent: tokens, prettyplease,
/// the self-check), and collects the files in path order. On failure, the error of the first failing
/// path, so the outcome does not depend on scheduling.
fn render_all(jobs: Vec<Job<'_>>) -> Result<Files, String> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(String, Result<String, String>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((path, job)) = jobs.get(i) else {
                        break;
                    };
                    let out = job();
                    if let Ok(mut all) = results.lock() {
                        all.push((path.clone(), out));
                    }
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .map_err(|_| "a render worker panicked".to_owned())?;
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut files = Files::new();
    for (path, out) in results {
        files.insert(path, out?);
    }
    Ok(files)
}

/// Every file of the generated crate.
pub fn emit_crate(c: &Crate) -> Result<Files, String> {
    let mut jobs: Vec<Job<'_>> = vec![
        (
            "src/lib.rs".to_owned(),
            Box::new(|| format::render("src/lib.rs", krate::emit_lib(c))),
        ),
        (
            "src/client.rs".to_owned(),
            Box::new(|| format::render("src/client.rs", krate::emit_client(c))),
        ),
        (
            "src/registry.rs".to_owned(),
            Box::new(|| format::render("src/registry.rs", krate::emit_registry(c))),
        ),
    ];
    for p in &c.products {
        let dir = format!("products/{}", p.module);
        jobs.push((
            format!("{dir}/lib.rs"),
            Box::new(move || format::render("lib.rs", krate::emit_product_lib(p))),
        ));
        jobs.push((
            format!("{dir}/help.rs"),
            Box::new(move || format::render("help.rs", help::emit_help(p))),
        ));
        if !p.operations.is_empty() {
            let path = format!("examples/{}.rs", p.module);
            let label = path.clone();
            jobs.push((
                path,
                Box::new(move || format::render(&label, example::emit_example(p))),
            ));
        }
        jobs.extend(
            product_jobs(p, krate::product_lib(&p.module))
                .into_iter()
                .map(|(path, job)| (format!("{dir}/{path}"), job)),
        );
    }
    let mut files = render_all(jobs)?;
    files.insert("Cargo.toml".to_owned(), krate::emit_manifest(c));
    for p in &c.products {
        let title = p.doc.lines().next().unwrap_or(&p.code);
        files.insert(
            format!("products/{}/Cargo.toml", p.module),
            krate::emit_product_manifest(&p.module, title),
        );
    }
    Ok(files)
}

/// The files of one product module, by path relative to the module's folder (`mod.rs`, `types.rs`,
/// one file per operation). The module only refers to `acs_runtime` and to itself through `super`, so
/// `mod.rs` is the root of the product's crate and can also be mounted as a module of another crate (the
/// tests crate mounts the fixtures that way).
///
/// `krate` is the path the product's items are reached by from outside (`acs_sdk_dbs`, or
/// `acs_tests::demo` for a fixture mounted in the tests crate): the usage examples in the docs, which
/// rustdoc compiles, name the client by it.
pub fn emit_product(p: &Product, krate: &str) -> Result<Files, String> {
    render_all(product_jobs(p, krate.to_owned()))
}

fn product_jobs(p: &Product, krate: String) -> Vec<Job<'_>> {
    let mut jobs: Vec<Job<'_>> = vec![
        (
            "mod.rs".to_owned(),
            Box::new(move || format::render("mod.rs", product::emit_module(p))),
        ),
        (
            "types.rs".to_owned(),
            Box::new(move || format::render("types.rs", product::emit_types(p))),
        ),
    ];
    for op in &p.operations {
        let name = format!("{}.rs", op.module);
        let label = name.clone();
        let krate = krate.clone();
        jobs.push((
            name,
            Box::new(move || format::render(&label, operation::emit_operation(op, &krate))),
        ));
    }
    jobs
}
