//! Sends one signed request over the shared connection pool and reads the response, never more than the
//! configured number of bytes, mapping reqwest's failures to [`Error`]s that say which timeout elapsed,
//! tell a rejected TLS certificate (permanent) from a network failure (worth retrying), name the host a
//! name lookup or connection failed for (a mistyped region or endpoint shows there), and never carry
//! the rest of the URL (request parameters, which may include passwords, travel in the query string).

use std::time::Duration;

use futures_util::future::Either;
use reqwest::header::{HeaderName, HeaderValue};

use crate::error::{Error, ErrorKind};
use crate::operation::Method;
use crate::request::SignedRequest;
use crate::retry;

/// What one attempt got back.
pub(crate) struct Response {
    pub(crate) status: u16,
    /// The service's `x-acs-retry-after` / `Retry-After` hint.
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: Vec<u8>,
    /// The response's headers: a RESTful operation may read values from them.
    pub(crate) headers: reqwest::header::HeaderMap,
}

/// The limits of one attempt.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// The whole exchange: connect, send, read the body.
    pub(crate) attempt_timeout: Duration,
    pub(crate) connect_timeout: Duration,
    /// The largest body read.
    pub(crate) max_response_bytes: u64,
}

/// Sends `signed` (its method, headers and body); the whole exchange is limited to
/// `limits.attempt_timeout` and the response body to `limits.max_response_bytes`.
pub(crate) async fn send(
    http: &reqwest::Client,
    signed: SignedRequest,
    limits: Limits,
) -> Result<Response, Error> {
    let method = match signed.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
        Method::Patch => reqwest::Method::PATCH,
    };
    // The signed headers, checked before anything is built: names and values a request accepts go
    // straight into its header map, in order (they are distinct), without a builder step per header.
    // Should any be refused, or a RESTful operation add headers of its own, every header goes through
    // the builder instead, which reports a refused one as it always did.
    let direct: Option<Vec<(HeaderName, HeaderValue)>> = if signed.extra_headers.is_empty() {
        signed
            .headers
            .iter()
            .map(|(name, value)| {
                Some((
                    HeaderName::from_bytes(name.as_bytes()).ok()?,
                    HeaderValue::from_str(value).ok()?,
                ))
            })
            .collect()
    } else {
        None
    };
    let mut req = http.request(method, signed.url.as_str());
    // An explicit `Content-Length` even for an empty body: hyper sends none then, and some gateways
    // answer 411 to a POST with neither a length nor chunked encoding. A GET or DELETE without a body
    // sends none, as the official SDKs do.
    if !signed.body.is_empty()
        || matches!(signed.method, Method::Post | Method::Put | Method::Patch)
    {
        req = req
            .header(
                reqwest::header::CONTENT_LENGTH,
                signed.body.len().to_string(),
            )
            .body(signed.body);
    }
    req = req.timeout(limits.attempt_timeout);
    let pending = match direct {
        Some(headers) => {
            let (client, built) = req.build_split();
            built.map(|mut request| {
                let map = request.headers_mut();
                map.reserve(headers.len());
                for (name, value) in headers {
                    map.append(name, value);
                }
                Either::Left(client.execute(request))
            })
        }
        None => {
            for (name, value) in &signed.headers {
                req = req.header(*name, value.as_str());
            }
            for (name, value) in &signed.extra_headers {
                req = req.header(name.as_str(), value.as_str());
            }
            Ok(Either::Right(req.send()))
        }
    };
    // Only the host (and port) of the URL is named in errors: its query holds the parameters. Worked
    // out only for an error.
    let url = signed.url;
    let host = || host_of(&url);
    let map = |e| transport_error(e, limits, &host());
    let mut resp = match pending {
        Ok(pending) => pending.await,
        Err(e) => Err(e),
    }
    .map_err(map)?;
    let status = resp.status().as_u16();
    let retry_after = retry::retry_after(resp.headers());
    // The headers are kept, not copied: the body is read without them (its length is the body's).
    let headers = std::mem::take(resp.headers_mut());
    let body = read_limited(resp, limits.max_response_bytes)
        .await
        .map_err(|e| match e {
            ReadError::TooLarge { declared } => {
                too_large(declared, limits.max_response_bytes).with_status(status)
            }
            ReadError::Http(e) => map(e),
        })?;
    Ok(Response {
        status,
        retry_after,
        body,
        headers,
    })
}

/// The host (and port) of a URL this crate made (`scheme://authority/...`, see [`crate::target::Target`]),
/// as the URL parser prints it; "the endpoint" for anything else.
fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.to_owned();
            Some(match u.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or_else(|| "the endpoint".to_owned())
}

/// Why a body could not be read whole.
pub(crate) enum ReadError {
    /// It is longer than the limit; `declared` is its `Content-Length` when that said so up front.
    TooLarge {
        declared: Option<u64>,
    },
    Http(reqwest::Error),
}

/// Reads `resp`'s body chunk by chunk, failing as soon as it exceeds `limit` bytes (at once when the
/// `Content-Length` says it will), so an answer of any size costs at most `limit` bytes of memory.
pub(crate) async fn read_limited(
    mut resp: reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, ReadError> {
    let declared = resp.content_length();
    if declared.is_some_and(|n| n > limit) {
        return Err(ReadError::TooLarge { declared });
    }
    // The declared length is only a hint (the limit is enforced as bytes arrive), and a small one:
    // reserving a server's word for up to the limit would let it make us allocate for nothing.
    let hint = declared.unwrap_or(0).min(64 * 1024);
    let mut body = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    while let Some(chunk) = resp.chunk().await.map_err(ReadError::Http)? {
        let total = u64::try_from(body.len() + chunk.len()).unwrap_or(u64::MAX);
        if total > limit {
            return Err(ReadError::TooLarge { declared: None });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The error of a body over `limit` bytes.
fn too_large(declared: Option<u64>, limit: u64) -> Error {
    let what = match declared {
        Some(n) => format!("the response declares {n} bytes, more than the limit of {limit} bytes"),
        None => format!("the response is larger than the limit of {limit} bytes"),
    };
    Error::new(
        ErrorKind::ResponseTooLarge,
        format!(
            "{what}; raise it with ClientBuilder::max_response_bytes or \
             CallConfig::max_response_bytes if such answers are expected"
        ),
    )
}

/// Maps a reqwest error without its URL; `host` is the host (and port) it was sent to.
fn transport_error(e: reqwest::Error, limits: Limits, host: &str) -> Error {
    let e = e.without_url();
    if e.is_timeout() {
        let limit = if e.is_connect() {
            format!("connect timeout of {:?}", limits.connect_timeout)
        } else {
            format!("per-attempt timeout of {:?}", limits.attempt_timeout)
        };
        return Error::new(ErrorKind::Timeout, format!("request exceeded the {limit}"))
            .with_source(e);
    }
    let certificate = rejected_certificate(&e);
    let what = if certificate {
        format!("the server's TLS certificate was rejected ({host})")
    } else if name_lookup_failed(&e) {
        format!("cannot resolve the host name {host} (DNS)")
    } else if e.is_connect() {
        format!("could not connect to {host}")
    } else {
        "request failed".to_owned()
    };
    let mut message = what.clone();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(&e);
    // reqwest's own Display is generic; the innermost cause says what really happened.
    while let Some(s) = source {
        message = format!("{what}: {s}");
        source = s.source();
    }
    let err = Error::new(ErrorKind::Transport, message).with_source(e);
    // The same certificate will be presented again: retrying only delays the answer.
    if certificate { err.permanent() } else { err }
}

/// Whether the connection failed looking up the host's name: hyper's connector reports that as
/// "dns error", over the resolver's own error.
fn name_lookup_failed(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(err) = next {
        if err.to_string().starts_with("dns error") {
            return true;
        }
        next = err.source();
    }
    false
}

/// Whether rustls refused the server's certificate somewhere in `e`'s causes (unknown issuer, expired,
/// wrong name, none presented, revoked).
fn rejected_certificate(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(err) = next {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return matches!(
                tls,
                rustls::Error::InvalidCertificate(_)
                    | rustls::Error::NoCertificatesPresented
                    | rustls::Error::InvalidCertRevocationList(_)
            );
        }
        // An io::Error's `source()` skips the error it wraps (it returns that error's own source), and the
        // TLS stream reports rustls' error wrapped in one.
        if let Some(wrapped) = err
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            && rejected_certificate(wrapped)
        {
            return true;
        }
        next = err.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_errors_are_found_through_io_errors() {
        let bad = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, bad);
        assert!(rejected_certificate(&io));
        let other =
            std::io::Error::new(std::io::ErrorKind::InvalidData, rustls::Error::DecryptError);
        assert!(!rejected_certificate(&other));
        assert!(!rejected_certificate(&std::io::Error::other("reset")));
    }

    /// A resolver that knows no name, so a lookup fails without any network.
    struct NoNames;

    impl reqwest::dns::Resolve for NoNames {
        fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
            Box::pin(async {
                Err::<reqwest::dns::Addrs, _>(Box::new(std::io::Error::other("no such host")) as _)
            })
        }
    }

    #[tokio::test]
    async fn a_failed_name_lookup_names_the_host_and_not_the_query() {
        crate::builder::install_crypto_provider();
        let http = reqwest::Client::builder()
            .dns_resolver(std::sync::Arc::new(NoNames))
            .no_proxy()
            .build()
            .expect("client");
        let signed = SignedRequest {
            extra_headers: Vec::new(),
            method: Method::Get,
            url: "https://dbs-api.cn-hangzhuo.aliyuncs.com/?Password=hunter2".to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
            query: Vec::new(),
            form: Vec::new(),
        };
        let limits = Limits {
            attempt_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            max_response_bytes: 1024,
        };
        let e = send(&http, signed, limits)
            .await
            .err()
            .expect("no such host");
        assert_eq!(e.kind(), ErrorKind::Transport);
        let text = e.to_string();
        assert!(
            text.contains("cannot resolve the host name dbs-api.cn-hangzhuo.aliyuncs.com (DNS)"),
            "{text}"
        );
        assert!(text.contains("no such host"), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(e.is_retryable(), "a name may resolve later");
    }

    #[test]
    fn too_large_names_the_limit_and_is_not_retried() {
        let e = too_large(Some(2_000_000), 1_000_000);
        assert_eq!(e.kind(), ErrorKind::ResponseTooLarge);
        assert!(e.message().contains("declares 2000000 bytes"), "{e}");
        assert!(e.message().contains("limit of 1000000 bytes"), "{e}");
        assert!(!e.is_retryable());
        assert!(
            too_large(None, 5)
                .message()
                .contains("larger than the limit of 5 bytes")
        );
    }
}
