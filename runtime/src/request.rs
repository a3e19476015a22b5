//! Builds one signed request, ACS3 (query plus headers with `Authorization`) or legacy V1 (every parameter,
//! `Signature` included, in the query). Pure apart from the clock and nonce passed in, so it is unit-tested
//! directly.

use crate::credentials::Credentials;
use crate::sign::{self, acs3, v1};
use crate::target::Target;

/// The `User-Agent` sent with every request.
pub(crate) const USER_AGENT: &str = concat!("acs-runtime/", env!("CARGO_PKG_VERSION"), " (rust)");

/// What changes per attempt: the time and a fresh nonce.
pub(crate) struct AttemptInfo {
    /// `x-acs-date`, `YYYY-MM-DDTHH:MM:SSZ`.
    pub(crate) date: String,
    /// `x-acs-signature-nonce`.
    pub(crate) nonce: String,
}

/// A request ready to send: POST to `url` with `headers` and an empty body.
pub(crate) struct SignedRequest {
    pub(crate) url: String,
    pub(crate) headers: Vec<(&'static str, String)>,
}

/// Signs a POST to `/` of `target` with every parameter of `query` in the query string and an empty body.
pub(crate) fn build(
    credentials: &Credentials,
    target: &Target,
    action: &str,
    version: &str,
    query: &[(String, String)],
    attempt: &AttemptInfo,
) -> SignedRequest {
    let body_sha = sign::sha256_hex(b"");
    let mut headers: Vec<(&'static str, String)> = vec![
        ("host", target.authority.clone()),
        ("x-acs-action", action.to_owned()),
        ("x-acs-version", version.to_owned()),
        ("x-acs-date", attempt.date.clone()),
        ("x-acs-signature-nonce", attempt.nonce.clone()),
        ("x-acs-content-sha256", body_sha.clone()),
    ];
    if let Some(token) = credentials.security_token() {
        headers.push(("x-acs-security-token", token.to_owned()));
    }
    let signed = acs3::signed_header_names(&headers);
    let canonical = acs3::canonical_request("POST", "/", query, &headers, &signed, &body_sha);
    let signature = acs3::signature(
        credentials.access_key_secret(),
        &acs3::string_to_sign(&canonical),
    );
    headers.push((
        "authorization",
        acs3::authorization(credentials.access_key_id(), &signed, &signature),
    ));
    headers.push(("accept", "application/json".to_owned()));
    headers.push(("user-agent", USER_AGENT.to_owned()));
    SignedRequest {
        url: target.url(&sign::canonical_query(query)),
        headers,
    }
}

/// Signs a V1 (HMAC-SHA1) POST to `/` of `target`: the operation's parameters plus the common ones, and
/// `Signature` over all of them, go in the query string; the body is empty.
pub(crate) fn build_v1(
    credentials: &Credentials,
    target: &Target,
    action: &str,
    version: &str,
    query: &[(String, String)],
    attempt: &AttemptInfo,
) -> SignedRequest {
    let mut params: Vec<(String, String)> = query.to_vec();
    let common = [
        ("Action", action),
        ("Format", "JSON"),
        ("Version", version),
        ("AccessKeyId", credentials.access_key_id()),
        ("SignatureMethod", "HMAC-SHA1"),
        ("Timestamp", attempt.date.as_str()),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", attempt.nonce.as_str()),
    ];
    params.extend(
        common
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    if let Some(token) = credentials.security_token() {
        params.push(("SecurityToken".to_owned(), token.to_owned()));
    }
    let string_to_sign = v1::string_to_sign("POST", &params);
    let signature = v1::signature(credentials.access_key_secret(), &string_to_sign);
    params.push(("Signature".to_owned(), signature));
    SignedRequest {
        url: target.url(&sign::canonical_query(&params)),
        headers: vec![
            ("accept", "application/json".to_owned()),
            ("user-agent", USER_AGENT.to_owned()),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header<'a>(r: &'a SignedRequest, name: &str) -> Option<&'a str> {
        r.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn reproduces_the_published_signature() {
        let creds = Credentials::new("YourAccessKeyId", "YourAccessKeySecret");
        let target = Target::https_host("ecs.cn-shanghai.aliyuncs.com").unwrap();
        let query = vec![
            ("RegionId".to_owned(), "cn-shanghai".to_owned()),
            (
                "ImageId".to_owned(),
                "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd".to_owned(),
            ),
        ];
        let attempt = AttemptInfo {
            date: "2023-10-26T10:22:32Z".into(),
            nonce: "3156853299f313e23d1673dc12e1703d".into(),
        };
        let r = build(
            &creds,
            &target,
            "RunInstances",
            "2014-05-26",
            &query,
            &attempt,
        );
        assert_eq!(
            r.url,
            "https://ecs.cn-shanghai.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai"
        );
        assert_eq!(
            header(&r, "authorization"),
            Some(
                "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
                 x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
                 Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
            )
        );
        assert_eq!(header(&r, "accept"), Some("application/json"));
        assert!(header(&r, "user-agent").is_some_and(|ua| ua.starts_with("acs-runtime/")));
        assert_eq!(header(&r, "x-acs-security-token"), None);
    }

    #[test]
    fn security_token_is_sent_and_signed() {
        let creds = Credentials::new("id", "secret").with_security_token("tok");
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let attempt = AttemptInfo {
            date: "2024-01-01T00:00:00Z".into(),
            nonce: "n".into(),
        };
        let r = build(&creds, &target, "A", "V", &[], &attempt);
        assert_eq!(r.url, "http://127.0.0.1:9/");
        assert_eq!(header(&r, "host"), Some("127.0.0.1:9"));
        assert_eq!(header(&r, "x-acs-security-token"), Some("tok"));
        let auth = acs3::parse_authorization(header(&r, "authorization").unwrap()).unwrap();
        assert!(
            auth.signed_headers
                .contains(&"x-acs-security-token".to_owned())
        );
    }

    #[test]
    fn v1_request_carries_common_parameters_and_a_verifiable_signature() {
        let creds = Credentials::new("testid", "testsecret").with_security_token("tok");
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let attempt = AttemptInfo {
            date: "2016-02-23T12:46:24Z".into(),
            nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf".into(),
        };
        let query = vec![("Name".to_owned(), "a b*/~+中".to_owned())];
        let r = build_v1(
            &creds,
            &target,
            "DescribeRegions",
            "2014-05-26",
            &query,
            &attempt,
        );
        assert!(header(&r, "authorization").is_none());
        let (_, q) = r.url.split_once('?').unwrap();
        let pairs: Vec<(String, String)> = q
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                let d = |s: &str| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8()
                        .unwrap()
                        .into_owned()
                };
                (d(k), d(v))
            })
            .collect();
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("Format"), Some("JSON"));
        assert_eq!(get("SignatureMethod"), Some("HMAC-SHA1"));
        assert_eq!(get("SignatureVersion"), Some("1.0"));
        assert_eq!(get("SecurityToken"), Some("tok"));
        assert_eq!(get("Name"), Some("a b*/~+中"));
        assert!(q.contains("Name=a%20b%2A%2F~%2B%E4%B8%AD"), "{q}");
        let unsigned: Vec<(String, String)> = pairs
            .iter()
            .filter(|(k, _)| k != "Signature")
            .cloned()
            .collect();
        let want = v1::signature("testsecret", &v1::string_to_sign("POST", &unsigned));
        assert_eq!(get("Signature"), Some(want.as_str()));
    }
}
