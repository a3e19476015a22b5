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
