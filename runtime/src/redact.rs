//! Keeps credentials out of what the client stores and shows. A service that answers
//! `SignatureDoesNotMatch` quotes its string to sign, which holds the SecurityToken percent-encoded once
//! or twice (`SecurityToken%3DCAIS%252B...%26`), and error documents may echo request parameters; none of
//! that may reach an [`Error`](crate::Error), its `Display` or `Debug`, or a log event.
//!
//! Two passes, both needed:
//! - [`Redactor::redact`] replaces the call's own AccessKeySecret and SecurityToken wherever they appear,
//!   raw or in any encoding they travel in (percent-encoded once or twice, with upper- or lower-case hex,
//!   JSON-escaped). It runs on the whole text, before anything is cut, so no prefix of a secret survives.
//! - [`redact_values`] replaces the value after any `SecurityToken`, `Signature` or `AccessKeySecret` key
//!   (`=`, `:`, `=` percent-encoded to any depth, JSON quotes), whoever's it is: a quoted request may not be
//!   ours, and a value the first pass does not know in that encoding is still caught by its key. Every text
//!   an `Error` stores goes through it.

use std::borrow::Cow;

use crate::credentials::Credentials;
use crate::sign::percent_encode;

/// What a redacted value is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// Key names whose values are credentials, lower case (matched ignoring ASCII case).
const KEYS: &[&str] = &[
    "securitytoken",
    "security-token",
    "security_token",
    "signature",
    "accesskeysecret",
    "access_key_secret",
    "access-key-secret",
];

/// The secrets of one call, to remove from whatever the service sends back.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    /// The AccessKeySecret and SecurityToken, non-empty ones only.
    secrets: Vec<String>,
    /// Every form of every secret to look for, longest first: worked out on first use, because most
    /// calls succeed with nothing to redact but a plain request id.
    needles: std::sync::OnceLock<Vec<String>>,
}

impl Redactor {
    /// A redactor for the AccessKeySecret and SecurityToken (or the bearer token) of `credentials`.
    pub(crate) fn new(credentials: &Credentials) -> Redactor {
        let secrets = [
            Some(credentials.access_key_secret()),
            credentials.security_token(),
            credentials.bearer_token(),
        ];
        Redactor {
            secrets: secrets
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            needles: std::sync::OnceLock::new(),
        }
    }

    fn needles(&self) -> &[String] {
        self.needles.get_or_init(|| {
            let mut needles: Vec<String> = self.secrets.iter().flat_map(|s| forms(s)).collect();
            needles.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            needles.dedup();
            needles
        })
    }

    /// `text` without the call's secrets (in any of their forms) and without any credential value that
    /// follows a credential key.
    pub(crate) fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        // Plain text (a request id, even a masked one): every encoded form of a secret that differs
        // from the secret holds `%`, `\` or `+`, so only the raw secrets can occur, and no value
        // follows a key without a separator (`=`, `:`, `%`). Checking that much spares the common case
        // the needles.
        let special = |b: u8| matches!(b, b'%' | b'\\' | b'+' | b'=' | b':');
        if !text.bytes().any(special) && !self.secrets.iter().any(|s| text.contains(s.as_str())) {
            return Cow::Borrowed(text);
        }
        let mut out = Cow::Borrowed(text);
        for needle in self.needles() {
            if out.contains(needle.as_str()) {
                out = Cow::Owned(out.replace(needle.as_str(), REDACTED));
            }
        }
        if let Cow::Owned(s) = redact_values(&out) {
            return Cow::Owned(s);
        }
        out
    }
}

/// The forms `secret` may take in a server's answer: raw, JSON-escaped, percent-encoded once (query
/// strings, ACS3 canonical requests) and twice (V1 strings to sign), each with upper- and lower-case hex,
/// and with `+` for spaces as form encoding writes them.
fn forms(secret: &str) -> Vec<String> {
    let once = percent_encode(secret);
    let twice = percent_encode(&once);
    let json = serde_json::to_string(secret)
        .ok()
        .and_then(|q| q.get(1..q.len().saturating_sub(1)).map(str::to_owned))
        .unwrap_or_else(|| secret.to_owned());
    let mut all = vec![
        secret.to_owned(),
        json.replace('/', "\\/"),
        lower_hex(&once),
        lower_hex(&twice),
        once.replace("%20", "+"),
        json,
        once,
        twice,
    ];
    all.retain(|f| !f.is_empty());
    all
}

/// `text` with the hex digits of every `%XX` escape in lower case.
fn lower_hex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hex_left = 0;
    for c in text.chars() {
        if hex_left > 0 {
            out.push(c.to_ascii_lowercase());
            hex_left -= 1;
        } else {
            out.push(c);
            if c == '%' {
                hex_left = 2;
            }
        }
    }
    out
}

/// `text` with the value after every credential key replaced by [`REDACTED`]: `SecurityToken=v`,
/// `x-acs-security-token:v`, `"Signature": "v"`, `\"AccessKeySecret\":\"v\"`, and the percent-encoded forms
/// `SecurityToken%3Dv%26` and `SecurityToken%253Dv%2526` of quoted query strings.
pub(crate) fn redact_values(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // A value is only taken after a separator (`=`, `:` or a percent-encoded `=`): a text without one,
    // such as a request id, has nothing to redact and is not scanned key by key.
    if !bytes.iter().any(|b| matches!(b, b'=' | b':' | b'%')) {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let Some(key_len) = KEYS
            .iter()
            .find(|k| starts_with_ignore_case(bytes, i, k))
            .map(|k| k.len())
        else {
            i += 1;
            continue;
        };
        // Keys and separators are ASCII, so `start` and `end` are character boundaries.
        match value_after(bytes, i + key_len) {
            Some((start, end)) if end > start => {
                out.push_str(&text[copied..start]);
                out.push_str(REDACTED);
                copied = end;
                i = end;
            }
            _ => i += key_len,
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Where the value after a key ending at `at` lies, if a separator follows the key: `=` or `:` (with
/// optional quotes and spaces around it, as in JSON), or `=` percent-encoded to any depth (`%3D`,
/// `%253D`, ...), in which case the value ends at `&` encoded to the same depth.
fn value_after(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut p = skip_spaces(bytes, skip_quote(bytes, at));
    let depth = match bytes.get(p)? {
        b'=' | b':' => {
            p += 1;
            0
        }
        b'%' => {
            let mut q = p + 1;
            let mut depth = 1;
            while starts_with_ignore_case(bytes, q, "25") {
                q += 2;
                depth += 1;
            }
            if !starts_with_ignore_case(bytes, q, "3d") {
                return None;
            }
            p = q + 2;
            depth
        }
        _ => return None,
    };
    let start = skip_quote(bytes, skip_spaces(bytes, p));
    let end_mark = (depth > 0).then(|| format!("%{}26", "25".repeat(depth - 1)));
    let mut end = start;
    while end < bytes.len() {
        if end_mark
            .as_deref()
            .is_some_and(|m| starts_with_ignore_case(bytes, end, m))
        {
            break;
        }
        match bytes[end] {
            // A JSON-escaped slash, as some encoders write `/` inside strings.
            b'\\' if bytes.get(end + 1) == Some(&b'/') => end += 2,
            b if is_value_byte(b) => end += 1,
            _ => break,
        }
    }
    Some((start, end))
}

/// Bytes a credential value is made of in any encoding: base64 and hex digits, percent escapes and the
/// unreserved punctuation.
fn is_value_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'_' | b'.' | b'~' | b'%' | b'+' | b'/' | b'=' | b'*'
        )
}

/// Past one closing or opening quote at `at` (`"`, `'`, or `\"` inside a JSON string), if there is one.
fn skip_quote(bytes: &[u8], at: usize) -> usize {
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(b'\\'), Some(b'"')) => at + 2,
        (Some(b'"' | b'\''), _) => at + 1,
        _ => at,
    }
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| *b == b' ') {
        at += 1;
    }
    at
}

fn starts_with_ignore_case(bytes: &[u8], at: usize, needle: &str) -> bool {
    bytes
        .get(at..at + needle.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "CAIS+tok/en=Zz~9";
    const SECRET: &str = "my secret/key+1";

    fn redactor() -> Redactor {
        Redactor::new(&Credentials::new("id", SECRET).with_security_token(TOKEN))
    }

    #[test]
    fn own_secrets_are_found_in_every_encoding() {
        let r = redactor();
        for form in forms(TOKEN).iter().chain(forms(SECRET).iter()) {
            let text = format!("before {form} after");
            assert_eq!(r.redact(&text), "before <redacted> after", "{form}");
        }
        assert!(forms(TOKEN).contains(&"CAIS%252Btok%252Fen%253DZz~9".to_owned()));
        assert!(forms(TOKEN).contains(&"CAIS%2btok%2fen%3dZz~9".to_owned()));
        assert!(forms(SECRET).contains(&"my+secret%2Fkey%2B1".to_owned()));
        assert_eq!(r.redact("nothing here"), "nothing here");
        assert!(matches!(r.redact("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn plain_text_is_spared_the_needles_but_not_a_plain_secret() {
        let r = Redactor::new(&Credentials::new("id", "PlainSecret123"));
        let id = "7B2F3C1D-0A9E-4C55-9B1E-2F0D8E6A****";
        assert!(matches!(r.redact(id), Cow::Borrowed(_)));
        assert!(r.needles.get().is_none(), "a plain id needs no needles");
        assert_eq!(r.redact("id-PlainSecret123-x"), "id-<redacted>-x");
        // A secret whose encoded forms differ from it: each form is still found, whichever path the
        // text takes.
        let r = Redactor::new(&Credentials::new("id", "Plain*Secret~1 x"));
        for form in forms("Plain*Secret~1 x") {
            assert_eq!(r.redact(&format!("a {form} b")), "a <redacted> b", "{form}");
        }
        assert_eq!(redact_values("SecurityTokenabc"), "SecurityTokenabc");
    }

    #[test]
    fn a_v1_string_to_sign_loses_the_token_whoever_it_belongs_to() {
        let quoted = "server string to sign is:POST&%2F&AccessKeyId%3Did%26SecurityToken%3DOTHER%252Btoken%253D%26SignatureMethod%3DHMAC-SHA1";
        assert_eq!(
            redact_values(quoted),
            "server string to sign is:POST&%2F&AccessKeyId%3Did%26SecurityToken%3D<redacted>%26SignatureMethod%3DHMAC-SHA1"
        );
        // Encoded one level deeper, the value ends at `&` encoded as deep.
        assert_eq!(
            redact_values("a%2526SecurityToken%253Dx%25252By%2526b%253D1"),
            "a%2526SecurityToken%253D<redacted>%2526b%253D1"
        );
    }

    #[test]
    fn keys_in_queries_headers_and_json() {
        for (text, want) in [
            (
                "?A=1&SecurityToken=abc%2B&Signature=xyz=&B=2",
                "?A=1&SecurityToken=<redacted>&Signature=<redacted>&B=2",
            ),
            (
                "x-acs-security-token:abc+/=\nx-acs-date:now",
                "x-acs-security-token:<redacted>\nx-acs-date:now",
            ),
            (
                "Credential=id,SignedHeaders=host,Signature=0a1b2c",
                "Credential=id,SignedHeaders=host,Signature=<redacted>",
            ),
            (
                r#"{"signature": "abc\/def", "n": 1}"#,
                r#"{"signature": "<redacted>", "n": 1}"#,
            ),
            (
                r#"{"D":"{\"AccessKeySecret\":\"s3cr3t\"}"}"#,
                r#"{"D":"{\"AccessKeySecret\":\"<redacted>\"}"}"#,
            ),
            ("security_token = 'abc'", "security_token = '<redacted>'"),
        ] {
            assert_eq!(redact_values(text), want, "{text}");
        }
    }

    #[test]
    fn words_that_merely_start_like_a_key_are_kept() {
        for text in [
            "SignatureDoesNotMatch",
            "SignatureMethod=HMAC-SHA1&SignatureNonce=abc&SignatureVersion=1.0",
            "x-acs-signature-nonce:abc",
            "the signature is wrong",
            "Signature=",
            "SecurityToken=<redacted>",
        ] {
            assert_eq!(redact_values(text), text);
        }
    }
}
