//! Spec trees and their inputs as they travel, for tests that send requests without a generated client:
//! every operation with its product ([`operations`]), and a wire-named JSON input flattened per each
//! parameter's style and location ([`flatten`]) the way Alibaba's SDKs and the runtime flatten it, with a
//! RESTful operation's path, headers, host label and body ([`restful`]). Shared by several test binaries
//! (the official SDK's includes it by path).

// Each test binary uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use acs_codegen::spec::conform::Names;
use acs_codegen::spec::model::{
    ExampleFormat, LocationSpec, MethodSpec, OperationSpec, ProductSpec, ProtocolSpec,
    SignatureSpec, StyleSpec, TypeName,
};
use acs_codegen::spec::samples::{SpecNames, sample_input};
use acs_runtime::OperationInfo;
use serde_json::Value;

/// The repository's `specs/`.
pub fn real_specs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// The emulator's own fixture tree: every request form.
pub fn form_specs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs")
}

/// One operation of a spec tree.
#[derive(Clone, Debug)]
pub struct Op {
    pub product: ProductSpec,
    pub spec: OperationSpec,
}

impl Op {
    pub fn names(&self) -> SpecNames<'_> {
        SpecNames {
            product: &self.product,
            operation: &self.spec,
        }
    }

    /// A valid input from the spec alone. A RESTful body whose shape has required members is given even
    /// when the body parameter is optional: Alibaba's official packages always send the body object
    /// (`{}` when nothing is set, or empty lists), so such a body is required in practice.
    pub fn sample(&self) -> Value {
        let mut spec = self.spec.clone();
        let names = self.names();
        for f in spec.request.iter_mut() {
            let shape = f.shape.as_deref().and_then(|s| names.shape(s));
            if f.location == LocationSpec::Body
                && shape.is_some_and(|s| s.fields.iter().any(|m| m.required))
            {
                f.required = true;
            }
        }
        let names = SpecNames {
            product: &self.product,
            operation: &spec,
        };
        sample_input(&spec, &names)
    }

    pub fn is_get(&self) -> bool {
        self.spec.method == MethodSpec::Get
    }

    /// The first JSON success example that fits, as an RPC operation answers it (for a RESTful one, whose
    /// body may be a whole-body field, ask the emulator: `Running::documented_answer`).
    pub fn example(&self) -> Value {
        (self.spec.examples.iter())
            .filter(|e| {
                e.format == ExampleFormat::Json
                    && (200..300).contains(&e.status)
                    && e.unfit.is_none()
            })
            .find_map(|e| serde_json::from_str(&e.body).ok())
            .unwrap_or_else(|| Value::Object(serde_json::Map::new()))
    }

    /// Whether the product is RESTful (ROA, Log Service included).
    pub fn is_restful(&self) -> bool {
        self.product.protocol == ProtocolSpec::Roa || self.product.signature == SignatureSpec::Log
    }

    /// Whether the product signs with Log Service's scheme.
    pub fn is_log(&self) -> bool {
        self.product.signature == SignatureSpec::Log
    }

    /// The HTTP method: an RPC operation's POST (or GET when GET-only), a RESTful one's own.
    pub fn method(&self) -> &'static str {
        match self.spec.method {
            MethodSpec::Get => "GET",
            MethodSpec::Post => "POST",
            MethodSpec::Put => "PUT",
            MethodSpec::Delete => "DELETE",
            MethodSpec::Patch => "PATCH",
        }
    }
}

/// The spec of a registered operation.
pub fn spec_of<'a>(ops: &'a [Op], info: &OperationInfo) -> &'a Op {
    ops.iter()
        .find(|o| {
            o.product.code == info.service.product
                && o.product.version == info.service.version
                && o.spec.name == info.action
        })
        .unwrap_or_else(|| panic!("no spec for the registered {}", info.action))
}

/// Every operation below `root`, in spec-tree order (the emulator's order too).
pub fn operations(root: &Path) -> Vec<Op> {
    let set = acs_codegen::spec::load_dir(root).expect("the specs load");
    let mut out = Vec::new();
    for product in set.products {
        for op in product.operations {
            out.push(Op {
                product: product.product.spec.clone(),
                spec: op.spec,
            });
        }
    }
    out
}

/// Parameters in wire order, values not percent-encoded.
pub type Pairs = Vec<(String, String)>;

/// The query and form parameters of `input` (wire names) for `op`: `json` style as compact JSON text,
/// `simple` as items joined with commas, every other style dotted and 1-based (`Tag.1.Key`); in the form
/// body when the spec says `location: form`, except for GET, which carries everything in the query. A
/// RESTful operation's path, header, host and body parameters are not among them (see [`restful`]).
pub fn flatten(op: &OperationSpec, input: &Value) -> (Pairs, Pairs) {
    let (mut query, mut form) = (Vec::new(), Vec::new());
    for f in &op.request {
        let Some(v) = input.get(&f.name) else {
            continue;
        };
        if !matches!(f.location, LocationSpec::Query | LocationSpec::Form) {
            continue;
        }
        let to_form = f.location == LocationSpec::Form && op.method != MethodSpec::Get;
        let out = if to_form { &mut form } else { &mut query };
        match (f.style, v) {
            (_, Value::Null) => {}
            (Some(StyleSpec::Json), Value::String(s)) => out.push((f.name.clone(), s.clone())),
            (Some(StyleSpec::Json), v) => out.push((f.name.clone(), v.to_string())),
            (Some(StyleSpec::Simple), Value::Array(items)) if items.is_empty() => {}
            (Some(StyleSpec::Simple), Value::Array(items)) => {
                let texts: Vec<String> = items.iter().map(text).collect();
                out.push((f.name.clone(), texts.join(",")));
            }
            (_, v) => dotted(&f.name, v, out),
        }
    }
    (query, form)
}

/// Where a RESTful input travels besides its query and form parameters.
#[derive(Clone, Debug, Default)]
pub struct Restful {
    /// The path, each `{Name}` replaced by its value percent-encoded whole.
    pub path: String,
    /// The path parameters by name, not encoded.
    pub path_params: Pairs,
    /// The template's fixed query pairs (`type=log`), sent beside the query parameters.
    pub fixed_query: Pairs,
    /// Header parameters by name.
    pub headers: Pairs,
    /// The host label (`project`), by parameter name.
    pub host: Option<(String, String)>,
    /// The body parameter's name and value.
    pub body: Option<(String, Value)>,
}

impl Restful {
    /// The body as sent: a text parameter's text, anything else as compact JSON.
    pub fn body_text(&self) -> Option<String> {
        self.body.as_ref().map(|(_, v)| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}

/// The path, headers, host label and body of `input` (wire names) for the RESTful operation `op`.
pub fn restful(op: &OperationSpec, input: &Value) -> Restful {
    let template = op.path.as_deref().unwrap_or("/");
    let (template, fixed) = template.split_once('?').unwrap_or((template, ""));
    let mut out = Restful {
        fixed_query: decode(fixed),
        ..Restful::default()
    };
    for f in &op.request {
        let Some(v) = input.get(&f.name).filter(|v| !v.is_null()) else {
            continue;
        };
        match f.location {
            LocationSpec::Path => out.path_params.push((f.name.clone(), text(v))),
            LocationSpec::Header => out.headers.push((f.name.clone(), text(v))),
            LocationSpec::Host => out.host = Some((f.name.clone(), text(v))),
            LocationSpec::Body => {
                // A text body is sent as its text; the sample may give a JSON-typed one parsed.
                let v = match (f.ty, v) {
                    (TypeName::String | TypeName::Json, Value::String(_)) => v.clone(),
                    (TypeName::String | TypeName::Json, other) => Value::from(other.to_string()),
                    _ => v.clone(),
                };
                out.body = Some((f.name.clone(), v));
            }
            LocationSpec::Query | LocationSpec::Form => {}
        }
    }
    let mut path = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        let name = &after[..close];
        if let Some((_, v)) = out.path_params.iter().find(|(k, _)| k == name) {
            path.push_str(&acs_runtime::sign::percent_encode(v));
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    path.push_str(rest);
    out.path = path;
    out
}

fn dotted(name: &str, v: &Value, out: &mut Pairs) {
    match v {
        Value::Null => {}
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                dotted(&format!("{name}.{}", i + 1), item, out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                dotted(&format!("{name}.{k}"), item, out);
            }
        }
        scalar => out.push((name.to_owned(), text(scalar))),
    }
}

/// A scalar as text: strings as they are, numbers and booleans as JSON writes them.
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        // A whole float is sent without its fraction (`1`, not `1.0`), as Alibaba's examples write it.
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or_default();
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                format!("{}", f as i64)
            } else {
                f.to_string()
            }
        }
        other => other.to_string(),
    }
}

/// `k=v&...`, percent-encoded as the signers encode (for a form body).
pub fn form_body(pairs: &[(String, String)]) -> Vec<u8> {
    let enc = acs_runtime::sign::percent_encode;
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    parts.join("&").into_bytes()
}

/// The pairs of `k=v&...` as the emulator decodes them (`+` is a space).
pub fn decode(text: &str) -> Pairs {
    let part = |s: &str| {
        let spaced = s.replace('+', " ");
        let decoded = percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy();
        decoded.into_owned()
    };
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (part(k), part(v))
        })
        .collect()
}

/// [`decode`] for a body.
pub fn decode_bytes(body: &[u8]) -> Pairs {
    decode(&String::from_utf8_lossy(body))
}
