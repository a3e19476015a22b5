//! The emitters: IR → tokens (`quote!`) → formatted files. One emitter per kind of item; this module
//! collects their output in a sorted map keyed by path, so the same IR always gives the same files.
//!
//! Every file that takes real work has a key (see [`cache`]): given a [`Cache`], a file whose key it
//! knows is taken from it instead of being rendered, which skips the tokens, prettyplease and the
//! self-check, all of which passed when the cache was filled.

pub mod cache;
mod catalog;
mod common;
mod enums;
mod errors;
mod example;
mod format;
mod krate;
mod operation;
mod paging;
mod product;
mod shapes;

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub use cache::{Cache, Key, KeyHasher};
pub use format::HEADER;
pub use krate::PACKAGE;

use crate::ir::{Crate, Product};
use crate::profile::{self, Stage};

/// Generated files by path relative to the generated crate's root (`Cargo.toml`, `src/lib.rs`, ...).
pub type Files = BTreeMap<String, String>;

/// Produces a file's text, told which finished texts are known good already (no self-check needed).
type Render<'a> = Box<dyn Fn(format::Known<'_>) -> Result<String, String> + Send + Sync + 'a>;
/// Adds to a hasher everything a file's text depends on besides its path and the generator.
type Inputs<'a> = Box<dyn Fn(&mut KeyHasher) + Send + Sync + 'a>;

/// One file to render.
struct Job<'a> {
    path: String,
    /// What the text depends on, for its cache key.
    inputs: Inputs<'a>,
    render: Render<'a>,
}

impl<'a> Job<'a> {
    fn keyed(path: String, inputs: Inputs<'a>, render: Render<'a>) -> Job<'a> {
        Job {
            path,
            inputs,
            render,
        }
    }
}

/// The digests the keys are made of, each computed once however many files use it: one per operation
/// (the `Debug` text of its IR), one per product (its own fields and its operations' digests) and one for
/// the crate (its products' digests). Hashing the IR's `Debug` text is most of what a cached run costs, so
/// no part of it is formatted twice.
///
/// A product's and the crate's digests list their fields by an exhaustive destructuring: a field added to
/// the IR later does not compile here until it is put in the digest, so no input can be left out of a key.
struct Digests<'a> {
    krate: &'a Crate,
    whole: OnceLock<Key>,
    products: Vec<ProductDigest<'a>>,
}

struct ProductDigest<'a> {
    product: &'a Product,
    whole: OnceLock<Key>,
    operations: Vec<OnceLock<Key>>,
}

impl<'a> ProductDigest<'a> {
    fn new(product: &'a Product) -> Self {
        ProductDigest {
            product,
            whole: OnceLock::new(),
            operations: product.operations.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The digest of operation `i`.
    fn operation(&self, i: usize) -> Key {
        let Some(once) = self.operations.get(i) else {
            // Not reachable (one cell per operation); a key that no file can have is still correct.
            return Key(0);
        };
        *once.get_or_init(|| {
            let mut h = KeyHasher::new();
            if let Some(op) = self.product.operations.get(i) {
                h.debug(op);
            }
            h.finish()
        })
    }

    fn get(&self) -> Key {
        *self.whole.get_or_init(|| {
            let Product {
                module,
                code,
                version,
                doc,
                regional,
                fallback,
                global,
                restful,
                log_signature,
                structs,
                enums,
                operations,
            } = self.product;
            let mut h = KeyHasher::new();
            for field in [
                module as &dyn std::fmt::Debug,
                code,
                version,
                doc,
                regional,
                fallback,
                global,
                restful,
                log_signature,
                structs,
                enums,
            ] {
                h.debug(field);
            }
            h.str("operations");
            for i in 0..operations.len() {
                h.key(self.operation(i));
            }
            h.finish()
        })
    }
}

impl<'a> Digests<'a> {
    fn new(krate: &'a Crate) -> Self {
        Digests {
            krate,
            whole: OnceLock::new(),
            products: krate.products.iter().map(ProductDigest::new).collect(),
        }
    }

    /// Computes every operation's digest on all cores, then the products' and the crate's. Done before
    /// rendering so the files can keep their order (the crate's and the products' large files first,
    /// which keeps both cores busy to the end of a cold run) without one worker hashing the whole IR for
    /// the crate's key while the other waits for it.
    fn compute_all(&self) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let cells: Vec<(&ProductDigest<'_>, usize)> = self
            .products
            .iter()
            .flat_map(|p| (0..p.operations.len()).map(move |i| (p, i)))
            .collect();
        let next = AtomicUsize::new(0);
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(cells.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    while let Some((p, i)) = cells.get(next.fetch_add(1, Ordering::Relaxed)) {
                        p.operation(*i);
                    }
                });
            }
        });
        self.get();
    }

    fn get(&self) -> Key {
        *self.whole.get_or_init(|| {
            let Crate { products } = self.krate;
            let mut h = KeyHasher::new();
            h.str("products");
            for (_, digest) in products.iter().zip(&self.products) {
                h.key(digest.get());
            }
            h.finish()
        })
    }
}

/// Renders one job: from the cache when it knows the file, else for real (and then the cache learns it).
fn run(job: &Job<'_>, cache: Option<&dyn Cache>) -> Result<String, String> {
    let Some(cache) = cache else {
        profile::count(false);
        return (job.render)(&|_| false);
    };
    let key = profile::time(Stage::Key, || {
        let mut h = KeyHasher::new();
        h.str(&job.path);
        (job.inputs)(&mut h);
        h.finish()
    });
    if let Some(text) = profile::time(Stage::Lookup, || cache.get(&job.path, key)) {
        profile::count(true);
        return Ok(text);
    }
    profile::count(false);
    let text = (job.render)(&|text| cache.known_good(&job.path, text))?;
    cache.put(&job.path, key, &text);
    Ok(text)
}

/// Renders every job, spread over the machine's cores (each file is independent: tokens, prettyplease,
/// the self-check), and collects the files in path order. On failure, the error of the first failing
/// path, so the outcome does not depend on scheduling.
fn render_all(jobs: Vec<Job<'_>>, cache: Option<&dyn Cache>) -> Result<Files, String> {
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
                    let Some(job) = jobs.get(i) else {
                        break;
                    };
                    let out = run(job, cache);
                    if let Ok(mut all) = results.lock() {
                        all.push((job.path.clone(), out));
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
    emit_crate_cached(c, None)
}

/// Every file of the generated crate, taking from `cache` what it knows and teaching it the rest.
pub fn emit_crate_cached(c: &Crate, cache: Option<&dyn Cache>) -> Result<Files, String> {
    let digests = Digests::new(c);
    let digests = &digests;
    if cache.is_some() {
        profile::time(Stage::Key, || digests.compute_all());
    }
    let crate_job = |path: &str, emit: fn(&Crate) -> proc_macro2::TokenStream| {
        let label = path.to_owned();
        Job::keyed(
            path.to_owned(),
            Box::new(move |h: &mut KeyHasher| h.key(digests.get())),
            Box::new(move |known| format::render(&label, known, || emit(c))),
        )
    };
    let mut jobs: Vec<Job<'_>> = vec![
        crate_job("src/lib.rs", krate::emit_lib),
        crate_job("src/client.rs", krate::emit_client),
        crate_job("src/registry.rs", krate::emit_registry),
        crate_job("catalog/lib.rs", krate::emit_catalog_lib),
    ];
    for (p, digest) in c.products.iter().zip(&digests.products) {
        let dir = format!("products/{}", p.module);
        jobs.push(Job::keyed(
            format!("{dir}/lib.rs"),
            Box::new(move |h| h.key(digest.get())),
            Box::new(move |known| format::render("lib.rs", known, || krate::emit_product_lib(p))),
        ));
        jobs.push(Job::keyed(
            format!("catalog/{}.txt", p.module),
            Box::new(move |h| h.key(digest.get())),
            Box::new(move |_| Ok(catalog::emit_catalog(p))),
        ));
        if !p.operations.is_empty() {
            let path = format!("examples/{}.rs", p.module);
            let label = path.clone();
            jobs.push(Job::keyed(
                path,
                Box::new(move |h| h.key(digest.get())),
                Box::new(move |known| format::render(&label, known, || example::emit_example(p))),
            ));
        }
        jobs.extend(
            product_jobs(p, digest, krate::product_lib(&p.module))
                .into_iter()
                .map(|job| Job {
                    path: format!("{dir}/{}", job.path),
                    ..job
                }),
        );
    }
    let mut files = render_all(jobs, cache)?;
    files.insert("Cargo.toml".to_owned(), krate::emit_manifest(c));
    files.insert(
        "catalog/Cargo.toml".to_owned(),
        krate::emit_catalog_manifest(),
    );
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
    emit_product_cached(p, krate, None)
}

/// [`emit_product`], taking from `cache` what it knows and teaching it the rest.
pub fn emit_product_cached(
    p: &Product,
    krate: &str,
    cache: Option<&dyn Cache>,
) -> Result<Files, String> {
    let digest = ProductDigest::new(p);
    render_all(product_jobs(p, &digest, krate.to_owned()), cache)
}

fn product_jobs<'a>(p: &'a Product, digest: &'a ProductDigest<'a>, krate: String) -> Vec<Job<'a>> {
    let whole_product = move |krate: String| -> Inputs<'a> {
        Box::new(move |h: &mut KeyHasher| {
            h.str(&krate);
            h.key(digest.get());
        })
    };
    let mut jobs: Vec<Job<'a>> = vec![
        Job::keyed(
            "mod.rs".to_owned(),
            whole_product(krate.clone()),
            Box::new(move |known| format::render("mod.rs", known, || product::emit_module(p))),
        ),
        Job::keyed(
            "types.rs".to_owned(),
            whole_product(krate.clone()),
            Box::new(move |known| format::render("types.rs", known, || product::emit_types(p))),
        ),
    ];
    for (i, op) in p.operations.iter().enumerate() {
        let name = format!("{}.rs", op.module);
        let label = name.clone();
        let key_krate = krate.clone();
        let krate = krate.clone();
        // An operation's file is emitted from the operation alone (and the crate path its docs name),
        // so its key is too: changing one operation re-renders one file and its product's shared files.
        jobs.push(Job::keyed(
            name,
            Box::new(move |h| {
                h.str(&key_krate);
                h.key(digest.operation(i));
            }),
            Box::new(move |known| {
                format::render(&label, known, || operation::emit_operation(op, &krate))
            }),
        ));
    }
    jobs
}
