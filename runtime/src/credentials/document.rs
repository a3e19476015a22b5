//! Temporary credentials out of the documents that carry them: the metadata service's and a credentials
//! URI's JSON (`Code`, `AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration`, as
//! `ecs_ram_role.py` and `uri.py` read them), STS's and CloudSSO's `Credentials` objects. Errors name
//! the source and the missing or malformed field, and never quote the document: it holds secrets.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;

use super::Credentials;
use crate::civil;
use crate::error::{Error, ErrorKind};

/// The metadata service's and a credentials URI's answer.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct Document {
    code: Option<String>,
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    security_token: Option<String>,
    expiration: Option<String>,
}

fn bad(what: &str, why: &str) -> Error {
    Error::new(ErrorKind::Credentials, format!("{what}: {why}"))
}

impl Document {
    /// Parses `body`, which must say `"Code": "Success"` (both official providers require it).
    pub(crate) fn parse(what: &str, body: &str) -> Result<Document, Error> {
        let doc: Document = serde_json::from_str(body)
            .map_err(|_| bad(what, "the answer is not the expected JSON"))?;
        // The value is not echoed: it is the service's text, inside a document that holds secrets.
        if doc.code.as_deref() != Some("Success") {
            return Err(bad(what, "Code is not \"Success\""));
        }
        Ok(doc)
    }

    /// The credentials; `Expiration` is optional only where `expiration_required` is false.
    pub(crate) fn credentials(
        self,
        what: &str,
        expiration_required: bool,
    ) -> Result<Credentials, Error> {
        if expiration_required && self.expiration.is_none() {
            return Err(bad(what, "Expiration is missing"));
        }
        temporary(
            what,
            self.access_key_id,
            self.access_key_secret,
            self.security_token,
            self.expiration.as_deref(),
        )
    }
}

/// STS credentials from their parts; every part but the expiry is required, and they must be usable
/// (printable, non-empty).
pub(crate) fn temporary(
    what: &str,
    id: Option<String>,
    secret: Option<String>,
    token: Option<String>,
    expiration: Option<&str>,
) -> Result<Credentials, Error> {
    let present = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
    let (Some(id), Some(secret), Some(token)) = (present(id), present(secret), present(token))
    else {
        return Err(bad(
            what,
            "AccessKeyId, AccessKeySecret or SecurityToken is missing",
        ));
    };
    let mut creds = Credentials::new(id.trim(), secret.trim()).with_security_token(token.trim());
    if let Some(exp) = expiration {
        creds = creds.with_expiry(parse_expiration(what, exp)?);
    }
    creds
        .check()
        .map_err(|e| bad(what, &format!("unusable credentials: {}", e.message())))?;
    Ok(creds)
}

/// An ISO 8601 expiry (`2030-01-01T00:00:00Z`).
pub(crate) fn parse_expiration(what: &str, text: &str) -> Result<SystemTime, Error> {
    let ms = civil::parse_iso8601_millis(text)
        .and_then(|ms| u64::try_from(ms).ok())
        .ok_or_else(|| bad(what, "Expiration is not a timestamp"))?;
    Ok(UNIX_EPOCH + Duration::from_millis(ms))
}

/// An expiry given as Unix seconds (CloudSSO's and OAuth's token expiries in `config.json`).
pub(crate) fn from_unix_seconds(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_document() {
        let c = Document::parse(
            "r",
            r#"{"AccessKeyId":"STS.id","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2030-01-01T00:00:00Z","Code":"Success"}"#,
        )
        .and_then(|d| d.credentials("r", true))
        .unwrap();
        assert_eq!(c.security_token(), Some("t"));
        assert_eq!(
            c.expiry(),
            Some(UNIX_EPOCH + Duration::from_secs(1_893_456_000))
        );
        let e = Document::parse("r", r#"{"Code":"Failed","AccessKeySecret":"leak-me"}"#)
            .err()
            .expect("refused");
        assert!(e.message().contains("Code is not"), "{e}");
        assert!(!e.message().contains("Failed") && !e.message().contains("leak-me"));
        let e = Document::parse("r", r#"{"AccessKeySecret":"leak-me"#)
            .err()
            .expect("refused");
        assert!(!e.to_string().contains("leak-me"));
        let e = Document::parse(
            "r",
            r#"{"Code":"Success","AccessKeyId":"a","AccessKeySecret":"b","SecurityToken":"c","Expiration":"soon-ish"}"#,
        )
        .and_then(|d| d.credentials("r", false))
        .unwrap_err();
        assert!(e.message().contains("Expiration"));
        assert!(!e.message().contains("soon-ish"));
        let e = Document::parse(
            "r",
            r#"{"Code":"Success","AccessKeyId":"a","AccessKeySecret":"b","SecurityToken":"c"}"#,
        )
        .and_then(|d| d.credentials("r", true))
        .unwrap_err();
        assert!(e.message().contains("Expiration is missing"), "{e}");
        let e = temporary(
            "r",
            Some("a b".into()),
            Some("s".into()),
            Some("t".into()),
            None,
        )
        .unwrap_err();
        assert!(e.message().contains("unusable"), "{e}");
    }
}
