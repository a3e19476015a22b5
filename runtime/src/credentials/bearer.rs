//! Requests authorized by a bearer token ([`Credentials::bearer`](super::Credentials::bearer)) instead of
//! an AccessKey signature, exactly as the official SDK core sends them when the credential's type is
//! `bearer` (`alibabacloud_tea_openapi/client.py`):
//!
//! - V1 RPC (`do_rpc_request`): the query gets `BearerToken=<token>` and `SignatureType=BEARERTOKEN`, and
//!   none of the signing parameters (`AccessKeyId`, `SignatureMethod`, `SignatureVersion`, `Signature`).
//! - ACS3 RPC (`do_request`, style `RPC`): header `x-acs-bearer-token`, query `SignatureType=BEARERTOKEN`,
//!   no `authorization` (and not the `Format=json` an anonymous call adds).
//! - RESTful, ACS3 or the legacy ROA signature (`do_request` style `ROA`, `do_roarequest`): headers
//!   `x-acs-bearer-token` and `x-acs-signature-type: BEARERTOKEN`, no `authorization`.
//!
//! The request is otherwise the anonymous one (same headers, date, nonce), which is what the official
//! code builds too: it only skips the signing step. Log Service signs with its own scheme and the official
//! SLS gateway has no bearer branch, so a bearer token there is an error.

use crate::codec::Params;
use crate::config::SignatureVersion;
use crate::error::{Error, ErrorKind};
use crate::operation::OperationInfo;
use crate::request::SignedRequest;
use crate::target::Target;

/// What the official core sends as the signature type of a bearer-token request.
const SIGNATURE_TYPE: &str = "BEARERTOKEN";

/// One attempt's request to `target`, authorized by `token` rather than signed.
pub(crate) fn sign(
    token: &str,
    target: &Target,
    info: &'static OperationInfo,
    params: &Params,
    version: SignatureVersion,
) -> Result<SignedRequest, Error> {
    if info.service.signing == crate::Signing::Log {
        return Err(Error::new(
            ErrorKind::Credentials,
            "Log Service requests cannot be authorized by a bearer token (it signs with an AccessKey)",
        ));
    }
    let rpc = info.path.is_none();
    let mut params = params.clone();
    if rpc {
        if version == SignatureVersion::V1 {
            params
                .query
                .push(("BearerToken".to_owned(), token.to_owned()));
        }
        params
            .query
            .push(("SignatureType".to_owned(), SIGNATURE_TYPE.to_owned()));
    }
    // The anonymous request: everything but a signature.
    let mut signed = crate::client::sign_request(None, target, info, &params, version)?;
    if rpc && version == SignatureVersion::Acs3 {
        // The anonymous ACS3 request ends its query with `Format=json`; a bearer request has none.
        if let Some(i) = signed
            .query
            .iter()
            .rposition(|(k, v)| k == "Format" && v == "json")
        {
            signed.query.remove(i);
            signed.url = target.url(&crate::sign::canonical_query(&signed.query));
        }
    }
    if !(rpc && version == SignatureVersion::V1) {
        signed
            .headers
            .push(("x-acs-bearer-token", token.to_owned()));
    }
    if !rpc {
        signed
            .headers
            .push(("x-acs-signature-type", SIGNATURE_TYPE.to_owned()));
    }
    Ok(signed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{EndpointRules, Service};
    use crate::operation::Method;

    static RPC: Service = Service {
        module: "ecs",
        product: "Ecs",
        version: "2014-05-26",
        endpoints: EndpointRules {
            regional: &[],
            fallback: None,
            global: None,
        },
        signing: crate::Signing::Acs,
    };

    struct Empty {}
    crate::shape!(Empty, "", []);

    const fn op(path: Option<&'static str>) -> OperationInfo {
        OperationInfo {
            service: &RPC,
            action: "DescribeRegions",
            method: Method::Post,
            path,
            rules: &[],
            ram_action: None,
            deprecated: false,
            anonymous: false,
            new_input: &crate::codec::boxed::<Empty>,
            new_output: &crate::codec::boxed::<Empty>,
            paging: None,
            waiters: &[],
        }
    }
    static RPC_OP: OperationInfo = op(None);
    static ROA_OP: OperationInfo = op(Some("/regions"));

    fn header<'a>(r: &'a SignedRequest, name: &str) -> Option<&'a str> {
        r.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    fn query<'a>(r: &'a SignedRequest, name: &str) -> Option<&'a str> {
        r.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn each_style_carries_the_token_as_the_official_core_does() {
        let target = Target::parse("http://127.0.0.1:9", false).unwrap();
        let params = Params {
            query: vec![("RegionId".into(), "cn-hangzhou".into())],
            ..Params::default()
        };
        let acs3 = sign("tok", &target, &RPC_OP, &params, SignatureVersion::Acs3).unwrap();
        assert_eq!(header(&acs3, "x-acs-bearer-token"), Some("tok"));
        assert_eq!(query(&acs3, "SignatureType"), Some("BEARERTOKEN"));
        assert_eq!(query(&acs3, "Format"), None);
        assert_eq!(header(&acs3, "authorization"), None);
        assert!(
            acs3.url.contains("SignatureType=BEARERTOKEN"),
            "{}",
            acs3.url
        );
        assert!(!acs3.url.contains("Format"), "{}", acs3.url);

        let v1 = sign("tok", &target, &RPC_OP, &params, SignatureVersion::V1).unwrap();
        assert_eq!(query(&v1, "BearerToken"), Some("tok"));
        assert_eq!(query(&v1, "SignatureType"), Some("BEARERTOKEN"));
        for absent in [
            "Signature",
            "AccessKeyId",
            "SignatureMethod",
            "SignatureVersion",
        ] {
            assert_eq!(query(&v1, absent), None, "{absent}");
        }
        assert_eq!(header(&v1, "x-acs-bearer-token"), None);

        for version in [SignatureVersion::Acs3, SignatureVersion::V1] {
            let roa = sign("tok", &target, &ROA_OP, &Params::default(), version).unwrap();
            assert_eq!(header(&roa, "x-acs-bearer-token"), Some("tok"));
            assert_eq!(header(&roa, "x-acs-signature-type"), Some("BEARERTOKEN"));
            assert_eq!(header(&roa, "authorization"), None);
            assert_eq!(query(&roa, "SignatureType"), None);
        }
    }
}
