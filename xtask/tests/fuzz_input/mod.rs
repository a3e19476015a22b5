//! The inputs of `fuzz_import.rs`: a seeded generator, JSON that keeps key order and repeated keys, the
//! seed (the smallest product's metadata, cut to its smallest operations) and the mutations made of it.

#![allow(dead_code)]

use std::fs;
use std::path::Path;

use serde_json::Value;

/// A small seeded generator (xorshift64), so a failure reproduces from its round.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// The metadata the mutations start from: the smallest product of `metadata/`.
pub const METADATA: &str = "metadata/dbs/2019-03-06/api-docs.json";

/// How many operations of it are kept: the smallest ones, so that one import takes a tenth of a second.
pub const OPERATIONS: usize = 4;

/// JSON whose objects keep their order and may hold a key twice, which `serde_json::Value` cannot.
#[derive(Clone, Debug)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn from_value(v: &Value) -> Json {
        match v {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.to_string()),
            Value::String(s) => Json::String(s.clone()),
            Value::Array(items) => Json::Array(items.iter().map(Json::from_value).collect()),
            Value::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Json::from_value(v)))
                    .collect(),
            ),
        }
    }

    pub fn write(&self, out: &mut String) {
        let quoted = |s: &str| serde_json::to_string(s).expect("a string");
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => out.push_str(&quoted(s)),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&quoted(k));
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// The node at `path` (indices into objects' entries and arrays' items).
    pub fn at(&mut self, path: &[usize]) -> &mut Json {
        let mut node = self;
        for &i in path {
            node = match node {
                Json::Array(items) => &mut items[i],
                Json::Object(entries) => &mut entries[i].1,
                _ => unreachable!("paths lead through containers"),
            };
        }
        node
    }

    /// Every node's path and its name as a person reads it (`apis.StartBackupPlan.parameters[0]`).
    pub fn paths(&self, here: &mut Vec<usize>, name: &str, out: &mut Vec<(Vec<usize>, String)>) {
        match self {
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    here.push(i);
                    let name = format!("{name}[{i}]");
                    out.push((here.clone(), name.clone()));
                    item.paths(here, &name, out);
                    here.pop();
                }
            }
            Json::Object(entries) => {
                for (i, (k, v)) in entries.iter().enumerate() {
                    here.push(i);
                    let name = if name.is_empty() {
                        k.clone()
                    } else {
                        format!("{name}.{k}")
                    };
                    out.push((here.clone(), name.clone()));
                    v.paths(here, &name, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
}

/// The smallest product's metadata with only its [`OPERATIONS`] smallest operations.
pub fn seed() -> Json {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = fs::read_to_string(root.join(METADATA)).expect("metadata");
    let mut doc: Value = serde_json::from_str(&text).expect("metadata is JSON");
    let apis = doc["apis"].as_object_mut().expect("apis");
    let mut sizes: Vec<(usize, String)> = apis
        .iter()
        .map(|(k, v)| (v.to_string().len(), k.clone()))
        .collect();
    sizes.sort();
    let keep: Vec<String> = sizes.into_iter().take(OPERATIONS).map(|(_, k)| k).collect();
    apis.retain(|k, _| keep.contains(k));
    Json::from_value(&doc)
}

/// Values a mutation puts where something else was: every JSON type, and text that is a path, empty,
/// a Rust keyword, a control character or very long.
pub fn hostile(rng: &mut Rng) -> Json {
    const TEXT: &[&str] = &[
        "",
        " ",
        "../../escape",
        "a/b",
        "..",
        "C:\\x",
        "self",
        "type",
        "Client",
        "2FA",
        "é",
        "\u{0}",
        "\n",
        "object",
        "array",
        "string",
        "integer",
        "boolean",
        "#/components/schemas/Missing",
        "#/components/schemas/Loop",
        "{region_id}",
        "RPC",
        "post",
    ];
    match rng.below(12) {
        0 => Json::Null,
        1 => Json::Bool(rng.below(2) == 0),
        2 => Json::Number(["0", "-1", "1.5", "1e300", "18446744073709551616"][rng.below(5)].into()),
        3 => Json::Array(Vec::new()),
        4 => Json::Object(Vec::new()),
        5 => Json::String("x".repeat(100_000)),
        6 => Json::Object(vec![(
            "$ref".into(),
            Json::String("#/components/schemas/Loop".into()),
        )]),
        _ => Json::String(TEXT[rng.below(TEXT.len())].into()),
    }
}

/// Whether one of two paths leads through the other (they cannot be swapped).
pub fn nested(a: &[usize], b: &[usize]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// What a mutation did: its description, and the places (named as the importer names them) it changed.
pub struct Change {
    /// What was done.
    pub what: String,
    /// The places changed, named as the importer names them.
    pub places: Vec<String>,
}

/// A node to change: mostly in `apis` (the operations), where most of the importer's work is, else
/// anywhere (product information, endpoints, RAM actions, error codes).
pub fn pick(all: &[(Vec<usize>, String)], rng: &mut Rng) -> (Vec<usize>, String) {
    let apis: Vec<&(Vec<usize>, String)> =
        all.iter().filter(|(_, n)| n.starts_with("apis.")).collect();
    if !apis.is_empty() && rng.below(4) > 0 {
        apis[rng.below(apis.len())].clone()
    } else {
        all[rng.below(all.len())].clone()
    }
}

/// `doc` with one to three mutations.
pub fn mutate(doc: &mut Json, rng: &mut Rng) -> Vec<Change> {
    let mut done = Vec::new();
    for _ in 0..=rng.below(3) {
        let mut all = Vec::new();
        doc.paths(&mut Vec::new(), "", &mut all);
        let (path, name) = pick(&all, rng);
        match rng.below(5) {
            0 => {
                let (parent, last) = path.split_at(path.len() - 1);
                match doc.at(parent) {
                    Json::Array(items) => drop(items.remove(last[0])),
                    Json::Object(entries) => drop(entries.remove(last[0])),
                    _ => {}
                }
                done.push(Change {
                    what: format!("deleted {name}"),
                    places: vec![name],
                });
            }
            1 | 2 => {
                let value = hostile(rng);
                done.push(Change {
                    what: format!("{name} = {:.60}", value.text()),
                    places: vec![name],
                });
                *doc.at(&path) = value;
            }
            3 => {
                let (other, other_name) = pick(&all, rng);
                if !nested(&path, &other) {
                    let a = doc.at(&path).clone();
                    let b = std::mem::replace(doc.at(&other), a);
                    *doc.at(&path) = b;
                    done.push(Change {
                        what: format!("swapped {name} and {other_name}"),
                        places: vec![name, other_name],
                    });
                }
            }
            _ => {
                // The key written twice, with the value of some other node.
                let (other, other_name) = pick(&all, rng);
                let value = doc.at(&other).clone();
                let (parent, last) = path.split_at(path.len() - 1);
                if let Json::Object(entries) = doc.at(parent) {
                    let key = entries[last[0]].0.clone();
                    entries.push((key, value));
                    done.push(Change {
                        what: format!("{name} written again with {other_name}"),
                        places: vec![name],
                    });
                }
            }
        }
    }
    done
}

/// The operation all of `places` are in (`apis.<Action>...`), if they are all in one.
pub fn one_operation(places: &[&str]) -> Option<String> {
    let action = |p: &str| {
        p.strip_prefix("apis.")?
            .split(['.', '['])
            .next()
            .map(str::to_owned)
    };
    let first = action(places.first()?)?;
    places
        .iter()
        .all(|p| action(p).as_ref() == Some(&first))
        .then_some(first)
}

/// Sets the value at `keys` of `doc`, making the objects on the way.
pub fn set(doc: &mut Json, keys: &[&str], value: Json) {
    let mut node = doc;
    for key in keys {
        let Json::Object(entries) = node else {
            panic!("{key} is not in an object");
        };
        let i = match entries.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                entries.push(((*key).to_owned(), Json::Object(Vec::new())));
                entries.len() - 1
            }
        };
        node = &mut entries[i].1;
    }
    *node = value;
}

/// The entries of the object at `key` of `doc`.
pub fn entries<'a>(doc: &'a mut Json, key: &str) -> &'a mut Vec<(String, Json)> {
    let Json::Object(top) = doc else {
        panic!("metadata is an object");
    };
    match top.iter_mut().find(|(k, _)| k == key) {
        Some((_, Json::Object(inner))) => inner,
        _ => panic!("no object {key}"),
    }
}

/// `{"$ref": "#/components/schemas/<to>"}`.
pub fn reference(to: &str) -> Json {
    Json::Object(vec![(
        "$ref".into(),
        Json::String(format!("#/components/schemas/{to}")),
    )])
}
