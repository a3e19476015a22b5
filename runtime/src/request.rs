//! Builds one signed request, ACS3 (query plus headers with `Authorization`) or legacy V1 (every common
//! parameter and `Signature` in the query), POST or GET, with the operation's parameters in the query
//! string and, for POST, those declared in the form body in an `application/x-www-form-urlencoded` body.
//! Pure apart from the clock and nonce passed in, so it is unit-tested directly.
//!
//! The form follows Alibaba's official SDKs: in ACS3 the body's SHA-256 is `x-acs-content-sha256` and the
//! `content-type` header is signed; in V1 the string to sign covers query and form parameters together.

use crate::codec::Params;
use crate::credentials::Credentials;
use crate::operation::Method;
use crate::sign::{self, EncodedPairs, acs3, v1};
use crate::target::Target;

/// The `User-Agent` sent with every request.
pub(crate) const USER_AGENT: &str = concat!("acs-runtime/", env!("CARGO_PKG_VERSION"), " (rust)");

/// The content type of a form body.
pub(crate) const FORM: &str = "application/x-www-form-urlencoded";

/// What changes per attempt: the time and a fresh nonce.
pub(crate) struct AttemptInfo {
    /// `x-acs-date`, `YYYY-MM-DDTHH:MM:SSZ`.
    pub(crate) date: String,
    /// `x-acs-signature-nonce`.
    pub(crate) nonce: String,
}

/// Parameters, not yet percent-encoded.
type Pairs = Vec<(String, String)>;

/// What is sent, before signing.
pub(crate) struct Outgoing<'a> {
    /// POST or GET.
    pub(crate) method: Method,
    /// The API action.
    pub(crate) action: &'a str,
    /// The API version.
    pub(crate) version: &'a str,
    /// The flattened parameters.
    pub(crate) params: &'a Params,
}

impl Outgoing<'_> {
    /// Query and form parameters as they travel: a GET carries everything in the query.
    fn split(&self) -> (Pairs, Pairs) {
        let mut query = self.params.query.clone();
        match self.method {
            Method::Get => {
                query.extend(self.params.form.iter().cloned());
                (query, Vec::new())
            }
            Method::Post | Method::Put | Method::Delete | Method::Patch => {
                (query, self.params.form.clone())
            }
        }
    }

    /// The parameters of the query string, borrowed (a GET's form parameters after the query's).
    fn query_params(&self) -> impl Iterator<Item = (&str, &str)> {
        let form: &[(String, String)] = match self.method {
            Method::Get => &self.params.form,
            Method::Post | Method::Put | Method::Delete | Method::Patch => &[],
        };
        self.params
            .query
            .iter()
            .chain(form)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The parameters of the form body, borrowed (none for a GET).
    fn form_params(&self) -> &[(String, String)] {
        match self.method {
            Method::Get => &[],
            Method::Post | Method::Put | Method::Delete | Method::Patch => &self.params.form,
        }
    }
}

/// Whether a built request keeps its parameters, not encoded, in [`SignedRequest::query`] and
/// [`SignedRequest::form`]: a dry run shows them and the bearer-token signer rewrites them; a call only
/// sends the URL, headers and body, and skips copying every parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Fill `query` and `form`.
    Params,
    /// Leave them empty.
    Nothing,
}

/// A request ready to send.
pub(crate) struct SignedRequest {
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// A RESTful operation's `header` parameters, named by the spec.
    pub(crate) extra_headers: Vec<(String, String)>,
    /// The body (a form, or a RESTful operation's JSON or text); empty when there is none.
    pub(crate) body: Vec<u8>,
    /// The query parameters, not encoded (for dry runs; empty when built with [`Keep::Nothing`]).
    pub(crate) query: Vec<(String, String)>,
    /// The form parameters, not encoded (for dry runs; empty when built with [`Keep::Nothing`]).
    pub(crate) form: Vec<(String, String)>,
}

/// The body of a form: `k=v&k2=v2` in the given order, percent-encoded as the query is.
fn form_body(form: &[(String, String)]) -> Vec<u8> {
    let mut body = String::with_capacity(form.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (i, (k, v)) in form.iter().enumerate() {
        if i > 0 {
            body.push('&');
        }
        sign::percent_encode_into(k, &mut body);
        body.push('=');
        sign::percent_encode_into(v, &mut body);
    }
    body.into_bytes()
}

/// Signs a request to `/` of `target` with ACS3-HMAC-SHA256; without credentials (an anonymous operation)
/// the same request goes out unsigned, with `Format=json` in the query, as the official SDKs send it
/// (tea-openapi's `do_request` for `auth_type` `Anonymous`).
#[cfg(test)]
pub(crate) fn build(
    credentials: Option<&Credentials>,
    target: &Target,
    out: &Outgoing<'_>,
    attempt: &AttemptInfo,
) -> SignedRequest {
    build_acs3(credentials, target, out, attempt, Keep::Params)
}

/// [`build`], keeping the parameters in the result or not.
pub(crate) fn build_acs3(
    credentials: Option<&Credentials>,
    target: &Target,
    out: &Outgoing<'_>,
    attempt: &AttemptInfo,
    keep: Keep,
) -> SignedRequest {
    // The canonical query, encoded once into one buffer: the URL carries the same text.
    let mut encoded =
        EncodedPairs::with_capacity(out.params.query.len() + out.params.form.len() + 1);
    for (k, v) in out.query_params() {
        encoded.push(k, v);
    }
    if credentials.is_none() {
        encoded.push("Format", "json");
    }
    encoded.sort();
    let canonical_query = encoded.joined();
    let form = out.form_params();
    let body = form_body(form);
    let body_sha = sign::sha256_hex(&body);
    // Every header here is signed, and they are written in the sorted order the canonical request
    // wants, so the canonical headers are these lines as they stand: no lower-casing, sorting or
    // grouping per request (`canonical_request`, the general form, is what tests compare this with).
    let mut headers: Vec<(&'static str, String)> = Vec::with_capacity(11);
    if !form.is_empty() {
        headers.push(("content-type", FORM.to_owned()));
    }
    headers.push(("host", target.authority.clone()));
    headers.push(("x-acs-action", out.action.to_owned()));
    headers.push(("x-acs-content-sha256", body_sha));
    headers.push(("x-acs-date", attempt.date.clone()));
    if let Some(token) = credentials.and_then(Credentials::security_token) {
        headers.push(("x-acs-security-token", token.to_owned()));
    }
    headers.push(("x-acs-signature-nonce", attempt.nonce.clone()));
    headers.push(("x-acs-version", out.version.to_owned()));
    if let Some(credentials) = credentials {
        let mut canonical = String::with_capacity(canonical_query.len() + 512);
        canonical.push_str(out.method.as_str());
        canonical.push_str("\n/\n");
        canonical.push_str(&canonical_query);
        canonical.push('\n');
        let mut signed = String::with_capacity(128);
        for (name, value) in &headers {
            canonical.push_str(name);
            canonical.push(':');
            canonical.push_str(value.trim());
            canonical.push('\n');
            if !signed.is_empty() {
                signed.push(';');
            }
            signed.push_str(name);
        }
        canonical.push('\n');
        canonical.push_str(&signed);
        canonical.push('\n');
        // `x-acs-content-sha256`, always among the headers.
        let body_sha = headers
            .iter()
            .find(|(k, _)| *k == "x-acs-content-sha256")
            .map_or("", |(_, v)| v.as_str());
        canonical.push_str(body_sha);
        let signature = acs3::signature(
            credentials.access_key_secret(),
            &acs3::string_to_sign(&canonical),
        );
        headers.push((
            "authorization",
            format!(
                "{} Credential={},SignedHeaders={signed},Signature={signature}",
                acs3::ALGORITHM,
                credentials.access_key_id()
            ),
        ));
    }
    headers.push(("accept", "application/json".to_owned()));
    headers.push(("user-agent", USER_AGENT.to_owned()));
    let (query, form) = match keep {
        Keep::Params => {
            let (mut query, form) = out.split();
            if credentials.is_none() {
                query.push(("Format".to_owned(), "json".to_owned()));
            }
            (query, form)
        }
        Keep::Nothing => (Vec::new(), Vec::new()),
    };
    SignedRequest {
        method: out.method,
        url: target.url(&canonical_query),
        headers,
        extra_headers: Vec::new(),
        body,
        query,
        form,
    }
}

/// Signs a V1 (HMAC-SHA1) request to `/` of `target`: the operation's query parameters plus the common
/// ones, and `Signature` over all of them and the form parameters, go in the query string. Without
/// credentials (an anonymous operation) the common parameters are the ones that do not sign (`Action`,
/// `Format`, `Version`, `Timestamp`, `SignatureNonce`), as the official SDKs send it.
#[cfg(test)]
pub(crate) fn build_v1(
    credentials: Option<&Credentials>,
    target: &Target,
    out: &Outgoing<'_>,
    attempt: &AttemptInfo,
) -> SignedRequest {
    build_v1_with(credentials, target, out, attempt, Keep::Params)
}

/// [`build_v1`], keeping the parameters in the result or not.
pub(crate) fn build_v1_with(
    credentials: Option<&Credentials>,
    target: &Target,
    out: &Outgoing<'_>,
    attempt: &AttemptInfo,
    keep: Keep,
) -> SignedRequest {
    let mut common = Vec::with_capacity(8);
    common.extend([
        ("Action", out.action),
        ("Format", "JSON"),
        ("Version", out.version),
    ]);
    if let Some(c) = credentials {
        common.extend([
            ("AccessKeyId", c.access_key_id()),
            ("SignatureMethod", "HMAC-SHA1"),
        ]);
    }
    common.push(("Timestamp", attempt.date.as_str()));
    if credentials.is_some() {
        common.push(("SignatureVersion", "1.0"));
    }
    common.push(("SignatureNonce", attempt.nonce.as_str()));
    if let Some(token) = credentials.and_then(Credentials::security_token) {
        common.push(("SecurityToken", token));
    }
    let form = out.form_params();
    // The query string's parameters, each encoded once: the signature's canonical query is these and
    // the form's, the URL's these and `Signature`.
    let mut url = EncodedPairs::with_capacity(
        out.params.query.len() + out.params.form.len() + common.len() + 1,
    );
    for (k, v) in out.query_params().chain(common.iter().copied()) {
        url.push(k, v);
    }
    let mut signature = None;
    url.sort();
    if let Some(credentials) = credentials {
        // The canonical query covers the form's parameters too; without any (the usual case) it is the
        // URL's own sorted pairs, which are then neither copied nor sorted a second time.
        let canonical = if form.is_empty() {
            url.joined()
        } else {
            let mut all = url.clone();
            for (k, v) in form {
                all.push(k, v);
            }
            all.sort();
            all.joined()
        };
        let method = out.method.as_str();
        let mut string_to_sign = String::with_capacity(method.len() + 5 + canonical.len() * 5 / 4);
        string_to_sign.push_str(method);
        string_to_sign.push_str("&%2F&");
        sign::percent_encode_into(&canonical, &mut string_to_sign);
        let s = v1::signature(credentials.access_key_secret(), &string_to_sign);
        url.insert_sorted("Signature", &s);
        signature = Some(s);
    }
    let mut headers = vec![
        ("accept", "application/json".to_owned()),
        ("user-agent", USER_AGENT.to_owned()),
    ];
    if !form.is_empty() {
        headers.push(("content-type", FORM.to_owned()));
    }
    let (query, form_kept) = match keep {
        Keep::Params => {
            let (mut query, form) = out.split();
            query.extend(
                common
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
            );
            if let Some(s) = signature {
                query.push(("Signature".to_owned(), s));
            }
            (query, form)
        }
        Keep::Nothing => (Vec::new(), Vec::new()),
    };
    SignedRequest {
        method: out.method,
        url: target.url(&url.joined()),
        headers,
        extra_headers: Vec::new(),
        body: form_body(form),
        query,
        form: form_kept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post<'a>(action: &'a str, version: &'a str, params: &'a Params) -> Outgoing<'a> {
        Outgoing {
            method: Method::Post,
            action,
            version,
            params,
        }
    }

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
        let params = Params {
            query,
            ..Params::default()
        };
        let r = build(
            Some(&creds),
            &target,
            &post("RunInstances", "2014-05-26", &params),
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
    fn the_written_out_canonical_request_is_the_general_one() {
        // `build` writes its canonical headers directly; the general functions, which the published
        // examples pin down, must sign every combination of form body and token the same way.
        for (form, token) in [(false, false), (true, false), (false, true), (true, true)] {
            let mut creds = Credentials::new("id", "secret");
            if token {
                creds = creds.with_security_token(" tok ");
            }
            let target = Target::parse("http://127.0.0.1:9", false).unwrap();
            let attempt = AttemptInfo {
                date: "2024-01-01T00:00:00Z".into(),
                nonce: "n".into(),
            };
            let params = Params {
                query: vec![
                    ("Tag.1.Key".into(), "a b*".into()),
                    ("Id".into(), "中".into()),
                ],
                form: if form {
                    vec![("Body".into(), "x=y&z".into())]
                } else {
                    Vec::new()
                },
                ..Params::default()
            };
            let r = build(
                Some(&creds),
                &target,
                &post("A", "2020-01-01", &params),
                &attempt,
            );
            let signed: Vec<(&str, &str)> = r
                .headers
                .iter()
                .filter(|(k, _)| *k != "authorization")
                .map(|(k, v)| (*k, v.as_str()))
                .collect();
            let names = acs3::signed_header_names(&signed);
            let canonical = acs3::canonical_request(
                "POST",
                "/",
                &r.query,
                &signed,
                &names,
                &sign::sha256_hex(&r.body),
            );
            let signature = acs3::signature("secret", &acs3::string_to_sign(&canonical));
            assert_eq!(
                header(&r, "authorization"),
                Some(acs3::authorization("id", &names, &signature).as_str()),
                "form {form}, token {token}"
            );
        }
    }

    #[test]
    fn a_call_sends_the_very_request_a_dry_run_shows() {
        // `Keep::Nothing` (a call) skips copying the parameters; what goes on the wire must not change.
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let attempt = AttemptInfo {
            date: "2024-01-01T00:00:00Z".into(),
            nonce: "n".into(),
        };
        let params = Params {
            query: vec![
                ("Tag.1.Key".into(), "a b*".into()),
                ("Id".into(), "中".into()),
                ("Id".into(), "~x".into()),
            ],
            form: vec![("Body".into(), "x=y&z".into())],
            ..Params::default()
        };
        let creds = [
            None,
            Some(Credentials::new("id", "secret")),
            Some(Credentials::new("id", "secret").with_security_token("tok")),
        ];
        for method in [Method::Post, Method::Get] {
            let out = Outgoing {
                method,
                action: "A",
                version: "2020-01-01",
                params: &params,
            };
            for c in &creds {
                let c = c.as_ref();
                for (full, lean) in [
                    (
                        build_acs3(c, &target, &out, &attempt, Keep::Params),
                        build_acs3(c, &target, &out, &attempt, Keep::Nothing),
                    ),
                    (
                        build_v1_with(c, &target, &out, &attempt, Keep::Params),
                        build_v1_with(c, &target, &out, &attempt, Keep::Nothing),
                    ),
                ] {
                    assert_eq!(full.url, lean.url);
                    assert_eq!(full.headers, lean.headers);
                    assert_eq!(full.body, lean.body);
                    assert!(lean.query.is_empty() && lean.form.is_empty());
                    // The kept parameters are the URL's, decoded.
                    assert_eq!(
                        full.url,
                        target.url(&sign::canonical_query(&full.query)),
                        "{method:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn security_token_is_sent_and_signed() {
        let creds = Credentials::new("id", "secret").with_security_token("tok");
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let attempt = AttemptInfo {
            date: "2024-01-01T00:00:00Z".into(),
            nonce: "n".into(),
        };
        let r = build(
            Some(&creds),
            &target,
            &post("A", "V", &Params::default()),
            &attempt,
        );
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
        let params = Params {
            query,
            ..Params::default()
        };
        let r = build_v1(
            Some(&creds),
            &target,
            &post("DescribeRegions", "2014-05-26", &params),
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

    fn form_params() -> Params {
        Params {
            query: vec![("RegionId".to_owned(), "cn-hangzhou".to_owned())],
            form: vec![
                ("DbList".to_owned(), r#"{"db":{"name":"a b"}}"#.to_owned()),
                ("Reserve".to_owned(), "x&y=z".to_owned()),
            ],
            ..Params::default()
        }
    }

    #[test]
    fn an_acs3_form_body_is_hashed_and_its_content_type_signed() {
        let creds = Credentials::new("id", "secret");
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let attempt = AttemptInfo {
            date: "2024-01-01T00:00:00Z".into(),
            nonce: "n".into(),
        };
        let params = form_params();
        let r = build(
            Some(&creds),
            &target,
            &post("ModifyDtsJob", "2020-01-01", &params),
            &attempt,
        );
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, "http://127.0.0.1:9/?RegionId=cn-hangzhou");
        let body = String::from_utf8(r.body.clone()).unwrap();
        assert_eq!(
            body,
            "DbList=%7B%22db%22%3A%7B%22name%22%3A%22a%20b%22%7D%7D&Reserve=x%26y%3Dz"
        );
        assert_eq!(header(&r, "content-type"), Some(FORM));
        let sha = sign::sha256_hex(body.as_bytes());
        assert_eq!(header(&r, "x-acs-content-sha256"), Some(sha.as_str()));
        let auth = acs3::parse_authorization(header(&r, "authorization").unwrap()).unwrap();
        assert!(auth.signed_headers.contains(&"content-type".to_owned()));
        let canonical = acs3::canonical_request(
            "POST",
            "/",
            &r.query,
            &r.headers,
            &auth.signed_headers,
            &sha,
        );
        let want = acs3::signature("secret", &acs3::string_to_sign(&canonical));
        assert_eq!(auth.signature, want);
    }

    #[test]
    fn a_v1_signature_covers_query_and_form_and_get_puts_everything_in_the_query() {
        let creds = Credentials::new("id", "secret");
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let attempt = AttemptInfo {
            date: "2024-01-01T00:00:00Z".into(),
            nonce: "n".into(),
        };
        let params = form_params();
        let r = build_v1(
            Some(&creds),
            &target,
            &post("ModifyDtsJob", "2020-01-01", &params),
            &attempt,
        );
        assert_eq!(r.form, params.form);
        assert_eq!(header(&r, "content-type"), Some(FORM));
        let signature = r
            .query
            .iter()
            .find(|(k, _)| k == "Signature")
            .unwrap()
            .1
            .clone();
        let mut signed: Vec<(String, String)> = r
            .query
            .iter()
            .filter(|(k, _)| k != "Signature")
            .cloned()
            .collect();
        signed.extend(params.form.iter().cloned());
        assert_eq!(
            signature,
            v1::signature("secret", &v1::string_to_sign("POST", &signed))
        );

        let get = Outgoing {
            method: Method::Get,
            action: "DescribeThing",
            version: "2018-12-03",
            params: &params,
        };
        for r in [
            build(Some(&creds), &target, &get, &attempt),
            build_v1(Some(&creds), &target, &get, &attempt),
        ] {
            assert_eq!(r.method, Method::Get);
            assert!(r.body.is_empty() && r.form.is_empty());
            assert!(r.query.iter().any(|(k, v)| k == "Reserve" && v == "x&y=z"));
            assert!(header(&r, "content-type").is_none());
        }
        let signed_get = build_v1(Some(&creds), &target, &get, &attempt);
        let signature = signed_get
            .query
            .iter()
            .find(|(k, _)| k == "Signature")
            .unwrap()
            .1
            .clone();
        let rest: Vec<(String, String)> = signed_get
            .query
            .iter()
            .filter(|(k, _)| k != "Signature")
            .cloned()
            .collect();
        assert_eq!(
            signature,
            v1::signature("secret", &v1::string_to_sign("GET", &rest))
        );
    }
}
