//! Log Service's `LOG` signature (the v1 scheme of its official gateway, `alibabacloud_gateway_sls`'s
//! `modify_request` and `get_signature`): base64 HMAC-SHA256, keyed with the AccessKeySecret, over
//!
//! ```text
//! METHOD \n content-md5 \n content-type \n date \n
//! x-log-… and x-acs-… headers, sorted, `name:value` lines
//! resource: the path as written (not percent-encoded), `?` and the query sorted by name, `name=value`
//! ```
//!
//! sent as `authorization: LOG <AccessKeyId>:<signature>`, with `x-log-apiversion: 0.6.0`,
//! `x-log-signaturemethod: hmac-sha256`, `x-log-bodyrawsize` and, for a body, its upper-case hex MD5 as
//! `content-md5`.

use md5::{Digest, Md5};

use super::base64;
use super::roa::{header, resource, signed_lines};

/// The API version every request names in `x-log-apiversion`.
pub const API_VERSION: &str = "0.6.0";

/// `x-log-signaturemethod`.
pub const SIGNATURE_METHOD: &str = "hmac-sha256";

/// The `content-md5` of a body: upper-case hex MD5.
pub fn content_md5(body: &[u8]) -> String {
    super::hex(&Md5::digest(body)).to_ascii_uppercase()
}

/// The string to sign of a request with these `headers` (any case; `content-md5`, `content-type` and
/// `date` are read from them), the path as written and the query pairs not encoded.
pub fn string_to_sign(
    method: &str,
    headers: &[(&str, &str)],
    path: &str,
    query: &[(String, String)],
) -> String {
    let get = |name| header(headers, name);
    let mut out = format!(
        "{method}\n{}\n{}\n{}\n",
        get("content-md5"),
        get("content-type"),
        get("date")
    );
    signed_lines(
        headers,
        |k| k.contains("x-log-") || k.contains("x-acs-"),
        &mut out,
    );
    resource(path, query, false, &mut out);
    out
}

/// Base64 of HMAC-SHA256 keyed with the AccessKeySecret over the string to sign.
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, access_key_secret.as_bytes());
    base64(ring::hmac::sign(&key, string_to_sign.as_bytes()).as_ref())
}

/// `LOG <AccessKeyId>:<signature>`.
pub fn authorization(access_key_id: &str, signature: &str) -> String {
    format!("LOG {access_key_id}:{signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_is_upper_case_hex() {
        assert_eq!(content_md5(b""), "D41D8CD98F00B204E9800998ECF8427E");
        assert_eq!(content_md5(b"{}"), "99914B932BD37A50B983C5E7C90AE93B");
    }

    #[test]
    fn the_string_to_sign_follows_the_gateway() {
        let headers = [
            ("content-type", "application/json"),
            ("date", "Thu, 06 Feb 2020 07:32:54 GMT"),
            ("x-log-bodyrawsize", "0"),
            ("x-log-apiversion", "0.6.0"),
            ("host", "proj.cn-hangzhou.log.aliyuncs.com"),
            ("accept", "application/json"),
        ];
        let query = vec![
            ("type".to_owned(), "log".to_owned()),
            ("from".to_owned(), "1".to_owned()),
            ("query".to_owned(), "a and b".to_owned()),
        ];
        assert_eq!(
            string_to_sign("GET", &headers, "/logstores/my-store", &query),
            "GET\n\napplication/json\nThu, 06 Feb 2020 07:32:54 GMT\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:0\n/logstores/my-store?from=1&query=a and b&type=log"
        );
        assert_eq!(authorization("id", "sig"), "LOG id:sig");
    }
}
