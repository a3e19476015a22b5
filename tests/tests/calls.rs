//! Each operation end to end against a loopback server: the generated client sends a signed POST with
//! every parameter in the query, and decodes the documented answer. Also: validation before sending,
//! endpoint rules, and the fixture operation that exists only as YAML.

#[path = "../../runtime/tests/support/mod.rs"]
mod support;

use acs_codegen::spec::model::{LocationSpec, SignatureSpec, TypeName};
use acs_runtime::{Credentials, ErrorKind, sign};
use acs_sdk::{dbs, dts, sas};
use acs_tests::{demo, json_examples, workspace_root};
use support::{Recorded, Reply, TestServer};

const KEY_ID: &str = "LTAI-test-key";
const SECRET: &str = "loopback-secret";

fn example(action: &str) -> String {
    json_examples(&workspace_root().join("specs"))
        .into_iter()
        .find(|e| e.action == action)
        .map(|e| e.body)
        .unwrap_or_else(|| panic!("no example for {action}"))
}

fn client(server: &TestServer) -> acs_sdk::Client {
    // Built from the SDK's type, the builder gives the SDK's client: this function's type checks it.
    acs_sdk::Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .region("cn-hangzhou")
        .endpoint(server.url.clone())
        .build()
        .expect("client")
}

/// Recomputes the ACS3 signature from what the server received, as Alibaba's gateway does.
fn assert_signed(r: &Recorded, action: &str, version: &str) {
    assert_signed_at(r, action, version, "/");
}

/// Recomputes Log Service's `LOG` signature from what the server received: over the path as written
/// (percent-decoded), the raw query and the `x-log-*`/`x-acs-*` headers.
fn assert_log_signed(r: &Recorded, action: &str) {
    let auth = r.header("authorization").expect("authorization");
    let (id, signature) = auth
        .strip_prefix("LOG ")
        .and_then(|rest| rest.split_once(':'))
        .unwrap_or_else(|| panic!("{action}: not a LOG authorization: {auth}"));
    assert_eq!(id, KEY_ID);
    let headers: Vec<(&str, &str)> = r
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let path = percent_encoding::percent_decode_str(&r.path)
        .decode_utf8()
        .expect("utf-8 path");
    let text = sign::log::string_to_sign(&r.method, &headers, &path, &r.query_pairs());
    assert_eq!(
        signature,
        sign::log::signature(SECRET, &text),
        "{action}: the LOG signature does not verify"
    );
    let md5 = (!r.body.is_empty()).then(|| sign::log::content_md5(&r.body));
    assert_eq!(
        r.header("content-md5"),
        md5.as_deref(),
        "{action}: content-md5"
    );
}

/// [`assert_signed`] for a request to `path` (a RESTful operation's, as received).
fn assert_signed_at(r: &Recorded, action: &str, version: &str, path: &str) {
    assert_eq!(r.path, path);
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(r.header("x-acs-action"), Some(action));
    assert_eq!(r.header("x-acs-version"), Some(version));
    let empty_sha = sign::sha256_hex(&r.body);
    assert_eq!(r.header("x-acs-content-sha256"), Some(empty_sha.as_str()));
    let auth = sign::acs3::parse_authorization(r.header("authorization").expect("Authorization"))
        .expect("an ACS3 Authorization header");
    assert_eq!(auth.access_key_id, KEY_ID);
    for needed in [
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ] {
        assert!(
            auth.signed_headers.iter().any(|h| h == needed),
            "{needed} is not signed"
        );
    }
    let canonical = sign::acs3::canonical_request(
        &r.method,
        &r.path,
        &r.query_pairs(),
        &r.headers,
        &auth.signed_headers,
        &empty_sha,
    );
    let expected = sign::acs3::signature(SECRET, &sign::acs3::string_to_sign(&canonical));
    assert_eq!(auth.signature, expected, "the signature does not verify");
}

fn only_request(server: &TestServer) -> Recorded {
    let mut all = server.requests();
    assert_eq!(all.len(), 1, "exactly one request");
    all.remove(0)
}

/// Every operation of the registry and the fixtures, driven by its spec alone: a valid input made from the
/// spec (`sample_input`) goes out signed, every parameter of it on the wire, an empty `ClientToken` filled
/// in, and the documented example comes back decoded equal. A new operation is covered by its YAML.
#[tokio::test]
async fn every_operation_is_sent_signed_and_decodes_its_example() {
    use acs_codegen::spec::samples::{SpecNames, sample_input};
    let mut seen = 0;
    for tree in ["specs", "tests/fixtures/specs"] {
        let set = acs_codegen::spec::load_dir(&workspace_root().join(tree)).expect("specs load");
        for product in &set.products {
            for op in &product.operations {
                let (product, op) = (&product.product.spec, &op.spec);
                let info = acs_tests::operation(&product.module, &op.name);
                let example = op
                    .examples
                    .iter()
                    .find(|e| {
                        e.status == 200
                            && e.unfit.is_none()
                            && e.format == acs_codegen::spec::model::ExampleFormat::Json
                    })
                    .map(|e| e.body.clone())
                    // Without an example that fits, the emptiest answer of the documented form.
                    .unwrap_or_else(|| {
                        let whole = op
                            .response
                            .fields
                            .iter()
                            .find(|f| f.location == LocationSpec::Body);
                        match whole.map(|f| f.ty) {
                            Some(TypeName::Array) => "[]",
                            Some(TypeName::String) => "",
                            _ => "{}",
                        }
                        .to_owned()
                    });
                let server = TestServer::start(vec![Reply::json(200, &example)]).await;
                let runtime = acs_runtime::Client::builder()
                    .credentials(Credentials::new(KEY_ID, SECRET))
                    .endpoint(server.url.clone())
                    .build()
                    .expect("client");
                let names = SpecNames {
                    product,
                    operation: op,
                };
                let sample = sample_input(op, &names);
                let mut input = (info.new_input)();
                acs_runtime::codec::decode_into(&sample.to_string(), &mut *input)
                    .unwrap_or_else(|e| panic!("{}: the sample does not decode: {e}", op.name));
                let out = runtime
                    .invoke_dyn(info, &mut *input, &acs_runtime::CallConfig::default())
                    .await
                    .unwrap_or_else(|e| panic!("{}: {e}", op.name));
                let r = only_request(&server);
                if op.anonymous {
                    assert_eq!(r.header("authorization"), None, "{}: unsigned", op.name);
                } else if product.signature == SignatureSpec::Log {
                    assert_log_signed(&r, &op.name);
                } else if op.path.is_some() {
                    assert_signed_at(&r, &op.name, &product.version, &r.path);
                } else {
                    assert_signed(&r, &op.name, &product.version);
                }
                assert_eq!(r.method, info.method.as_str(), "{}", op.name);
                let form = String::from_utf8_lossy(&r.body).into_owned();
                for key in sample.as_object().map(|m| m.keys()).into_iter().flatten() {
                    let place = op
                        .request
                        .iter()
                        .find(|f| &f.name == key)
                        .map(|f| f.location);
                    let elsewhere = match place {
                        Some(LocationSpec::Path) => Some(!r.path.contains('{')),
                        Some(LocationSpec::Header) => Some(r.header(key).is_some()),
                        Some(LocationSpec::Host) => {
                            let value = sample[key.as_str()].as_str().unwrap_or_default();
                            let host = r.header("host").unwrap_or_default();
                            Some(host.starts_with(&format!("{value}.")))
                        }
                        Some(LocationSpec::Body) => Some(!r.body.is_empty()),
                        _ => None,
                    };
                    if let Some(sent) = elsewhere {
                        assert!(sent, "{}: {key} was not sent", op.name);
                        continue;
                    }
                    let sent = r
                        .query_pairs()
                        .iter()
                        .any(|(k, _)| k == key || k.starts_with(&format!("{key}.")))
                        || form.split('&').any(|p| {
                            p.starts_with(&format!("{key}=")) || p.starts_with(&format!("{key}."))
                        });
                    assert!(sent, "{}: {key} was not sent", op.name);
                }
                if let Some(token) = op.request.iter().find(|f| f.idempotency_token) {
                    // In the query or, for a form parameter, in the body; named as the spec names it
                    // (`ClientToken`, Elasticsearch's `clientToken`).
                    let key = format!("{}=", token.name);
                    let in_form = form
                        .split('&')
                        .any(|p| p.starts_with(&key) && p.len() > key.len());
                    assert!(
                        r.param(&token.name).is_some_and(|t| !t.is_empty()) || in_form,
                        "{}: the {} is filled in",
                        op.name,
                        token.name
                    );
                }
                // A RESTful answer held whole by one field (a list or text at the top) decodes into
                // that field; an empty one into nothing.
                let whole = op
                    .response
                    .fields
                    .iter()
                    .find(|f| f.location == LocationSpec::Body);
                let want = match (whole, serde_json::from_str(&example)) {
                    (_, _) if example.trim().is_empty() => serde_json::json!({}),
                    (Some(field), Ok(value)) => serde_json::json!({ field.name.as_str(): value }),
                    (Some(field), Err(_)) => serde_json::json!({ field.name.as_str(): example }),
                    (None, parsed) => parsed.expect("JSON"),
                };
                let got: serde_json::Value = serde_json::from_str(&acs_runtime::codec::to_json(
                    acs_runtime::codec::View::Shape(&*out),
                ))
                .expect("JSON");
                if let Some(d) = acs_tests::json_difference(&want, &got) {
                    panic!("{}: the decoded answer differs at {d}", op.name);
                }
                seen += 1;
            }
        }
    }
    assert!(seen >= 8, "only {seen} operations");
}

#[tokio::test]
async fn missing_and_conflicting_parameters_fail_before_sending() {
    let server = TestServer::start(vec![]).await;
    let sdk = client(&server);
    let err = sdk
        .dts()
        .describe_pre_check_status()
        .page_size(20)
        .send()
        .await
        .expect_err("invalid");
    assert_eq!(err.kind(), ErrorKind::Validation);
    let text = err.to_string();
    for name in ["DtsJobId", "JobCode", "StructType"] {
        assert!(text.contains(name), "{name} missing from: {text}");
    }
    let err = sdk
        .dbs()
        .describe_restore_task_list()
        .backup_plan_id("a")
        .restore_task_id("b")
        .page_size(101)
        .send()
        .await
        .expect_err("both given, and a page size out of range");
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert!(err.to_string().contains("PageSize"), "{err}");
    assert!(err.to_string().contains("BackupPlanId"), "{err}");
    let err = sdk
        .dbs()
        .describe_pre_check_progress_list()
        .send()
        .await
        .expect_err("neither given");
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert!(err.to_string().contains("RestoreTaskId"), "{err}");
    let err = sdk
        .sas()
        .query_pre_check_database()
        .send()
        .await
        .expect_err("UniRegionId is required");
    assert!(err.to_string().contains("UniRegionId"), "{err}");
    assert!(server.requests().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn a_documented_error_becomes_a_typed_error() {
    let body = r#"{"RequestId":"R-1","HostId":"dbs-api.cn-hangzhou.aliyuncs.com","Code":"Request.Forbidden","Message":"Have no Permissions"}"#;
    let server = TestServer::start(vec![Reply::json(403, body)]).await;
    let err = client(&server)
        .dbs()
        .describe_pre_check_progress_list()
        .backup_plan_id("x")
        .send()
        .await
        .expect_err("403");
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(err.http_status(), Some(403));
    assert_eq!(err.code(), Some("Request.Forbidden"));
    assert_eq!(err.request_id(), Some("R-1"));
    assert!(!format!("{err:?}{err}").contains(SECRET));
    type Code = dbs::DescribePreCheckProgressListErrorCode;
    assert!(Code::RequestForbidden.matches(&err));
    assert_eq!(Code::from_error(&err), Some(Code::RequestForbidden));
    assert_eq!(Code::RequestForbidden.code(), "Request.Forbidden");
    assert_eq!(Code::RequestForbidden.to_string(), "Request.Forbidden");
    assert_eq!(Code::RequestForbidden.documented_status(), Some(403));
    assert_eq!(Code::Unknown("X".into()).documented_status(), None);
    assert_eq!(Code::CODES, &[("Request.Forbidden", 403)]);
    assert_eq!(
        Code::from_code("Other.Code"),
        Code::Unknown("Other.Code".to_owned())
    );
    assert!(!dts::DescribePreCheckStatusErrorCode::ThrottlingUser.matches(&err));
}

#[test]
fn endpoints_come_from_the_product_rules() {
    let resolve = |s: &acs_runtime::Service, region: &str| {
        s.resolve_endpoint(Some(region)).expect("endpoint")
    };
    assert_eq!(
        resolve(&dbs::SERVICE, "cn-hangzhou"),
        "dbs-api.cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(
        resolve(&dbs::SERVICE, "ap-southeast-1"),
        "dbs-api.ap-southeast-1.aliyuncs.com"
    );
    // Regions the metadata does not list: its regional pattern (most public DBS and DTS regions follow it).
    assert_eq!(
        resolve(&dbs::SERVICE, "xx-nowhere-1"),
        "dbs-api.xx-nowhere-1.aliyuncs.com"
    );
    assert_eq!(
        resolve(&dts::SERVICE, "cn-beijing"),
        "dts.cn-beijing.aliyuncs.com"
    );
    // A listed region that the central endpoint serves.
    assert_eq!(resolve(&dts::SERVICE, "cn-wuhan"), "dts.aliyuncs.com");
    // An internal test region of the metadata is not listed: the pattern applies.
    assert_eq!(
        resolve(&dts::SERVICE, "cn-hangzhou-internal-test-1"),
        "dts.cn-hangzhou-internal-test-1.aliyuncs.com"
    );
    assert_eq!(
        resolve(&sas::SERVICE, "cn-hongkong"),
        "tds.cn-shanghai.aliyuncs.com"
    );
    assert_eq!(
        resolve(&sas::SERVICE, "eu-central-1"),
        "tds.ap-southeast-1.aliyuncs.com"
    );
}

#[tokio::test]
async fn the_fixture_operation_works_from_yaml_alone() {
    let body = json_examples(&workspace_root().join("tests/fixtures/specs"))
        .into_iter()
        .find(|e| e.action == "ListWidgets")
        .expect("fixture example")
        .body;
    let server = TestServer::start(vec![Reply::json(200, &body)]).await;
    let runtime = acs_runtime::Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(server.url.clone())
        .build()
        .expect("client");
    let out = demo::Client::new(runtime)
        .list_widgets()
        .owner_id(1_234_567_890_123)
        .color(demo::WidgetColor::Blue)
        .widget_ids("w-1")
        .widget_ids("w 2")
        .page_size(10)
        .verbose(true)
        .name("x")
        .send()
        .await
        .expect("call");
    let r = only_request(&server);
    assert_signed(&r, "ListWidgets", "2024-01-01");
    assert_eq!(r.param("Color").as_deref(), Some("01"));
    assert_eq!(r.param("Verbose").as_deref(), Some("true"));
    assert!(r.query.contains("WidgetIds=w-1%2Cw%202"), "{}", r.query);
    let widgets = out.widgets.expect("widgets");
    assert_eq!(widgets[0].color, Some(demo::WidgetColor::Red));
    assert_eq!(
        widgets[1].color,
        Some(demo::WidgetColor::Unknown("green".to_owned()))
    );
    let parts = widgets[0]
        .parts
        .as_ref()
        .expect("parts")
        .parse()
        .expect("parts JSON");
    assert_eq!(parts[0].name.as_deref(), Some("bolt"));
    assert_eq!(out.total_count, Some(2));
}

#[tokio::test]
async fn per_call_config_overrides_the_client() {
    use acs_sdk::{CallConfig, RetryConfig};
    use std::time::Duration;

    let unavailable = r#"{"RequestId":"R-503","Code":"ServiceUnavailable","Message":"try again"}"#;
    let ok = example("QueryPreCheckDatabase");
    let server = TestServer::start(vec![
        Reply::json(503, unavailable),
        Reply::json(503, unavailable),
        Reply::json(200, &ok),
    ])
    .await;
    let sdk = client(&server);

    let no_retry = CallConfig::new().retry(RetryConfig::disabled());
    let err = sdk
        .sas()
        .query_pre_check_database()
        .uni_region_id("cn-hangzhou")
        .config_override(no_retry)
        .send()
        .await
        .expect_err("503");
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert_eq!(server.requests().len(), 1, "retries disabled for this call");

    let quick = CallConfig::new().retry(
        RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5)),
    );
    let out = sdk
        .sas()
        .query_pre_check_database()
        .uni_region_id("cn-hangzhou")
        .config_override(quick)
        .send()
        .await
        .expect("retried to success");
    assert_eq!(out.progress, Some(100));
    assert_eq!(server.requests().len(), 3);
}

/// The collision fixture: mangled names compile (the tests crate builds it) and still put the spec's wire
/// names on the wire, and the shapes named like std types decode.
#[tokio::test]
async fn colliding_names_keep_their_wire_names() {
    use acs_tests::edge;

    let body = json_examples(&workspace_root().join("tests/fixtures/specs"))
        .into_iter()
        .find(|e| e.action == "New")
        .expect("fixture example")
        .body;
    let server = TestServer::start(vec![Reply::json(200, &body)]).await;
    let runtime = acs_runtime::Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(server.url.clone())
        .build()
        .expect("client");
    let client = edge::Client::new(runtime);
    let out = client
        .new_()
        .config_override_("c")
        .page_size(3)
        .set_page_size_(4)
        .r#type("t")
        .self_("s")
        .send_("x")
        .db_name("a")
        .db_name_("b")
        ._2fa(true)
        .kind(edge::Some::None)
        .send()
        .await
        .expect("call");
    let r = only_request(&server);
    assert_signed(&r, "New", "2024-02-02");
    for (name, value) in [
        ("ConfigOverride", "c"),
        ("PageSize", "3"),
        ("SetPageSize", "4"),
        ("Type", "t"),
        ("Self", "s"),
        ("Send", "x"),
        ("DBName", "a"),
        ("DbName", "b"),
        ("2FA", "true"),
        ("Kind", "None"),
    ] {
        assert_eq!(r.param(name).as_deref(), Some(value), "{name}");
    }
    let string: &edge::String = out.string.as_ref().expect("String");
    assert_eq!(string.value.as_deref(), Some("s"));
    assert_eq!(out.r#type.as_deref(), Some("upper"));
    assert_eq!(out.type_.as_deref(), Some("lower"));
    assert_eq!(out.kind, Some(edge::Some::None));
    let slot = out.field.and_then(|f| f.shape).and_then(|s| s.slot);
    assert_eq!(slot.and_then(|s| s.into), Some(3));

    // The required keyword parameter is checked under its wire name.
    let e = client.new_().send().await.expect_err("Type is required");
    assert_eq!(e.problems(), ["Type is required"]);
    let e = client
        .new_()
        .r#type("t")
        .page_size(9)
        .send()
        .await
        .expect_err("range");
    assert_eq!(e.problems(), ["PageSize must be between 1 and 5 (got 9)"]);
    // The operation named like the shared types module is callable too.
    assert!(client.types().as_input().input.is_none());
}

/// Request forms through the typed API: lists of objects built with the shapes' setters, a JSON object
/// and a float in the form body; the server sees the dotted query, the form body, and an ACS3 signature
/// that covers the body's hash and its content type.
#[tokio::test]
async fn request_forms_from_the_typed_builder() {
    let body = json_examples(&workspace_root().join("tests/fixtures/specs"))
        .into_iter()
        .find(|e| e.action == "TagWidgets")
        .expect("fixture example")
        .body;
    let server = TestServer::start(vec![Reply::json(200, &body)]).await;
    let runtime = acs_runtime::Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(server.url.clone())
        .build()
        .expect("client");
    let out = demo::Client::new(runtime)
        .tag_widgets()
        .region_id("cn-hangzhou")
        .widget_id("w-1")
        .tag(demo::TagInput::default().key("env").value("prod"))
        .tag(demo::TagInput::default().key("team"))
        .scope(demo::ScopeInput::default().namespaces(["a".to_owned(), "b".to_owned()]))
        .ratio(0.5)
        .config(demo::ConfigInput::default().enabled(false))
        .send()
        .await
        .expect("call");
    let r = only_request(&server);
    assert_eq!(r.method, "POST");
    let pairs = r.query_pairs();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("WidgetId.1"), Some("w-1"));
    assert_eq!(get("Tag.1.Key"), Some("env"));
    assert_eq!(get("Tag.1.Value"), Some("prod"));
    assert_eq!(get("Tag.2.Key"), Some("team"));
    assert_eq!(get("Scope.1.Namespaces.2"), Some("b"));
    assert_eq!(get("Ratio"), None, "form parameters stay out of the query");
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form = String::from_utf8(r.body.clone()).expect("UTF-8 body");
    assert_eq!(form, "Ratio=0.5&Config=%7B%22Enabled%22%3Afalse%7D");
    let body_sha = sign::sha256_hex(&r.body);
    assert_eq!(r.header("x-acs-content-sha256"), Some(body_sha.as_str()));
    let auth =
        sign::acs3::parse_authorization(r.header("authorization").expect("signed")).expect("ACS3");
    assert!(auth.signed_headers.iter().any(|h| h == "content-type"));
    let canonical = sign::acs3::canonical_request(
        &r.method,
        &r.path,
        &r.query_pairs(),
        &r.headers,
        &auth.signed_headers,
        &body_sha,
    );
    let expected = sign::acs3::signature(SECRET, &sign::acs3::string_to_sign(&canonical));
    assert_eq!(auth.signature, expected);
    // The response's map, arbitrary JSON and recursive shape.
    assert_eq!(out.counts.as_ref().and_then(|c| c.get("w-1")), Some(&2));
    assert_eq!(
        out.raw.as_ref().map(|v| v["a"][2].clone()),
        Some(serde_json::json!(16.5))
    );
    let tree = out.tree.expect("Tree");
    let grandparent = tree.parent.and_then(|p| p.parent).expect("two levels up");
    assert_eq!(grandparent.name.as_deref(), Some("root"));
    assert_eq!(tree.children.map(|c| c.len()), Some(2));
}
