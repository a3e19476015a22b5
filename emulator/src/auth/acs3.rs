//! ACS3 verification (`ACS3-HMAC-SHA256` and `ACS3-HMAC-SM3`), following the published V3 rules rather
//! than any one client's habits: the canonical request is rebuilt from the request as received (method,
//! path, decoded query, every header the client listed in `SignedHeaders`, the hash of the actual body), so
//! requests from Alibaba's official SDKs (which sign every header they send and may send form bodies)
//! verify like ours. Every `x-acs-*` header sent, `host` and `content-type` must be signed, and
//! `x-acs-content-sha256` must be present, as the gateway demands.

use acs_runtime::sign::{self, acs3};

use super::{Verifier, same_signature, sm3};
use crate::api_error::{self, ApiError};
use crate::incoming::Incoming;

const SHAPE: &str = "The Authorization header must be `<ACS3-HMAC-SHA256|ACS3-HMAC-SM3> Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>`.";

/// The ACS3 signature algorithms the gateway accepts with an AccessKey secret. Both hash with their own
/// digest everywhere: the payload hash (`x-acs-content-sha256`, named for SHA-256 even with SM3), the
/// canonical request's hash and the HMAC; every value is lower-case hex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Algorithm {
    HmacSha256,
    HmacSm3,
}

impl Algorithm {
    fn from_name(name: &str) -> Option<Algorithm> {
        match name {
            acs3::ALGORITHM => Some(Algorithm::HmacSha256),
            "ACS3-HMAC-SM3" => Some(Algorithm::HmacSm3),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Algorithm::HmacSha256 => acs3::ALGORITHM,
            Algorithm::HmacSm3 => "ACS3-HMAC-SM3",
        }
    }

    fn hash_hex(self, data: &[u8]) -> String {
        match self {
            Algorithm::HmacSha256 => sign::sha256_hex(data),
            Algorithm::HmacSm3 => sign::hex(&sm3::digest(data)),
        }
    }

    fn string_to_sign(self, canonical_request: &str) -> String {
        match self {
            Algorithm::HmacSha256 => acs3::string_to_sign(canonical_request),
            Algorithm::HmacSm3 => format!(
                "{}\n{}",
                self.name(),
                self.hash_hex(canonical_request.as_bytes())
            ),
        }
    }

    fn signature(self, secret: &str, string_to_sign: &str) -> String {
        match self {
            Algorithm::HmacSha256 => acs3::signature(secret, string_to_sign),
            Algorithm::HmacSm3 => {
                sign::hex(&sm3::hmac(secret.as_bytes(), string_to_sign.as_bytes()))
            }
        }
    }
}

/// The parts of an `Authorization` header.
struct Authorization {
    algorithm: Algorithm,
    access_key_id: String,
    signed_headers: Vec<String>,
    signature: String,
}

/// Parses `<algorithm> Credential=..,SignedHeaders=..,Signature=..`; `None` for another algorithm, a
/// missing or empty part, or an empty header name.
fn parse(value: &str) -> Option<Authorization> {
    let (name, rest) = value.trim().split_once(' ')?;
    let algorithm = Algorithm::from_name(name)?;
    let (mut id, mut headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        let v = v.trim();
        match k.trim() {
            "Credential" => id = Some(v.to_owned()),
            "SignedHeaders" => {
                headers = Some(
                    v.split(';')
                        .map(|h| h.trim().to_ascii_lowercase())
                        .collect::<Vec<_>>(),
                );
            }
            "Signature" => signature = Some(v.to_ascii_lowercase()),
            _ => {}
        }
    }
    let auth = Authorization {
        algorithm,
        access_key_id: id.filter(|i| !i.is_empty())?,
        signed_headers: headers.filter(|h| h.iter().all(|n| !n.is_empty()))?,
        signature: signature.filter(|s| !s.is_empty())?,
    };
    Some(auth)
}

/// Whether the gateway requires header `name` to be signed when it is sent.
fn must_be_signed(name: &str) -> bool {
    name == "host" || name == "content-type" || name.starts_with("x-acs-")
}

/// Verifies an ACS3 request; the AccessKeyId on success.
pub(crate) fn verify(v: &Verifier<'_>, req: &Incoming) -> Result<String, ApiError> {
    let header = req
        .header("authorization")
        .ok_or_else(|| api_error::missing_common("AccessKeyId"))?;
    let auth = parse(header).ok_or_else(|| api_error::incomplete_signature(SHAPE))?;
    let signed = &auth.signed_headers;
    if let Some((name, _)) = req
        .headers
        .iter()
        .find(|(k, _)| must_be_signed(k) && !signed.contains(k))
    {
        return Err(api_error::incomplete_signature(&format!(
            "The header `{name}` is present but not listed in SignedHeaders."
        )));
    }
    let declared_hash = req.header("x-acs-content-sha256").ok_or_else(|| {
        api_error::incomplete_signature(
            "The header `x-acs-content-sha256` (the hex hash of the body) is required.",
        )
    })?;
    let date = req
        .header("x-acs-date")
        .ok_or_else(|| api_error::missing_common("Timestamp"))?;
    let nonce = req
        .header("x-acs-signature-nonce")
        .ok_or_else(|| api_error::missing_common("SignatureNonce"))?;
    v.check_timestamp(date)?;
    let secret = v.keys.secret_for(
        &auth.access_key_id,
        req.header("x-acs-security-token"),
        v.now,
    )?;

    // The payload hash is always the actual body's: a client that declared another hash in
    // x-acs-content-sha256 signed that header's value, so its signature cannot match.
    let body_hash = auth.algorithm.hash_hex(&req.body);
    let canonical = acs3::canonical_request(
        &req.method,
        &req.path,
        &req.query,
        &req.headers,
        signed,
        &body_hash,
    );
    let string_to_sign = auth.algorithm.string_to_sign(&canonical);
    let expected = auth.algorithm.signature(secret, &string_to_sign);
    let declared_hash_ok = declared_hash.trim().eq_ignore_ascii_case(&body_hash);
    if !declared_hash_ok || !same_signature(&expected, &auth.signature) {
        return Err(api_error::signature_mismatch(&string_to_sign));
    }
    v.use_nonce(&auth.access_key_id, nonce.trim())?;
    Ok(auth.access_key_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_algorithms_and_refuses_other_shapes() {
        let a = parse("ACS3-HMAC-SM3 Credential=id,SignedHeaders=Host;x-acs-date,Signature=ABC")
            .expect("SM3");
        assert_eq!(a.algorithm, Algorithm::HmacSm3);
        assert_eq!(a.access_key_id, "id");
        assert_eq!(a.signed_headers, vec!["host", "x-acs-date"]);
        assert_eq!(a.signature, "abc");
        let a =
            parse("ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature=0").expect("256");
        assert_eq!(a.algorithm, Algorithm::HmacSha256);
        for bad in [
            "ACS3-RSA-SHA256 Credential=id,SignedHeaders=host,Signature=0",
            "ACS3-HMAC-SM3 Credential=,SignedHeaders=host,Signature=0",
            "ACS3-HMAC-SM3 Credential=id,SignedHeaders=host;;x,Signature=0",
            "ACS3-HMAC-SM3 Credential=id,SignedHeaders=host,Signature=",
            "ACS3-HMAC-SM3 Credential=id,SignedHeaders=host",
            "ACS3-HMAC-SM3",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn sm3_signs_with_sm3_throughout() {
        let sm3 = Algorithm::HmacSm3;
        assert_eq!(
            sm3.hash_hex(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        let sts = sm3.string_to_sign("abc");
        assert_eq!(
            sts,
            "ACS3-HMAC-SM3\n66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        assert_eq!(
            sm3.signature("key", "The quick brown fox jumps over the lazy dog"),
            "bd4a34077888162b210645b8ebf74b9af357303789357a27c7fc457244ebd398"
        );
        // SHA-256 stays the runtime's, byte for byte.
        let sha = Algorithm::HmacSha256;
        assert_eq!(sha.string_to_sign("x"), acs3::string_to_sign("x"));
        assert_eq!(sha.signature("k", "x"), acs3::signature("k", "x"));
    }
}
