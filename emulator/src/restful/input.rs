//! What a RESTful request sent for each of its operation's parameters, by where the spec puts it: the
//! query (dotted, `json` or `simple` as for RPC), a form body, the path (decoded by the router), a header,
//! the host name's first label, or the whole body (JSON, or a string parameter's raw text). The result
//! goes through the same checks as an RPC request's (`crate::validate::check`).
//!
//! Unlike RPC, the query and the form body are not one set: a RESTful gateway reads each parameter
//! where its API declares it, so a query parameter sent in the body is not seen.
//!
//! In a JSON body, a member that is `null` or an empty list counts as not sent, as an empty RPC
//! parameter does: Alibaba's official packages write every list member of their models, `[]` when unset
//! (`"disk_init": []`), including lists newer than the metadata the specs come from.

use acs_codegen::spec::model::{FieldSpec, LocationSpec, TypeName};
use serde_json::Value;

use crate::api_error::{self, ApiError};
use crate::catalog::Operation;
use crate::incoming::Incoming;
use crate::validate::{Given, Sent, sent_per_field};

/// What `req` sent for each request parameter of `op`, in field order; `path` holds the path
/// parameters the router decoded, `host` the host name's first label. A body that is not UTF-8, or not
/// JSON where the parameter is not text, is `InvalidParameter`.
pub(crate) fn given<'r>(
    op: &Operation,
    req: &'r Incoming,
    path: &'r [(String, String)],
    host: Option<&'r str>,
) -> Result<Vec<Given<'r>>, ApiError> {
    let fields = &op.spec.request;
    let query = sent_per_field(
        fields,
        req.query.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let form = sent_per_field(
        fields,
        req.form.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let whole = |value: Option<&'r str>| {
        Given::Sent(Sent {
            whole: value,
            members: Vec::new(),
        })
    };
    let mut out = Vec::with_capacity(fields.len());
    for ((f, query), form) in fields.iter().zip(query).zip(form) {
        out.push(match f.location {
            LocationSpec::Query => Given::Sent(query),
            LocationSpec::Form => Given::Sent(form),
            LocationSpec::Path => whole(
                path.iter()
                    .find(|(k, _)| *k == f.name)
                    .map(|(_, v)| v.as_str()),
            ),
            LocationSpec::Header => whole(header(req, &f.name)),
            LocationSpec::Host => whole(host),
            LocationSpec::Body => Given::Whole(body_value(f, &req.body)?),
        });
    }
    Ok(out)
}

/// The first value of header `name`, whatever its case in the spec (received names are lower case).
fn header<'r>(req: &'r Incoming, name: &str) -> Option<&'r str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The body as the value of body parameter `f`: its text for a string (or JSON-text) parameter, else
/// its JSON; `None` for an empty body.
fn body_value(f: &FieldSpec, body: &[u8]) -> Result<Option<Value>, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| api_error::invalid_parameter(&f.name, "The body is not valid UTF-8."))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    if matches!(f.ty, TypeName::String | TypeName::Json) {
        return Ok(Some(Value::String(text.to_owned())));
    }
    let mut value: Value = serde_json::from_str(text).map_err(|e| {
        let why = format!("{} is not valid JSON ({e}).", f.name);
        api_error::invalid_parameter(&f.name, &why)
    })?;
    drop_empty_members(&mut value);
    Ok(Some(value))
}

/// Removes, at any depth, the object members that are `null` or `[]` (not sent, see the module's text).
fn drop_empty_members(value: &mut Value) {
    match value {
        Value::Object(members) => {
            members.retain(|_, v| !(v.is_null() || v.as_array().is_some_and(Vec::is_empty)));
            members.values_mut().for_each(drop_empty_members);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_empty_members),
        _ => {}
    }
}

/// The first label of the host name in a `Host` header (`proj` of `proj.127.0.0.1:8080` or
/// `proj.cn-hangzhou.log.aliyuncs.com`), where a `location: host` parameter travels; `None` when the name
/// is an IP address, `localhost` or a single label: there is no label before the endpoint then.
pub(crate) fn host_label(host: &str) -> Option<&str> {
    if host.starts_with('[') {
        return None;
    }
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    let is_endpoint =
        |n: &str| n.parse::<std::net::Ipv4Addr>().is_ok() || n.eq_ignore_ascii_case("localhost");
    if is_endpoint(name) {
        return None;
    }
    let (label, _) = name.split_once('.')?;
    Some(label).filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels() {
        assert_eq!(host_label("proj.127.0.0.1:8080"), Some("proj"));
        assert_eq!(host_label("proj.localhost"), Some("proj"));
        assert_eq!(host_label("p-1.cn-hangzhou.log.aliyuncs.com"), Some("p-1"));
        for none in [
            "127.0.0.1:8080",
            "127.0.0.1",
            "localhost:1",
            "[::1]:80",
            "host",
            ".x:1",
        ] {
            assert_eq!(host_label(none), None, "{none}");
        }
    }

    #[test]
    fn bodies_are_text_or_json() {
        let field = |ty: &str| -> FieldSpec {
            serde_yaml::from_str(&format!("{{ name: body, type: {ty}, location: body }}")).unwrap()
        };
        let text = body_value(&field("string"), b"{not json").unwrap();
        assert_eq!(text, Some(Value::from("{not json")));
        let object = body_value(&field("any"), br#"{"a":[1]}"#).unwrap();
        assert_eq!(object, Some(serde_json::json!({"a": [1]})));
        assert_eq!(body_value(&field("any"), b"  ").unwrap(), None);
        let empties = body_value(
            &field("any"),
            br#"{"a":[],"b":null,"c":[{"d":[],"e":1}],"f":{}}"#,
        );
        assert_eq!(
            empties.unwrap(),
            Some(serde_json::json!({"c": [{"e": 1}], "f": {}}))
        );
        let bad = body_value(&field("any"), b"{oops").unwrap_err();
        assert_eq!(bad.code, "InvalidParameter");
        assert!(body_value(&field("string"), &[0xff]).is_err());
    }
}
