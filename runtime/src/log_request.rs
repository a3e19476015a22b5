//! Builds one request to Log Service, which signs with its own `LOG` scheme ([`crate::sign::log`])
//! instead of ACS3, whatever signature version the client is set to. What goes on the wire follows its
//! official gateway (`alibabacloud_gateway_sls`'s `modify_request`): the project (a `host` parameter) as
//! the host name's first label, path parameters put in the path as written (the URL escapes only what a
//! URL cannot hold: `*~/+&=` stay), the template's fixed query (`?type=log`) moved into the query, a
//! body as `application/json` (the content type is sent even without a body), `x-log-apiversion`,
//! `x-log-bodyrawsize`, `x-log-signaturemethod`, `date` and, with a body, `content-md5`.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::credentials::Credentials;
use crate::request::{AttemptInfo, Outgoing, SignedRequest, USER_AGENT};
use crate::restful::{Start, fill_path, http_date};
use crate::sign::{self, log};
use crate::target::Target;

/// What a path value cannot hold as it is in a URL: what HTTP clients escape when they send a path
/// (Python's `requests`, which the official SDK sends with, leaves `!$&'()*+,/:;=@~` as they are).
const PATH_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A path value as written: what Log Service's signature covers.
fn as_written(value: &str, out: &mut String) {
    out.push_str(value);
}

/// A path value escaped only where a URL cannot hold it as it is.
fn escaped(value: &str, out: &mut String) {
    out.extend(utf8_percent_encode(value, PATH_UNSAFE));
}

/// Signs a Log Service request; without credentials (an anonymous operation) it goes out unsigned.
pub(crate) fn build(
    credentials: Option<&Credentials>,
    target: &Target,
    template: &str,
    out: &Outgoing<'_>,
    attempt: &AttemptInfo,
) -> SignedRequest {
    let params = out.params;
    let Start {
        path: sent,
        query,
        body,
        at,
        host,
    } = Start::of(target, template, out, escaped);
    let (written, _) = fill_path(template, &params.path, as_written);
    let mut headers: Vec<(&'static str, String)> = vec![
        ("accept", "application/json".to_owned()),
        ("content-type", "application/json".to_owned()),
        ("date", http_date(&attempt.date)),
        ("host", host.clone()),
        ("user-agent", USER_AGENT.to_owned()),
        ("x-log-apiversion", log::API_VERSION.to_owned()),
        ("x-log-bodyrawsize", body.len().to_string()),
    ];
    if params.body.is_some() {
        headers.push(("content-md5", log::content_md5(&body)));
    }
    if let Some(c) = credentials {
        headers.push(("x-log-signaturemethod", log::SIGNATURE_METHOD.to_owned()));
        if let Some(token) = c.security_token() {
            headers.push(("x-acs-security-token", token.to_owned()));
        }
        let mut all: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.extend(params.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let text = log::string_to_sign(out.method.as_str(), &all, &written, &query);
        let signature = log::signature(c.access_key_secret(), &text);
        headers.push((
            "authorization",
            log::authorization(c.access_key_id(), &signature),
        ));
    }
    let canonical_query = sign::canonical_query(&query);
    SignedRequest {
        method: out.method,
        url: target.url_at(&at, &sent, &canonical_query),
        headers,
        extra_headers: params.headers.clone(),
        body,
        query,
        form: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Params;
    use crate::operation::Method;

    #[test]
    fn a_log_request_signs_the_written_path_and_sends_the_project_in_the_host() {
        let creds = Credentials::new("id", "secret").with_security_token("tok");
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let params = Params {
            path: vec![("logstore".into(), "a b*~/+&=".into())],
            query: vec![("from".into(), "1".into())],
            host: Some("proj".into()),
            ..Params::default()
        };
        let out = Outgoing {
            method: Method::Get,
            action: "GetLogs",
            version: "2020-12-30",
            params: &params,
        };
        let attempt = AttemptInfo {
            date: "2020-02-06T07:32:54Z".into(),
            nonce: "n".into(),
        };
        let r = build(
            Some(&creds),
            &target,
            "/logstores/{logstore}?type=log",
            &out,
            &attempt,
        );
        assert_eq!(
            r.url,
            "http://127.0.0.1:9/logstores/a%20b*~/+&=?from=1&type=log"
        );
        let get = |name: &str| {
            r.headers
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("host"), Some("proj.127.0.0.1:9"));
        assert_eq!(get("content-type"), Some("application/json"));
        assert_eq!(get("content-md5"), None);
        assert_eq!(get("x-log-bodyrawsize"), Some("0"));
        assert_eq!(get("date"), Some("Thu, 06 Feb 2020 07:32:54 GMT"));
        assert_eq!(get("x-acs-security-token"), Some("tok"));
        let all: Vec<(&str, &str)> = r
            .headers
            .iter()
            .filter(|(k, _)| *k != "authorization")
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        let text = log::string_to_sign("GET", &all, "/logstores/a b*~/+&=", &r.query);
        assert!(
            text.ends_with("/logstores/a b*~/+&=?from=1&type=log"),
            "{text}"
        );
        let expected = log::authorization("id", &log::signature("secret", &text));
        assert_eq!(get("authorization"), Some(expected.as_str()));
    }

    #[test]
    fn a_body_is_json_with_its_md5() {
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let params = Params {
            body: Some(r#"{"projectName":"p"}"#.into()),
            ..Params::default()
        };
        let out = Outgoing {
            method: Method::Post,
            action: "CreateProject",
            version: "2020-12-30",
            params: &params,
        };
        let attempt = AttemptInfo {
            date: "2020-02-06T07:32:54Z".into(),
            nonce: "n".into(),
        };
        let r = build(None, &target, "/", &out, &attempt);
        assert_eq!(r.url, "http://127.0.0.1:9/");
        let md5 = r.headers.iter().find(|(k, _)| *k == "content-md5");
        assert_eq!(md5.map(|(_, v)| v.clone()), Some(log::content_md5(&r.body)));
        assert!(!r.headers.iter().any(|(k, _)| *k == "authorization"));
    }
}
