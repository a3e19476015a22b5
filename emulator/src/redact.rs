//! [`Secrets`]: the credential values one request carried (its SecurityToken, its signature, a bearer
//! token), and the blotting out of each of them from every copy of the exchange the emulator keeps or
//! prints. The answer sent to the client is left alone: like the gateway's, a `SignatureDoesNotMatch`
//! message quotes the server's string to sign, which for V1 holds the SecurityToken.
//!
//! A value is replaced wherever it appears and in each spelling the emulator or a client produces: as is,
//! percent-encoded once (a query or form body) and twice (inside V1's string to sign), and JSON-escaped
//! (inside an error body). Where names are known (parameters, headers, `Authorization`'s `Signature=`) the
//! value is replaced by name too, so a spelling not listed here cannot slip through.

use acs_runtime::sign::percent_encode;
use percent_encoding::percent_decode_str;

/// What a blotted-out value reads as.
pub(crate) const REDACTED: &str = "<redacted>";

/// Parameters whose values are credentials (V1's signature, STS token, bearer token).
const SECRET_PARAMS: [&str; 3] = ["Signature", "SecurityToken", "BearerToken"];
/// Headers whose values are credentials. `authorization` is handled apart: its key id is kept.
const SECRET_HEADERS: [&str; 2] = ["x-acs-security-token", "x-acs-bearer-token"];

/// Every spelling of every credential value of one request, longest first so a spelling that contains
/// another is replaced whole.
#[derive(Default)]
pub(crate) struct Secrets {
    spellings: Vec<String>,
}

impl Secrets {
    /// The credentials in a request's headers, raw query and body (read leniently: a request the emulator
    /// refuses as malformed may still carry a token).
    pub(crate) fn of(headers: &[(String, String)], raw_query: &str, body: &[u8]) -> Secrets {
        let mut values: Vec<String> = Vec::new();
        for (k, v) in headers {
            let name = k.to_ascii_lowercase();
            if SECRET_HEADERS.contains(&name.as_str()) {
                values.push(v.clone());
            } else if name == "authorization" {
                values.push(authorization_signature(v).unwrap_or(v).to_owned());
            }
        }
        let body_text = String::from_utf8_lossy(body);
        for raw in [raw_query, body_text.as_ref()] {
            for (k, v) in raw_pairs(raw) {
                if SECRET_PARAMS.contains(&decode(k).as_str()) {
                    values.push(v.to_owned());
                    values.push(decode(v));
                }
            }
        }
        let mut spellings = Vec::new();
        for v in values.iter().filter(|v| !v.is_empty()) {
            let once = percent_encode(v);
            let twice = percent_encode(&once);
            let json = serde_json::to_string(v).unwrap_or_default();
            let json = json.trim_matches('"').to_owned();
            spellings.extend([v.clone(), once, twice, json]);
        }
        spellings.retain(|s| !s.is_empty());
        spellings.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        spellings.dedup();
        Secrets { spellings }
    }

    /// `text` with every spelling of every secret replaced.
    pub(crate) fn text(&self, text: &str) -> String {
        self.spellings
            .iter()
            .fold(text.to_owned(), |t, s| t.replace(s.as_str(), REDACTED))
    }

    /// `a=1&b=2` text (a raw query or form body; any other body passes through unchanged by this step)
    /// with the values of credential parameters replaced, then every secret spelling replaced.
    pub(crate) fn pairs_text(&self, raw: &str) -> String {
        let by_name: Vec<String> = raw
            .split('&')
            .map(|part| match part.split_once('=') {
                Some((k, _)) if SECRET_PARAMS.contains(&decode(k).as_str()) => {
                    format!("{k}={REDACTED}")
                }
                _ => part.to_owned(),
            })
            .collect();
        self.text(&by_name.join("&"))
    }

    /// A body: as [`Secrets::pairs_text`] when it is UTF-8; other bytes are searched for the raw values.
    pub(crate) fn body(&self, body: &[u8]) -> Vec<u8> {
        match std::str::from_utf8(body) {
            Ok(text) => self.pairs_text(text).into_bytes(),
            Err(_) => self
                .spellings
                .iter()
                .fold(body.to_vec(), |b, s| replace_bytes(&b, s.as_bytes())),
        }
    }

    /// Decoded parameters with the values of credential parameters replaced.
    pub(crate) fn params(&self, params: &[(String, String)]) -> Vec<(String, String)> {
        params
            .iter()
            .map(|(k, v)| {
                let v = if SECRET_PARAMS.contains(&k.as_str()) {
                    REDACTED.to_owned()
                } else {
                    self.text(v)
                };
                (self.text(k), v)
            })
            .collect()
    }

    /// Headers with credential headers replaced; `Authorization` keeps its algorithm, key id and signed
    /// header list, so a test can still see how a request was signed.
    pub(crate) fn headers(&self, headers: &[(String, String)]) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(k, v)| {
                let name = k.to_ascii_lowercase();
                let whole = SECRET_HEADERS.contains(&name.as_str())
                    || (name == "authorization" && authorization_signature(v).is_none());
                let v = if whole {
                    REDACTED.to_owned()
                } else {
                    self.text(v)
                };
                (k.clone(), v)
            })
            .collect()
    }
}

/// The signature in an `Authorization` header, if it has one: the value after `Signature=` (ACS3), or
/// after the key id of the legacy ROA and Log Service schemes (`acs <id>:<signature>`,
/// `LOG <id>:<signature>`).
fn authorization_signature(header: &str) -> Option<&str> {
    let value = match header.find("Signature=") {
        Some(at) => {
            let rest = &header[at + "Signature=".len()..];
            rest.split(',').next().unwrap_or(rest)
        }
        None => {
            let trimmed = header.trim_start();
            let rest = (trimmed.strip_prefix("acs ")).or_else(|| trimmed.strip_prefix("LOG "))?;
            rest.split_once(':')?.1
        }
    }
    .trim();
    (!value.is_empty()).then_some(value)
}

/// The `(name, value)` parts of `a=1&b=2`, still encoded.
fn raw_pairs(raw: &str) -> impl Iterator<Item = (&str, &str)> {
    raw.split('&').filter_map(|part| part.split_once('='))
}

/// Percent-decodes leniently (`+` is a space, bad UTF-8 becomes U+FFFD), as a record must never fail.
fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn replace_bytes(haystack: &[u8], needle: &[u8]) -> Vec<u8> {
    if needle.is_empty() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(REDACTED.as_bytes());
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn every_spelling_of_every_credential_goes() {
        let token = "T0KEN/v+1=";
        let headers = pairs(&[
            ("x-acs-security-token", "HDRTOKEN"),
            (
                "Authorization",
                "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=ACSSIG123",
            ),
            ("x-acs-action", "A"),
        ]);
        let query = format!(
            "Action=A&SecurityToken={}&Signature=V1SIG%2Fx",
            percent_encode(token)
        );
        let s = Secrets::of(&headers, &query, b"BearerToken=BEARER");

        let message = format!(
            "string to sign is:POST&%2F&SecurityToken%3D{}",
            percent_encode(&percent_encode(token))
        );
        for text in [
            s.text(&message),
            s.text(&format!(
                "raw {token} json {}",
                serde_json::to_string(token).unwrap()
            )),
            s.pairs_text(&query),
            String::from_utf8(s.body(b"BearerToken=BEARER&X=1")).unwrap(),
            format!("{:?}", s.headers(&headers)),
            format!(
                "{:?}",
                s.params(&pairs(&[
                    ("SecurityToken", token),
                    ("Signature", "V1SIG/x")
                ]))
            ),
        ] {
            for secret in ["T0KEN", "HDRTOKEN", "ACSSIG123", "V1SIG", "BEARER"] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        }
        assert_eq!(
            s.pairs_text("Action=A&X=1"),
            "Action=A&X=1",
            "the rest is kept"
        );
        assert_eq!(
            s.headers(&headers)[1].1,
            "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=<redacted>"
        );
        assert_eq!(s.headers(&headers)[2].1, "A");
    }

    #[test]
    fn restful_schemes_keep_their_key_id() {
        for (scheme, header) in [("acs", "acs AK:c2ln+/w=="), ("LOG", "LOG AK:c2ln+/w==")] {
            let headers = pairs(&[("authorization", header)]);
            let s = Secrets::of(&headers, "", b"");
            assert_eq!(s.headers(&headers)[0].1, format!("{scheme} AK:{REDACTED}"));
            assert!(!s.text(&format!("quoted {header}")).contains("c2ln"));
        }
    }

    #[test]
    fn an_unparsable_authorization_goes_whole_and_odd_bodies_are_searched() {
        let headers = pairs(&[("authorization", "Bearer opaque-credential")]);
        let s = Secrets::of(&headers, "", b"");
        assert_eq!(s.headers(&headers)[0].1, REDACTED);
        let s = Secrets::of(&[], "SecurityToken=tk1", b"");
        assert_eq!(s.body(b"\xff tk1 \xfe"), b"\xff <redacted> \xfe".to_vec());
        assert_eq!(Secrets::default().text("unchanged"), "unchanged");
    }
}
