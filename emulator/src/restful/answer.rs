//! A RESTful operation's success answer, from its document (see `crate::documented`):
//!
//! - each `location: header` field becomes its header;
//! - a `location: body` field becomes the whole body: text as it is, anything else as compact JSON, and
//!   the empty list or object the field's type says when the document lacks it (a client expecting a
//!   JSON array still reads one). Text that would itself read as JSON (or is empty) goes JSON-quoted:
//!   a client reads a whole body as JSON when it is JSON, so the text must survive that, and CS's
//!   documented body `"\"wget …\""` is sent as written;
//! - otherwise the document's members are the JSON object body; an operation whose response declares
//!   nothing and that documents no answer gets an empty body (the official SDKs read none there,
//!   `body_type: none`), while one documenting `{}` gets `{}` (some SDKs read JSON even there).
//!
//! The fresh request id goes in the dialect's header, and in the body or header field the response
//! declares for it (`requestId`, `request_id`, `RequestId`, `x-log-requestid`).

use acs_codegen::spec::model::{FieldSpec, LocationSpec, TypeName};
use serde_json::{Map, Value};

use crate::catalog::Operation;
use crate::error_body::json_headers;
use crate::handler::Outcome;

/// The answer of `op` carrying `document`.
pub(crate) fn render(op: &Operation, document: Value, request_id: &str) -> Outcome {
    let fields = &op.spec.response.fields;
    let mut headers = json_headers(op.dialect, request_id);
    let mut members = match document {
        Value::Object(m) => m,
        // A scenario merges objects only, so the document is always one; anything else says nothing.
        _ => Map::new(),
    };
    for f in fields.iter().filter(|f| f.location == LocationSpec::Header) {
        let documented = members.remove(&f.name);
        let name = f.name.to_ascii_lowercase();
        let text = if is_request_id(&f.name) {
            Some(request_id.to_owned())
        } else {
            documented.as_ref().and_then(header_text)
        };
        if let Some(text) = text.filter(|_| !headers.iter().any(|(k, _)| *k == name)) {
            headers.push((name, text));
        }
    }
    let body = match fields.iter().find(|f| f.location == LocationSpec::Body) {
        Some(f) => whole_body(f, members.remove(&f.name), &mut headers),
        None if fields.is_empty() && members.is_empty() && !op.documented => String::new(),
        None => {
            let id_field = fields
                .iter()
                .find(|f| f.location != LocationSpec::Header && is_request_id(&f.name));
            if let Some(f) = id_field {
                members.insert(f.name.clone(), Value::from(request_id));
            }
            Value::Object(members).to_string()
        }
    };
    Outcome::Reply {
        status: op.status,
        headers,
        body,
    }
}

/// Whether a response field is the request id (`RequestId`, `request_id`, `requestId`, and the headers
/// `x-acs-request-id` and `x-log-requestid`), which carries the answer's fresh id.
fn is_request_id(name: &str) -> bool {
    let bare: String = (name.chars())
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        bare.as_str(),
        "requestid" | "xacsrequestid" | "xlogrequestid"
    )
}

/// A header's text: a string as it is, a number or boolean as JSON writes it; nothing for null.
fn header_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The whole body holding `value` as field `f`; text that is not JSON is labelled as plain text.
fn whole_body(f: &FieldSpec, value: Option<Value>, headers: &mut [(String, String)]) -> String {
    let text = match value {
        // Empty text would be no body at all.
        Some(Value::String(s))
            if s.is_empty() || serde_json::from_str::<serde::de::IgnoredAny>(&s).is_ok() =>
        {
            Value::String(s).to_string()
        }
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => match f.ty {
            TypeName::Array => "[]".to_owned(),
            TypeName::Object | TypeName::Map | TypeName::Any => "{}".to_owned(),
            _ => String::new(),
        },
        Some(other) => other.to_string(),
    };
    if !text.is_empty() && serde_json::from_str::<serde::de::IgnoredAny>(&text).is_err() {
        for (k, v) in headers.iter_mut() {
            if k == "content-type" {
                *v = "text/plain;charset=utf-8".to_owned();
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_fields_in_every_spelling() {
        for name in [
            "RequestId",
            "requestId",
            "request_id",
            "x-log-requestid",
            "x-acs-request-id",
        ] {
            assert!(is_request_id(name), "{name}");
        }
        assert!(!is_request_id("request") && !is_request_id("TaskId"));
    }

    #[test]
    fn whole_bodies_survive_a_client_that_reads_json_first() {
        let field = |ty: &str| -> FieldSpec {
            serde_yaml::from_str(&format!("{{ name: body, type: {ty}, location: body }}")).unwrap()
        };
        let mut headers = json_headers(crate::catalog::Dialect::Roa, "RID");
        let mut body = |f: &FieldSpec, v: Option<Value>| whole_body(f, v, &mut headers);
        assert_eq!(
            body(&field("string"), Some(Value::from("wget x"))),
            "wget x"
        );
        assert_eq!(
            body(&field("string"), Some(Value::from("\"q\""))),
            r#""\"q\"""#
        );
        assert_eq!(body(&field("string"), Some(Value::from(""))), r#""""#);
        assert_eq!(body(&field("any"), Some(serde_json::json!([1]))), "[1]");
        assert_eq!(body(&field("array"), None), "[]");
        assert_eq!(body(&field("map"), Some(Value::Null)), "{}");
        assert_eq!(body(&field("string"), None), "");
        assert!(headers.contains(&("content-type".into(), "text/plain;charset=utf-8".into())));
    }
}
