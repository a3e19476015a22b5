//! Where a request goes: scheme plus `host[:port]`, from an endpoint override (host or URL) or a host
//! resolved from endpoint rules, with the rule that plain HTTP is only for loopback unless allowed.

use std::net::IpAddr;

use crate::error::{Error, ErrorKind};

/// A parsed destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// `https` or `http`.
    pub(crate) scheme: &'static str,
    /// `host` or `host:port` (port only when not the scheme's default), also the signed `host` header.
    pub(crate) authority: String,
    /// Whether the host is loopback (127.0.0.0/8, ::1, localhost).
    pub(crate) loopback: bool,
}

impl Target {
    /// The HTTPS target for a host from endpoint rules.
    pub(crate) fn https_host(host: &str) -> Result<Target, Error> {
        Target::parse(host, false)
    }

    /// Parses an endpoint: a bare host (`dts.aliyuncs.com`, HTTPS implied) or a URL
    /// (`http://127.0.0.1:1234`). A path other than `/`, a query, a fragment or user info is refused, and so
    /// is `http` for a non-loopback host unless `allow_insecure_http`.
    pub(crate) fn parse(endpoint: &str, allow_insecure_http: bool) -> Result<Target, Error> {
        let trimmed = endpoint.trim();
        // The endpoint is never echoed: a mistyped one may hold a key in its query or user info, and an
        // error travels to logs. Saying which rule it breaks is enough to find it in the configuration.
        let bad = |why: &str| Error::new(ErrorKind::Config, format!("invalid endpoint: {why}"));
        if trimmed.is_empty() {
            return Err(bad("it is empty"));
        }
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("https://{trimmed}")
        };
        // The URL parser's messages are fixed phrases ("invalid port number"), never the input.
        let url = reqwest::Url::parse(&with_scheme).map_err(|e| bad(&e.to_string()))?;
        let scheme = match url.scheme() {
            "https" => "https",
            "http" => "http",
            _ => return Err(bad("the scheme is not http or https")),
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("user info is not allowed"));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(bad(
                "only a scheme, host and port are allowed (no path or query)",
            ));
        }
        let host = url.host_str().ok_or_else(|| bad("it has no host"))?;
        let loopback = is_loopback(host);
        if scheme == "http" && !loopback && !allow_insecure_http {
            return Err(bad(
                "plain http is only allowed for loopback hosts; use https or allow_insecure_http(true)",
            ));
        }
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok(Target {
            scheme,
            authority,
            loopback,
        })
    }

    /// An HTTPS target that is only shown, never connected to (a dry run with no region or endpoint).
    pub(crate) fn placeholder(host: String) -> Target {
        Target {
            scheme: "https",
            authority: host,
            loopback: false,
        }
    }

    /// The request URL for an already canonical (encoded, sorted) query.
    pub(crate) fn url(&self, canonical_query: &str) -> String {
        if canonical_query.is_empty() {
            format!("{}://{}/", self.scheme, self.authority)
        } else {
            format!("{}://{}/?{canonical_query}", self.scheme, self.authority)
        }
    }
}

impl Target {
    /// The request URL for `authority` (the target's, or one with a `host` parameter's label before
    /// it), an encoded `path` and an already canonical query: a RESTful operation's URL.
    pub(crate) fn url_at(&self, authority: &str, path: &str, canonical_query: &str) -> String {
        if canonical_query.is_empty() {
            format!("{}://{authority}{path}", self.scheme)
        } else {
            format!("{}://{authority}{path}?{canonical_query}", self.scheme)
        }
    }
}

/// Whether `host` (as the URL parser prints it: IPv6 in brackets) is a loopback name or address.
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.eq_ignore_ascii_case("localhost") {
        return true;
    }
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_urls() {
        let t = Target::parse("dts.aliyuncs.com", false).unwrap();
        assert_eq!(
            (t.scheme, t.authority.as_str(), t.loopback),
            ("https", "dts.aliyuncs.com", false)
        );
        assert_eq!(t.url("A=1"), "https://dts.aliyuncs.com/?A=1");
        assert_eq!(t.url(""), "https://dts.aliyuncs.com/");

        let t = Target::parse("http://127.0.0.1:1234", false).unwrap();
        assert_eq!(
            (t.scheme, t.authority.as_str(), t.loopback),
            ("http", "127.0.0.1:1234", true)
        );
        let t = Target::parse("http://127.8.9.10/", false).unwrap();
        assert_eq!(t.authority, "127.8.9.10");
        let t = Target::parse("http://[::1]:80", false).unwrap();
        assert_eq!(t.authority, "[::1]");
        assert!(t.loopback);
        let t = Target::parse("http://LOCALHOST:9", false).unwrap();
        assert_eq!(t.authority, "localhost:9");
        let t = Target::parse("https://x.example:8443", false).unwrap();
        assert_eq!(t.authority, "x.example:8443");
        let t = Target::https_host("dbs-api.cn-hangzhou.aliyuncs.com").unwrap();
        assert_eq!(t.url(""), "https://dbs-api.cn-hangzhou.aliyuncs.com/");
    }

    #[test]
    fn insecure_http_needs_opt_in() {
        let e = Target::parse("http://dts.aliyuncs.com", false).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(e.message().contains("loopback"), "{e}");
        assert!(Target::parse("http://10.0.0.1:80", true).is_ok());
        assert!(Target::parse("http://localhost.evil.com", false).is_err());
    }

    #[test]
    fn errors_never_echo_the_endpoint() {
        for bad in [
            "http://h/?k=SECRETVALUE",
            "https://u:SECRETVALUE@h",
            "https://h/SECRETVALUE",
            "SECRETVALUE://h",
            "https://h:SECRETVALUE",
            "http://SECRETVALUE.example",
            "https://h/#SECRETVALUE",
        ] {
            let e = Target::parse(bad, false).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Config);
            assert!(e.message().starts_with("invalid endpoint: "), "{e}");
            assert!(!format!("{e} {e:?}").contains("SECRETVALUE"), "{e}");
        }
    }

    #[test]
    fn refuses_junk() {
        for bad in [
            "",
            "ftp://x",
            "https://x/path",
            "https://x/?q=1",
            "https://u:p@x",
            "https://",
            "a b",
        ] {
            assert!(Target::parse(bad, false).is_err(), "{bad:?}");
        }
    }
}
