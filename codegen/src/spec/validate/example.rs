//! Whether an example or default value written in a spec fits the field's type, enum and range.

use super::Namespace;
use crate::spec::model::{FieldSpec, Scalar, TimestampFormatSpec, TypeName};

/// Whether an example or default value fits the field.
pub(super) fn fits(value: &Scalar, f: &FieldSpec, ns: &Namespace<'_>) -> Result<(), String> {
    let text = match value {
        Scalar::String(s) => s.clone(),
        Scalar::Number(n) => n.to_string(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Null => return Err("it is empty".to_owned()),
        _ => return Err("it is not a single value".to_owned()),
    };
    let is_number = matches!(value, Scalar::Number(_));
    let integer = |bits: u32| -> Result<i64, String> {
        let n: i64 = text
            .parse()
            .map_err(|_| format!("`{text}` is not an integer"))?;
        if bits == 32 && i32::try_from(n).is_err() {
            return Err(format!(
                "{n} does not fit a 32-bit integer; use `type: long`"
            ));
        }
        Ok(n)
    };
    match f.ty {
        TypeName::String => {
            if let Some(e) = f.enum_name.as_deref().and_then(|e| ns.enums.get(e))
                && !e.item.values.iter().any(|v| v.value == text)
            {
                let listed: Vec<&str> = e.item.values.iter().map(|v| v.value.as_str()).collect();
                return Err(format!("`{text}` is not one of {}", listed.join(", ")));
            }
            Ok(())
        }
        TypeName::Integer | TypeName::Long => {
            if !is_number {
                return Err(format!(
                    "`{text}` is written as a string; write the number without quotes"
                ));
            }
            let n = integer(if f.ty == TypeName::Integer { 32 } else { 64 })?;
            if let Some(r) = f.range
                && (r.min.is_some_and(|min| n < min) || r.max.is_some_and(|max| n > max))
            {
                return Err(format!(
                    "{n} is outside the range {}..={}",
                    show(r.min),
                    show(r.max)
                ));
            }
            Ok(())
        }
        TypeName::Boolean => match text.as_str() {
            "true" | "false" => Ok(()),
            _ => Err(format!("`{text}` is not true or false")),
        },
        TypeName::Double => text
            .parse::<f64>()
            .map(|_| ())
            .map_err(|_| format!("`{text}` is not a number")),
        TypeName::Timestamp => match f.format {
            Some(TimestampFormatSpec::Iso8601) => {
                let b = text.as_bytes();
                let dateish = b.len() >= 10
                    && b[4] == b'-'
                    && b[7] == b'-'
                    && b[..4].iter().all(u8::is_ascii_digit);
                if dateish {
                    Ok(())
                } else {
                    Err(format!("`{text}` is not an ISO-8601 date-time"))
                }
            }
            _ => integer(64).map(|_| ()),
        },
        // Lists, objects and JSON strings are shown as text; the page's examples are not always valid.
        TypeName::Array | TypeName::Object | TypeName::Json => Ok(()),
    }
}

fn show(bound: Option<i64>) -> String {
    bound.map(|b| b.to_string()).unwrap_or_default()
}

/// Where a documented example body contradicts the response it documents: each problem as
/// `JSON path: what is wrong`. The rules are the runtime's lenient decoding rules (numbers may arrive
/// as strings, `""` and `null` mean absent, enums keep unknown values), so an example flagged here is one
/// the generated client could not decode, or one with keys the spec does not declare.
pub(super) fn example_problems(
    body: &serde_json::Value,
    fields: &[FieldSpec],
    ns: &Namespace<'_>,
) -> Vec<String> {
    let mut out = Vec::new();
    object(body, fields, ns, "", "the response", &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn object(
    value: &serde_json::Value,
    fields: &[FieldSpec],
    ns: &Namespace<'_>,
    path: &str,
    owner: &str,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    let map = match value {
        Value::Object(map) => map,
        Value::Null => return,
        Value::String(s) if s.trim().is_empty() => return,
        other => {
            out.push(format!(
                "{}: is {}, but the spec says an object",
                if path.is_empty() { "." } else { path },
                kind(other)
            ));
            return;
        }
    };
    for (key, v) in map {
        let here = join(path, key);
        match fields.iter().find(|f| &f.name == key) {
            Some(f) => typed(v, &f.type_spec(), ns, &here, out),
            None => out.push(format!("{here}: is not a field of {owner}")),
        }
    }
}

fn kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn typed(
    v: &serde_json::Value,
    t: &crate::spec::model::TypeSpec,
    ns: &Namespace<'_>,
    path: &str,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    let blank = matches!(v, Value::Null) || matches!(v, Value::String(s) if s.trim().is_empty());
    let mut wrong = |expected: &str| {
        out.push(format!(
            "{path}: is {}, but the spec says {expected}",
            kind(v)
        ));
    };
    match t.ty {
        TypeName::String => {
            if matches!(v, Value::Array(_) | Value::Object(_)) {
                wrong("a string");
            }
        }
        TypeName::Integer | TypeName::Long => {
            let text = match v {
                Value::Number(n) => n.to_string(),
                Value::String(s) => s.trim().to_owned(),
                Value::Null => return,
                _ => return wrong("an integer"),
            };
            if blank {
                return;
            }
            let whole = text.parse::<i64>().ok().or_else(|| {
                let f = text.parse::<f64>().ok()?;
                (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.2e18).then_some(f as i64)
            });
            match whole {
                Some(n) if t.ty == TypeName::Integer && i32::try_from(n).is_err() => {
                    out.push(format!(
                        "{path}: {n} does not fit a 32-bit integer; the spec should say long"
                    ));
                }
                Some(_) => {}
                None => out.push(format!("{path}: `{text}` is not an integer")),
            }
        }
        TypeName::Double => match v {
            Value::Number(_) | Value::Null => {}
            Value::String(s) if blank || s.trim().parse::<f64>().is_ok_and(f64::is_finite) => {}
            _ => wrong("a number"),
        },
        TypeName::Boolean => match v {
            Value::Bool(_) | Value::Null => {}
            Value::Number(n) if n.as_i64().is_some_and(|i| i == 0 || i == 1) => {}
            Value::String(s)
                if blank
                    || ["true", "false", "1", "0"]
                        .iter()
                        .any(|w| s.trim().eq_ignore_ascii_case(w)) => {}
            _ => wrong("a boolean"),
        },
        TypeName::Timestamp => match (v, t.format) {
            (Value::Null, _) => {}
            (Value::String(_), _) if blank => {}
            (Value::String(_), Some(TimestampFormatSpec::Iso8601)) => {}
            (Value::Number(_), Some(TimestampFormatSpec::Iso8601)) => {
                wrong("an ISO-8601 timestamp string")
            }
            (Value::Number(_), _) => {}
            (Value::String(s), _) if s.trim().parse::<f64>().is_ok() => {}
            _ => wrong("an epoch timestamp"),
        },
        TypeName::Array => match v {
            Value::Array(items) => {
                if let Some(item) = &t.items {
                    for (i, x) in items.iter().enumerate() {
                        if x.is_null() {
                            out.push(format!("{path}[{i}]: is null inside a list"));
                        } else {
                            typed(x, item, ns, &format!("{path}[{i}]"), out);
                        }
                    }
                }
            }
            _ if blank => {}
            _ => wrong("an array"),
        },
        TypeName::Object => {
            let name = t.shape.as_deref().unwrap_or_default();
            if let Some(shape) = ns.shapes.get(name) {
                object(
                    v,
                    &shape.item.fields,
                    ns,
                    path,
                    &format!("shape {name}"),
                    out,
                );
            }
        }
        TypeName::Json => {
            let Some(content) = &t.content else { return };
            match v {
                // JSON inside a string: checked when it parses (pages sometimes print it broken, and the
                // client keeps the raw text then).
                Value::String(s) => {
                    if let Ok(inner) = serde_json::from_str::<Value>(s) {
                        typed(&inner, content, ns, &format!("{path}<json>"), out);
                    }
                }
                other => typed(other, content, ns, path, out),
            }
        }
    }
}
