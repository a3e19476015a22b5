//! Shared by the credentials tests (`tests/credentials_*.rs`, `secrets_credentials.rs`): the emulator
//! serving STS from `specs/sts` with temporary credentials that expire when a test says, an STS operation
//! to prove credentials work, and a fake ECS metadata service. Everything listens on 127.0.0.1.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_emulator::{ConfigBuilder, Running, Step, StsToken};
use acs_runtime::{
    Credentials, EndpointRules, Method, Operation, OperationInfo, Service, codec::boxed,
};
use serde_json::json;

use crate::support::{Recorded, Reply, TestServer};

/// The long-lived key every test's source credentials are.
pub const SOURCE_ID: &str = "LTAI-credentials-source";
pub const SOURCE_SECRET: &str = "source+Secret/Val=1";

pub fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

pub fn source() -> Credentials {
    Credentials::new(SOURCE_ID, SOURCE_SECRET)
}

/// The emulator's configuration for the repository's specs, accepting the source key.
pub fn config() -> ConfigBuilder {
    acs_emulator::Config::builder()
        .specs_dir(specs_dir())
        .access_key(SOURCE_ID, SOURCE_SECRET)
}

pub async fn start(builder: ConfigBuilder) -> Running {
    acs_emulator::start(builder.build().expect("emulator config"))
        .await
        .expect("emulator starts")
}

/// Unix seconds `d` from now.
pub fn epoch_in(d: Duration) -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    i64::try_from(now + d.as_secs()).expect("seconds")
}

/// `epoch` as STS and the metadata service write an expiry.
pub fn iso(epoch: i64) -> String {
    acs_runtime::sign::format_signing_date(epoch)
}

/// Sleeps until `epoch` (Unix seconds) has passed by `margin`.
pub async fn sleep_past(epoch: i64, margin: Duration) {
    let at = UNIX_EPOCH + Duration::from_secs(u64::try_from(epoch).expect("epoch")) + margin;
    if let Ok(d) = at.duration_since(SystemTime::now()) {
        tokio::time::sleep(d).await;
    }
}

/// One set of temporary credentials: STS hands them out, the emulator accepts them until they expire.
#[derive(Clone, Debug)]
pub struct Role {
    pub id: String,
    pub secret: String,
    pub token: String,
    pub expires: i64,
}

impl Role {
    /// `STS.<name>`, valid for `lifetime`.
    pub fn new(name: &str, lifetime: Duration) -> Role {
        Role {
            id: format!("STS.{name}"),
            secret: format!("{name}+secret/1="),
            token: format!("{name}-token+T/0="),
            expires: epoch_in(lifetime),
        }
    }

    /// The same keys, handed out as expiring `lifetime` from now (the emulator keeps accepting them as
    /// registered: a test's timing then does not depend on how long the emulator took to start).
    pub fn expiring_in(&self, lifetime: Duration) -> Role {
        Role {
            expires: epoch_in(lifetime),
            ..self.clone()
        }
    }

    /// What the emulator is told to accept.
    pub fn accepted(&self) -> StsToken {
        StsToken::new(&self.id, &self.secret, &self.token).expires_at(self.expires)
    }

    /// An STS answer (AssumeRole or AssumeRoleWithOIDC) handing these out.
    pub fn answer(&self) -> Step {
        Step::answer(json!({"Credentials": {
            "AccessKeyId": self.id,
            "AccessKeySecret": self.secret,
            "SecurityToken": self.token,
            "Expiration": iso(self.expires),
        }}))
    }

    /// The metadata service's document for them.
    pub fn document(&self) -> String {
        json!({"Code": "Success", "AccessKeyId": self.id, "AccessKeySecret": self.secret,
               "SecurityToken": self.token, "Expiration": iso(self.expires),
               "LastUpdated": iso(epoch_in(Duration::ZERO))})
        .to_string()
    }

    pub fn is(&self, c: &Credentials) -> bool {
        c.access_key_id() == self.id
            && c.access_key_secret() == self.secret
            && c.security_token() == Some(self.token.as_str())
    }
}

/// The exchanges of `action` the emulator saw (ACS3 names it in a header).
pub fn calls_of(emu: &Running, action: &str) -> Vec<acs_emulator::Exchange> {
    emu.exchanges()
        .into_iter()
        .filter(|e| e.header("x-acs-action") == Some(action) || e.param("Action") == Some(action))
        .collect()
}

/// The AccessKeyId an ACS3 request was signed with.
pub fn signer(e: &acs_emulator::Exchange) -> Option<String> {
    let auth = e.header("authorization")?;
    let cred = auth.split("Credential=").nth(1)?;
    Some(cred.split(',').next()?.to_owned())
}

static STS: Service = Service {
    module: "sts",
    product: "Sts",
    version: "2015-04-01",
    endpoints: EndpointRules {
        regional: &[],
        fallback: Some("sts.{region_id}.aliyuncs.com"),
        global: Some("sts.aliyuncs.com"),
    },
    signing: acs_runtime::Signing::Acs,
};

/// STS `GetCallerIdentity`: signed, no parameters; what proves credentials work at the emulator.
pub struct GetCallerIdentity {}
acs_runtime::shape!(GetCallerIdentity, "", []);

pub struct Identity {
    pub request_id: Option<String>,
}
acs_runtime::shape!(Identity, "RequestId request_id", [request_id]);

impl Operation for GetCallerIdentity {
    type Output = Identity;
    const INFO: &'static OperationInfo = &OperationInfo {
        service: &STS,
        action: "GetCallerIdentity",
        method: Method::Post,
        path: None,
        rules: &[],
        ram_action: None,
        deprecated: false,
        anonymous: false,
        new_input: &boxed::<GetCallerIdentity>,
        new_output: &boxed::<Identity>,
        paging: None,
        waiters: &[],
    };
}

/// A fake ECS metadata service: what it does, and what it was asked.
#[derive(Clone, Debug)]
pub struct Imds {
    /// Issue tokens (IMDSv2); otherwise `PUT` is refused with 403.
    pub tokens: bool,
    /// Refuse requests that carry a token with 500 (a broken v2).
    pub fail_with_token: bool,
    /// The attached role's name.
    pub role: &'static str,
    /// The documents for the role's credentials, served in turn (the last one for good).
    pub documents: Vec<String>,
}

pub const IMDS_TOKEN: &str = "imds-session+T0k/en=";

/// Starts `imds`; the server records every request.
pub async fn imds(imds: Imds) -> TestServer {
    let served = Arc::new(Mutex::new(0usize));
    TestServer::with_responder(Arc::new(move |r: &Recorded| {
        let base = "/latest/meta-data/ram/security-credentials/";
        let with_token = r.header("x-aliyun-ecs-metadata-token").is_some();
        if r.method == "PUT" {
            return if imds.tokens && r.path == "/latest/api/token" {
                Reply::json(200, IMDS_TOKEN)
            } else {
                Reply::json(403, "forbidden")
            };
        }
        if with_token
            && (imds.fail_with_token || r.header("x-aliyun-ecs-metadata-token") != Some(IMDS_TOKEN))
        {
            return Reply::json(500, "token trouble");
        }
        match r.path.strip_prefix(base) {
            Some("") => Reply::json(200, imds.role),
            Some(role) if role == imds.role => {
                let mut n = served.lock().expect("lock");
                let doc = &imds.documents[(*n).min(imds.documents.len() - 1)];
                *n += 1;
                Reply::json(200, doc)
            }
            _ => Reply::json(404, "not found"),
        }
    }))
    .await
}
