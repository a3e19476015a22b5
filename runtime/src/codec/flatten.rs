//! Request parameters from an input object, the way Alibaba's official SDKs put them on the wire:
//!
//! - scalars as text (`true`/`false`, whole floats without a fraction);
//! - [`Style::Flat`] (`repeatList`, `flat`): lists and objects dotted and 1-based, `Tag.1.Key=k`,
//!   `Scope.1.Namespaces.2=x`, map entries by key;
//! - [`Style::Json`]: one parameter holding the compact JSON of the value;
//! - [`Style::Simple`]: one parameter holding the items joined with commas.
//!
//! Each top-level field goes to the query or the form body per its [`Location`], or for a RESTful
//! operation to the path, a header, the host name or the whole body. Empty lists add nothing.

use std::borrow::Cow;

use super::writer::{to_json, write_float};
use super::{Location, Shape, Style, View, each_field};

/// The flattened parameters of one request, values not yet percent-encoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    /// Parameters of the query string, in field order.
    pub query: Vec<(String, String)>,
    /// Parameters of the form body, in field order.
    pub form: Vec<(String, String)>,
    /// RESTful: the values of the path template's `{Name}`s, by name.
    pub path: Vec<(String, String)>,
    /// RESTful: headers, by name.
    pub headers: Vec<(String, String)>,
    /// RESTful: the first label of the host name.
    pub host: Option<String>,
    /// RESTful: the body, as sent (compact JSON, or a string parameter's text).
    pub body: Option<String>,
}

/// Flattens every set field of `input`.
pub fn flatten(input: &dyn Shape) -> Params {
    let mut params = Params::default();
    each_field(input, &mut |field, view| {
        let Some(view) = view else {
            return;
        };
        let out = match field.location {
            Location::Query => &mut params.query,
            Location::Form => &mut params.form,
            Location::Path => &mut params.path,
            Location::Header => &mut params.headers,
            Location::Host => {
                params.host = Some(scalar(view).into_owned());
                return;
            }
            // The body is sent whole: an object, list or map as compact JSON with non-ASCII as UTF-8,
            // a string as its text (tea's `to_json_string` leaves a string as it is).
            Location::Body => {
                params.body = Some(match view {
                    View::Str(s) => s.to_owned(),
                    View::Json(serde_json::Value::String(s)) => s.clone(),
                    other => to_json(other),
                });
                return;
            }
        };
        match field.style {
            Style::Flat => flat(field.name.to_owned(), view, out),
            Style::Json => {
                let text = match view {
                    // Text is already the JSON the parameter carries.
                    View::Str(s) => s.to_owned(),
                    other => to_json(other),
                };
                out.push((field.name.to_owned(), text));
            }
            Style::Simple => match view {
                View::List(items) if items.count() == 0 => {}
                View::List(items) => {
                    let joined: Vec<String> = (0..items.count())
                        .filter_map(|i| items.item(i))
                        .map(|v| scalar(v).into_owned())
                        .collect();
                    out.push((field.name.to_owned(), joined.join(",")));
                }
                other => out.push((field.name.to_owned(), scalar(other).into_owned())),
            },
        }
    });
    params
}

/// The text of a scalar; lists and objects (which a scalar position should not hold) as compact JSON.
pub(crate) fn scalar(view: View<'_>) -> Cow<'_, str> {
    match view {
        View::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
        View::Int(i) => Cow::Owned(i.to_string()),
        View::Float(f) => {
            let mut s = String::new();
            write_float(f, &mut s);
            Cow::Owned(s)
        }
        View::Number(n) => Cow::Owned(n.to_string()),
        View::Str(s) => Cow::Borrowed(s),
        View::Json(serde_json::Value::String(s)) => Cow::Borrowed(s),
        other => Cow::Owned(to_json(other)),
    }
}

fn flat(name: String, view: View<'_>, out: &mut Vec<(String, String)>) {
    match view {
        View::List(items) => {
            for i in 0..items.count() {
                if let Some(item) = items.item(i) {
                    flat(format!("{name}.{}", i + 1), item, out);
                }
            }
        }
        View::Shape(shape) => {
            each_field(shape, &mut |field, view| {
                if let Some(v) = view {
                    flat(format!("{name}.{}", field.name), v, out);
                }
            });
        }
        View::Map(entries) => entries.each(&mut |k, v| flat(format!("{name}.{k}"), v, out)),
        View::Json(value) => flat_json(name, value, out),
        scalar_view => out.push((name, scalar(scalar_view).into_owned())),
    }
}

fn flat_json(name: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flat_json(format!("{name}.{}", i + 1), item, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                flat_json(format!("{name}.{k}"), v, out);
            }
        }
        Value::String(s) => out.push((name, s.clone())),
        other => out.push((name, other.to_string())),
    }
}
