//! Builds one signed ACS3 request: the URL with the canonical query and every header, including
//! `Authorization`. Pure apart from the clock and nonce passed in, so it is unit-tested directly.

use crate::credentials::Credentials;
use crate::sign::{self, acs3};
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
}
