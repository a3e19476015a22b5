//! How a refusal is written, in the dialect of the product it concerns:
//!
//! - RPC (and a request no product claims): the gateway's `{"RequestId","HostId","Code","Message",
//!   "Recommend"}` with `x-acs-request-id`;
//! - RESTful (ROA): the same facts with lower-case keys, `{"code","message","requestId","hostId",
//!   "recommend"}`, as ROA services answer (tea-openapi reads `code`/`Code`, `message`/`Message` and
//!   `requestId`/`RequestId`);
//! - Log Service: `{"errorCode","errorMessage"}` with the request id in the `x-log-requestid` header, and
//!   the codes Log Service documents for the gateway's refusals where it has its own
//!   (`SignatureNotMatch`, `RequestTimeExpired`, `ParameterInvalid`, ...; see [`log_code`]).

use serde_json::json;

use crate::api_error::ApiError;
use crate::catalog::Dialect;
use crate::handler::Outcome;

/// The answer refusing a request with `e`.
pub(crate) fn render(
    e: &ApiError,
    dialect: Dialect,
    request_id: &str,
    host_id: &str,
    product: Option<&str>,
) -> Outcome {
    let (status, body) = match dialect {
        Dialect::Rpc => (e.status, e.body(request_id, host_id, product)),
        Dialect::Roa => {
            let body = json!({
                "code": e.code,
                "message": e.message,
                "requestId": request_id,
                "hostId": host_id,
                "recommend": e.recommend(request_id, product),
            });
            (e.status, body.to_string())
        }
        Dialect::Log => {
            let (status, code) = log_code(e);
            let body = json!({ "errorCode": code, "errorMessage": e.message });
            (status, body.to_string())
        }
    };
    let mut headers = json_headers(dialect, request_id);
    headers.extend(e.headers.iter().cloned());
    Outcome::Reply {
        status,
        headers,
        body,
    }
}

/// The content type and the request id header of an answer in `dialect`.
pub(crate) fn json_headers(dialect: Dialect, request_id: &str) -> Vec<(String, String)> {
    let id_header = match dialect {
        Dialect::Log => "x-log-requestid",
        Dialect::Rpc | Dialect::Roa => "x-acs-request-id",
    };
    vec![
        (
            "content-type".to_owned(),
            "application/json;charset=utf-8".to_owned(),
        ),
        (id_header.to_owned(), request_id.to_owned()),
    ]
}

/// Log Service's status and code for a refusal, where its documented common errors have one: the
/// signature (`SignatureNotMatch`, 401), the key (`InvalidAccessKeyId`, `Unauthorized` without one,
/// 401), the `date` header (`MissingDate`, `InvalidDateFormat`, `RequestTimeExpired`), parameters
/// (`ParameterInvalid`); any other keeps the gateway's.
fn log_code(e: &ApiError) -> (u16, &str) {
    match e.code.as_str() {
        "SignatureDoesNotMatch" => (401, "SignatureNotMatch"),
        "InvalidAccessKeyId.NotFound" => (401, "InvalidAccessKeyId"),
        "MissingAccessKeyId" => (401, "Unauthorized"),
        "InvalidTimeStamp.Expired" => (400, "RequestTimeExpired"),
        "InvalidTimeStamp.Format" => (400, "InvalidDateFormat"),
        "MissingParameter" | "InvalidParameter" => (400, "ParameterInvalid"),
        code => (e.status, code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error;

    fn reply(o: Outcome) -> (u16, Vec<(String, String)>, serde_json::Value) {
        match o {
            Outcome::Reply {
                status,
                headers,
                body,
            } => (status, headers, serde_json::from_str(&body).unwrap()),
            Outcome::Reset => panic!("a reply"),
        }
    }

    #[test]
    fn each_dialect_writes_its_own_keys() {
        let e = api_error::missing_parameter("ClusterId");
        let (status, headers, rpc) = reply(render(&e, Dialect::Rpc, "RID", "h", Some("CS")));
        assert_eq!(
            (status, rpc["Code"].as_str()),
            (400, Some("MissingParameter"))
        );
        assert!(headers.contains(&("x-acs-request-id".into(), "RID".into())));
        let (_, _, roa) = reply(render(&e, Dialect::Roa, "RID", "h", Some("CS")));
        assert_eq!(roa["code"], "MissingParameter");
        assert_eq!(roa["requestId"], "RID");
        assert!(roa["message"].as_str().unwrap().contains("ClusterId"));
        assert!(roa.get("Code").is_none());
        let sig = api_error::signature_mismatch("x");
        let (status, headers, log) = reply(render(&sig, Dialect::Log, "RID", "h", None));
        assert_eq!(
            (status, log["errorCode"].as_str()),
            (401, Some("SignatureNotMatch"))
        );
        assert!(log["errorMessage"].is_string());
        assert!(headers.contains(&("x-log-requestid".into(), "RID".into())));
    }
}
