//! [`Exchange`]: one request and the emulator's answer, kept so a test can read back what its client sent.
//! Stored verbatim except for credentials: every SecurityToken and signature value, wherever it appears
//! (request, or the answer's quoted string to sign), reads `<redacted>` (see `crate::redact`). `Debug`
//! hides the credential fields once more, in case an `Exchange` is built by hand.

use std::fmt;

/// Parameters whose values `Debug` hides.
const SECRET_PARAMS: [&str; 2] = ["Signature", "SecurityToken"];
/// Headers whose values `Debug` hides.
const SECRET_HEADERS: [&str; 2] = ["authorization", "x-acs-security-token"];

/// One request and its answer.
#[derive(Clone, PartialEq, Eq)]
pub struct Exchange {
    /// HTTP method.
    pub method: String,
    /// Path as received.
    pub path: String,
    /// Raw query string, without `?`.
    pub query: String,
    /// Headers with lower-case names, in wire order.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Decoded parameters: the query's, then a POST's `application/x-www-form-urlencoded` body's.
    pub params: Vec<(String, String)>,
    /// The action the request named, if any.
    pub action: Option<String>,
    /// The answer's HTTP status; `None` when the connection was closed without an answer.
    pub status: Option<u16>,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// Response body.
    pub response_body: String,
}

impl Exchange {
    /// The first value of request header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The response body as JSON, if it is JSON.
    pub fn response_json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.response_body).ok()
    }

    /// The code of an error answer: its `Code` (RPC), `code` (RESTful) or `errorCode` (Log Service).
    pub fn error_code(&self) -> Option<String> {
        let json = self.response_json()?;
        ["Code", "code", "errorCode"]
            .iter()
            .find_map(|k| json.get(k)?.as_str())
            .map(str::to_owned)
    }

    /// The request id the answer gave: its `x-acs-request-id` header (`x-log-requestid` for Log
    /// Service), which every answer but a reset carries.
    pub fn request_id(&self) -> Option<&str> {
        self.response_headers
            .iter()
            .find(|(k, _)| {
                k.eq_ignore_ascii_case("x-acs-request-id")
                    || k.eq_ignore_ascii_case("x-log-requestid")
            })
            .map(|(_, v)| v.as_str())
    }

    /// The memory the exchange holds, as the record's byte budget counts it: the bytes of every text and
    /// body, plus the fixed size of the exchange and of each text (its pointer, length and capacity).
    pub fn retained_bytes(&self) -> usize {
        let text = std::mem::size_of::<String>();
        let pairs = |list: &[(String, String)]| {
            list.iter()
                .map(|(k, v)| k.len() + v.len() + 2 * text)
                .sum::<usize>()
        };
        std::mem::size_of::<Exchange>()
            + self.method.len()
            + self.path.len()
            + self.query.len()
            + pairs(&self.headers)
            + self.body.len()
            + pairs(&self.params)
            + self.action.as_ref().map_or(0, String::len)
            + pairs(&self.response_headers)
            + self.response_body.len()
    }

    /// The `--log` line: method, action, status and error code; nothing that can hold a credential.
    pub(crate) fn log_line(&self) -> String {
        let status = self
            .status
            .map_or_else(|| "reset".to_owned(), |s| s.to_string());
        // Some successful answers carry a `Code` of their own (DTS's example does); only refusals' count.
        let code = self
            .error_code()
            .filter(|_| self.status.is_some_and(|s| s >= 400))
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
        format!(
            "{} {} -> {status}{code}",
            self.method,
            self.action.as_deref().unwrap_or("(no action)")
        )
    }
}

impl fmt::Debug for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let hidden = SECRET_HEADERS.contains(&k.to_ascii_lowercase().as_str());
                (k.as_str(), if hidden { "<redacted>" } else { v.as_str() })
            })
            .collect();
        let params: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(k, v)| {
                let hidden = SECRET_PARAMS.contains(&k.as_str());
                (k.as_str(), if hidden { "<redacted>" } else { v.as_str() })
            })
            .collect();
        // The raw query and body repeat the parameters, secrets included, so only their sizes are shown.
        f.debug_struct("Exchange")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &format_args!("<{} bytes>", self.query.len()))
            .field("headers", &headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("params", &params)
            .field("action", &self.action)
            .field("status", &self.status)
            .field("response_headers", &self.response_headers)
            .field("response_body", &self.response_body)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_credentials() {
        let e = Exchange {
            method: "POST".into(),
            path: "/".into(),
            query: "SecurityToken=tok1&Signature=sig1".into(),
            headers: vec![
                ("authorization".into(), "ACS3-HMAC-SHA256 sig2".into()),
                ("x-acs-security-token".into(), "tok2".into()),
                ("x-acs-action".into(), "A".into()),
            ],
            body: b"SecurityToken=tok3".to_vec(),
            params: vec![
                ("SecurityToken".into(), "tok1".into()),
                ("Signature".into(), "sig1".into()),
                ("PageSize".into(), "5".into()),
            ],
            action: Some("A".into()),
            status: Some(200),
            response_headers: vec![],
            response_body: "{}".into(),
        };
        let text = format!("{e:?} {e:#?}");
        for secret in ["tok1", "tok2", "tok3", "sig1", "sig2"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(
            text.contains("PageSize") && text.contains("x-acs-action"),
            "{text}"
        );
        assert_eq!(e.param("PageSize"), Some("5"));
        assert_eq!(e.header("X-ACS-ACTION"), Some("A"));
        let ok_with_code = Exchange {
            response_body: r#"{"Code":"01"}"#.into(),
            ..e.clone()
        };
        assert_eq!(ok_with_code.log_line(), "POST A -> 200");
        let refused = Exchange {
            status: Some(400),
            response_body: r#"{"Code":"SignatureDoesNotMatch","Message":"m"}"#.into(),
            action: None,
            ..e
        };
        assert_eq!(
            refused.log_line(),
            "POST (no action) -> 400 SignatureDoesNotMatch"
        );
    }
}
