//! Enums from the metadata's `enum` and `enumValueTitles`: the documented values, their titles as
//! descriptions, and a Rust variant name for each value whose own UpperCamelCase is not usable.

use std::collections::BTreeSet;

use super::json::Json;
use super::names::{camel, usable};
use super::text::clean;
use super::yaml::Node;

/// The documented values of `s` with their titles, in the metadata's order: `enum`, then any value only
/// `enumValueTitles` lists. `None` when it documents none.
pub fn enum_values(s: &Json) -> Option<Vec<(String, String)>> {
    let titles = s
        .get("enumValueTitles")
        .map(Json::entries)
        .unwrap_or_default();
    let title_of = |value: &str| {
        titles
            .iter()
            .find(|(k, _)| k == value)
            .and_then(|(_, t)| t.as_str())
            .map(clean)
            .unwrap_or_default()
    };
    let mut values: Vec<(String, String)> = Vec::new();
    let listed = s.get("enum").map(Json::items).unwrap_or_default();
    let from_titles = titles.iter().map(|(k, _)| k.clone());
    for value in listed
        .iter()
        .filter_map(Json::scalar_text)
        .chain(from_titles)
    {
        if !values.iter().any(|(v, _)| *v == value) {
            let title = title_of(&value);
            values.push((value, title));
        }
    }
    (!values.is_empty()).then_some(values)
}

/// The spec enum for `values`: `value`, a `name` where the value's own UpperCamelCase is not a usable,
/// free variant name (`Unknown` is the generator's), and the title as `description`. `None` when some value
/// gets no name at all.
pub fn enum_node(values: &[(String, String)]) -> Option<Node> {
    // Names the values give themselves come first, so a named value never takes one of them.
    let own: Vec<String> = values.iter().map(|(v, _)| camel(v)).collect();
    let mut taken: BTreeSet<String> = BTreeSet::from(["Unknown".to_owned()]);
    let mut natural = vec![false; values.len()];
    for (i, name) in own.iter().enumerate() {
        if usable(name) && taken.insert(name.clone()) {
            natural[i] = true;
        }
    }
    let mut out = Vec::new();
    for (i, (value, title)) in values.iter().enumerate() {
        let mut entry = vec![("value".to_owned(), Node::str(value))];
        if !natural[i] {
            let name = variant_name(value, title, &taken)?;
            taken.insert(name.clone());
            entry.push(("name".to_owned(), Node::Str(name)));
        }
        if !title.is_empty() {
            entry.push(("description".to_owned(), Node::str(title)));
        }
        out.push(Node::Map(entry));
    }
    Some(Node::Map(vec![("values".to_owned(), Node::Seq(out))]))
}

/// A name for a value whose own is unusable or taken: its title's, `V` and its letters and digits
/// (`1` → `V1`, `-1` → `V1`), `Value` in front, then a number.
fn variant_name(value: &str, title: &str, taken: &BTreeSet<String>) -> Option<String> {
    let letters: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let stem = camel(&letters);
    let candidates = [
        camel(title),
        camel(&format!("v_{letters}")),
        format!("Value{stem}"),
    ];
    let free = |c: &String| usable(c) && !taken.contains(c);
    if let Some(found) = candidates.iter().find(|c| free(c)) {
        return Some(found.clone());
    }
    let base = candidates.into_iter().find(|c| usable(c))?;
    (2..10_000).map(|n| format!("{base}{n}")).find(|c| free(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(v, t)| ((*v).to_owned(), (*t).to_owned()))
            .collect()
    }

    fn names(node: &Node) -> Vec<String> {
        match node.get("values") {
            Some(Node::Seq(items)) => items
                .iter()
                .map(|i| match i.get("name") {
                    Some(n) => format!(
                        "{}={}",
                        i.get("value").and_then(Node::as_str).unwrap_or(""),
                        n.as_str().unwrap_or("")
                    ),
                    None => i
                        .get("value")
                        .and_then(Node::as_str)
                        .unwrap_or("")
                        .to_owned(),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn values_come_from_enum_and_titles_in_order() {
        let s: Json = serde_json::from_str(
            r#"{"enum": ["b", "a"], "enumValueTitles": {"a": "The [A](~~1~~).", "c": ""}}"#,
        )
        .expect("json");
        assert_eq!(
            enum_values(&s),
            Some(values(&[("b", ""), ("a", "The A."), ("c", "")]))
        );
        let none: Json = serde_json::from_str(r#"{"enumValueTitles": {}}"#).expect("json");
        assert_eq!(enum_values(&none), None);
    }

    #[test]
    fn unusable_or_colliding_values_get_names() {
        let node = enum_node(&values(&[
            ("cn-hangzhou", ""),
            ("1", "alert"),
            ("2", ""),
            ("Unknown", ""),
            ("on", ""),
            ("ON", ""),
            ("", ""),
        ]))
        .expect("names");
        assert_eq!(
            names(&node),
            [
                "cn-hangzhou",
                "1=Alert",
                "2=V2",
                "Unknown=VUnknown",
                "on",
                "ON=VOn",
                "=V"
            ]
        );
    }
}
