//! Whether a JSON value conforms to the fields a spec declares: a documented response example, an input
//! written in a spec, or (in the emulator) the parameters a request carried, unflattened.
//!
//! The rules are the generated client's lenient decoding rules, so a value flagged here is one the client
//! could not decode: numbers may arrive as strings and the reverse, `""` and `null` mean absent, unknown
//! enum values are kept. [`Mode::Request`] adds what the service checks of a request: required members,
//! ranges, lengths, item counts and, optionally, documented enum values.

use serde_json::Value;

use super::model::{FieldSpec, ShapeSpec, TimestampFormatSpec, TypeName, TypeSpec};

/// What is being checked, which decides the rules and how paths are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A response body: keys the spec does not declare are problems; paths are JSON paths
    /// (`Items[2].Size`).
    Response,
    /// A request: required members, limits and (when `strict_enums`) documented enum values are checked;
    /// unknown keys are problems too; paths are written as the parameters travel (`Tag.3.Key`).
    Request {
        /// Refuse enum values the spec does not list, as a strict service does.
        strict_enums: bool,
    },
}

/// One way a value does not conform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: `Items[2].Size` (response) or `Tag.3.Key` (request); empty for the whole value.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// A required value that is missing (the service answers these with another code).
    pub missing: bool,
}

/// Looks up shapes and enums by name.
pub trait Names {
    /// The shape called `name`.
    fn shape(&self, name: &str) -> Option<&ShapeSpec>;
    /// The documented values of the enum called `name`.
    fn enum_values(&self, name: &str) -> Option<Vec<&str>>;
}

/// Every way `value` (an object) does not conform to `fields`, in a stable order. A request may come in
/// the official SDKs' forms too (see [`official_forms`]).
pub fn conform(value: &Value, fields: &[FieldSpec], names: &dyn Names, mode: Mode) -> Vec<Problem> {
    let mut c = Checker {
        names,
        mode,
        out: Vec::new(),
    };
    if let Mode::Request { .. } = mode {
        let value = official_forms(value, fields, names);
        c.object(&value, fields, "", "the response");
        c.required(&value, fields, "");
    } else {
        c.object(value, fields, "", "the response");
    }
    c.out
}

/// Wire-named input in the spec's own form, from the forms Alibaba's official SDKs also take (as the
/// client's decoder does): a group of parameters with dotted names given as one object
/// (`{"SourceEndpoint": {"IP": …}}` for `SourceEndpoint.IP`), and a `simple` list given as its
/// comma-joined text (`"RestoreTaskId": "a,b"`). Objects inside are rewritten the same way.
pub fn official_forms(value: &Value, fields: &[FieldSpec], names: &dyn Names) -> Value {
    let Value::Object(map) = value else {
        return value.clone();
    };
    let mut out = serde_json::Map::new();
    for (key, v) in map {
        ungroup(key, v, fields, &mut out);
    }
    for (key, v) in out.iter_mut() {
        let Some(f) = fields.iter().find(|f| &f.name == key) else {
            continue;
        };
        match (f.style, &*v) {
            (Some(super::model::StyleSpec::Simple), Value::String(s)) if !s.trim().is_empty() => {
                *v = Value::Array(s.split(',').map(|p| Value::String(p.to_owned())).collect());
            }
            _ => {}
        }
        let t = f.type_spec();
        let shape = |s: &Option<String>| s.as_deref().and_then(|s| names.shape(s));
        match (t.ty, &mut *v) {
            (TypeName::Object, Value::Object(_)) => {
                if let Some(shape) = shape(&t.shape) {
                    *v = official_forms(v, &shape.fields, names);
                }
            }
            (TypeName::Array, Value::Array(items)) => {
                if let Some(shape) = t.items.as_ref().and_then(|i| shape(&i.shape)) {
                    for item in items.iter_mut() {
                        *item = official_forms(item, &shape.fields, names);
                    }
                }
            }
            _ => {}
        }
    }
    Value::Object(out)
}

/// Puts `key: v` into `out`, spreading an object under a group name into its dotted members.
fn ungroup(key: &str, v: &Value, fields: &[FieldSpec], out: &mut serde_json::Map<String, Value>) {
    let group = format!("{key}.");
    let known = fields.iter().any(|f| f.name == key);
    match v {
        Value::Object(members) if !known && fields.iter().any(|f| f.name.starts_with(&group)) => {
            for (member, inner) in members {
                ungroup(&format!("{key}.{member}"), inner, fields, out);
            }
        }
        _ => {
            out.insert(key.to_owned(), v.clone());
        }
    }
}

/// A documented body as the client decodes it: for a RESTful operation whose answer is held whole by
/// one field (a list, or text that is not JSON), that field holding it; any other body as it is.
pub fn as_decoded(body: &str, fields: &[FieldSpec]) -> String {
    match fields
        .iter()
        .find(|f| f.location == crate::spec::model::LocationSpec::Body)
    {
        Some(f) => {
            let value = serde_json::from_str::<Value>(body)
                .unwrap_or_else(|_| Value::String(body.to_owned()));
            serde_json::json!({ f.name.as_str(): value }).to_string()
        }
        None => body.to_owned(),
    }
}

/// Every way a documented success body does not serve as its operation's example: what [`conform`]
/// finds, and a body that reports a failure in-band (`"Success": false` with a `Code` or `ErrCode`),
/// which a client returns as an error rather than decoding (the runtime's rule).
pub fn example_problems(body: &Value, fields: &[FieldSpec], names: &dyn Names) -> Vec<Problem> {
    // A RESTful answer held whole by one field (a list, text) is that field's value, as the client
    // decodes it.
    let whole = fields
        .iter()
        .find(|f| f.location == crate::spec::model::LocationSpec::Body)
        .map(|f| serde_json::json!({ f.name.as_str(): body }));
    let body = whole.as_ref().unwrap_or(body);
    let mut out = conform(body, fields, names, Mode::Response);
    let failed = match body.get("Success") {
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("false"),
        _ => false,
    };
    let code = ["Code", "ErrCode"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .filter(|c| !c.is_empty());
    if let (true, Some(code)) = (failed, code) {
        out.push(Problem {
            path: String::new(),
            message: format!(
                "reports a failure (`Success: false`, code `{code}`), which a client returns as an error"
            ),
            missing: false,
        });
    }
    out
}

struct Checker<'a> {
    names: &'a dyn Names,
    mode: Mode,
    out: Vec<Problem>,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

impl Checker<'_> {
    fn request(&self) -> bool {
        matches!(self.mode, Mode::Request { .. })
    }

    fn push(&mut self, path: &str, message: String) {
        self.out.push(Problem {
            path: path.to_owned(),
            message,
            missing: false,
        });
    }

    fn key(&self, path: &str, key: &str) -> String {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    }

    fn index(&self, path: &str, i: usize) -> String {
        if self.request() {
            format!("{path}.{}", i + 1)
        } else {
            format!("{path}[{i}]")
        }
    }

    fn object(&mut self, value: &Value, fields: &[FieldSpec], path: &str, owner: &str) {
        let map = match value {
            Value::Object(map) => map,
            v if blank(v) => return,
            other => {
                let at = if path.is_empty() { "." } else { path };
                self.push(
                    at,
                    format!("is {}, but the spec says an object", kind(other)),
                );
                return;
            }
        };
        for (key, v) in map {
            let here = self.key(path, key);
            match fields.iter().find(|f| &f.name == key) {
                Some(f) => {
                    self.typed(v, &f.type_spec(), &here);
                    if self.request() && !blank(v) {
                        self.limits(v, f, &here);
                    }
                }
                None if self.request() => {
                    self.push(&here, "is not a parameter of this operation".to_owned())
                }
                None => self.push(&here, format!("is not a field of {owner}")),
            }
        }
    }

    /// Required members, recursively through the objects that are present.
    fn required(&mut self, value: &Value, fields: &[FieldSpec], path: &str) {
        let Value::Object(map) = value else { return };
        for f in fields {
            let here = self.key(path, &f.name);
            match map.get(&f.name) {
                None => {
                    if f.required {
                        self.missing(&here);
                    }
                }
                Some(v) if blank(v) || v.as_array().is_some_and(Vec::is_empty) => {
                    if f.required {
                        self.missing(&here);
                    }
                }
                Some(v) => self.required_inside(v, &f.type_spec(), &here),
            }
        }
    }

    fn missing(&mut self, path: &str) {
        self.out.push(Problem {
            path: path.to_owned(),
            message: "is required".to_owned(),
            missing: true,
        });
    }

    fn required_inside(&mut self, v: &Value, t: &TypeSpec, path: &str) {
        match (t.ty, v) {
            (TypeName::Object, Value::Object(_)) => {
                let names = self.names;
                if let Some(shape) = t.shape.as_deref().and_then(|s| names.shape(s)) {
                    self.required(v, &shape.fields, path);
                }
            }
            (TypeName::Array, Value::Array(items)) => {
                if let Some(item) = &t.items {
                    for (i, x) in items.iter().enumerate() {
                        let here = self.index(path, i);
                        self.required_inside(x, item, &here);
                    }
                }
            }
            (TypeName::Map, Value::Object(map)) => {
                if let Some(values) = &t.values {
                    for (k, x) in map {
                        let here = self.key(path, k);
                        self.required_inside(x, values, &here);
                    }
                }
            }
            _ => {}
        }
    }

    fn limits(&mut self, v: &Value, f: &FieldSpec, path: &str) {
        let number = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s)
                if matches!(f.ty, TypeName::Integer | TypeName::Long | TypeName::Double) =>
            {
                s.trim().parse::<f64>().ok()
            }
            _ => None,
        };
        if let (Some(n), Some(r)) = (number, f.range)
            && (r.min.is_some_and(|m| n < m) || r.max.is_some_and(|m| n > m))
        {
            let show = |b: Option<f64>| b.map(|b| b.to_string()).unwrap_or_default();
            self.push(
                path,
                format!("{n} is outside the range {}..={}", show(r.min), show(r.max)),
            );
        }
        if let (Value::String(s), TypeName::String) = (v, f.ty) {
            let len = s.chars().count();
            if f.min_length.is_some_and(|m| len < m as usize)
                || f.max_length.is_some_and(|m| len > m as usize)
            {
                self.push(
                    path,
                    format!("has {len} characters, outside the documented length"),
                );
            }
        }
        if let Value::Array(items) = v {
            let n = items.len();
            if f.min_items.is_some_and(|m| n < m as usize)
                || f.max_items.is_some_and(|m| n > m as usize)
            {
                self.push(path, format!("has {n} items, outside the documented count"));
            }
        }
    }

    fn typed(&mut self, v: &Value, t: &TypeSpec, path: &str) {
        let wrong = |c: &mut Self, expected: &str| {
            c.push(
                path,
                format!("is {}, but the spec says {expected}", kind(v)),
            );
        };
        match t.ty {
            TypeName::String => {
                if matches!(v, Value::Array(_) | Value::Object(_)) {
                    return wrong(self, "a string");
                }
                if let (Mode::Request { strict_enums: true }, Some(e), Value::String(s)) =
                    (self.mode, t.enum_name.as_deref(), v)
                    && let Some(values) = self.names.enum_values(e)
                    && !s.is_empty()
                    && !values.contains(&s.as_str())
                {
                    self.push(path, format!("`{s}` is not one of {}", values.join(", ")));
                }
            }
            TypeName::Integer | TypeName::Long => {
                let text = match v {
                    Value::Number(n) => n.to_string(),
                    Value::String(s) => s.trim().to_owned(),
                    Value::Null => return,
                    _ => return wrong(self, "an integer"),
                };
                if blank(v) {
                    return;
                }
                let whole = text.parse::<i64>().ok().or_else(|| {
                    let f = text.parse::<f64>().ok()?;
                    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.2e18).then_some(f as i64)
                });
                match whole {
                    Some(n) if t.ty == TypeName::Integer && i32::try_from(n).is_err() => self.push(
                        path,
                        format!("{n} does not fit a 32-bit integer; the spec should say long"),
                    ),
                    Some(_) => {}
                    None => self.push(path, format!("`{text}` is not an integer")),
                }
            }
            TypeName::Double => match v {
                Value::Number(_) | Value::Null => {}
                Value::String(s)
                    if blank(v) || s.trim().parse::<f64>().is_ok_and(f64::is_finite) => {}
                _ => wrong(self, "a number"),
            },
            TypeName::Boolean => match v {
                Value::Bool(_) | Value::Null => {}
                Value::Number(n) if n.as_i64().is_some_and(|i| i == 0 || i == 1) => {}
                Value::String(s)
                    if blank(v)
                        || ["true", "false", "1", "0"]
                            .iter()
                            .any(|w| s.trim().eq_ignore_ascii_case(w)) => {}
                _ => wrong(self, "a boolean"),
            },
            TypeName::Timestamp => match (v, t.format) {
                (Value::Null, _) => {}
                (Value::String(_), _) if blank(v) => {}
                (Value::String(_), Some(TimestampFormatSpec::Iso8601)) => {}
                (Value::Number(_), Some(TimestampFormatSpec::Iso8601)) => {
                    wrong(self, "an ISO-8601 timestamp string")
                }
                (Value::Number(_), _) => {}
                (Value::String(s), _) if s.trim().parse::<f64>().is_ok() => {}
                _ => wrong(self, "an epoch timestamp"),
            },
            TypeName::Array => match v {
                Value::Array(items) => {
                    if let Some(item) = &t.items {
                        for (i, x) in items.iter().enumerate() {
                            let here = self.index(path, i);
                            if x.is_null() {
                                self.push(&here, "is null inside a list".to_owned());
                            } else {
                                self.typed(x, item, &here);
                            }
                        }
                    }
                }
                _ if blank(v) => {}
                _ => wrong(self, "an array"),
            },
            TypeName::Object => {
                let name = t.shape.as_deref().unwrap_or_default();
                let names = self.names;
                if let Some(shape) = names.shape(name) {
                    self.object(v, &shape.fields, path, &format!("shape {name}"));
                }
            }
            TypeName::Map => match v {
                Value::Object(map) => {
                    if let Some(values) = &t.values {
                        for (k, x) in map {
                            let here = self.key(path, k);
                            if !x.is_null() {
                                self.typed(x, values, &here);
                            }
                        }
                    }
                }
                _ if blank(v) => {}
                _ => wrong(self, "an object"),
            },
            TypeName::Any => {}
            TypeName::Json => {
                let Some(content) = &t.content else { return };
                match v {
                    // JSON inside a string: checked when it parses (pages sometimes print it broken, and
                    // the client keeps the raw text then).
                    Value::String(s) => {
                        if let Ok(inner) = serde_json::from_str::<Value>(s) {
                            self.typed(&inner, content, &format!("{path}<json>"));
                        }
                    }
                    other => self.typed(other, content, path),
                }
            }
        }
    }
}
