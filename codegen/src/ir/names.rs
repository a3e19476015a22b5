//! Rust names from spec names: case conversion (heck) and the checks that keep them legal.
//!
//! Both the validator (to report a bad name with its position) and the IR lowering (to build names) use
//! these functions, so a name that passes validation is exactly the name that is emitted.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain identifiers in Rust 2024 (strict and reserved keywords).
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The snake_case field or method name of a wire name: `DestinationEndpointOracleSID` →
/// `destination_endpoint_oracle_sid`.
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// The UpperCamelCase type or variant name of a value: `running` → `Running`, `EXIST_INSTANCE` →
/// `ExistInstance`.
pub fn camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Keywords that cannot be raw identifiers either; a trailing underscore makes them usable.
const NOT_RAW: &[&str] = &["Self", "crate", "self", "super"];

/// A legal snake_case identifier for `name` (already snake_case): keywords become raw identifiers
/// (`type` → `r#type`, or `self_` for the four that cannot be raw), a leading digit gets an underscore
/// (`2fa` → `_2fa`), and nothing becomes `field`. This is the documented mangling rule of field names.
pub fn legal_ident(name: &str) -> String {
    if name.is_empty() {
        "field".to_owned()
    } else if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

/// The identifier without a raw prefix: `r#type` → `type`.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Names already used in one scope (a struct's fields, a builder's methods, a module's items); each new
/// name is made unique by appending underscores, so two inputs never become one identifier.
#[derive(Clone, Debug, Default)]
pub struct Taken(std::collections::BTreeSet<String>);

impl Taken {
    /// A scope where `reserved` are already taken.
    pub fn with(reserved: &[&str]) -> Self {
        Taken(reserved.iter().map(|s| (*s).to_owned()).collect())
    }

    /// `name`, or `name_`, `name__`, ... whichever is free first; now taken.
    pub fn claim(&mut self, name: &str) -> String {
        let base = unraw(name);
        let mut plain = base.to_owned();
        while self.0.contains(&plain) {
            plain.push('_');
        }
        self.0.insert(plain.clone());
        // A keyword with an underscore appended is no longer a keyword: no raw prefix needed.
        if plain == base {
            name.to_owned()
        } else {
            plain
        }
    }
}

/// Why `name` cannot be emitted as an identifier, if it cannot.
pub fn ident_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    match chars.next() {
        None => return Some("the name is empty".to_owned()),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => {
            return Some(format!("`{name}` does not start with an ASCII letter"));
        }
        Some(_) => {}
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Some(format!(
            "`{name}` contains `{c}`, which a Rust identifier cannot"
        ));
    }
    if name == "_" {
        return Some("`_` is not a name".to_owned());
    }
    if KEYWORDS.contains(&name) {
        return Some(format!("`{name}` is a Rust keyword"));
    }
    None
}

/// Why `name` is not an UpperCamelCase type name, if it is not.
pub fn type_name_problem(name: &str) -> Option<String> {
    ident_problem(name).or_else(|| {
        (camel(name) != name).then(|| {
            format!(
                "`{name}` is not UpperCamelCase (expected `{}`)",
                camel(name)
            )
        })
    })
}

/// Why `name` is not a snake_case field, method or module name, if it is not.
pub fn snake_name_problem(name: &str) -> Option<String> {
    ident_problem(name).or_else(|| {
        (snake(name) != name)
            .then(|| format!("`{name}` is not snake_case (expected `{}`)", snake(name)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(
            snake("DestinationEndpointOracleSID"),
            "destination_endpoint_oracle_sid"
        );
        assert_eq!(
            snake("FullStruforeRestoreProgress"),
            "full_strufore_restore_progress"
        );
        assert_eq!(snake("CnDocUrl"), "cn_doc_url");
        assert_eq!(camel("running"), "Running");
        assert_eq!(camel("EXIST_INSTANCE"), "ExistInstance");
        assert_eq!(camel("NotStarted"), "NotStarted");
    }

    #[test]
    fn mangling() {
        assert_eq!(legal_ident("type"), "r#type");
        assert_eq!(legal_ident("self"), "self_");
        assert_eq!(legal_ident("2fa"), "_2fa");
        assert_eq!(legal_ident(""), "field");
        assert_eq!(legal_ident("page_size"), "page_size");
        let mut taken = Taken::with(&["new", "send"]);
        assert_eq!(taken.claim("page_size"), "page_size");
        assert_eq!(taken.claim("page_size"), "page_size_");
        assert_eq!(taken.claim("send"), "send_");
        assert_eq!(taken.claim("r#type"), "r#type");
        assert_eq!(taken.claim("r#type"), "type_");
    }

    #[test]
    fn problems() {
        assert!(ident_problem("type").is_some_and(|p| p.contains("keyword")));
        assert!(ident_problem("01").is_some_and(|p| p.contains("start")));
        assert!(ident_problem("a-b").is_some_and(|p| p.contains('-')));
        assert!(ident_problem("").is_some());
        assert!(ident_problem("order_num").is_none());
        assert!(type_name_problem("progressInfo").is_some());
        assert!(type_name_problem("ProgressInfo").is_none());
        assert!(snake_name_problem("Dbs").is_some());
        assert!(snake_name_problem("dbs").is_none());
    }
}
