//! Builds one RESTful (ROA) request: the operation's own method and path, its `path` parameters put in
//! place of the template's `{Name}`s, `header` parameters as headers, a `host` parameter as the first
//! label of the host name, and the body; signed with ACS3-HMAC-SHA256 over the path, or with the legacy
//! ROA signature (HMAC-SHA1, `authorization: acs <id>:<signature>`) as V1's counterpart.
//!
//! What goes on the wire follows Alibaba's official SDKs (tea-openapi's `do_request` for ACS3 and
//! `do_roarequest` for the legacy signature, in `alibabacloud_tea_openapi/client.py`):
//! - a path parameter is percent-encoded whole (`DaraURL.percent_encode`: `/` becomes `%2F`), and the
//!   encoded path is ACS3's canonical URI;
//! - a body is compact JSON with non-ASCII as UTF-8 (`to_json_string`), a string parameter as its text,
//!   sent as `application/json; charset=utf-8`; a request without a body has no content type;
//! - `x-acs-action` and `x-acs-version` travel as headers, never in the query.

use crate::credentials::Credentials;
use crate::request::{AttemptInfo, Outgoing, SignedRequest, USER_AGENT};
use crate::sign::{self, acs3};
use crate::target::Target;

/// The content type of a JSON body.
pub(crate) const JSON_BODY: &str = "application/json; charset=utf-8";

/// The path with every `{Name}` replaced by its parameter's value as `put` writes it (percent-encoded
/// whole for ACS3, as written for Log Service), and the template's fixed query pairs
/// (`/logstores/{logstore}?type=log`). A placeholder without a value is left empty: the required check
/// before sending names the missing parameter, so that only happens to a caller that skips it.
pub(crate) fn fill_path(
    template: &str,
    params: &[(String, String)],
    put: fn(&str, &mut String),
) -> (String, Vec<(String, String)>) {
    let (template, fixed) = template.split_once('?').unwrap_or((template, ""));
    let mut path = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            path.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = &after[..close];
        if let Some((_, value)) = params.iter().find(|(k, _)| k == name) {
            put(value, &mut path);
        }
        rest = &after[close + 1..];
    }
    path.push_str(rest);
    let fixed = fixed
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect();
    (path, fixed)
}

/// What every RESTful request starts from: the encoded path, the query (the template's fixed pairs
/// first), the body, and where to connect and the `host` header.
pub(crate) struct Start {
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) at: String,
    pub(crate) host: String,
}

impl Start {
    /// The start of `out`'s request to `target` by `template`, path values written by `put`.
    pub(crate) fn of(
        target: &Target,
        template: &str,
        out: &Outgoing<'_>,
        put: fn(&str, &mut String),
    ) -> Start {
        let params = out.params;
        let (path, mut query) = fill_path(template, &params.path, put);
        query.extend(params.query.iter().cloned());
        let (at, host) = hosts(target, params.host.as_deref());
        Start {
            path,
            query,
            body: params.body.clone().unwrap_or_default().into_bytes(),
            at,
            host,
        }
    }
}

/// The attempt's date (`x-acs-date` form) as an HTTP date.
pub(crate) fn http_date(iso: &str) -> String {
    let secs = crate::civil::parse_iso8601_millis(iso).map_or(0, |ms| ms.div_euclid(1000));
    crate::civil::format_http_date(secs)
}

/// Where to connect (the URL's host and port) and the `host` header: the target's, behind a `host`
/// parameter's label when there is one. An IP address has no names below it, so a request to one (a
/// local emulator) goes to the address itself and only the `host` header carries the label.
pub(crate) fn hosts(target: &Target, label: Option<&str>) -> (String, String) {
    let Some(label) = label else {
        return (target.authority.clone(), target.authority.clone());
    };
    let named = format!("{label}.{}", target.authority);
    let host = target
        .authority
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(target.authority.as_str(), |(host, _)| host);
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if literal.parse::<std::net::IpAddr>().is_ok() {
        (target.authority.clone(), named)
    } else {
        (named.clone(), named)
    }
}

/// Signs a RESTful request with ACS3-HMAC-SHA256; without credentials (an anonymous operation) it goes
/// out unsigned.
pub(crate) fn build(
    credentials: Option<&Credentials>,
    target: &Target,
    template: &str,
    out: &Outgoing<'_>,
    attempt: &AttemptInfo,
) -> SignedRequest {
    let params = out.params;
    let Start {
        path,
        query,
        body,
        at,
        host,
    } = Start::of(target, template, out, sign::percent_encode_into);
    let body_sha = sign::sha256_hex(&body);
    let mut headers: Vec<(&'static str, String)> = Vec::with_capacity(11);
    if params.body.is_some() {
        headers.push(("content-type", JSON_BODY.to_owned()));
    }
    headers.push(("host", host.clone()));
    headers.push(("x-acs-action", out.action.to_owned()));
    headers.push(("x-acs-content-sha256", body_sha.clone()));
    headers.push(("x-acs-date", attempt.date.clone()));
    if let Some(token) = credentials.and_then(Credentials::security_token) {
        headers.push((
            "x-acs-accesskey-id",
            credentials
                .map(Credentials::access_key_id)
                .unwrap_or_default()
                .to_owned(),
        ));
        headers.push(("x-acs-security-token", token.to_owned()));
    }
    headers.push(("x-acs-signature-nonce", attempt.nonce.clone()));
    headers.push(("x-acs-version", out.version.to_owned()));
    let extra = params.headers.clone();
    let canonical_query = sign::canonical_query(&query);
    if let Some(credentials) = credentials {
        let mut all: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.extend(extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let names = acs3::signed_header_names(&all);
        let canonical = acs3::canonical_request_with_query(
            out.method.as_str(),
            &path,
            &canonical_query,
            &all,
            &names,
            &body_sha,
        );
        let signature = acs3::signature(
            credentials.access_key_secret(),
            &acs3::string_to_sign(&canonical),
        );
        let auth = acs3::authorization(credentials.access_key_id(), &names, &signature);
        headers.push(("authorization", auth));
    }
    headers.push(("accept", "application/json".to_owned()));
    headers.push(("user-agent", USER_AGENT.to_owned()));
    SignedRequest {
        method: out.method,
        url: target.url_at(&at, &path, &canonical_query),
        headers,
        extra_headers: extra,
        body,
        query,
        form: Vec::new(),
    }
}

/// Signs a RESTful request with the legacy ROA signature: base64 HMAC-SHA1 of
/// [`sign::roa::string_to_sign`] in `authorization: acs <AccessKeyId>:<signature>`.
pub(crate) fn build_legacy(
    credentials: Option<&Credentials>,
    target: &Target,
    template: &str,
    out: &Outgoing<'_>,
    attempt: &AttemptInfo,
) -> SignedRequest {
    let params = out.params;
    let Start {
        path,
        query,
        body,
        at,
        host,
    } = Start::of(target, template, out, sign::percent_encode_into);
    let mut headers: Vec<(&'static str, String)> = vec![
        ("accept", "application/json".to_owned()),
        ("date", http_date(&attempt.date)),
        ("host", host.clone()),
        ("user-agent", USER_AGENT.to_owned()),
        ("x-acs-action", out.action.to_owned()),
        ("x-acs-signature-method", "HMAC-SHA1".to_owned()),
        ("x-acs-signature-nonce", attempt.nonce.clone()),
        ("x-acs-signature-version", "1.0".to_owned()),
        ("x-acs-version", out.version.to_owned()),
    ];
    if params.body.is_some() {
        headers.push(("content-type", JSON_BODY.to_owned()));
    }
    if let Some(c) = credentials {
        if let Some(token) = c.security_token() {
            headers.push(("x-acs-accesskey-id", c.access_key_id().to_owned()));
            headers.push(("x-acs-security-token", token.to_owned()));
        }
        let mut all: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.extend(params.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let text = sign::roa::string_to_sign(out.method.as_str(), &all, &path, &query);
        let signature = sign::roa::signature(c.access_key_secret(), &text);
        headers.push((
            "authorization",
            format!("acs {}:{signature}", c.access_key_id()),
        ));
    }
    let canonical_query = sign::canonical_query(&query);
    SignedRequest {
        method: out.method,
        url: target.url_at(&at, &path, &canonical_query),
        headers,
        extra_headers: params.headers.clone(),
        body,
        query,
        form: Vec::new(),
    }
}

/// The JSON document a RESTful response decodes from: the output's `body` field holding the whole body
/// (JSON as it is, anything else as text: an answer that is not JSON is kept, never a decode failure)
/// and its `header` fields holding their headers' values, beside the members of a JSON object body. An
/// empty body is an empty object (204, or a 200 that says nothing). Error answers pass unchanged.
pub(crate) fn response_document(
    fields: &[crate::codec::Field],
    status: u16,
    body: Vec<u8>,
    headers: &reqwest::header::HeaderMap,
) -> Vec<u8> {
    use crate::codec::Location;
    if !(200..300).contains(&status) {
        return with_header_request_id(body, headers);
    }
    let quote = |s: &str| serde_json::Value::from(s).to_string();
    let mut members: Vec<String> = fields
        .iter()
        .filter(|f| f.location == Location::Header)
        .filter_map(|f| {
            let value = headers.get(f.name)?.to_str().ok()?;
            Some(format!("{}:{}", quote(f.name), quote(value)))
        })
        .collect();
    let text = String::from_utf8_lossy(&body);
    let trimmed = text.trim();
    if let Some(field) = fields.iter().find(|f| f.location == Location::Body) {
        if !trimmed.is_empty() {
            let is_json = serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok();
            let value = if is_json {
                trimmed.to_owned()
            } else {
                quote(&text)
            };
            members.push(format!("{}:{value}", quote(field.name)));
        }
        return format!("{{{}}}", members.join(",")).into_bytes();
    }
    if trimmed.is_empty() {
        return format!("{{{}}}", members.join(",")).into_bytes();
    }
    match trimmed.strip_prefix('{') {
        Some(rest) if !members.is_empty() => {
            let comma = if rest.trim_start().starts_with('}') {
                ""
            } else {
                ","
            };
            format!("{{{}{comma}{rest}", members.join(",")).into_bytes()
        }
        _ => body,
    }
}

/// Headers that carry the request id where an error body does not (Log Service's errors have only
/// `errorCode` and `errorMessage`; its gateway reads the id from `x-log-requestid`).
const REQUEST_ID_HEADERS: [&str; 2] = ["x-log-requestid", "x-acs-request-id"];

/// An error body with the request id of its headers added as `requestId`, when the body is a JSON
/// object without one: the error then names it like any other.
fn with_header_request_id(body: Vec<u8>, headers: &reqwest::header::HeaderMap) -> Vec<u8> {
    let Some(id) = REQUEST_ID_HEADERS
        .iter()
        .find_map(|h| headers.get(*h)?.to_str().ok())
    else {
        return body;
    };
    let Ok(serde_json::Value::Object(mut map)) = serde_json::from_slice(&body) else {
        return body;
    };
    if map.contains_key("RequestId") || map.contains_key("requestId") {
        return body;
    }
    map.insert("requestId".to_owned(), id.into());
    serde_json::Value::Object(map).to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Params, parse_fields};
    use crate::operation::Method;

    fn attempt() -> AttemptInfo {
        AttemptInfo {
            date: "2024-01-02T03:04:05Z".into(),
            nonce: "nonce".into(),
        }
    }

    fn header<'a>(r: &'a SignedRequest, name: &str) -> Option<&'a str> {
        r.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn path_parameters_are_encoded_whole_and_fixed_queries_kept() {
        let params = vec![("ClusterId".to_owned(), "a/b c*~".to_owned())];
        let (path, fixed) = fill_path(
            "/clusters/{ClusterId}/nodes?type=log&flag",
            &params,
            sign::percent_encode_into,
        );
        assert_eq!(path, "/clusters/a%2Fb%20c%2A~/nodes");
        assert_eq!(
            fixed,
            [
                ("type".to_owned(), "log".to_owned()),
                ("flag".to_owned(), String::new())
            ]
        );
    }

    #[test]
    fn an_acs3_roa_request_signs_the_path_body_and_host_label() {
        let creds = Credentials::new("id", "secret");
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let params = Params {
            query: vec![("page_size".into(), "10".into())],
            path: vec![("ClusterId".into(), "c 1".into())],
            headers: vec![("x-acs-extra".into(), "v".into())],
            host: Some("proj".into()),
            body: Some(r#"{"name":"中"}"#.into()),
            ..Params::default()
        };
        let out = Outgoing {
            method: Method::Put,
            action: "ModifyCluster",
            version: "2015-12-15",
            params: &params,
        };
        let r = build(
            Some(&creds),
            &target,
            "/clusters/{ClusterId}",
            &out,
            &attempt(),
        );
        // An IP address takes no label: the request goes to it, the `host` header names the label.
        assert_eq!(r.url, "http://127.0.0.1:9/clusters/c%201?page_size=10");
        assert_eq!(header(&r, "content-type"), Some(JSON_BODY));
        assert_eq!(header(&r, "host"), Some("proj.127.0.0.1:9"));
        assert_eq!(r.body, r#"{"name":"中"}"#.as_bytes());
        // The signature is the general canonical request's over the encoded path.
        let mut all: Vec<(&str, &str)> = r
            .headers
            .iter()
            .filter(|(k, _)| !matches!(*k, "authorization" | "accept" | "user-agent"))
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        all.push(("x-acs-extra", "v"));
        let names = acs3::signed_header_names(&all);
        assert!(names.contains(&"x-acs-extra".to_owned()));
        let canonical = acs3::canonical_request(
            "PUT",
            "/clusters/c%201",
            &r.query,
            &all,
            &names,
            &sign::sha256_hex(&r.body),
        );
        let signature = acs3::signature("secret", &acs3::string_to_sign(&canonical));
        assert_eq!(
            header(&r, "authorization"),
            Some(acs3::authorization("id", &names, &signature).as_str())
        );
    }

    #[test]
    fn a_host_label_goes_before_a_name_and_beside_an_address() {
        let named = Target::parse("https://cn-hangzhou.log.aliyuncs.com", false).unwrap();
        assert_eq!(
            hosts(&named, Some("proj")),
            (
                "proj.cn-hangzhou.log.aliyuncs.com".to_owned(),
                "proj.cn-hangzhou.log.aliyuncs.com".to_owned()
            )
        );
        let local = Target::parse("http://[::1]:8080", true).unwrap();
        assert_eq!(
            hosts(&local, Some("p")),
            ("[::1]:8080".to_owned(), "p.[::1]:8080".to_owned())
        );
        assert_eq!(hosts(&named, None).0, "cn-hangzhou.log.aliyuncs.com");
    }

    #[test]
    fn a_bodiless_request_has_no_content_type_and_anonymous_is_unsigned() {
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let params = Params::default();
        let out = Outgoing {
            method: Method::Get,
            action: "DescribeClusters",
            version: "2015-12-15",
            params: &params,
        };
        let r = build(None, &target, "/clusters", &out, &attempt());
        assert_eq!(r.url, "http://127.0.0.1:9/clusters");
        assert_eq!(header(&r, "content-type"), None);
        assert_eq!(header(&r, "authorization"), None);
        assert!(r.body.is_empty());
    }

    #[test]
    fn the_legacy_roa_signature_follows_tea_openapi() {
        let headers = [
            ("accept", "application/json"),
            ("content-type", "application/json; charset=utf-8"),
            ("date", "Thu, 06 Feb 2020 07:32:54 GMT"),
            ("x-acs-version", "2015-12-15"),
            ("x-acs-action", "A"),
            ("host", "h"),
        ];
        let query = vec![
            ("b".to_owned(), String::new()),
            ("a".to_owned(), "1 2".to_owned()),
        ];
        assert_eq!(
            sign::roa::string_to_sign("POST", &headers, "/p", &query),
            "POST\napplication/json\n\napplication/json; charset=utf-8\nThu, 06 Feb 2020 07:32:54 GMT\nx-acs-action:A\nx-acs-version:2015-12-15\n/p?a=1 2&b"
        );
        let creds = Credentials::new("id", "secret");
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let params = Params {
            path: vec![("Id".into(), "x".into())],
            ..Params::default()
        };
        let out = Outgoing {
            method: Method::Delete,
            action: "DeleteX",
            version: "2015-12-15",
            params: &params,
        };
        let r = build_legacy(Some(&creds), &target, "/x/{Id}", &out, &attempt());
        assert_eq!(header(&r, "date"), Some("Tue, 02 Jan 2024 03:04:05 GMT"));
        let all: Vec<(&str, &str)> = r.headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let text = sign::roa::string_to_sign("DELETE", &all, "/x/x", &[]);
        let expected = format!("acs id:{}", sign::roa::signature("secret", &text));
        assert_eq!(header(&r, "authorization"), Some(expected.as_str()));
    }

    #[test]
    fn responses_become_one_document() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-log-count", "3".parse().unwrap());
        let fields = parse_fields("body body body\nx-log-count count header");
        let doc = |body: &str| {
            String::from_utf8(response_document(&fields, 200, body.into(), &headers)).unwrap()
        };
        assert_eq!(doc("[1,2]"), r#"{"x-log-count":"3","body":[1,2]}"#);
        assert_eq!(
            doc("plain \"text\""),
            r#"{"x-log-count":"3","body":"plain \"text\""}"#
        );
        assert_eq!(doc(""), r#"{"x-log-count":"3"}"#);
        let members = parse_fields("cluster_id cluster_id\nx-log-count count header");
        let doc = |body: &str| {
            String::from_utf8(response_document(&members, 200, body.into(), &headers)).unwrap()
        };
        assert_eq!(
            doc(r#"{"cluster_id":"c"}"#),
            r#"{"x-log-count":"3","cluster_id":"c"}"#
        );
        assert_eq!(doc("{ }"), r#"{"x-log-count":"3" }"#);
        assert_eq!(doc(""), r#"{"x-log-count":"3"}"#);
        let error = response_document(&members, 404, b"{\"code\":\"NotFound\"}".to_vec(), &headers);
        assert_eq!(error, b"{\"code\":\"NotFound\"}");
        headers.insert("x-log-requestid", "R1".parse().unwrap());
        let body = br#"{"errorCode":"ProjectNotExist","errorMessage":"no"}"#.to_vec();
        let error = response_document(&members, 404, body, &headers);
        let error: serde_json::Value = serde_json::from_slice(&error).unwrap();
        assert_eq!(error["requestId"], "R1");
        assert_eq!(error["errorCode"], "ProjectNotExist");
    }
}
