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

/// The values a string field's description lists in Alibaba's way, when the list is unambiguous:
///
/// ```text
/// Valid values:
///
/// *   **running**: The task is running.
/// *   **finish**: The task is complete.
/// ```
///
/// One `Valid values` in the description, followed by a list of at least two items that each start with
/// a bold value (a single word) and nothing else in the list; values distinct; and the field's example,
/// when it has one, among them. The text after the value becomes its description. Anything else is left
/// as prose. A wrong guess costs nothing at run time: generated enums keep unknown values.
pub fn prose_values(s: &Json) -> Option<Vec<(String, String)>> {
    let description = s.get("description").and_then(Json::as_str)?;
    let lower = description.to_ascii_lowercase();
    let at = lower.find("valid values")?;
    if lower[at + 1..].contains("valid values") {
        return None;
    }
    let rest = &description[at..];
    let mut lines = rest.lines();
    // The sentence that introduces the list ends with a colon (`Valid values:`).
    if !lines.next()?.trim_end().ends_with(':') {
        return None;
    }
    let mut values: Vec<(String, String)> = Vec::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            if values.is_empty() {
                continue;
            }
            break;
        }
        let item = line
            .strip_prefix('*')
            .or_else(|| line.strip_prefix('-'))?
            .trim_start();
        let bold = item.strip_prefix("**")?;
        let end = bold.find("**")?;
        let value = bold[..end].trim();
        if value.is_empty()
            || value.contains(char::is_whitespace)
            || values.iter().any(|(v, _)| v == value)
        {
            return None;
        }
        let meaning = bold[end + 2..]
            .trim_start()
            .trim_start_matches([':', '：'])
            .trim();
        values.push((value.to_owned(), clean(meaning)));
    }
    if values.len() < 2 {
        return None;
    }
    if let Some(example) = s.get("example").and_then(Json::scalar_text) {
        let example = example.trim();
        if !example.is_empty() && !values.iter().any(|(v, _)| v == example) {
            return None;
        }
    }
    Some(values)
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
    fn valid_values_in_prose_become_an_enum_only_when_unambiguous() {
        let field = |description: &str, example: &str| -> Json {
            serde_json::from_value(serde_json::json!({
                "type": "string", "description": description, "example": example
            }))
            .expect("json")
        };
        let listed = "The state. Valid values:\n\n*   **running**: The task is running.\n*   **finish**: Done.\n\nMore text.";
        assert_eq!(
            prose_values(&field(listed, "running")),
            Some(vec![
                ("running".to_owned(), "The task is running.".to_owned()),
                ("finish".to_owned(), "Done.".to_owned())
            ])
        );
        // The example is not a listed value: the list is not the whole story.
        assert_eq!(prose_values(&field(listed, "paused")), None);
        // One value only; a value of two words; two lists; an item without a bold value.
        for unclear in [
            "Valid values:\n\n*   **on**: yes",
            "Valid values:\n\n*   **a b**: x\n*   **c**: y",
            "Valid values:\n\n*   **a**\n*   **b**\n\nValid values for X:\n\n*   **c**\n*   **d**",
            "Valid values:\n\n*   **a**: x\n*   plain item",
            "Valid values: **a** and **b**.",
        ] {
            assert_eq!(prose_values(&field(unclear, "")), None, "{unclear}");
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
