//! [`PreparedRequest`]: a call's request exactly as it would be sent, without sending it — for
//! `acs call --dry-run` and for anyone who wants to see what goes on the wire. Nothing secret is in it:
//! the signature, the security token and V1's `Signature` are replaced by `<redacted>`.
//!
//! It works with nothing configured: without credentials the request is signed with the placeholder key
//! `<AccessKeyId>`, and without a region or endpoint the host is the product's rule with `<region>`.

use crate::client::{Client, prepare_params, sign_request, sign_request_with};
use crate::codec::Shape;
use crate::config::CallConfig;
use crate::credentials::Credentials;
use crate::error::Error;
use crate::operation::OperationInfo;
use crate::request::{Keep, SignedRequest};
use crate::target::Target;

/// What replaces a secret in a prepared request.
pub const REDACTED: &str = "<redacted>";

/// A request as it would be sent: method, path, parameters decoded (not percent-encoded) and headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedRequest {
    /// `POST`, `GET`, or for a RESTful operation also `PUT`, `DELETE` or `PATCH`.
    pub method: &'static str,
    /// The host (and port) the request goes to, with a `host` parameter's label in front.
    pub host: String,
    /// Always `/` for RPC-style operations; a RESTful operation's path, percent-encoded as sent.
    pub path: String,
    /// The query parameters in the order they are sent.
    pub query: Vec<(String, String)>,
    /// The form body's parameters in the order they are sent.
    pub form: Vec<(String, String)>,
    /// Every header, names in lower case, sorted by name.
    pub headers: Vec<(String, String)>,
    /// A RESTful operation's body as sent (JSON, or a string parameter's text); `None` without one
    /// (an RPC form body is in `form`).
    pub body: Option<String>,
}

impl PreparedRequest {
    /// One JSON object: `{"method", "host", "path", "query": [[k, v], ...], "form": [[k, v], ...],
    /// "headers": {...}, "body": text or null}`.
    pub fn to_json(&self) -> serde_json::Value {
        let pairs = |list: &[(String, String)]| {
            serde_json::Value::Array(
                list.iter()
                    .map(|(k, v)| serde_json::json!([k, v]))
                    .collect(),
            )
        };
        let headers: serde_json::Map<String, serde_json::Value> = self
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        serde_json::json!({
            "method": self.method,
            "host": self.host,
            "path": self.path,
            "query": pairs(&self.query),
            "form": pairs(&self.form),
            "headers": headers,
            "body": self.body,
        })
    }

    fn from_signed(signed: SignedRequest) -> Self {
        let hide = |name: &str| matches!(name, "Signature" | "SecurityToken" | "BearerToken");
        let query = signed
            .query
            .into_iter()
            .map(|(k, v)| {
                let v = if hide(&k) { REDACTED.to_owned() } else { v };
                (k, v)
            })
            .collect();
        let mut headers: Vec<(String, String)> = signed
            .headers
            .into_iter()
            .map(|(k, v)| {
                let v = match k {
                    "x-acs-security-token" | "x-acs-bearer-token" => REDACTED.to_owned(),
                    "authorization" => match v.rsplit_once("Signature=") {
                        Some((head, _)) => format!("{head}Signature={REDACTED}"),
                        // The legacy ROA form, `acs <AccessKeyId>:<signature>`.
                        None => match v.rsplit_once(':') {
                            Some((head, _)) => format!("{head}:{REDACTED}"),
                            None => REDACTED.to_owned(),
                        },
                    },
                    _ => v,
                };
                (k.to_owned(), v)
            })
            .collect();
        headers.extend(
            signed
                .extra_headers
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v)),
        );
        if !signed.body.is_empty() {
            headers.push(("content-length".to_owned(), signed.body.len().to_string()));
        }
        headers.sort();
        let url = reqwest::Url::parse(&signed.url).ok();
        let host = url
            .as_ref()
            .and_then(|u| {
                let host = u.host_str()?;
                Some(match u.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_owned(),
                })
            })
            .unwrap_or_default();
        let path = url.as_ref().map_or("/", |u| u.path()).to_owned();
        // A form body is listed by its parameters; any other body is text (JSON or a string).
        let body = (signed.form.is_empty() && !signed.body.is_empty())
            .then(|| String::from_utf8_lossy(&signed.body).into_owned());
        PreparedRequest {
            method: signed.method.as_str(),
            host,
            path,
            query,
            form: signed.form,
            headers,
            body,
        }
    }
}

impl Client {
    /// The request a call of `info` with `input` would send, checked, flattened and signed as the call
    /// would do it, but not sent. Errors are the call's own before any I/O: validation first.
    pub async fn prepare(
        &self,
        info: &'static OperationInfo,
        input: &mut dyn Shape,
        config: &CallConfig,
    ) -> Result<PreparedRequest, Error> {
        let params = prepare_params(info, input).map_err(|e| e.with_operation(info.action))?;
        let target = self.target_for(info.service).unwrap_or_else(|_| {
            let host = info
                .service
                .endpoints
                .fallback
                .map(|f| f.replace("{region_id}", "<region>"))
                .unwrap_or_else(|| "<endpoint>".to_owned());
            Target::placeholder(host)
        });
        let credentials = if info.anonymous {
            None
        } else {
            Some(match self.credentials().provide().await {
                Ok(c) if c.check().is_ok() => c,
                _ => Credentials::new("<AccessKeyId>", "<AccessKeySecret>"),
            })
        };
        let version = self.signature_version_for(config);
        let signed = sign_request(credentials.as_ref(), &target, info, &params, version)?;
        Ok(PreparedRequest::from_signed(signed))
    }

    /// What a call does before it sends, and nothing else: checks and flattens `input`, resolves the
    /// endpoint and the credentials, and builds and signs the request as sent (fresh date and nonce);
    /// the length of its URL. For benchmarks (`acs-bench` times it against one HMAC); not part of the
    /// API.
    #[doc(hidden)]
    pub async fn build_and_sign(
        &self,
        info: &'static OperationInfo,
        input: &mut dyn Shape,
        config: &CallConfig,
    ) -> Result<usize, Error> {
        let params = prepare_params(info, input)?;
        let target = self.target_for(info.service)?;
        let credentials = if info.anonymous {
            None
        } else {
            let c = self.credentials().provide().await?;
            c.check()?;
            Some(c)
        };
        let version = self.signature_version_for(config);
        let signed = sign_request_with(
            credentials.as_ref(),
            &target,
            info,
            &params,
            version,
            Keep::Nothing,
        )?;
        Ok(signed.url.len())
    }
}
