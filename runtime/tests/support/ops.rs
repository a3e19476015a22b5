//! A hand-written stand-in for a generated operation, shared by the end-to-end tests.

use std::time::Duration;

use acs_runtime::{
    Client, Credentials, EndpointRules, Operation, Query, RetryConfig, Service, Timestamp,
    Validator,
};
use serde::Deserialize;

pub const SECRET: &str = "test-secret-value-1234";
pub const TOKEN: &str = "sts-token-value-5678";

pub static DTS: Service = Service {
    product: "Dts",
    version: "2020-01-01",
    endpoints: EndpointRules {
        regional: &[],
        fallback: Some("dts.aliyuncs.com"),
    },
};

/// A hand-written stand-in for a generated operation.
#[derive(Default)]
pub struct DescribeJobs {
    pub job_id: Option<String>,
    pub page_size: Option<i32>,
    pub names: Option<Vec<String>>,
    pub password: Option<String>,
    pub client_token: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DescribeJobsOutput {
    #[serde(rename = "RequestId", default)]
    pub request_id: Option<String>,
    #[serde(
        rename = "TotalCount",
        default,
        deserialize_with = "acs_runtime::serde_helpers::lenient::deserialize"
    )]
    pub total_count: Option<i64>,
    #[serde(
        rename = "CreateTime",
        default,
        deserialize_with = "acs_runtime::serde_helpers::iso8601::deserialize"
    )]
    pub create_time: Option<Timestamp>,
}

impl Operation for DescribeJobs {
    type Output = DescribeJobsOutput;
    const SERVICE: &'static Service = &DTS;
    const ACTION: &'static str = "DescribeJobs";

    fn validate(&self, v: &mut Validator) {
        v.required("DtsJobId", self.job_id.as_ref());
        v.range_i64(
            "PageSize",
            self.page_size.map(i64::from),
            Some(1),
            Some(100),
        );
    }

    fn write_query(&self, q: &mut Query) {
        q.put("DtsJobId", self.job_id.as_ref());
        q.put("PageSize", self.page_size.as_ref());
        q.put_joined("Names", self.names.as_deref(), ",");
        q.put("Password", self.password.as_ref());
        q.put("ClientToken", self.client_token.as_ref());
    }

    fn idempotency_token(&mut self) -> Option<&mut Option<String>> {
        Some(&mut self.client_token)
    }
}

/// The same without an idempotency token: not retried after it may have taken effect.
pub struct NoToken(pub DescribeJobs);

impl Operation for NoToken {
    type Output = DescribeJobsOutput;
    const SERVICE: &'static Service = &DTS;
    const ACTION: &'static str = "DescribeOther";

    fn validate(&self, v: &mut Validator) {
        self.0.validate(v);
    }

    fn write_query(&self, q: &mut Query) {
        self.0.write_query(q);
    }
}

pub fn input() -> DescribeJobs {
    DescribeJobs {
        job_id: Some("job 1/*~中".into()),
        page_size: Some(20),
        names: Some(vec!["a".into(), "b".into(), "c".into()]),
        ..DescribeJobs::default()
    }
}

pub fn client(url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new("test-id", SECRET).with_security_token(TOKEN))
        .endpoint(url)
        .max_attempts(1)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

/// Standard retries with millisecond backoff, so retry tests stay fast.
pub fn fast_retry(attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(500))
}
