//! A valid input for any operation, made from its spec alone, so tests and tools can call every operation
//! without knowing it: the first request example that fits, else the required parameters plus one of each
//! `at_least_one` / `exactly_one` group, each with the spec's example when it fits and a value made from
//! the type when not. "Fits" is decided by [`conform`] in strict request mode (the emulator's rules) and
//! by what survives the trip to the wire (a flattened empty list vanishes, a `json` string must parse).

use serde_json::{Map, Value};

use super::conform::{Mode, Names, conform, official_forms};
use super::model::{
    ConstraintKind, FieldSpec, OperationSpec, ProductSpec, Scalar, ShapeSpec, StyleSpec,
    TimestampFormatSpec, TypeName, TypeSpec,
};

const STRICT: Mode = Mode::Request { strict_enums: true };
/// Deeper than this, objects are left empty: a shape that requires itself (through a list) never ends.
const MAX_DEPTH: usize = 8;

/// The shapes and enums an operation sees: its own first, then its product's.
#[derive(Clone, Copy, Debug)]
pub struct SpecNames<'a> {
    /// The operation's product.
    pub product: &'a ProductSpec,
    /// The operation.
    pub operation: &'a OperationSpec,
}

impl Names for SpecNames<'_> {
    fn shape(&self, name: &str) -> Option<&ShapeSpec> {
        (self.operation.shapes.get(name)).or_else(|| self.product.shapes.get(name))
    }

    fn enum_values(&self, name: &str) -> Option<Vec<&str>> {
        let e = (self.operation.enums.get(name)).or_else(|| self.product.enums.get(name))?;
        Some(e.values.iter().map(|v| v.value.as_str()).collect())
    }
}

/// A valid input of `op` with wire names (`{"Tag": [{"Key": "k"}]}`), as [`conform`] in strict request
/// mode and the rules between parameters accept it.
pub fn sample_input(op: &OperationSpec, names: &dyn Names) -> Value {
    let example = op.request_examples.iter().find_map(|ex| {
        // In the spec's own form, whichever form the example was written in.
        let input = official_forms(&serde_json::to_value(&ex.input).ok()?, &op.request, names);
        fits_whole(op, &input, names).then_some(input)
    });
    if let Some(input) = example {
        return input;
    }
    let mut out = Map::new();
    for f in chosen(op) {
        out.insert(f.name.clone(), field_value(f, names, 0, dotted(f)));
    }
    Value::Object(out)
}

/// Whether the parameter is flattened into dotted keys (every style but `json` and `simple`).
fn dotted(f: &FieldSpec) -> bool {
    !matches!(f.style, Some(StyleSpec::Json | StyleSpec::Simple))
}

fn fits_whole(op: &OperationSpec, input: &Value, names: &dyn Names) -> bool {
    let Value::Object(map) = input else {
        return false;
    };
    conform(input, &op.request, names, STRICT).is_empty()
        && rules_hold(op, |name| map.get(name).is_some_and(given))
        && op.request.iter().all(|f| {
            map.get(&f.name)
                .is_none_or(|v| field_sendable(f, v, dotted(f), names))
        })
}

/// Whether a value is there at all: not null, blank text, or an empty list or object.
fn given(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn rules_hold(op: &OperationSpec, is_given: impl Fn(&str) -> bool) -> bool {
    op.constraints.iter().all(|rule| {
        let n = rule.fields.iter().filter(|f| is_given(f)).count();
        match rule.kind {
            ConstraintKind::AtMostOne => n <= 1,
            ConstraintKind::AtLeastOne => n >= 1,
            ConstraintKind::ExactlyOne => n == 1,
        }
    })
}

/// The required parameters, then for each group needing one and lacking it, its first parameter that
/// breaks no `at_most_one` / `exactly_one` rule with those already chosen.
fn chosen(op: &OperationSpec) -> Vec<&FieldSpec> {
    let mut out: Vec<&FieldSpec> = op.request.iter().filter(|f| f.required).collect();
    let has = |out: &[&FieldSpec], name: &str| out.iter().any(|f| f.name == name);
    for rule in &op.constraints {
        let needs_one = matches!(
            rule.kind,
            ConstraintKind::AtLeastOne | ConstraintKind::ExactlyOne
        );
        if !needs_one || rule.fields.iter().any(|n| has(&out, n)) {
            continue;
        }
        let candidates: Vec<&FieldSpec> = (rule.fields.iter())
            .filter_map(|n| op.request.iter().find(|f| &f.name == n))
            .collect();
        let clashes = |f: &FieldSpec| {
            op.constraints.iter().any(|r| {
                r.kind != ConstraintKind::AtLeastOne
                    && r.fields.contains(&f.name)
                    && r.fields.iter().any(|n| has(&out, n))
            })
        };
        if let Some(f) = (candidates.iter().find(|f| !clashes(f))).or(candidates.first()) {
            out.push(f);
        }
    }
    out
}

/// The field's example when it fits, else a value made from its type and limits.
fn field_value(f: &FieldSpec, names: &dyn Names, depth: usize, dotted: bool) -> Value {
    let t = f.type_spec();
    let alone = |v: &Value| Value::Object(Map::from_iter([(f.name.clone(), v.clone())]));
    let example = (f.example.iter().flat_map(|x| readings(x, t.ty)))
        .map(|v| normalize(v, &t, names))
        .find(|v| {
            conform(&alone(v), std::slice::from_ref(f), names, STRICT).is_empty()
                && field_sendable(f, v, dotted, names)
        });
    if let Some(v) = example {
        return v;
    }
    let within = |n: usize, min: Option<u32>, max: Option<u32>| {
        n.max(min.unwrap_or(0) as usize)
            .min(max.map_or(usize::MAX, |m| m as usize))
    };
    match f.ty {
        TypeName::String if f.enum_name.is_none() => {
            let len = within(6, f.min_length, f.max_length);
            Value::from("sample".chars().cycle().take(len).collect::<String>())
        }
        TypeName::Integer | TypeName::Long | TypeName::Double => {
            let (min, max) = f.range.map_or((None, None), |r| (r.min, r.max));
            let start = if f.ty == TypeName::Double { 1.5 } else { 1.0 };
            let n = match (min, max) {
                (Some(m), _) if start < m => m.ceil(),
                (_, Some(m)) if start > m => m.floor(),
                _ => start,
            };
            match f.ty {
                TypeName::Double => {
                    serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
                }
                TypeName::Integer => {
                    Value::from((n as i64).clamp(i32::MIN.into(), i32::MAX.into()))
                }
                _ => Value::from(n as i64),
            }
        }
        TypeName::Array => {
            let item = made(&child_type(&t, "", names), names, depth + 1, dotted);
            Value::Array(vec![item; within(1, f.min_items, f.max_items)])
        }
        _ => made(&t, names, depth, dotted),
    }
}

/// The type of member `key` (or of an item) inside a value of type `t`; `None` means any.
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

/// A value of type `t` (which has no limits of its own): objects get their required members, or their
/// first member when none is required, so that a flattened object still reaches the wire.
fn made(t: &TypeSpec, names: &dyn Names, depth: usize, dotted: bool) -> Value {
    let entry = |k: &str, v: Value| Value::Object(Map::from_iter([(k.to_owned(), v)]));
    match t.ty {
        TypeName::String => match t.enum_name.as_deref().and_then(|e| names.enum_values(e)) {
            Some(values) if !values.is_empty() => Value::from(values[0]),
            _ => Value::from("sample"),
        },
        TypeName::Integer | TypeName::Long => Value::from(1),
        TypeName::Double => Value::from(1.5),
        TypeName::Boolean => Value::Bool(true),
        TypeName::Timestamp => match t.format {
            Some(TimestampFormatSpec::Iso8601) => Value::from("2024-01-01T00:00:00Z"),
            Some(TimestampFormatSpec::EpochMillis) => Value::from(1_704_067_200_000_i64),
            _ => Value::from(1_704_067_200),
        },
        TypeName::Array => Value::Array(vec![made(
            &child_type(t, "", names),
            names,
            depth + 1,
            dotted,
        )]),
        TypeName::Object => {
            let shape = t.shape.as_deref().and_then(|s| names.shape(s));
            let fields = shape
                .filter(|_| depth < MAX_DEPTH)
                .map_or(&[][..], |s| &s.fields);
            let required = fields.iter().filter(|f| f.required).count();
            let members = fields
                .iter()
                .filter(|f| f.required)
                .chain(fields.iter().take(usize::from(required == 0)));
            Value::Object(
                members
                    .map(|m| (m.name.clone(), field_value(m, names, depth + 1, dotted)))
                    .collect(),
            )
        }
        TypeName::Map => entry(
            "key",
            made(&child_type(t, "", names), names, depth + 1, dotted),
        ),
        TypeName::Json => {
            let inner = t.content.as_deref().map_or(Value::Object(Map::new()), |c| {
                made(c, names, depth + 1, false)
            });
            Value::from(inner.to_string())
        }
        // `{}` flattens to nothing and counts as not given, so an `any` gets one entry.
        TypeName::Any => entry("key", Value::from("value")),
    }
}

/// The readings of an example (a single value in a spec): JSON text for lists and objects, the
/// comma-separated items or the one item of a list, or the value as written.
fn readings(x: &Scalar, ty: TypeName) -> Vec<Value> {
    let Ok(base @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) = serde_json::to_value(x)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Value::String(s) = &base {
        let parsed = serde_json::from_str::<Value>(s)
            .ok()
            .filter(|p| p.is_array() || p.is_object());
        if matches!(
            ty,
            TypeName::Array | TypeName::Object | TypeName::Map | TypeName::Any
        ) {
            out.extend(parsed);
        }
        if ty == TypeName::Array {
            out.push(Value::Array(
                s.split(',').map(|i| Value::from(i.trim())).collect(),
            ));
        }
    }
    out.push(if ty == TypeName::Array {
        Value::Array(vec![base])
    } else {
        base
    });
    out
}

/// `v` with its scalars in their natural JSON form for `t`: numbers for numeric text, text for numbers in
/// string positions (an enum value written `01` unquoted is the text `1` on the wire).
fn normalize(v: Value, t: &TypeSpec, names: &dyn Names) -> Value {
    let epoch = t.format != Some(TimestampFormatSpec::Iso8601);
    match (t.ty, v) {
        (_, Value::Array(items)) => {
            let it = child_type(t, "", names);
            Value::Array(
                items
                    .into_iter()
                    .map(|x| normalize(x, &it, names))
                    .collect(),
            )
        }
        (_, Value::Object(map)) => Value::Object(
            (map.into_iter())
                .map(|(k, x)| {
                    let ct = child_type(t, &k, names);
                    (k, normalize(x, &ct, names))
                })
                .collect(),
        ),
        (TypeName::String, v @ (Value::Number(_) | Value::Bool(_))) => Value::from(v.to_string()),
        (TypeName::Integer | TypeName::Long, Value::String(s))
        | (TypeName::Timestamp, Value::String(s))
            if t.ty != TypeName::Timestamp || epoch =>
        {
            s.trim()
                .parse::<i64>()
                .map_or(Value::String(s), Value::from)
        }
        (TypeName::Double, Value::String(s)) => (s.trim().parse::<f64>().ok())
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::String(s), Value::Number),
        (TypeName::Boolean, Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(s),
        },
        (_, v) => v,
    }
}

/// Whether a parameter's value reaches the service as it is: `simple` items are non-empty scalars without
/// commas, and see [`sendable`].
fn field_sendable(f: &FieldSpec, v: &Value, dotted: bool, names: &dyn Names) -> bool {
    // A `json` parameter holding text sends the text as its JSON, so the text must parse.
    if let (Some(StyleSpec::Json), Value::String(s)) = (f.style, v) {
        return serde_json::from_str::<Value>(s).is_ok();
    }
    if f.style != Some(StyleSpec::Simple) {
        return sendable(v, &f.type_spec(), dotted, names);
    }
    v.as_array().is_some_and(|items| {
        items.iter().all(|i| {
            let text = i.as_str().map_or_else(|| i.to_string(), str::to_owned);
            !(i.is_array() || i.is_object() || text.trim().is_empty() || text.contains(','))
        })
    })
}

/// `json` strings parse; and, flattened, nothing is null or empty (it would vanish) and no key is empty
/// or dotted (it would split).
fn sendable(v: &Value, t: &TypeSpec, dotted: bool, names: &dyn Names) -> bool {
    let key_ok = |k: &str| !dotted || !(k.is_empty() || k.contains('.'));
    match v {
        Value::Null => !dotted,
        Value::String(s) if t.ty == TypeName::Json => serde_json::from_str::<Value>(s).is_ok(),
        Value::Array(items) => {
            let it = child_type(t, "", names);
            !(dotted && items.is_empty()) && items.iter().all(|x| sendable(x, &it, dotted, names))
        }
        Value::Object(map) => {
            !(dotted && map.is_empty())
                && (map.iter())
                    .all(|(k, x)| key_ok(k) && sendable(x, &child_type(t, k, names), dotted, names))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::spec::load_dir;

    // The rules case by case are tested with the emulator (`emulator/tests/samples.rs`), which also sends
    // every sample over the wire.
    #[test]
    fn every_sample_of_the_real_and_fixture_specs_fits() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut seen = 0;
        for tree in ["specs", "tests/fixtures/specs"] {
            let set = load_dir(&root.join(tree)).expect("the specs load");
            for product in &set.products {
                for op in &product.operations {
                    let op = &op.spec;
                    let names = SpecNames {
                        product: &product.product.spec,
                        operation: op,
                    };
                    let sample = sample_input(op, &names);
                    assert_eq!(
                        conform(&sample, &op.request, &names, STRICT),
                        vec![],
                        "{}",
                        op.name
                    );
                    assert!(fits_whole(op, &sample, &names), "{}: {sample}", op.name);
                    for f in op.request.iter().filter(|f| f.required) {
                        assert!(
                            sample.get(&f.name).is_some_and(given),
                            "{}: {}",
                            op.name,
                            f.name
                        );
                    }
                    seen += 1;
                }
            }
        }
        assert!(
            seen >= 6,
            "the real specs and the fixtures hold operations ({seen})"
        );
    }
}
