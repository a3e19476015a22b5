//! [`RsaKeyPairProvider`]: session AccessKeys of an RSA key pair (the Japan site's key pairs), from STS's
//! `GenerateSessionAccessKey`, following `alibabacloud_credentials/provider/rsa_key_pair.py`
//! (`RsaKeyPairCredentialsProvider`):
//!
//! - the public key id and the private key file are required, and the file is read once, when the
//!   provider is built (as `__init__` reads it); an empty file is an error;
//! - the request is a `GET` with the V1 common parameters (`Action`, `Format=JSON`, `Version=2015-04-01`,
//!   `AccessKeyId=<public key id>`, `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`, `Timestamp`,
//!   `SignatureNonce`) and `DurationSeconds`, signed with HMAC-SHA1 keyed with the private key's text
//!   and `&` — the library's scheme, not an RSA signature — by the runtime's own V1 signer;
//! - the session lasts 3,600 s unless given, never under 900 s;
//! - the endpoint is the one given, else `sts.<region>.aliyuncs.com` (`sts-vpc.…` when VPC endpoints are
//!   asked for) for the STS region given or `ALIBABA_CLOUD_STS_REGION`, else the Japan site's
//!   [`JAPAN_STS_ENDPOINT`]; never the client's region, since only that site knows the key pairs;
//! - the answer's `SessionAccessKey` (`SessionAccessKeyId`, `SessionAccessKeySecret`, `Expiration`) is an
//!   AccessKey without a SecurityToken, refreshed 15 minutes before it expires (`_get_stale_time`) by the
//!   [`CachingProvider`](super::CachingProvider) around it; 5 s to connect, 10 s to read.
//!
//! The private key is the secret here: it is never shown by `Debug`, errors or logs, and whatever STS
//! quotes back is cleaned of it.

use std::fmt;
use std::path::PathBuf;

use super::context::Context;
use super::env::Env;
use super::provider::{CredentialsFuture, ProvideCredentials, with_context};
use super::ram_role::DEFAULT_ROLE_DURATION_SECONDS;
use super::sts::{StsClient, StsSettings};
use crate::error::{Error, ErrorKind};

/// STS of the Japan site, where key pairs live: the official default for this provider.
pub const JAPAN_STS_ENDPOINT: &str = "sts.ap-northeast-1.aliyuncs.com";
/// The shortest session (`session duration should be in the range of 900s - max session duration`).
const MIN_DURATION_SECONDS: u64 = 900;
const WHAT: &str = "RSA key pair";

fn bad(why: impl fmt::Display) -> Error {
    Error::new(ErrorKind::Credentials, format!("{WHAT}: {why}"))
}

/// Configures an [`RsaKeyPairProvider`]; start with [`RsaKeyPairProvider::builder`].
#[derive(Clone, Debug, Default)]
pub struct RsaKeyPairBuilder {
    public_key_id: Option<String>,
    private_key_file: Option<PathBuf>,
    duration_seconds: Option<u64>,
    sts: StsSettings,
    env: Env,
}

impl RsaKeyPairBuilder {
    /// The key pair's public key id (`public_key_id`).
    pub fn public_key_id(mut self, id: impl Into<String>) -> Self {
        self.public_key_id = Some(id.into());
        self
    }

    /// The file holding the private key (`private_key_file`).
    pub fn private_key_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.private_key_file = Some(path.into());
        self
    }

    /// How long the session AccessKey lasts, at least 900 s (default 3,600 s).
    pub fn duration_seconds(mut self, seconds: u64) -> Self {
        self.duration_seconds = Some(seconds);
        self
    }

    /// Uses STS in this region (`sts.<region>.aliyuncs.com`); unset, `ALIBABA_CLOUD_STS_REGION`, else the
    /// Japan site's STS.
    pub fn sts_region(mut self, region: impl Into<String>) -> Self {
        self.sts.region = Some(region.into());
        self
    }

    /// Uses this STS endpoint (a host, or a URL for loopback), whatever the region.
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts.endpoint = Some(endpoint.into());
        self
    }

    /// Uses STS's VPC endpoint (`sts-vpc.<region>.aliyuncs.com`, with a region only); unset,
    /// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`.
    pub fn enable_vpc(mut self, yes: bool) -> Self {
        self.sts.vpc = Some(yes);
        self
    }

    /// Reads these variables instead of the process environment (for tests).
    pub fn env_vars<K: Into<String>, V: Into<String>>(
        mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.env = Env::from_vars(
            vars.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// The environment and STS endpoint of a chain or profile (not its client region: see the module
    /// documentation).
    pub(crate) fn context(mut self, ctx: &Context) -> Self {
        self.env = ctx.env.clone();
        self.sts.endpoint = ctx.sts_endpoint.clone();
        self
    }

    /// The provider: reads the private key file. Fails when the id or file is missing, the file cannot be
    /// read or is empty, or the duration is under 900 s; errors name the file, never its content.
    pub fn build(self) -> Result<RsaKeyPairProvider, Error> {
        let duration_seconds = self
            .duration_seconds
            .unwrap_or(DEFAULT_ROLE_DURATION_SECONDS);
        if duration_seconds < MIN_DURATION_SECONDS {
            return Err(bad(format_args!(
                "a session lasts at least {MIN_DURATION_SECONDS} s, not {duration_seconds}"
            )));
        }
        let public_key_id = self
            .public_key_id
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty())
            .ok_or_else(|| bad("the public key id is empty"))?;
        let path = self
            .private_key_file
            .filter(|p| !p.as_os_str().is_empty())
            .ok_or_else(|| bad("the private key file is not given"))?;
        let text = std::fs::read_to_string(&path).map_err(|e| {
            bad(format_args!(
                "the private key file {} cannot be read: {}",
                path.display(),
                e.kind()
            ))
        })?;
        // The key's text is the HMAC key, byte for byte as Python's text-mode read gives it: universal
        // newlines turn `\r\n` and `\r` into `\n`; nothing is trimmed.
        let private_key = text.replace("\r\n", "\n").replace('\r', "\n");
        if private_key.is_empty() {
            return Err(bad(format_args!(
                "the private key file {} is empty",
                path.display()
            )));
        }
        let endpoint = self.sts.endpoint_or(&self.env, JAPAN_STS_ENDPOINT);
        Ok(RsaKeyPairProvider {
            public_key_id,
            private_key,
            duration_seconds,
            sts: StsClient::new(endpoint),
        })
    }
}

/// Session AccessKeys of an RSA key pair (see the module documentation). Every call asks STS: wrap it in
/// a [`CachingProvider`](super::CachingProvider) (the client does).
pub struct RsaKeyPairProvider {
    public_key_id: String,
    private_key: String,
    duration_seconds: u64,
    sts: StsClient,
}

impl RsaKeyPairProvider {
    /// A builder; the public key id and the private key file are required.
    pub fn builder() -> RsaKeyPairBuilder {
        RsaKeyPairBuilder::default()
    }

    /// The public key id.
    pub fn public_key_id(&self) -> &str {
        &self.public_key_id
    }

    async fn fetch(&self) -> Result<super::Credentials, Error> {
        let c = self
            .sts
            .generate_session_access_key(
                &self.public_key_id,
                &self.private_key,
                self.duration_seconds,
            )
            .await
            .map_err(|e| with_context(e, &format!("{WHAT} {}", self.public_key_id)))?;
        tracing::debug!(public_key_id = %self.public_key_id, "session AccessKey generated");
        Ok(c)
    }
}

impl ProvideCredentials for RsaKeyPairProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for RsaKeyPairProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaKeyPairProvider")
            .field("public_key_id", &self.public_key_id)
            .field("private_key", &"<redacted>")
            .field("duration_seconds", &self.duration_seconds)
            .field("sts", &self.sts.endpoint())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::ENV_STS_REGION;

    fn key_file(text: &str) -> PathBuf {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "acs-rsa-key-{}-{}.pem",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn defaults_checks_and_endpoints() {
        let file = key_file("-----BEGIN RSA PRIVATE KEY-----\r\nPRIV-key-material\r\n");
        let p = RsaKeyPairProvider::builder()
            .public_key_id("TMPSK.pub")
            .private_key_file(&file)
            .env_vars([("X", "y")])
            .build()
            .unwrap();
        assert_eq!(p.sts.endpoint(), JAPAN_STS_ENDPOINT);
        assert_eq!(p.duration_seconds, 3600);
        assert_eq!(
            p.private_key,
            "-----BEGIN RSA PRIVATE KEY-----\nPRIV-key-material\n"
        );
        let shown = format!("{p:?} {p:#?}");
        assert!(!shown.contains("PRIV-key-material"), "{shown}");
        assert!(shown.contains("TMPSK.pub"), "{shown}");

        let regional = RsaKeyPairProvider::builder()
            .public_key_id("TMPSK.pub")
            .private_key_file(&file)
            .env_vars([(ENV_STS_REGION, "ap-southeast-1")])
            .build()
            .unwrap();
        assert_eq!(regional.sts.endpoint(), "sts.ap-southeast-1.aliyuncs.com");
        let vpc = RsaKeyPairProvider::builder()
            .public_key_id("TMPSK.pub")
            .private_key_file(&file)
            .env_vars([("X", "y")])
            .sts_region("ap-northeast-1")
            .enable_vpc(true)
            .build()
            .unwrap();
        assert_eq!(vpc.sts.endpoint(), "sts-vpc.ap-northeast-1.aliyuncs.com");

        let e = RsaKeyPairProvider::builder()
            .private_key_file(&file)
            .build()
            .unwrap_err();
        assert!(e.message().contains("public key id is empty"), "{e}");
        let e = RsaKeyPairProvider::builder()
            .public_key_id("p")
            .build()
            .unwrap_err();
        assert!(e.message().contains("private key file is not given"), "{e}");
        let e = RsaKeyPairProvider::builder()
            .public_key_id("p")
            .private_key_file(&file)
            .duration_seconds(899)
            .build()
            .unwrap_err();
        assert!(e.message().contains("at least 900"), "{e}");
        let empty = key_file("");
        let e = RsaKeyPairProvider::builder()
            .public_key_id("p")
            .private_key_file(&empty)
            .build()
            .unwrap_err();
        assert!(e.message().contains("is empty"), "{e}");
        let e = RsaKeyPairProvider::builder()
            .public_key_id("p")
            .private_key_file(file.with_extension("missing"))
            .build()
            .unwrap_err();
        assert!(e.message().contains("cannot be read"), "{e}");
        let _ = std::fs::remove_file(file);
        let _ = std::fs::remove_file(empty);
    }
}
