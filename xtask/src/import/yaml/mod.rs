//! The YAML the importer reads (overlays) and writes (specs): an ordered tree, [`Node`], whose maps keep
//! their keys in the order they are written, and the compact writer [`render`].

mod write;

use serde_yaml::Value;

pub use write::render;

/// A YAML value with map keys in the order they are written.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Text.
    Str(String),
    /// A number, already written as YAML reads it back (`1`, `0.5`).
    Num(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`: in an overlay, removes the key it is given for.
    Null,
    /// A list.
    Seq(Vec<Node>),
    /// A map, keys in order.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// A string node.
    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    /// The value of `key` in a map.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value of `key` in a map, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Map(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `key` in a map, in place when present, else at the end.
    pub fn set(&mut self, key: &str, value: Node) {
        if let Node::Map(entries) = self {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
    }

    /// Removes `key` from a map.
    pub fn remove(&mut self, key: &str) {
        if let Node::Map(entries) = self {
            entries.retain(|(k, _)| k != key);
        }
    }

    /// The text of a string node.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    fn is_scalar(&self) -> bool {
        !matches!(self, Node::Seq(_) | Node::Map(_))
    }

    /// The same value as the YAML library holds it, to compare with what it reads back.
    fn to_value(&self) -> Value {
        match self {
            Node::Str(s) => Value::String(s.clone()),
            Node::Num(n) => serde_yaml::from_str(n).unwrap_or(Value::Null),
            Node::Bool(b) => Value::Bool(*b),
            Node::Null => Value::Null,
            Node::Seq(items) => Value::Sequence(items.iter().map(Node::to_value).collect()),
            Node::Map(entries) => Value::Mapping(
                entries
                    .iter()
                    .map(|(k, v)| (Value::String(k.clone()), v.to_value()))
                    .collect(),
            ),
        }
    }
}

/// Reads YAML text (an overlay) into a [`Node`]; map keys must be text.
pub fn parse(text: &str) -> Result<Node, String> {
    let value: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    from_value(&value, "")
}

fn from_value(value: &Value, path: &str) -> Result<Node, String> {
    Ok(match value {
        Value::Null => Node::Null,
        Value::Bool(b) => Node::Bool(*b),
        Value::Number(n) => Node::Num(n.to_string()),
        Value::String(s) => Node::Str(s.clone()),
        Value::Sequence(items) => Node::Seq(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| from_value(v, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Value::Mapping(map) => {
            let mut entries = Vec::new();
            for (k, v) in map {
                let key = match k {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return Err(format!("{path}: map keys must be text")),
                };
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                entries.push((key, from_value(v, &here)?));
            }
            Node::Map(entries)
        }
        Value::Tagged(_) => {
            return Err(format!("{path}: YAML tags (`!name`) are not used in specs"));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlays_parse_in_order() {
        let node = parse("b: 1\na: [x, {k: true}]\nc: null\n").expect("parses");
        let keys: Vec<&str> = match &node {
            Node::Map(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
            _ => Vec::new(),
        };
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(node.get("b"), Some(&Node::Num("1".to_owned())));
        assert!(parse("!tag x").is_err());
    }
}
