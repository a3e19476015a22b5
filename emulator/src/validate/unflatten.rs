//! One parameter's value rebuilt from what was sent, according to its style, the way Alibaba's SDKs
//! flatten it: dotted 1-based keys (`repeat-list`, `flat`, no style) back into lists, objects and maps,
//! nested to any depth (`Tag.1.Key`, `Scope.1.Namespaces.2`, `Labels.env`); `json` parsed from its text;
//! `simple` split on commas; scalars as text. A value sent in another form than its style's (`Id=a,b` for
//! a repeated list, `Tag.1.Key` for a `json` parameter, JSON text that does not parse) is a problem here;
//! what the rebuilt value holds is checked afterwards by `conform`.

use std::collections::BTreeMap;

use acs_codegen::spec::conform::{Names, Problem};
use acs_codegen::spec::model::{FieldSpec, StyleSpec, TypeName, TypeSpec};
use serde_json::{Map, Value};

/// Most dot-separated parts in one key: deeper keys are refused before anything recurses on them.
const MAX_PARTS: usize = 32;

/// What was sent for one parameter: its own value (`Name=v`) and its dotted members, each as the key
/// after `Name.` (`1.Key`) and the value.
#[derive(Debug, Default)]
pub(crate) struct Sent<'r> {
    pub(crate) whole: Option<&'r str>,
    pub(crate) members: Vec<(&'r str, &'r str)>,
}

/// The value of `f` as sent, `None` when nothing was sent for it.
pub(crate) fn value(
    f: &FieldSpec,
    sent: &Sent<'_>,
    names: &dyn Names,
) -> Result<Option<Value>, Problem> {
    let name = f.name.as_str();
    if sent.whole.is_none() && sent.members.is_empty() {
        return Ok(None);
    }
    let t = f.type_spec();
    let one_parameter = |holding: &str| match sent.members.first() {
        Some((member, _)) => Err(invalid(
            name,
            format!(
                "is sent flattened (`{name}.{member}`), but the spec says one parameter holding {holding}"
            ),
        )),
        None => Ok(sent.whole.unwrap_or_default()),
    };
    match f.style {
        Some(StyleSpec::Json) => {
            let text = one_parameter("JSON")?;
            if text.trim().is_empty() {
                return Ok(Some(Value::from(text)));
            }
            let v: Value = serde_json::from_str(text)
                .map_err(|e| invalid(name, format!("is not valid JSON ({e})")))?;
            json_strings_parse(&v, &t, name, names)?;
            Ok(Some(v))
        }
        Some(StyleSpec::Simple) => {
            let text = one_parameter("the items separated by commas")?;
            if text.trim().is_empty() {
                return Ok(Some(Value::from(text)));
            }
            if text.split(',').any(|i| i.trim().is_empty()) {
                return Err(invalid(name, "has an empty item between commas".to_owned()));
            }
            Ok(Some(Value::Array(
                text.split(',').map(Value::from).collect(),
            )))
        }
        Some(StyleSpec::RepeatList | StyleSpec::Flat) | None => {
            // An empty value alone stands for "no value", whatever the type (`Tag=` is an absent list).
            if let (Some(w), true) = (sent.whole, sent.members.is_empty())
                && w.trim().is_empty()
            {
                return Ok(Some(Value::from(w)));
            }
            let mut root = Node {
                value: sent.whole,
                children: BTreeMap::new(),
            };
            for (member, v) in &sent.members {
                root.insert(name, member, v)?;
            }
            root.build(&t, name, names).map(Some)
        }
    }
}

/// A parameter or member as sent: its own value and its members by the next part of the key.
#[derive(Debug, Default)]
struct Node<'r> {
    value: Option<&'r str>,
    children: BTreeMap<&'r str, Node<'r>>,
}

impl<'r> Node<'r> {
    /// Adds the member `key` (the parts after `name.`) with its value.
    fn insert(&mut self, name: &str, key: &'r str, v: &'r str) -> Result<(), Problem> {
        let whole = || format!("{name}.{key}");
        let parts: Vec<&str> = key.split('.').collect();
        if parts.len() > MAX_PARTS {
            return Err(invalid(
                &whole(),
                format!("is nested deeper than {MAX_PARTS} levels"),
            ));
        }
        if parts.iter().any(|p| p.is_empty()) {
            return Err(invalid(
                &whole(),
                "has an empty part between dots".to_owned(),
            ));
        }
        let mut node = self;
        for part in parts {
            node = node.children.entry(part).or_default();
        }
        node.value = Some(v);
        Ok(())
    }

    /// The value this node stands for, as type `t`, at `path`.
    fn build(&self, t: &TypeSpec, path: &str, names: &dyn Names) -> Result<Value, Problem> {
        // An empty value beside members is no value of its own.
        let own = self.value.filter(|v| !v.trim().is_empty());
        let one_value = |what: &str, form: String| {
            invalid(
                path,
                format!("is sent as one value, but the spec says {what}, sent as {form}"),
            )
        };
        match t.ty {
            TypeName::Array => {
                if own.is_some() {
                    return Err(one_value("a list", format!("`{path}.1`, `{path}.2`, …")));
                }
                let mut items: Vec<(usize, &Node<'r>)> = Vec::with_capacity(self.children.len());
                for (part, child) in &self.children {
                    let Some(i) = item_number(part) else {
                        return Err(invalid(
                            &format!("{path}.{part}"),
                            format!(
                                "is not an item number: list items are sent as `{path}.1`, `{path}.2`, …"
                            ),
                        ));
                    };
                    items.push((i, child));
                }
                items.sort_by_key(|(i, _)| *i);
                let item_type = child_type(t, "", names);
                let mut out = Vec::with_capacity(items.len());
                for (expected, (i, child)) in (1..).zip(items) {
                    let here = format!("{path}.{i}");
                    if i != expected {
                        return Err(invalid(
                            &here,
                            format!(
                                "is sent without `{path}.{expected}`: items are numbered from 1, without gaps"
                            ),
                        ));
                    }
                    out.push(child.build(&item_type, &here, names)?);
                }
                Ok(Value::Array(out))
            }
            TypeName::Object | TypeName::Map => {
                if own.is_some() {
                    return Err(if t.ty == TypeName::Object {
                        one_value("an object", format!("`{path}.<member>`"))
                    } else {
                        one_value("a map", format!("`{path}.<key>`"))
                    });
                }
                self.members(t, path, names)
            }
            // Arbitrary JSON travels as text or as members; a flattened list comes back as an object keyed
            // `1`, `2`, …, which `any` accepts all the same.
            TypeName::Any => match self.value {
                Some(_) if !self.children.is_empty() => Err(invalid(
                    path,
                    "is sent both as one value and with members".to_owned(),
                )),
                Some(v) => Ok(Value::from(v)),
                None => self.members(t, path, names),
            },
            _ => {
                if let Some(part) = self.children.keys().next() {
                    return Err(invalid(
                        path,
                        format!("is a single value, but is sent with members (`{path}.{part}`)"),
                    ));
                }
                let text = self.value.unwrap_or_default();
                json_text_parses(text, t, path)?;
                Ok(Value::from(text))
            }
        }
    }

    /// The children as an object, each built as its member's (or the map's values') type.
    fn members(&self, t: &TypeSpec, path: &str, names: &dyn Names) -> Result<Value, Problem> {
        let mut out = Map::new();
        for (part, child) in &self.children {
            let v = child.build(
                &child_type(t, part, names),
                &format!("{path}.{part}"),
                names,
            )?;
            out.insert((*part).to_owned(), v);
        }
        Ok(Value::Object(out))
    }
}

/// `1`, `2`, …: digits without a leading zero, from 1.
fn item_number(part: &str) -> Option<usize> {
    let digits = part.bytes().all(|b| b.is_ascii_digit()) && !part.starts_with('0');
    digits.then(|| part.parse().ok()).flatten()
}

/// The type of member `key` (or of an item) of a value of type `t`; `any` where the spec does not say.
fn child_type(t: &TypeSpec, key: &str, names: &dyn Names) -> TypeSpec {
    let found = match t.ty {
        TypeName::Array => t.items.as_deref().cloned(),
        TypeName::Map => t.values.as_deref().cloned(),
        TypeName::Object => (t.shape.as_deref().and_then(|s| names.shape(s)))
            .and_then(|s| s.fields.iter().find(|f| f.name == key))
            .map(FieldSpec::type_spec),
        _ => None,
    };
    found.unwrap_or(TypeSpec {
        ty: TypeName::Any,
        items: None,
        shape: None,
        enum_name: None,
        format: None,
        content: None,
        values: None,
    })
}

/// A `json` field's text must parse, wherever it sits: the service reads it.
fn json_text_parses(text: &str, t: &TypeSpec, path: &str) -> Result<(), Problem> {
    if t.ty != TypeName::Json || text.trim().is_empty() {
        return Ok(());
    }
    serde_json::from_str::<Value>(text)
        .map(drop)
        .map_err(|e| invalid(path, format!("is not valid JSON ({e})")))
}

/// [`json_text_parses`] for every `json` field inside a value that arrived as JSON.
fn json_strings_parse(
    v: &Value,
    t: &TypeSpec,
    path: &str,
    names: &dyn Names,
) -> Result<(), Problem> {
    match v {
        Value::String(s) => json_text_parses(s, t, path),
        Value::Array(items) => {
            let item_type = child_type(t, "", names);
            (1..).zip(items).try_for_each(|(i, x)| {
                json_strings_parse(x, &item_type, &format!("{path}.{i}"), names)
            })
        }
        Value::Object(map) => map.iter().try_for_each(|(k, x)| {
            json_strings_parse(x, &child_type(t, k, names), &format!("{path}.{k}"), names)
        }),
        _ => Ok(()),
    }
}

fn invalid(path: &str, message: String) -> Problem {
    Problem {
        path: path.to_owned(),
        message,
        missing: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_numbers_are_canonical_and_start_at_one() {
        assert_eq!(item_number("1"), Some(1));
        assert_eq!(item_number("12"), Some(12));
        for bad in ["0", "01", "", "-1", "+1", "1a", "99999999999999999999999"] {
            assert_eq!(item_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_too_deep_or_with_empty_parts_are_refused_before_any_recursion() {
        let mut root = Node::default();
        let deep = vec!["a"; MAX_PARTS + 1].join(".");
        let p = root.insert("X", &deep, "v").unwrap_err();
        assert_eq!(
            (p.path.len(), p.message.as_str()),
            (2 + deep.len(), "is nested deeper than 32 levels")
        );
        assert!(
            root.insert("X", &deep[2..], "v").is_ok(),
            "{MAX_PARTS} parts are fine"
        );
        for bad in ["a..b", ".a", "a."] {
            let p = root.insert("X", bad, "v").unwrap_err();
            assert_eq!(
                (p.path, p.message),
                (
                    format!("X.{bad}"),
                    "has an empty part between dots".to_owned()
                )
            );
        }
    }
}
