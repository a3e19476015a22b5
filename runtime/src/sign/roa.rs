//! The legacy ROA signature, the RESTful counterpart of V1: base64 HMAC-SHA1, keyed with the
//! AccessKeySecret itself, over the method, a few standard headers, the `x-acs-*` headers and the
//! resource; sent as `authorization: acs <AccessKeyId>:<signature>` (tea-openapi's `do_roarequest`).

use super::base64;
use super::hmac_sha1::hmac_sha1;

/// The legacy ROA string to sign: method, `accept`, `content-md5`, `content-type` and `date` lines, the
/// `x-acs-*` headers sorted (`name:value` lines), and the resource: the path, then `?` and the query
/// sorted by name, `name=value` as given (not encoded), a bare `name` for an empty value
/// (tea-openapi's `get_string_to_sign` and `_get_canonicalized_resource`).
pub fn string_to_sign(
    method: &str,
    headers: &[(&str, &str)],
    path: &str,
    query: &[(String, String)],
) -> String {
    let get = |name| header(headers, name);
    let mut out = format!(
        "{method}\n{}\n{}\n{}\n{}\n",
        get("accept"),
        get("content-md5"),
        get("content-type"),
        get("date")
    );
    signed_lines(headers, |k| k.starts_with("x-acs-"), &mut out);
    resource(path, query, true, &mut out);
    out
}

/// The value of the header `name` among `headers` (any case), or `""`.
pub(crate) fn header<'a>(headers: &[(&str, &'a str)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map_or("", |(_, v)| *v)
}

/// Appends the headers whose lower-case name `signed` takes, sorted, as `name:value` lines.
pub(crate) fn signed_lines(headers: &[(&str, &str)], signed: fn(&str) -> bool, out: &mut String) {
    let mut lines: Vec<(String, &str)> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), *v))
        .filter(|(k, _)| signed(k))
        .collect();
    lines.sort();
    for (k, v) in lines {
        out.push_str(&k);
        out.push(':');
        out.push_str(v);
        out.push('\n');
    }
}

/// Appends the resource: `path`, then `?` and the query sorted, `name=value` as given; an empty value
/// is a bare `name` when `bare_empty` (the legacy ROA rule; Log Service writes `name=`).
pub(crate) fn resource(path: &str, query: &[(String, String)], bare_empty: bool, out: &mut String) {
    out.push_str(path);
    let mut sorted: Vec<&(String, String)> = query.iter().collect();
    sorted.sort();
    for (i, (k, v)) in sorted.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(k);
        if !(bare_empty && v.is_empty()) {
            out.push('=');
            out.push_str(v);
        }
    }
}

/// Base64 of HMAC-SHA1 keyed with the AccessKeySecret (no `&`, unlike V1) over the string to sign
/// (tea-openapi's `get_roasignature`).
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    base64(&hmac_sha1(
        access_key_secret.as_bytes(),
        string_to_sign.as_bytes(),
    ))
}
