//! The operations `acs` knows: every product's catalogue, embedded from `acs-catalog` and read with
//! `acs_runtime::dynamic` the first time the product is needed. Nothing per operation is compiled into
//! the binary (the typed crates stay for Rust users), so building `acs` costs the same whatever the
//! catalogue holds; and a command reads only the products it names, so starting stays quick as products
//! are added.

use std::sync::OnceLock;

use acs_runtime::OperationInfo;
use acs_runtime::dynamic::{self, Header, Product};
use acs_runtime::help::OperationHelp;

/// One embedded product: its header (read at start) and the whole product (read on first use).
struct Entry {
    header: Header,
    text: &'static str,
    product: OnceLock<Option<Product>>,
}

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        acs_catalog::PRODUCTS
            .iter()
            .filter_map(|(module, text)| match dynamic::header(text) {
                Ok(header) => Some(Entry {
                    header,
                    text,
                    product: OnceLock::new(),
                }),
                Err(e) => {
                    broken(module, &e);
                    None
                }
            })
            .collect()
    })
}

/// A catalogue that does not read is a defect of the build, not of the command: say so once and go on
/// without that product (the tests read every catalogue, so this is not expected to happen).
fn broken(module: &str, e: &dynamic::CatalogError) {
    eprintln!("acs: the embedded catalogue of `{module}` does not read ({e}); it is left out");
}

fn read(entry: &'static Entry) -> Option<&'static Product> {
    entry
        .product
        .get_or_init(|| {
            dynamic::parse(entry.text)
                .map_err(|e| broken(entry.header.module, &e))
                .ok()
        })
        .as_ref()
}

/// Every product's header (module, product code, version, number of operations), sorted by module,
/// without reading the products.
pub fn headers() -> impl Iterator<Item = &'static Header> {
    entries().iter().map(|e| &e.header)
}

/// The product of `module`, read on first use.
pub fn product(module: &str) -> Option<&'static Product> {
    entries()
        .iter()
        .find(|e| e.header.module == module)
        .and_then(read)
}

/// Every operation of every product, sorted by module, then action (reads every product).
pub fn operations() -> Vec<&'static OperationInfo> {
    entries()
        .iter()
        .filter_map(read)
        .flat_map(|p| p.operations.iter().copied())
        .collect()
}

/// The operations of `module` (none for an unknown module).
pub fn module(module: &str) -> Vec<&'static OperationInfo> {
    product(module).map_or_else(Vec::new, |p| p.operations.clone())
}

/// The operation `action` of `module`.
pub fn find(module: &str, action: &str) -> Option<&'static OperationInfo> {
    product(module)?.find(action)
}

/// The help of operation `action` of `module`.
pub fn help(module: &str, action: &str) -> Option<&'static OperationHelp> {
    product(module)?.help(action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_reads_and_matches_its_header() {
        assert!(entries().len() == acs_catalog::PRODUCTS.len());
        for e in entries() {
            let p = read(e).unwrap_or_else(|| panic!("{} does not read", e.header.module));
            assert_eq!(p.operations.len(), e.header.operations);
            assert_eq!(p.help.len(), e.header.operations);
            assert_eq!(p.service.module, e.header.module);
        }
    }

    #[test]
    fn finds_operations_and_help_by_name() {
        let info = find("dts", "DescribePreCheckStatus").expect("dts");
        assert_eq!(info.service.product, "Dts");
        assert!(info.paging.is_some() && !info.waiters.is_empty());
        let help = help("dts", "DescribePreCheckStatus").expect("help");
        assert!(
            help.params
                .iter()
                .any(|p| p.name == "DtsJobId" && p.required)
        );
        assert!(find("dts", "NoSuchThing").is_none());
        assert!(find("nosuch", "DescribePreCheckStatus").is_none());
        assert!(module("dbs").len() > 10);
    }
}
