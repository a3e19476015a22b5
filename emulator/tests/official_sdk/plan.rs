//! What to call: every operation of a spec tree (read with codegen's loader, as the emulator reads it),
//! each with a valid input made from the spec alone (`acs_codegen::spec::samples::sample_input`: the
//! required parameters and one of each group, from the examples when they fit), flattened per style and
//! location as it must travel ([`crate::wire::flatten`], and for a RESTful operation its path, headers,
//! host label and body: [`crate::wire::restful`]), so the official SDK's generic client sends every
//! style, in the query and in a form body, by POST or GET as the operation takes it, and every RESTful
//! operation by its own method and path.

use serde_json::{Map, Value};

use crate::wire::{self, Pairs};
use acs_codegen::spec::model::{LocationSpec, StyleSpec, TypeName};

/// The signings of an RPC or ACS-signed RESTful operation: tea-openapi's `signature_algorithm` values,
/// ACS3 with SHA-256 (its default) and with SM3, and `v2`, the legacy V1 (RPC) or ROA (RESTful) signer.
const ACS_SIGNINGS: &[&str] = &["ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", "v2"];
/// Log Service's: its gateway's own scheme.
const LOG_SIGNINGS: &[&str] = &["log"];

/// One operation and a valid call of it.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The spec's module (`r_kvstore`): the name the report gives the product.
    pub module: String,
    /// Alibaba's product code (`R-kvstore`).
    pub product: String,
    pub version: String,
    pub action: String,
    /// `RPC`, `ROA` or `LOG` (Log Service).
    pub style: &'static str,
    /// Whether the spec says the operation takes unsigned requests (`anonymous`), as the packages send
    /// it.
    pub anonymous: bool,
    /// The signings to call it with.
    pub signings: &'static [&'static str],
    /// `POST`, or `GET` for GET-only RPC operations; a RESTful operation's own method.
    pub method: &'static str,
    /// A RESTful operation's path, headers, host label and body.
    pub restful: Option<wire::Restful>,
    /// How the generic client reads a RESTful answer: `json`, `string` (a whole-body text) or `none`
    /// (the response declares nothing).
    pub body_type: &'static str,
    /// The input for a product package's typed request model (`<Action>Request.from_map`): scalars as
    /// their wire text, `simple` lists as lists of text (the driver joins them where a package models one
    /// as a string), `json` parameters as JSON (the packages serialize them), everything else nested as
    /// the spec shapes it.
    pub typed: Map<String, Value>,
    /// The parameters of the query string.
    pub query: Pairs,
    /// The parameters of the form body.
    pub form: Pairs,
    /// Parameters holding JSON text, compared parsed: an SDK spaces its JSON its own way.
    pub json_params: Vec<String>,
    /// The style of each `json` and `simple` parameter of [`Operation::typed`] (`"json"`, `"simple"`):
    /// the driver writes such a value as one string where a package models it as one.
    pub styles: Map<String, Value>,
}

impl Operation {
    /// The operation as the driver's plan gives it (see `python/official_sdk_driver.py`).
    pub fn json(&self) -> Value {
        let mut query = self.query.clone();
        let mut out = serde_json::json!({
            "product": self.product,
            "version": self.version,
            "action": self.action,
            "style": self.style,
            "method": self.method,
            "params": self.typed,
            "styles": self.styles,
            "body": if self.form.is_empty() { Value::Null } else { object(&self.form) },
        });
        if let (Some(r), Value::Object(o)) = (&self.restful, &mut out) {
            query.extend(r.fixed_query.iter().cloned());
            let host = r
                .host
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())));
            o.insert("pathname".into(), Value::from(r.path.as_str()));
            o.insert("path_params".into(), object(&r.path_params));
            o.insert("host".into(), Value::Object(host.collect()));
            o.insert("headers".into(), object(&r.headers));
            o.insert(
                "body_field".into(),
                r.body.as_ref().map(|(k, _)| k.as_str()).into(),
            );
            o.insert(
                "json_body".into(),
                r.body.clone().map_or(Value::Null, |(_, v)| v),
            );
            o.insert("body_type".into(), Value::from(self.body_type));
        }
        if let Value::Object(o) = &mut out {
            o.insert("query".into(), object(&query));
        }
        out
    }
}

/// Every operation below `specs`, in spec-tree order.
pub fn operations(specs: &std::path::Path) -> Vec<Operation> {
    wire::operations(specs)
        .into_iter()
        .map(|op| {
            let sample = op.sample();
            let (query, form) = wire::flatten(&op.spec, &sample);
            let restful = op.is_restful().then(|| wire::restful(&op.spec, &sample));
            let mut typed = Map::new();
            let mut json_params = Vec::new();
            let mut styles = Map::new();
            for f in &op.spec.request {
                let Some(v) = sample.get(&f.name) else {
                    continue;
                };
                // The path, host label, headers and body are the driver's to place (see
                // `Operation::json`).
                if !matches!(f.location, LocationSpec::Query | LocationSpec::Form) {
                    continue;
                }
                let value = match (f.style, v) {
                    (Some(StyleSpec::Json), v) => {
                        json_params.push(f.name.clone());
                        styles.insert(f.name.clone(), "json".into());
                        v.clone()
                    }
                    // A `simple` list goes as a list: the driver joins it where the package models it as
                    // one string, and leaves it to the package where the package joins it itself.
                    (Some(StyleSpec::Simple), Value::Array(items)) => {
                        styles.insert(f.name.clone(), "simple".into());
                        Value::Array(items.iter().map(|i| Value::from(wire::text(i))).collect())
                    }
                    (_, v) => as_text(v),
                };
                insert_dotted(&mut typed, &f.name, value);
            }
            let fields = &op.spec.response.fields;
            let whole = fields.iter().find(|f| f.location == LocationSpec::Body);
            let body_type = match whole {
                Some(f) if f.ty == TypeName::String => "string",
                None if fields.is_empty() => "none",
                _ => "json",
            };
            let (style, signings) = match (op.is_log(), op.is_restful()) {
                (true, _) => ("LOG", LOG_SIGNINGS),
                (false, true) => ("ROA", ACS_SIGNINGS),
                (false, false) => ("RPC", ACS_SIGNINGS),
            };
            Operation {
                module: op.product.module.clone(),
                product: op.product.code.clone(),
                version: op.product.version.clone(),
                action: op.spec.name.clone(),
                style,
                anonymous: op.spec.anonymous,
                signings,
                method: op.method(),
                restful,
                body_type,
                typed,
                query,
                form,
                json_params,
                styles,
            }
        })
        .collect()
}

/// Puts `value` at `name`; a dotted name (`SourceEndpoint.InstanceType`) is an object member in the
/// packages' models (`SourceEndpoint: {InstanceType: ...}`), which flatten it back to the dotted name.
fn insert_dotted(map: &mut Map<String, Value>, name: &str, value: Value) {
    match name.split_once('.') {
        Some((head, rest)) if !head.is_empty() && !rest.is_empty() => {
            let inner = map
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = inner {
                insert_dotted(inner, rest, value);
            }
        }
        _ => {
            map.insert(name.to_owned(), value);
        }
    }
}

/// `v` with every scalar as the text it travels as.
fn as_text(v: &Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().map(as_text).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, x)| (k.clone(), as_text(x))).collect())
        }
        Value::Null => Value::Null,
        scalar => Value::from(wire::text(scalar)),
    }
}

/// The pairs as a JSON object for the driver (keys are unique: each names one value).
pub fn object(pairs: &Pairs) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
            .collect(),
    )
}
