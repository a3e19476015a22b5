//! Names for the shapes and enums the metadata leaves anonymous, unique within a product.
//!
//! The rule (documented in `specs/README.md`): an object is named after the property that holds it in
//! UpperCamelCase (`DestinationEndpoint`); the object items of a list after the list, singular
//! (`DtsJobList` → `DtsJob`, `HoneypotEvents` → `HoneypotEvent`); a one-key object that only wraps a list
//! after that list (`Items: {Detail: [...]}` → `DetailList`); a `$ref` after its schema. When the name is
//! taken by something else, the parent's name goes in front (`ReverseJobDestinationEndpoint`; the parent
//! of a top-level field is the operation), then the operation's, then a number at the end. Names are
//! claimed product-wide, shallowest objects first, so the short names go to what users touch most.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

/// UpperCamelCase as the generator checks it (`DBName` → `DbName`).
pub fn camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// The name of one item of a list called `list`.
pub fn singular(list: &str) -> String {
    let name = camel(list);
    let strip = |suffix: &str, with: &str| {
        name.strip_suffix(suffix)
            .filter(|stem| !stem.is_empty())
            .map(|stem| format!("{stem}{with}"))
    };
    strip("List", "")
        .or_else(|| strip("ies", "y"))
        .or_else(|| {
            ["sses", "shes", "ches", "xes"]
                .iter()
                .find_map(|s| strip(s, &s[..s.len() - 2]))
        })
        .or_else(|| {
            let keep = ["ss", "us", "is"].iter().any(|s| name.ends_with(s));
            if keep { None } else { strip("s", "") }
        })
        .unwrap_or(name)
}

/// Whether `name` can be a shape, enum or variant name: an identifier the generator accepts as
/// UpperCamelCase.
pub fn usable(name: &str) -> bool {
    // `Self` is the one UpperCamelCase keyword.
    name != "Self"
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && camel(name) == name
}

/// The type names of one product: reserved ones (the generator's own, hand-written files') and those
/// claimed by imported operations, with what each claimed name stands for.
#[derive(Debug, Default)]
pub struct Namespace {
    reserved: BTreeSet<String>,
    /// Claimed names.
    claimed: BTreeSet<String>,
    /// (operation, identity of what it names) → claimed name.
    owners: BTreeMap<(String, String), String>,
}

impl Namespace {
    /// A namespace where `reserved` are taken.
    pub fn new(reserved: impl IntoIterator<Item = String>) -> Self {
        Namespace {
            reserved: reserved.into_iter().collect(),
            claimed: BTreeSet::new(),
            owners: BTreeMap::new(),
        }
    }

    /// The name for the thing identified by `identity` in operation `op`: the same name as before when the
    /// operation already named an identical thing, else the first free of `base`, `parent + base`,
    /// `op + base`, then `parent + base + 2`, `+ 3`, ....
    pub fn claim(&mut self, op: &str, identity: &str, base: &str, parent: &str) -> String {
        let owner = (op.to_owned(), identity.to_owned());
        if let Some(name) = self.owners.get(&owner) {
            return name.clone();
        }
        let joined = |a: &str, b: &str| camel(&format!("{}{}", camel(a), camel(b)));
        let mut candidates = vec![camel(base), joined(parent, base), joined(op, base)];
        candidates.dedup();
        // A stem that is a usable name, so numbering always ends.
        let numbered = [joined(parent, base), joined(op, base), joined(op, "Item")]
            .into_iter()
            .find(|c| usable(c))
            .unwrap_or_else(|| "Item".to_owned());
        let name = candidates
            .into_iter()
            .chain((2..).map(|n| format!("{numbered}{n}")))
            .find(|c| usable(c) && !self.reserved.contains(c) && !self.claimed.contains(c))
            .unwrap_or_default();
        self.claimed.insert(name.clone());
        self.owners.insert(owner, name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_singular() {
        for (list, item) in [
            ("DtsJobList", "DtsJob"),
            ("HoneypotEvents", "HoneypotEvent"),
            ("Policies", "Policy"),
            ("Addresses", "Address"),
            ("InstallStatus", "InstallStatus"),
            ("Analysis", "Analysis"),
            ("Data", "Data"),
            ("List", "List"),
            ("tag_list", "Tag"),
        ] {
            assert_eq!(singular(list), item, "{list}");
        }
    }

    #[test]
    fn taken_names_get_the_parent_then_the_operation_then_a_number() {
        let mut ns = Namespace::new(["Client".to_owned(), "Status".to_owned()]);
        assert_eq!(ns.claim("Op", "a", "DtsJob", "Op"), "DtsJob");
        assert_eq!(
            ns.claim("Op", "a", "DtsJob", "Op"),
            "DtsJob",
            "same identity, same name"
        );
        assert_eq!(ns.claim("Op", "b", "Status", "DtsJob"), "DtsJobStatus");
        assert_eq!(ns.claim("Op", "c", "Status", "DtsJob"), "OpStatus");
        assert_eq!(ns.claim("Op", "d", "Status", "DtsJob"), "DtsJobStatus2");
        assert_eq!(
            ns.claim("Other", "a", "DtsJob", "Other"),
            "OtherDtsJob",
            "another operation's"
        );
        assert_eq!(ns.claim("Op", "e", "2fa", "Op"), "Op2fa");
        assert_eq!(ns.claim("Op", "f", "Client", "Op"), "OpClient");
        assert_eq!(ns.claim("Op", "g", "self", "Op"), "OpSelf", "a keyword");
        assert_eq!(
            ns.claim("Op", "h", "DBName", "Op"),
            "DbName",
            "the generator's UpperCamelCase"
        );
    }
}
