//! [`Incoming`]: one HTTP request as the emulator received it, with its query and form body decoded into
//! parameters. Everything here is untrusted input: decoding failures are errors, never panics.
//!
//! Only a POST's body holds parameters, as in the servlet containers behind the gateway (which parse form
//! bodies for POST alone): a GET carries every parameter in its query string.

use percent_encoding::percent_decode_str;

use crate::api_error::{self, ApiError};

/// One received request.
#[derive(Clone, Debug)]
pub(crate) struct Incoming {
    /// `GET`, `POST`, ...
    pub(crate) method: String,
    /// The path as received (still percent-encoded), `/` for RPC-style calls.
    pub(crate) path: String,
    /// The decoded query pairs, in wire order.
    pub(crate) query: Vec<(String, String)>,
    /// Headers with lower-case names, in wire order.
    pub(crate) headers: Vec<(String, String)>,
    /// The body bytes.
    pub(crate) body: Vec<u8>,
    /// The decoded pairs of an `application/x-www-form-urlencoded` body (empty otherwise).
    pub(crate) form: Vec<(String, String)>,
}

impl Incoming {
    /// Decodes the query and, for a POST with a form content type, the body.
    pub(crate) fn new(
        method: String,
        path: String,
        raw_query: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Result<Incoming, ApiError> {
        let query = decode_pairs(raw_query)?;
        let is_form = method.eq_ignore_ascii_case("POST")
            && headers.iter().any(|(k, v)| {
                k == "content-type"
                    && v.trim()
                        .to_ascii_lowercase()
                        .starts_with("application/x-www-form-urlencoded")
            });
        let form = if is_form {
            let text = std::str::from_utf8(&body)
                .map_err(|_| api_error::bad_request("The form body is not valid UTF-8."))?;
            decode_pairs(text)?
        } else {
            Vec::new()
        };
        Ok(Incoming {
            method,
            path,
            query,
            headers,
            body,
            form,
        })
    }

    /// The first value of header `name` (lower case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every parameter a client can send: the query's, then the form body's.
    pub(crate) fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query
            .iter()
            .chain(self.form.iter())
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The first value of parameter `name`, from the query or the form body.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params().find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

/// Splits `a=1&b=2` and percent-decodes each side. `+` is a space, as in every form decoder and in the
/// gateway's servlet container; Alibaba's signers send a literal plus as `%2B`.
fn decode_pairs(text: &str) -> Result<Vec<(String, String)>, ApiError> {
    let decode = |s: &str| -> Result<String, ApiError> {
        let spaced = s.replace('+', " ");
        percent_decode_str(&spaced)
            .decode_utf8()
            .map(|c| c.into_owned())
            .map_err(|_| api_error::bad_request("A parameter is not valid UTF-8 after decoding."))
    };
    text.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            Ok((decode(k)?, decode(v)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incoming(
        query: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Incoming, ApiError> {
        let headers = content_type
            .map(|c| vec![("content-type".to_owned(), c.to_owned())])
            .unwrap_or_default();
        Incoming::new("POST".into(), "/".into(), query, headers, body.to_vec())
    }

    #[test]
    fn decodes_query_and_form() {
        let r = incoming(
            "A=x%20y&B=1%2C2&C&D=a+b",
            Some("application/x-www-form-urlencoded; charset=utf-8"),
            b"E=%E4%B8%AD&F=",
        )
        .unwrap();
        assert_eq!(r.param("A"), Some("x y"));
        assert_eq!(r.param("B"), Some("1,2"));
        assert_eq!(r.param("C"), Some(""));
        assert_eq!(r.param("D"), Some("a b"));
        assert_eq!(r.param("E"), Some("中"));
        assert_eq!(r.param("F"), Some(""));
        assert_eq!(r.param("G"), None);
    }

    #[test]
    fn a_get_body_is_not_parameters() {
        let form = vec![(
            "content-type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        )];
        let r = Incoming::new("GET".into(), "/".into(), "A=1", form, b"B=2".to_vec()).unwrap();
        assert_eq!((r.param("A"), r.param("B")), (Some("1"), None));
        assert_eq!(r.body, b"B=2", "kept for the signature's body hash");
    }

    #[test]
    fn a_json_body_is_not_parameters_and_bad_bytes_are_refused() {
        let r = incoming("", Some("application/json"), b"{\"A\":1}").unwrap();
        assert!(r.form.is_empty());
        assert!(incoming("A=%FF", None, b"").is_err());
        let bad_form = incoming("", Some("application/x-www-form-urlencoded"), &[0xff]);
        assert_eq!(bad_form.unwrap_err().code, "InvalidParameter");
    }
}
