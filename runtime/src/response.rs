//! Turns an HTTP response into the operation's output or an [`Error`]: JSON decoding with the failing
//! field's path, and Alibaba's error bodies (`Code`/`Message`, or DBS-style `ErrCode`/`ErrMessage`).

use std::any::Any;

use serde_json::{Map, Value};

use crate::codec::{self, DecodeError, Shape};
use crate::error::{Error, ErrorKind, snippet};

/// How much of a body an error message quotes.
const SNIPPET_BYTES: usize = 200;

/// A decoded output, type-erased so the retry loop is compiled once for every operation, and the
/// body's `RequestId` for the call's trace.
pub(crate) struct Decoded {
    pub(crate) output: Box<dyn Any + Send>,
    pub(crate) request_id: Option<String>,
}

/// How an attempt turns a response into a [`Decoded`] output: [`decode_boxed`] for the operation's output
/// type.
pub(crate) type Decoder = fn(&str, u16, &[u8]) -> Result<Decoded, Error>;

/// [`handle`] for output type `T`, boxed.
pub(crate) fn decode_boxed<T: Shape + Default + Send + 'static>(
    action: &str,
    status: u16,
    body: &[u8],
) -> Result<Decoded, Error> {
    let (output, request_id) = handle::<T>(action, status, body)?;
    Ok(Decoded {
        output: Box::new(output),
        request_id,
    })
}

/// Decodes a response of HTTP `status` for `action`, with its `RequestId`.
///
/// A successful body is parsed once: the typed decode also captures the top-level keys that reveal an
/// error reported in-band (`"Success": false`) and the request id. Only when the typed decode fails is
/// the body parsed again, loosely, to tell an in-band error from a body that does not match.
pub(crate) fn handle<T: Shape + Default>(
    action: &str,
    status: u16,
    body: &[u8],
) -> Result<(T, Option<String>), Error> {
    if !(200..300).contains(&status) {
        return Err(service_error(status, body));
    }
    let decoded = std::str::from_utf8(body)
        .map_err(|e| DecodeError::new(format!("the body is not UTF-8: {e}")))
        .and_then(codec::decode_with_envelope::<T>);
    let error = match decoded {
        Ok((output, envelope)) => {
            let top: Map<String, Value> = envelope
                .entries()
                .iter()
                .filter_map(|(k, raw)| Some(((*k).to_owned(), serde_json::from_str(raw).ok()?)))
                .collect();
            if let Some(err) = embedded_error_in(status, &top) {
                return Err(err);
            }
            return Ok((output, text(&top, &["RequestId", "requestId"])));
        }
        Err(error) => error,
    };
    if let Some(err) = embedded_error(status, body) {
        return Err(err);
    }
    let path = error.path();
    let text = String::from_utf8_lossy(body);
    Err(Error::new(
        ErrorKind::Decode,
        format!(
            "response of {action} does not match at field `{path}`: {}",
            error.message()
        ),
    )
    .with_operation(action)
    .with_status(status)
    .with_request_id(request_id_of(body))
    .with_snippet(snippet(&text, SNIPPET_BYTES))
    .with_field(path)
    .with_source(error))
}

/// The error for a non-2xx response: the service's code, message and ids when the body is its JSON error
/// document, otherwise the status and a snippet of the body.
pub(crate) fn service_error(status: u16, body: &[u8]) -> Error {
    let parsed = serde_json::from_slice::<Value>(body).ok();
    if let Some(obj) = parsed.as_ref().and_then(Value::as_object) {
        let code = text(obj, &["Code", "ErrCode", "code"]);
        let message = text(obj, &["Message", "ErrMessage", "message"]);
        if code.is_some() || message.is_some() {
            return from_fields(status, obj, code, message);
        }
    }
    let text = String::from_utf8_lossy(body);
    let kind = if status == 429 {
        ErrorKind::Throttling
    } else {
        ErrorKind::Service
    };
    let mut err = Error::new(
        kind,
        format!("HTTP {status} {}", reason(status))
            .trim_end()
            .to_owned(),
    )
    .with_status(status)
    .with_request_id(request_id_of(body));
    if !text.trim().is_empty() {
        err = err.with_snippet(snippet(&text, SNIPPET_BYTES));
    }
    err
}

/// A 2xx body that reports failure in-band (`"Success": false` with an error code), as some products
/// (e.g. DBS) do.
fn embedded_error(status: u16, body: &[u8]) -> Option<Error> {
    let value = serde_json::from_slice::<Value>(body).ok()?;
    embedded_error_in(status, value.as_object()?)
}

/// [`embedded_error`] on the top-level keys of a body.
fn embedded_error_in(status: u16, obj: &Map<String, Value>) -> Option<Error> {
    let failed = match obj.get("Success")? {
        Value::Bool(b) => !b,
        Value::String(s) => s.eq_ignore_ascii_case("false"),
        _ => false,
    };
    let code = text(obj, &["Code", "ErrCode"])?;
    if !failed {
        return None;
    }
    let status = obj
        .get("HttpStatusCode")
        .and_then(|v| match v {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .and_then(|n| u16::try_from(n).ok())
        .filter(|n| (100..600).contains(n))
        .unwrap_or(status);
    let message = text(obj, &["Message", "ErrMessage"]);
    Some(from_fields(status, obj, Some(code), message))
}

fn from_fields(
    status: u16,
    obj: &Map<String, Value>,
    code: Option<String>,
    message: Option<String>,
) -> Error {
    let throttled = status == 429 || code.as_deref().is_some_and(|c| c.starts_with("Throttling"));
    let kind = if throttled {
        ErrorKind::Throttling
    } else {
        ErrorKind::Service
    };
    Error::new(kind, message.unwrap_or_default())
        .with_status(status)
        .with_code(code)
        .with_request_id(text(obj, &["RequestId", "requestId"]))
        .with_host_id(text(obj, &["HostId", "hostId"]))
        .with_recommend(text(obj, &["Recommend", "recommend"]))
        .with_access_denied_detail(access_denied_detail(obj))
}

/// The `AccessDeniedDetail` of a permission error as JSON text; a string detail (some products send the
/// object serialised into a string) is kept as it is.
fn access_denied_detail(obj: &Map<String, Value>) -> Option<String> {
    match obj.get("AccessDeniedDetail")? {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The first of `keys` holding a non-empty string (or a number, as text).
fn text(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// The `RequestId` of a JSON body, if it has one; best effort for error context.
fn request_id_of(body: &[u8]) -> Option<String> {
    let value = serde_json::from_slice::<Value>(body).ok()?;
    text(value.as_object()?, &["RequestId", "requestId"])
}

fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::test_types::Resp as Out;

    #[test]
    fn decodes_success() {
        let (out, id) =
            handle::<Out>("Op", 200, br#"{"RequestId":"R1","Dbs":[{"Size":1}]}"#).unwrap();
        assert_eq!(out.request_id.as_deref(), Some("R1"));
        assert_eq!(id.as_deref(), Some("R1"));
        assert_eq!(out.dbs.unwrap().len(), 1);
    }

    #[test]
    fn decode_error_names_operation_field_and_snippet() {
        let body = br#"{"RequestId":"R2","Dbs":[{"Size":1},{"Size":"many"}]}"#;
        let e = handle::<Out>("DescribeThings", 200, body).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert_eq!(e.operation(), Some("DescribeThings"));
        assert_eq!(e.request_id(), Some("R2"));
        assert!(e.message().contains("Dbs[1].Size"), "{e}");
        assert_eq!(e.field(), Some("Dbs[1].Size"));
        assert!(e.body_snippet().unwrap().contains("many"));
        let long = format!("{{\"Dbs\": 5, \"Pad\": \"{}\"}}", "中".repeat(300));
        let e = handle::<Out>("Op", 200, long.as_bytes()).unwrap_err();
        assert!(e.body_snippet().unwrap().len() <= SNIPPET_BYTES + "…".len());
        let e = handle::<Out>("Op", 200, b"").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        let e = handle::<Out>("Op", 200, br#"{"Dbs":[]} trailing"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        let e = handle::<Out>("Op", 200, b"{\"Dbs\": \"\xff\"}").unwrap_err();
        assert!(e.message().contains("UTF-8"), "{e}");
    }

    #[test]
    fn service_errors() {
        let e = handle::<Out>(
            "Op",
            403,
            br#"{"RequestId":"R3","HostId":"dts.aliyuncs.com","Code":"Forbidden.RAM","Message":"no","Recommend":"https://r"}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service);
        assert_eq!(
            (
                e.http_status(),
                e.code(),
                e.message(),
                e.request_id(),
                e.host_id(),
                e.recommend()
            ),
            (
                Some(403),
                Some("Forbidden.RAM"),
                "no",
                Some("R3"),
                Some("dts.aliyuncs.com"),
                Some("https://r")
            )
        );

        let e = service_error(
            400,
            br#"{"RequestId":"R4","ErrCode":"InvalidParameter","ErrMessage":"bad"}"#,
        );
        assert_eq!(
            (e.code(), e.message(), e.request_id()),
            (Some("InvalidParameter"), "bad", Some("R4"))
        );

        let e = service_error(502, b"<html>Bad Gateway</html>");
        assert_eq!(e.kind(), ErrorKind::Service);
        assert_eq!(e.http_status(), Some(502));
        assert_eq!(e.code(), None);
        assert_eq!(e.message(), "HTTP 502 Bad Gateway");
        assert_eq!(e.body_snippet(), Some("<html>Bad Gateway</html>"));
        assert!(e.is_retryable());
        let e = service_error(599, b"");
        assert_eq!(e.message(), "HTTP 599");
        assert_eq!(e.body_snippet(), None);
    }

    #[test]
    fn access_denied_detail_keeps_its_json_text() {
        let body = br#"{"Code":"NoPermission","Message":"denied","AccessDeniedDetail":{"PolicyType":"AccountLevelIdentityBasedPolicy","AuthAction":"dts:DescribeJobs"}}"#;
        let e = service_error(403, body);
        assert_eq!(e.kind(), ErrorKind::Service);
        assert!(e.is_access_denied());
        let detail: Value = serde_json::from_str(e.access_denied_detail().unwrap()).unwrap();
        assert_eq!(detail["AuthAction"], "dts:DescribeJobs");
        let e = service_error(
            403,
            br#"{"Code":"Forbidden.RAM","AccessDeniedDetail":"{\"A\":1}"}"#,
        );
        assert_eq!(e.access_denied_detail(), Some(r#"{"A":1}"#));
        let e = service_error(
            403,
            br#"{"Code":"Forbidden.RAM","AccessDeniedDetail":null}"#,
        );
        assert_eq!(e.access_denied_detail(), None);
        let e = service_error(429, b"too many");
        assert_eq!(e.kind(), ErrorKind::Throttling);
        let e = service_error(400, br#"{"Code":"Throttling.User","Message":"m"}"#);
        assert_eq!(e.kind(), ErrorKind::Throttling);
    }

    #[test]
    fn success_false_in_a_2xx_body_is_an_error() {
        let body = br#"{"Success":false,"ErrCode":"Throttling","ErrMessage":"slow down","HttpStatusCode":400,"RequestId":"R5"}"#;
        let e = handle::<Out>("Op", 200, body).unwrap_err();
        assert_eq!(
            (e.http_status(), e.code(), e.message()),
            (Some(400), Some("Throttling"), "slow down")
        );
        assert_eq!(e.kind(), ErrorKind::Throttling);
        // Success true, or false without a code, decodes normally.
        assert!(handle::<Out>("Op", 200, br#"{"Success":true,"ErrCode":"x"}"#).is_ok());
        assert!(handle::<Out>("Op", 200, br#"{"Success":false}"#).is_ok());
    }
}
