//! The legacy V1 RPC signature: HMAC-SHA1 keyed with `secret&` over `METHOD&%2F&encode(canonical query)`,
//! base64-encoded into the `Signature` query parameter.

use super::hmac_sha1::hmac_sha1;
use super::{base64, canonical_query, percent_encode};

/// `METHOD&%2F&` followed by the percent-encoded canonicalized query (pairs encoded, sorted, joined with `&`).
/// The `Signature` parameter itself must not be among `params`.
pub fn string_to_sign<K: AsRef<str>, V: AsRef<str>>(method: &str, params: &[(K, V)]) -> String {
    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        percent_encode("/"),
        percent_encode(&canonical_query(params))
    )
}

/// Base64 of HMAC-SHA1 keyed with `access_key_secret + "&"` over the string to sign.
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    let key_text = format!("{access_key_secret}&");
    base64(&hmac_sha1(key_text.as_bytes(), string_to_sign.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_published_describe_regions_example() {
        let params = [
            ("Version", "2014-05-26"),
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
        ];
        let sts = string_to_sign("GET", &params);
        assert_eq!(
            sts,
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
        );
        assert_eq!(
            signature("testsecret", &sts),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
    }

    #[test]
    fn values_are_encoded_twice_in_the_string_to_sign() {
        let sts = string_to_sign("post", &[("Name", "a b*/~")]);
        assert_eq!(sts, "POST&%2F&Name%3Da%2520b%252A%252F~");
    }
}
