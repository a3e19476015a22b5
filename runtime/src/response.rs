//! Turns an HTTP response into the operation's output or an [`Error`]: JSON decoding with the failing
//! field's path, and Alibaba's error bodies (`Code`/`Message`, or DBS-style `ErrCode`/`ErrMessage`).
//!
//! Every text taken from a response passes through the call's [`Redactor`] first, whole, so the call's
//! AccessKeySecret and SecurityToken never reach an error (the error then escapes and bounds it).

use serde_json::{Map, Value};

use crate::codec::{self, DecodeError, Shape};
use crate::error::{Error, ErrorKind, text};
use crate::redact::Redactor;

/// An attempt's decoded output and the body's `RequestId` (redacted), for the call's trace.
pub(crate) type Decoded = (Box<dyn Shape>, Option<String>);

/// Decodes a response of HTTP `status` for `action` into a new output made by `new_output`; `redactor`
/// holds the call's secrets, removed from any server text an error keeps.
///
/// A successful body is parsed once: the typed decode also captures the top-level keys that reveal an
/// error reported in-band (`"Success": false`) and the request id. Only when the typed decode fails is
/// the body parsed again, loosely, to tell an in-band error from a body that does not match.
pub(crate) fn handle(
    action: &str,
    status: u16,
    body: &[u8],
    redactor: &Redactor,
    new_output: crate::operation::NewShape,
) -> Result<Decoded, Error> {
    if !(200..300).contains(&status) {
        return Err(service_error(status, body, redactor));
    }
    let mut output = new_output();
    let decoded = std::str::from_utf8(body)
        .map_err(|e| DecodeError::new(format!("the body is not UTF-8: {e}")))
        .and_then(|text| codec::decode_with_envelope(text, &mut *output));
    let error = match decoded {
        Ok(envelope) => {
            let top: Map<String, Value> = envelope
                .entries()
                .iter()
                .filter_map(|(k, raw)| Some(((*k).to_owned(), serde_json::from_str(raw).ok()?)))
                .collect();
            if let Some(err) = embedded_error_in(status, &top, redactor) {
                return Err(err);
            }
            let request_id = text(&top, &["RequestId", "requestId"])
                .map(|id| text::clean(&redactor.redact(&id), text::MAX_ID));
            return Ok((output, request_id));
        }
        Err(error) => error,
    };
    if let Some(err) = embedded_error(status, body, redactor) {
        return Err(err);
    }
    Err(decode_error(action, status, body, error, redactor))
}

/// The error for a 2xx body that does not match the output type. The decoder's message may quote a
/// value of the body, so it is redacted.
fn decode_error(
    action: &str,
    status: u16,
    body: &[u8],
    inner: DecodeError,
    redactor: &Redactor,
) -> Error {
    let detail = redactor.redact(inner.message()).into_owned();
    let path = redactor.redact(&inner.path()).into_owned();
    Error::new(
        ErrorKind::Decode,
        format!("response of {action} does not match at field `{path}`: {detail}"),
    )
    .with_operation(action)
    .with_status(status)
    .with_request_id(request_id_of(body).map(|id| redactor.redact(&id).into_owned()))
    .with_snippet(&redactor.redact(&String::from_utf8_lossy(body)))
    .with_field(path)
}

/// The error for a non-2xx response: the service's code, message and ids when the body is its JSON error
/// document, otherwise the status and a snippet of the body.
pub(crate) fn service_error(status: u16, body: &[u8], redactor: &Redactor) -> Error {
    let parsed = serde_json::from_slice::<Value>(body).ok();
    if let Some(obj) = parsed.as_ref().and_then(Value::as_object) {
        let fields = Fields::of(obj, redactor);
        if fields.code.is_some() || fields.message.is_some() {
            return from_fields(status, None, fields);
        }
    }
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
    .with_request_id(request_id_of(body).map(|id| redactor.redact(&id).into_owned()));
    let text = String::from_utf8_lossy(body);
    if !text.trim().is_empty() {
        err = err.with_snippet(&redactor.redact(&text));
    }
    err
}

/// A 2xx body that reports failure in-band (`"Success": false` with an error code), as some products
/// (e.g. DBS) do. The error keeps the real HTTP status; the body's `HttpStatusCode` becomes its
/// [`Error::body_status`].
fn embedded_error(status: u16, body: &[u8], redactor: &Redactor) -> Option<Error> {
    let value = serde_json::from_slice::<Value>(body).ok()?;
    embedded_error_in(status, value.as_object()?, redactor)
}

/// [`embedded_error`] on the top-level keys of a body.
fn embedded_error_in(status: u16, obj: &Map<String, Value>, redactor: &Redactor) -> Option<Error> {
    let failed = match obj.get("Success")? {
        Value::Bool(b) => !b,
        Value::String(s) => s.eq_ignore_ascii_case("false"),
        _ => false,
    };
    text(obj, &["Code", "ErrCode"])?;
    if !failed {
        return None;
    }
    let body_status = obj
        .get("HttpStatusCode")
        .and_then(|v| match v {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .and_then(|n| u16::try_from(n).ok())
        .filter(|n| (100..600).contains(n));
    Some(from_fields(status, body_status, Fields::of(obj, redactor)))
}

/// The error fields of a service's JSON error document, redacted.
struct Fields {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
    access_denied_detail: Option<String>,
}

impl Fields {
    fn of(obj: &Map<String, Value>, redactor: &Redactor) -> Fields {
        let get = |keys: &[&str]| text(obj, keys).map(|t| redactor.redact(&t).into_owned());
        Fields {
            code: get(&["Code", "ErrCode", "code", "errorCode"]),
            message: get(&["Message", "ErrMessage", "message", "errorMessage"]),
            request_id: get(&["RequestId", "requestId"]),
            host_id: get(&["HostId", "hostId"]),
            recommend: get(&["Recommend", "recommend"]),
            access_denied_detail: access_denied_detail(obj)
                .map(|d| redactor.redact(&d).into_owned()),
        }
    }
}

/// The error of a service error document, throttling when either status is 429 or the code says so.
fn from_fields(status: u16, body_status: Option<u16>, f: Fields) -> Error {
    let throttled = status == 429
        || body_status == Some(429)
        || f.code
            .as_deref()
            .is_some_and(|c| c.starts_with("Throttling"));
    let kind = if throttled {
        ErrorKind::Throttling
    } else {
        ErrorKind::Service
    };
    Error::new(kind, f.message.unwrap_or_default())
        .with_status(status)
        .with_body_status(body_status)
        .with_code(f.code)
        .with_request_id(f.request_id)
        .with_host_id(f.host_id)
        .with_recommend(f.recommend)
        .with_access_denied_detail(f.access_denied_detail)
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

    /// [`handle`] with the output downcast to `T`.
    fn handle_as<T: Shape + Default>(
        action: &str,
        status: u16,
        body: &[u8],
        redactor: &Redactor,
    ) -> Result<(T, Option<String>), Error> {
        let (out, id) = handle(action, status, body, redactor, &codec::boxed::<T>)?;
        let any: Box<dyn std::any::Any> = out;
        Ok((*any.downcast::<T>().expect("the type asked for"), id))
    }

    #[test]
    fn decodes_success() {
        let (out, id) = handle_as::<Out>(
            "Op",
            200,
            br#"{"RequestId":"R1","Dbs":[{"Size":1}]}"#,
            &Redactor::default(),
        )
        .unwrap();
        assert_eq!(out.request_id.as_deref(), Some("R1"));
        assert_eq!(id.as_deref(), Some("R1"));
        assert_eq!(out.dbs.unwrap().len(), 1);
    }

    #[test]
    fn decode_error_names_operation_field_and_snippet() {
        let body = br#"{"RequestId":"R2","Dbs":[{"Size":1},{"Size":"many"}]}"#;
        let e = handle_as::<Out>("DescribeThings", 200, body, &Redactor::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert_eq!(e.operation(), Some("DescribeThings"));
        assert_eq!(e.request_id(), Some("R2"));
        assert!(e.message().contains("Dbs[1].Size"), "{e}");
        assert_eq!(e.field(), Some("Dbs[1].Size"));
        assert!(e.body_snippet().unwrap().contains("many"));
        let long = format!("{{\"Dbs\": 5, \"Pad\": \"{}\"}}", "中".repeat(300));
        let e = handle_as::<Out>("Op", 200, long.as_bytes(), &Redactor::default()).unwrap_err();
        assert!(e.body_snippet().unwrap().len() <= crate::error::text::MAX_SNIPPET);
        let e = handle_as::<Out>("Op", 200, b"", &Redactor::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        let e = handle_as::<Out>("Op", 200, br#"{"Dbs":[]} trailing"#, &Redactor::default())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        let e =
            handle_as::<Out>("Op", 200, b"{\"Dbs\": \"\xff\"}", &Redactor::default()).unwrap_err();
        assert!(e.message().contains("UTF-8"), "{e}");
    }

    #[test]
    fn service_errors() {
        let e = handle_as::<Out>(
            "Op",
            403,
            br#"{"RequestId":"R3","HostId":"dts.aliyuncs.com","Code":"Forbidden.RAM","Message":"no","Recommend":"https://r"}"#,
            &Redactor::default(),
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
            &Redactor::default(),
        );
        assert_eq!(
            (e.code(), e.message(), e.request_id()),
            (Some("InvalidParameter"), "bad", Some("R4"))
        );

        let e = service_error(502, b"<html>Bad Gateway</html>", &Redactor::default());
        assert_eq!(e.kind(), ErrorKind::Service);
        assert_eq!(e.http_status(), Some(502));
        assert_eq!(e.code(), None);
        assert_eq!(e.message(), "HTTP 502 Bad Gateway");
        assert_eq!(e.body_snippet(), Some("<html>Bad Gateway</html>"));
        assert!(e.is_retryable());
        let e = service_error(599, b"", &Redactor::default());
        assert_eq!(e.message(), "HTTP 599");
        assert_eq!(e.body_snippet(), None);
    }

    #[test]
    fn access_denied_detail_keeps_its_json_text() {
        let body = br#"{"Code":"NoPermission","Message":"denied","AccessDeniedDetail":{"PolicyType":"AccountLevelIdentityBasedPolicy","AuthAction":"dts:DescribeJobs"}}"#;
        let e = service_error(403, body, &Redactor::default());
        assert_eq!(e.kind(), ErrorKind::Service);
        assert!(e.is_access_denied());
        let detail: Value = serde_json::from_str(e.access_denied_detail().unwrap()).unwrap();
        assert_eq!(detail["AuthAction"], "dts:DescribeJobs");
        let e = service_error(
            403,
            br#"{"Code":"Forbidden.RAM","AccessDeniedDetail":"{\"A\":1}"}"#,
            &Redactor::default(),
        );
        assert_eq!(e.access_denied_detail(), Some(r#"{"A":1}"#));
        let e = service_error(
            403,
            br#"{"Code":"Forbidden.RAM","AccessDeniedDetail":null}"#,
            &Redactor::default(),
        );
        assert_eq!(e.access_denied_detail(), None);
        let e = service_error(429, b"too many", &Redactor::default());
        assert_eq!(e.kind(), ErrorKind::Throttling);
        let e = service_error(
            400,
            br#"{"Code":"Throttling.User","Message":"m"}"#,
            &Redactor::default(),
        );
        assert_eq!(e.kind(), ErrorKind::Throttling);
    }

    #[test]
    fn success_false_in_a_2xx_body_is_an_error() {
        let body = br#"{"Success":false,"ErrCode":"Throttling","ErrMessage":"slow down","HttpStatusCode":400,"RequestId":"R5"}"#;
        let e = handle_as::<Out>("Op", 200, body, &Redactor::default()).unwrap_err();
        // The transport status stays the HTTP status; the body's own is kept apart.
        assert_eq!(
            (e.http_status(), e.body_status(), e.code(), e.message()),
            (Some(200), Some(400), Some("Throttling"), "slow down")
        );
        assert_eq!(e.kind(), ErrorKind::Throttling);
        // Success true, or false without a code, decodes normally.
        assert!(
            handle_as::<Out>(
                "Op",
                200,
                br#"{"Success":true,"ErrCode":"x"}"#,
                &Redactor::default()
            )
            .is_ok()
        );
        assert!(handle_as::<Out>("Op", 200, br#"{"Success":false}"#, &Redactor::default()).is_ok());
    }

    #[test]
    fn the_calls_secrets_never_reach_the_error() {
        use crate::credentials::Credentials;
        let r =
            Redactor::new(&Credentials::new("id", "sec/ret+1").with_security_token("CAIS+tok/en="));
        // A V1 string to sign quotes the token percent-encoded twice.
        let body = r#"{"Code":"SignatureDoesNotMatch","Message":"server string to sign is:POST&%2F&SecurityToken%3DCAIS%252Btok%252Fen%253D%26Timestamp%3D1","Recommend":"https://r/?t=CAIS%2Btok%2Fen%3D","AccessDeniedDetail":{"Echo":"CAIS+tok/en="},"RequestId":"sec/ret+1","HostId":"sec%2Fret%2B1"}"#;
        let e = handle_as::<Out>("Op", 400, body.as_bytes(), &r).unwrap_err();
        assert_eq!(e.code(), Some("SignatureDoesNotMatch"));
        assert!(
            e.message()
                .contains("SecurityToken%3D<redacted>%26Timestamp"),
            "{e}"
        );
        let decode =
            handle_as::<Out>("Op", 200, br#"{"Dbs":[{"Size":"CAIS+tok/en="}]}"#, &r).unwrap_err();
        assert_eq!(decode.kind(), ErrorKind::Decode);
        let html = service_error(502, b"<p>token CAIS%2btok%2fen%3d</p>", &r);
        for e in [e, decode, html] {
            let mut shown = format!("{e} {e:?} {:?}", e.access_denied_detail());
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                shown.push_str(&format!(" {s} {s:?}"));
                source = s.source();
            }
            for leak in ["CAIS", "sec/ret", "sec%2", "tok/en", "tok%2"] {
                assert!(!shown.contains(leak), "{leak} in {shown}");
            }
        }
    }
}
