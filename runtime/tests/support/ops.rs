//! A hand-written stand-in for a generated operation, shared by the end-to-end tests.

use std::time::Duration;

use acs_runtime::codec::{Field, Hint, Rule, Shape, Slot, boxed};
use acs_runtime::{
    Client, Credentials, EndpointRules, Method, Operation, OperationInfo, RetryConfig, Service,
    Timestamp, TimestampFormat,
};

pub const SECRET: &str = "test-secret-value-1234";
pub const TOKEN: &str = "sts-token-value-5678";

pub static DTS: Service = Service {
    module: "dts",
    product: "Dts",
    version: "2020-01-01",
    endpoints: EndpointRules {
        regional: &[],
        fallback: Some("dts.aliyuncs.com"),
        global: None,
    },
    signing: acs_runtime::Signing::Acs,
};

/// A hand-written stand-in for a generated operation.
#[derive(Debug, Default)]
pub struct DescribeJobs {
    pub job_id: Option<String>,
    pub page_size: Option<i32>,
    pub names: Option<Vec<String>>,
    pub password: Option<String>,
    pub client_token: Option<String>,
}

const JOBS_FIELDS: &[Field] = &[
    Field::new("DtsJobId", "job_id").required(),
    Field::new("PageSize", "page_size").min(1.0).max(100.0),
    Field::new("Names", "names").style(acs_runtime::codec::Style::Simple),
    Field::new("Password", "password"),
    Field::new("ClientToken", "client_token").idempotency_token(),
];

/// The same fields without the idempotency token.
const NO_TOKEN_FIELDS: &[Field] = &[
    Field::new("DtsJobId", "job_id").required(),
    Field::new("PageSize", "page_size").min(1.0).max(100.0),
    Field::new("Names", "names").style(acs_runtime::codec::Style::Simple),
    Field::new("Password", "password"),
    Field::new("ClientToken", "client_token"),
];

fn slots<'s>(jobs: &'s DescribeJobs, f: &mut dyn FnMut(&[&'s dyn Slot])) {
    f(&[
        &jobs.job_id,
        &jobs.page_size,
        &jobs.names,
        &jobs.password,
        &jobs.client_token,
    ])
}

fn slots_mut(jobs: &mut DescribeJobs, f: &mut dyn FnMut(&mut [&mut dyn Slot])) {
    f(&mut [
        &mut jobs.job_id,
        &mut jobs.page_size,
        &mut jobs.names,
        &mut jobs.password,
        &mut jobs.client_token,
    ])
}

impl Shape for DescribeJobs {
    fn fields(&self) -> &'static [Field] {
        JOBS_FIELDS
    }
    fn slots<'s>(&'s self, f: &mut dyn FnMut(&[&'s dyn Slot])) {
        slots(self, f)
    }
    fn slots_mut(&mut self, f: &mut dyn FnMut(&mut [&mut dyn Slot])) {
        slots_mut(self, f)
    }
}

#[derive(Debug, Default)]
pub struct DescribeJobsOutput {
    pub request_id: Option<String>,
    pub total_count: Option<i64>,
    pub create_time: Option<Timestamp>,
}

const OUTPUT_FIELDS: &[Field] = &[
    Field::new("RequestId", "request_id"),
    Field::new("TotalCount", "total_count"),
    Field::new("CreateTime", "create_time").hint(Hint::Timestamp(TimestampFormat::Iso8601)),
];

impl Shape for DescribeJobsOutput {
    fn fields(&self) -> &'static [Field] {
        OUTPUT_FIELDS
    }
    fn slots<'s>(&'s self, f: &mut dyn FnMut(&[&'s dyn Slot])) {
        f(&[&self.request_id, &self.total_count, &self.create_time])
    }
    fn slots_mut(&mut self, f: &mut dyn FnMut(&mut [&mut dyn Slot])) {
        f(&mut [
            &mut self.request_id,
            &mut self.total_count,
            &mut self.create_time,
        ])
    }
}

const NO_RULES: &[Rule] = &[];

impl Operation for DescribeJobs {
    type Output = DescribeJobsOutput;
    const INFO: &'static OperationInfo = &OperationInfo {
        service: &DTS,
        action: "DescribeJobs",
        method: Method::Post,
        path: None,
        rules: NO_RULES,
        ram_action: None,
        deprecated: false,
        anonymous: false,
        new_input: &boxed::<DescribeJobs>,
        new_output: &boxed::<DescribeJobsOutput>,
        paging: None,
        waiters: &[],
    };
}

/// The same without an idempotency token: not retried after it may have taken effect.
#[derive(Debug, Default)]
pub struct NoToken(pub DescribeJobs);

impl Shape for NoToken {
    fn fields(&self) -> &'static [Field] {
        NO_TOKEN_FIELDS
    }
    fn slots<'s>(&'s self, f: &mut dyn FnMut(&[&'s dyn Slot])) {
        slots(&self.0, f)
    }
    fn slots_mut(&mut self, f: &mut dyn FnMut(&mut [&mut dyn Slot])) {
        slots_mut(&mut self.0, f)
    }
}

impl Operation for NoToken {
    type Output = DescribeJobsOutput;
    const INFO: &'static OperationInfo = &OperationInfo {
        service: &DTS,
        action: "DescribeOther",
        method: Method::Post,
        path: None,
        rules: NO_RULES,
        ram_action: None,
        deprecated: false,
        anonymous: false,
        new_input: &boxed::<NoToken>,
        new_output: &boxed::<DescribeJobsOutput>,
        paging: None,
        waiters: &[],
    };
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
