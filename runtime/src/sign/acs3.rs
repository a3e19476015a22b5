//! ACS3-HMAC-SHA256, the V3 signature of Alibaba Cloud OpenAPI.
//!
//! Canonical request = method `\n` path `\n` canonical query `\n` canonical headers (each `name:value\n`)
//! `\n` signed header list `\n` hashed payload; string to sign = `ACS3-HMAC-SHA256\n` + hex(SHA-256 of the
//! canonical request); signature = hex(HMAC-SHA256(secret, string to sign)).

use super::{canonical_query, hex, sha256_hex};

/// The algorithm name, first word of the `Authorization` header and first line of the string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Whether a header takes part in the signature: `host`, `content-type` and every `x-acs-*` header.
pub fn is_signed_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "host" || lower == "content-type" || lower.starts_with("x-acs-")
}

/// The lower-case, sorted, de-duplicated names of the headers among `headers` that are signed
/// (see [`is_signed_header`]).
pub fn signed_header_names<K: AsRef<str>, V: AsRef<str>>(headers: &[(K, V)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .map(|(k, _)| k.as_ref().to_ascii_lowercase())
        .filter(|k| is_signed_header(k))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Builds the canonical request.
///
/// `query` holds the raw (not yet encoded) parameters; they are encoded and sorted here. `headers` may hold
/// any headers in any case; only those named in `signed_headers` (matched case-insensitively) are used, with
/// trimmed values, and a header sent several times has its values joined by `,`. `body_sha256_hex` is the
/// hex SHA-256 of the body (the `x-acs-content-sha256` value).
pub fn canonical_request<QK, QV, HK, HV, S>(
    method: &str,
    path: &str,
    query: &[(QK, QV)],
    headers: &[(HK, HV)],
    signed_headers: &[S],
    body_sha256_hex: &str,
) -> String
where
    QK: AsRef<str>,
    QV: AsRef<str>,
    HK: AsRef<str>,
    HV: AsRef<str>,
    S: AsRef<str>,
{
    canonical_request_with_query(
        method,
        path,
        &canonical_query(query),
        headers,
        signed_headers,
        body_sha256_hex,
    )
}

/// [`canonical_request`] with the canonical query already made (by
/// [`super::canonical_query`]): the client needs that text for the URL too, and
/// encodes the parameters once.
pub fn canonical_request_with_query<HK, HV, S>(
    method: &str,
    path: &str,
    canonical_query: &str,
    headers: &[(HK, HV)],
    signed_headers: &[S],
    body_sha256_hex: &str,
) -> String
where
    HK: AsRef<str>,
    HV: AsRef<str>,
    S: AsRef<str>,
{
    let mut names: Vec<String> = signed_headers
        .iter()
        .map(|s| s.as_ref().trim().to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();

    let mut out = String::new();
    out.push_str(&method.to_ascii_uppercase());
    out.push('\n');
    out.push_str(if path.is_empty() { "/" } else { path });
    out.push('\n');
    out.push_str(canonical_query);
    out.push('\n');
    for name in &names {
        let values: Vec<&str> = headers
            .iter()
            .filter(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref().trim())
            .collect();
        out.push_str(name);
        out.push(':');
        out.push_str(&values.join(","));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&names.join(";"));
    out.push('\n');
    out.push_str(body_sha256_hex);
    out
}

/// `ACS3-HMAC-SHA256\n` followed by the hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// Lower-case hex of HMAC-SHA256 keyed with the AccessKeySecret over the string to sign.
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, access_key_secret.as_bytes());
    hex(ring::hmac::sign(&key, string_to_sign.as_bytes()).as_ref())
}

/// The `Authorization` header value:
/// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b;c>,Signature=<hex>`.
pub fn authorization<S: AsRef<str>>(
    access_key_id: &str,
    signed_headers: &[S],
    signature: &str,
) -> String {
    let names: Vec<&str> = signed_headers.iter().map(AsRef::as_ref).collect();
    format!(
        "{ALGORITHM} Credential={access_key_id},SignedHeaders={},Signature={signature}",
        names.join(";")
    )
}

/// The parts of an `Authorization` header, as a server needs them to verify a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAuthorization {
    /// The AccessKeyId after `Credential=`.
    pub access_key_id: String,
    /// The names after `SignedHeaders=`, in the order given.
    pub signed_headers: Vec<String>,
    /// The hex signature after `Signature=`.
    pub signature: String,
}

/// Parses an `Authorization` header written by [`authorization`]; `None` if it is not ACS3 or a part is
/// missing.
pub fn parse_authorization(value: &str) -> Option<ParsedAuthorization> {
    let rest = value.trim().strip_prefix(ALGORITHM)?.trim_start();
    let (mut id, mut headers, mut sig) = (None, None, None);
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k {
            "Credential" => id = Some(v.to_owned()),
            "SignedHeaders" => {
                headers = Some(v.split(';').map(str::to_owned).collect::<Vec<_>>());
            }
            "Signature" => sig = Some(v.to_owned()),
            _ => {}
        }
    }
    Some(ParsedAuthorization {
        access_key_id: id?,
        signed_headers: headers?,
        signature: sig?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY_SHA: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn published_headers() -> Vec<(&'static str, &'static str)> {
        vec![
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-content-sha256", EMPTY_SHA),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-version", "2014-05-26"),
        ]
    }

    fn published_query() -> Vec<(&'static str, &'static str)> {
        // Deliberately out of order: the signer sorts.
        vec![
            ("RegionId", "cn-shanghai"),
            (
                "ImageId",
                "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            ),
        ]
    }

    #[test]
    fn reproduces_published_runinstances_example() {
        let headers = published_headers();
        let mut with_noise = headers.clone();
        with_noise.push(("Accept", "application/json"));
        with_noise.push(("User-Agent", "x"));
        let signed = signed_header_names(&with_noise);
        assert_eq!(
            signed.join(";"),
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
        );
        let canonical = canonical_request(
            "POST",
            "/",
            &published_query(),
            &with_noise,
            &signed,
            EMPTY_SHA,
        );
        let want = "POST\n/\n\
ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n\
host:ecs.cn-shanghai.aliyuncs.com\n\
x-acs-action:RunInstances\n\
x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
x-acs-date:2023-10-26T10:22:32Z\n\
x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
x-acs-version:2014-05-26\n\
\n\
host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n\
e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(canonical, want);
        let sts = string_to_sign(&canonical);
        assert_eq!(
            sts,
            "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
        assert_eq!(
            signature("YourAccessKeySecret", &sts),
            "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
    }

    #[test]
    fn header_names_match_case_insensitively_and_values_are_trimmed() {
        let a = canonical_request(
            "post",
            "",
            &[("K", "v")],
            &[("Host", "  h  "), ("X-Acs-Action", "A")],
            &["x-acs-action", "HOST"],
            EMPTY_SHA,
        );
        assert_eq!(
            a,
            format!("POST\n/\nK=v\nhost:h\nx-acs-action:A\n\nhost;x-acs-action\n{EMPTY_SHA}")
        );
    }

    #[test]
    fn signed_headers_include_content_type_and_exclude_others() {
        let names = signed_header_names(&[
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
            ("x-acs-security-token", "t"),
            ("Authorization", "x"),
        ]);
        assert_eq!(names, vec!["content-type", "x-acs-security-token"]);
    }

    #[test]
    fn authorization_round_trips() {
        let header = authorization("id", &["host", "x-acs-date"], "abc");
        assert_eq!(
            header,
            "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;x-acs-date,Signature=abc"
        );
        let parsed = parse_authorization(&header).unwrap();
        assert_eq!(parsed.access_key_id, "id");
        assert_eq!(parsed.signed_headers, vec!["host", "x-acs-date"]);
        assert_eq!(parsed.signature, "abc");
        assert!(parse_authorization("HMAC-SHA1 Credential=id").is_none());
        assert!(parse_authorization("ACS3-HMAC-SHA256 Credential=id").is_none());
    }
}
