//! RESTful (ROA) products through the emulator: the generated clients of Container Service (CS) and
//! Elasticsearch, signed with ACS3 and with the legacy ROA signature (`SignatureVersion::V1`), each
//! request checked where it went (method, path, query, body) and each answer decoded; refusals in the
//! RESTful form (lower-case keys) that become typed errors; hand-made requests for what a client would
//! never send (a missing path or body member, a bad body, a replayed nonce, the wrong method); paging a
//! RESTful listing; and Log Service's dialect on a fixture product (`tests/fixtures/restful/`): its `LOG`
//! signature, the project in the host name, routing by a fixed query, header fields and a whole-body
//! answer, errors as `errorCode`/`errorMessage`.

mod support;

use acs_emulator::{Exchange, Paging, Running, Scenario, Step, clock};
use acs_runtime::{Credentials, SignatureVersion};
use acs_sdk::{cs, elasticsearch as es};
use serde_json::{Value, json};
use support::restful::{Log, Roa, http_date};
use support::*;

const CS: &str = "2015-12-15";
const ES: &str = "2017-06-13";

/// The generated client on `emu` signing with `version` (V1 is the legacy ROA signature for RESTful
/// operations), with `secret`.
fn client(emu: &Running, version: SignatureVersion, secret: &str) -> acs_sdk::Client {
    acs_sdk::Client::builder()
        .credentials(Credentials::new(KEY_ID, secret))
        .region("cn-hangzhou")
        .endpoint(emu.url())
        .signature_version(version)
        .max_attempts(1)
        .timeout(CALL_LIMIT)
        .build()
        .expect("client")
}

/// The one exchange the last call made, forgotten afterwards.
fn last(emu: &Running) -> Exchange {
    let x = emu.exchanges().pop().expect("recorded");
    emu.clear_exchanges();
    x
}

/// Checks `x` was signed as `version` asks.
fn signed_as(x: &Exchange, version: SignatureVersion) {
    let auth = x.header("authorization").unwrap_or("");
    match version {
        SignatureVersion::V1 => {
            assert!(auth.starts_with(&format!("acs {KEY_ID}:")), "{auth}");
            assert_eq!(x.header("x-acs-signature-method"), Some("HMAC-SHA1"));
            assert!(x.header("date").is_some());
        }
        _ => assert!(auth.starts_with("ACS3-HMAC-SHA256 Credential="), "{auth}"),
    }
}

fn body_json(x: &Exchange) -> Value {
    serde_json::from_slice(&x.body).expect("a JSON body")
}

#[tokio::test]
async fn container_service_with_both_signatures() {
    let emu = start(config()).await;
    for version in [SignatureVersion::Acs3, SignatureVersion::V1] {
        let cs = client(&emu, version, SECRET).cs();

        let listed = cs
            .describe_clusters_v1()
            .cluster_type("ManagedKubernetes")
            .page_size(10)
            .page_number(2)
            .region_id("cn-hangzhou")
            .send()
            .await
            .expect("DescribeClustersV1");
        let clusters = listed.clusters.expect("the example's clusters");
        assert_eq!(
            clusters[0].cluster_id.as_deref(),
            Some("c3fb96524f9274b4495df0f12a6b5****")
        );
        let x = last(&emu);
        signed_as(&x, version);
        assert_eq!(
            (x.method.as_str(), x.path.as_str()),
            ("GET", "/api/v1/clusters")
        );
        assert_eq!(x.param("page_number"), Some("2"));
        assert_eq!(x.action.as_deref(), Some("DescribeClustersV1"));
        assert!(x.body.is_empty() && x.header("content-type").is_none());

        // A path parameter is encoded whole: its slash and space stay in one segment.
        let detail = cs
            .describe_cluster_detail()
            .cluster_id("c/1 x")
            .send()
            .await
            .expect("DescribeClusterDetail");
        assert!(detail.cluster_id.is_some());
        let x = last(&emu);
        assert_eq!(
            (x.method.as_str(), x.path.as_str()),
            ("GET", "/clusters/c%2F1%20x")
        );

        let created = cs
            .create_cluster()
            .body(
                cs::CreateClusterBody::default()
                    .name("demo")
                    .region_id("cn-beijing"),
            )
            .send()
            .await
            .expect("CreateCluster");
        let x = last(&emu);
        assert_eq!((x.method.as_str(), x.path.as_str()), ("POST", "/clusters"));
        assert_eq!(
            body_json(&x),
            json!({"name": "demo", "region_id": "cn-beijing"})
        );
        assert!(
            x.header("content-type")
                .is_some_and(|c| c.starts_with("application/json"))
        );
        // The response's own request id field carries the fresh id, the header's.
        assert_eq!(created.request_id.as_deref(), x.request_id());

        let deleted = cs
            .delete_cluster()
            .cluster_id("c-1")
            .retain_resources("sg-1")
            .retain_resources("lb-2")
            .send()
            .await
            .expect("DeleteCluster");
        assert!(deleted.task_id.is_some());
        let x = last(&emu);
        assert_eq!(
            (x.method.as_str(), x.path.as_str()),
            ("DELETE", "/clusters/c-1")
        );
        let retained: Value =
            serde_json::from_str(x.param("retain_resources").expect("sent")).unwrap();
        assert_eq!(retained, json!(["sg-1", "lb-2"]));

        let info = cs::CreateClusterNodePoolBodyNodepoolInfo::default().name("pool-1");
        cs.create_cluster_node_pool()
            .cluster_id("c-1")
            .body(cs::CreateClusterNodePoolBody::default().nodepool_info(info))
            .send()
            .await
            .expect("CreateClusterNodePool");
        let x = last(&emu);
        assert_eq!(
            (x.method.as_str(), x.path.as_str()),
            ("POST", "/clusters/c-1/nodepools")
        );
        assert_eq!(body_json(&x), json!({"nodepool_info": {"name": "pool-1"}}));
    }
}

#[tokio::test]
async fn elasticsearch_with_both_signatures() {
    let emu = start(config()).await;
    for version in [SignatureVersion::Acs3, SignatureVersion::V1] {
        let es = client(&emu, version, SECRET).elasticsearch();

        let listed = es
            .list_instance()
            .page(1)
            .size(10)
            .send()
            .await
            .expect("ListInstance");
        assert!(listed.result.is_some_and(|r| !r.is_empty()));
        let x = last(&emu);
        signed_as(&x, version);
        assert_eq!(
            (x.method.as_str(), x.path.as_str()),
            ("GET", "/openapi/instances")
        );
        assert_eq!((x.param("page"), x.param("size")), (Some("1"), Some("10")));

        let network = es::CreateInstanceNetworkConfig::default()
            .r#type("vpc")
            .vpc_id("vpc-1")
            .vswitch_id("vsw-1")
            .vs_area("cn-hangzhou-e");
        let body = es::CreateInstanceBody::default()
            .node_amount(2)
            .es_admin_password("Passw0rd!")
            .es_version("7.10_with_X-Pack")
            .network_config(network);
        let created = es
            .create_instance()
            .client_token("token-1")
            .body(body)
            .send()
            .await;
        let created = created.expect("createInstance");
        let x = last(&emu);
        assert_eq!(x.status, Some(202), "the documented status");
        assert_eq!(
            (x.method.as_str(), x.path.as_str()),
            ("POST", "/openapi/instances")
        );
        assert_eq!(x.param("clientToken"), Some("token-1"));
        assert_eq!(body_json(&x)["networkConfig"]["vpcId"], "vpc-1");
        assert_eq!(body_json(&x)["nodeAmount"], 2);
        assert_eq!(created.request_id.as_deref(), x.request_id());

        let spec = es::CreateInstanceNodeSpec::default().spec("elasticsearch.r5.xlarge");
        es.update_instance()
            .instance_id("es-cn-1")
            .body(es::UpdateInstanceBody::default().node_spec(spec))
            .send()
            .await
            .expect("UpdateInstance");
        let x = last(&emu);
        assert_eq!(
            (x.method.as_str(), x.path.as_str()),
            ("PUT", "/openapi/instances/es-cn-1")
        );
        assert_eq!(
            body_json(&x),
            json!({"nodeSpec": {"spec": "elasticsearch.r5.xlarge"}})
        );

        // A string body travels as its text, not as a JSON string.
        let text = r#"{"restartType":"instance"}"#;
        es.restart_instance()
            .instance_id("es-cn-1")
            .force(true)
            .body(text)
            .send()
            .await
            .expect("RestartInstance");
        let x = last(&emu);
        assert_eq!(x.path, "/openapi/instances/es-cn-1/actions/restart");
        assert_eq!(x.body, text.as_bytes());
        assert_eq!(x.param("force"), Some("true"));
    }
}

#[tokio::test]
async fn a_wrong_signature_is_a_typed_error_from_a_restful_answer() {
    let emu = start(config()).await;
    for version in [SignatureVersion::Acs3, SignatureVersion::V1] {
        let cs = client(&emu, version, "wrong-secret").cs();
        let err = cs
            .describe_cluster_detail()
            .cluster_id("c-1")
            .send()
            .await
            .expect_err("a wrong secret is refused");
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"), "{version:?}");
        assert_eq!(err.http_status(), Some(400));
        let x = last(&emu);
        let answer = x.response_json().expect("JSON");
        assert_eq!(answer["code"], "SignatureDoesNotMatch");
        assert!(answer.get("Code").is_none(), "lower-case keys: {answer}");
        assert_eq!(err.request_id(), answer["requestId"].as_str());
        assert_eq!(err.request_id(), x.request_id());
    }
}

#[tokio::test]
async fn a_scripted_service_error_reaches_the_client_with_code_message_and_request_id() {
    let emu = start(config()).await;
    let not_found = Step::error(
        404,
        "ErrorClusterNotFound",
        "The cluster c-9 does not exist.",
    );
    emu.set_scenario("cs:DescribeClusterDetail", Scenario::steps(vec![not_found]))
        .expect("scenario");
    let cs = client(&emu, SignatureVersion::Acs3, SECRET).cs();
    let err = cs
        .describe_cluster_detail()
        .cluster_id("c-9")
        .send()
        .await
        .expect_err("scripted");
    assert_eq!(err.code(), Some("ErrorClusterNotFound"));
    assert_eq!(err.http_status(), Some(404));
    assert!(
        err.message().contains("The cluster c-9 does not exist."),
        "{err}"
    );
    let x = last(&emu);
    assert!(err.request_id().is_some());
    assert_eq!(err.request_id(), x.request_id());
    assert_eq!(
        x.response_json().expect("JSON")["requestId"].as_str(),
        x.request_id()
    );
    // The steps ran out: the documented answer again.
    cs.describe_cluster_detail()
        .cluster_id("c-9")
        .send()
        .await
        .expect("answered");
}

/// A hand-signed ACS3 request to a RESTful operation.
fn acs3(method: &str, path: &str, action: &str, version: &str, body: Option<&str>) -> Acs3 {
    let mut r = Acs3::new(action, version, &[]);
    (r.method, r.path) = (method.into(), path.into());
    if let Some(body) = body {
        r.body = body.as_bytes().to_vec();
        r.extra_headers = pairs(&[("content-type", "application/json; charset=utf-8")]);
    }
    r
}

#[tokio::test]
async fn missing_and_invalid_members_are_refused_as_the_service_would() {
    let emu = start(config()).await;
    let detail = "DescribeClusterDetail";
    acs3("GET", "/clusters/c-1", detail, CS, None)
        .send(&emu)
        .await
        .assert_status(200);

    // An empty path segment is a missing path parameter.
    let a = acs3(
        "POST",
        "/clusters//nodepools",
        "CreateClusterNodePool",
        CS,
        Some("{}"),
    )
    .send(&emu)
    .await;
    a.assert_roa_error(400, "MissingParameter");
    assert!(
        a.json["message"]
            .as_str()
            .unwrap_or("")
            .contains("\"ClusterId\""),
        "{:#}",
        a.json
    );

    // A required member of the body, at any depth.
    let create = |body: &str| acs3("POST", "/clusters", "CreateCluster", CS, Some(body));
    let a = create(r#"{"region_id":"cn-beijing"}"#).send(&emu).await;
    a.assert_roa_error(400, "MissingParameter");
    assert!(
        a.json["message"]
            .as_str()
            .unwrap_or("")
            .contains("body.name"),
        "{:#}",
        a.json
    );
    let a = create(r#"{"name":"n","region_id":"r","nodepools":[{"nodepool_info":{}}]}"#)
        .send(&emu)
        .await;
    a.assert_roa_error(400, "MissingParameter");
    create(r#"{"name":"n","region_id":"r"}"#)
        .send(&emu)
        .await
        .assert_status(200);

    // A body that is not JSON, a member of the wrong type, a member the body does not declare.
    for body in [
        "{oops",
        r#"{"name":"n","region_id":"r","deletion_protection":"maybe"}"#,
        r#"{"name":"n","region_id":"r","colour":"red"}"#,
    ] {
        create(body)
            .send(&emu)
            .await
            .assert_roa_error(400, "InvalidParameter");
    }
    // A body lacking a required member, or all of them; no body at all (optional here) is fine, and
    // empty lists and nulls are not sent (the official packages write them for every unset list).
    let instance = |body: &str| {
        acs3(
            "POST",
            "/openapi/instances",
            "createInstance",
            ES,
            Some(body),
        )
    };
    let a = instance(r#"{"description":"d"}"#).send(&emu).await;
    a.assert_roa_error(400, "MissingParameter");
    assert!(
        a.json["message"].as_str().unwrap_or("").contains("body."),
        "{:#}",
        a.json
    );
    instance("{}")
        .send(&emu)
        .await
        .assert_roa_error(400, "MissingParameter");
    let none = acs3("POST", "/openapi/instances", "createInstance", ES, None);
    none.send(&emu).await.assert_status(202);
    let full = r#"{"nodeAmount":2,"esAdminPassword":"p","esVersion":"7.10","networkConfig":{"type":"vpc","vpcId":"v","vswitchId":"s","vsArea":"a"}"#;
    let with_empties = format!(r#"{full},"tags":[],"description":null}}"#);
    instance(&with_empties).send(&emu).await.assert_status(202);
}

#[tokio::test]
async fn routing_takes_the_method_path_and_version() {
    let emu = start(config()).await;
    let detail = "DescribeClusterDetail";
    // The action's product is known, so the refusal is in its form.
    acs3("POST", "/clusters/c-1", detail, CS, None)
        .send(&emu)
        .await
        .assert_roa_error(404, "InvalidAction.NotFound");
    acs3("GET", "/clusters/c-1/extra", detail, CS, None)
        .send(&emu)
        .await
        .assert_roa_error(404, "InvalidAction.NotFound");
    acs3("GET", "/clusters/c-1", detail, "2000-01-01", None)
        .send(&emu)
        .await
        .assert_roa_error(400, "InvalidVersion");
    // An action no RESTful product has, and a path no template fits: the gateway's form.
    acs3("GET", "/clusters/c-1", "DescribeNothing", CS, None)
        .send(&emu)
        .await
        .assert_error(404, "InvalidAction.NotFound");
    let mut no_action = acs3("GET", "/nowhere", detail, CS, None);
    no_action.action = String::new();
    no_action
        .send(&emu)
        .await
        .assert_error(404, "InvalidAction.NotFound");
    // V1's signing parameters sign RPC calls only: a RESTful request carrying them is unsigned.
    let url = format!(
        "{}/clusters/c-1?AccessKeyId={KEY_ID}&Signature=x&SignatureMethod=HMAC-SHA1",
        emu.url()
    );
    let headers = pairs(&[("x-acs-action", detail), ("x-acs-version", CS)]);
    send("GET", &url, &headers, Vec::new())
        .await
        .assert_roa_error(400, "MissingAccessKeyId");
}

#[tokio::test]
async fn the_legacy_roa_signature_is_verified_as_strictly_as_acs3() {
    let emu = start(config()).await;
    let ok = Roa::new("GET", "/clusters/c%2F1", "DescribeClusterDetail", CS);
    ok.send(&emu).await.assert_status(200);
    assert_eq!(last(&emu).path, "/clusters/c%2F1");
    // Replayed, with a wrong secret, stale, an unknown key, a token on a long-lived key.
    ok.send(&emu)
        .await
        .assert_roa_error(400, "SignatureNonceUsed");
    let mut wrong = Roa::new("GET", "/clusters/c-1", "DescribeClusterDetail", CS);
    wrong.secret = "wrong".into();
    let a = wrong.send(&emu).await;
    a.assert_roa_error(400, "SignatureDoesNotMatch");
    assert!(
        a.json["message"]
            .as_str()
            .unwrap_or("")
            .contains("/clusters/c-1"),
        "the string to sign"
    );
    let mut stale = Roa::new("GET", "/clusters/c-1", "DescribeClusterDetail", CS);
    stale.date = http_date(clock::now_epoch() - 3600);
    stale
        .send(&emu)
        .await
        .assert_roa_error(400, "InvalidTimeStamp.Expired");
    stale.date = "yesterday".into();
    stale
        .send(&emu)
        .await
        .assert_roa_error(400, "InvalidTimeStamp.Format");
    let mut unknown = Roa::new("GET", "/clusters/c-1", "DescribeClusterDetail", CS);
    unknown.key_id = "LTAI-nobody".into();
    unknown
        .send(&emu)
        .await
        .assert_roa_error(404, "InvalidAccessKeyId.NotFound");
    let mut sts = Roa::new("GET", "/clusters/c-1", "DescribeClusterDetail", CS);
    (sts.key_id, sts.secret, sts.token) =
        (STS_ID.into(), STS_SECRET.into(), Some(STS_TOKEN.into()));
    sts.send(&emu).await.assert_status(200);
    // The query is signed: one changed after signing is refused.
    let mut q = Roa::new("DELETE", "/clusters/c-1", "DeleteCluster", CS);
    q.query = pairs(&[("retain_all_resources", "true")]);
    let headers = q.headers(emu.url().trim_start_matches("http://"));
    let url = format!("{}/clusters/c-1?retain_all_resources=false", emu.url());
    send("DELETE", &url, &headers, Vec::new())
        .await
        .assert_roa_error(400, "SignatureDoesNotMatch");
}

#[tokio::test]
async fn a_restful_listing_pages_by_its_own_parameters() {
    let paging = Paging::new("clusters", 45, "page_number", "page_size")
        .id_field("cluster_id")
        .total_items_field("page_info.total_count")
        .page_number_field("page_info.page_number");
    let emu = start(config().scenario("cs:DescribeClustersV1", Scenario::paged(paging))).await;
    let cs = client(&emu, SignatureVersion::Acs3, SECRET).cs();
    let mut seen = Vec::new();
    for page in 1..=3 {
        let out = cs
            .describe_clusters_v1()
            .page_number(page)
            .page_size(20)
            .send()
            .await
            .expect("page");
        let info = out.page_info.expect("page info");
        assert_eq!(
            (info.total_count, info.page_number),
            (Some(45), Some(page as i32))
        );
        seen.extend(
            out.clusters
                .unwrap_or_default()
                .into_iter()
                .filter_map(|c| c.cluster_id),
        );
    }
    assert_eq!(seen.len(), 45);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 45, "each cluster once");
}

/// The emulator on the Log Service fixture.
async fn logs() -> Running {
    let specs = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/restful");
    start(config().specs_dir(specs)).await
}

#[tokio::test]
async fn log_service_routes_by_path_and_fixed_query_and_answers_headers_and_a_whole_body() {
    let emu = logs().await;
    let mut get_logs = Log::new("GET", "/logstores/my-store", Some("proj"));
    get_logs.query = pairs(&[("type", "log"), ("from", "1"), ("to", "2"), ("line", "5")]);
    get_logs.extra_headers = pairs(&[("x-log-trace", "t-1")]);
    let a = get_logs.send(&emu).await;
    assert_eq!(a.status, 200, "{:#}", a.json);
    assert_eq!(
        a.json[1]["content"], "world",
        "the whole body is the documented array"
    );
    assert_eq!(a.header("x-log-count"), Some("2"));
    assert_eq!(a.header("x-log-progress"), Some("Complete"));
    assert!(a.header("x-log-requestid").is_some());
    let x = last(&emu);
    assert_eq!(x.action.as_deref(), Some("GetLogs"));
    assert!(
        x.header("authorization")
            .is_some_and(|h| h == format!("LOG {KEY_ID}:<redacted>"))
    );

    // The same path without `type=log` is another operation.
    let a = Log::new("GET", "/logstores/my-store", Some("proj"))
        .send(&emu)
        .await;
    assert_eq!(
        (a.status, a.json["ttl"].as_i64()),
        (200, Some(30)),
        "{:#}",
        a.json
    );
    assert_eq!(last(&emu).action.as_deref(), Some("GetLogStore"));

    // A scenario patches header fields and the whole body like any other field.
    let patch = json!({"x-log-progress": "Incomplete", "body": [{"content": "only"}]});
    emu.set_scenario("logfix:GetLogs", Scenario::steps(vec![Step::answer(patch)]))
        .expect("scenario");
    let mut again = get_logs.clone();
    again.date = http_date(clock::now_epoch());
    let a = again.send(&emu).await;
    assert_eq!(
        (a.header("x-log-progress"), a.json.clone()),
        (Some("Incomplete"), json!([{"content": "only"}]))
    );
}

#[tokio::test]
async fn log_service_checks_its_signature_project_and_body() {
    let emu = logs().await;
    let store = r#"{"logstoreName":"s1","ttl":7}"#;
    let mut create = Log::new("POST", "/logstores", Some("proj"));
    create.body = store.as_bytes().to_vec();
    let a = create.send(&emu).await;
    assert_eq!(
        (a.status, a.json.clone()),
        (200, Value::Null),
        "an empty body"
    );

    // The body must be the one whose MD5 was signed.
    let other_md5 = acs_runtime::sign::log::content_md5(b"{}");
    create
        .send_with_md5(&emu, Some(other_md5))
        .await
        .assert_log_error(401, "SignatureNotMatch");
    let mut wrong = create.clone();
    wrong.secret = "wrong".into();
    wrong
        .send(&emu)
        .await
        .assert_log_error(401, "SignatureNotMatch");
    let mut stale = create.clone();
    stale.date = http_date(clock::now_epoch() - 3600);
    stale
        .send(&emu)
        .await
        .assert_log_error(400, "RequestTimeExpired");
    let mut sts = create.clone();
    (sts.key_id, sts.secret, sts.token) =
        (STS_ID.into(), STS_SECRET.into(), Some(STS_TOKEN.into()));
    assert_eq!(sts.send(&emu).await.status, 200);

    // Parameters: the project from the host name, the body's members.
    let mut no_project = create.clone();
    no_project.project = None;
    let a = no_project.send(&emu).await;
    a.assert_log_error(400, "ParameterInvalid");
    assert!(
        a.json["errorMessage"]
            .as_str()
            .unwrap_or("")
            .contains("project"),
        "{:#}",
        a.json
    );
    let mut bad_ttl = create.clone();
    bad_ttl.body = br#"{"logstoreName":"s1","ttl":0}"#.to_vec();
    bad_ttl
        .send(&emu)
        .await
        .assert_log_error(400, "ParameterInvalid");

    // Unsigned, or signed with another scheme: refused in Log Service's form.
    let url = format!("{}/logstores/my-store?type=log&from=1&to=2", emu.url());
    send("GET", &url, &[], Vec::new())
        .await
        .assert_log_error(401, "Unauthorized");
    let mut acs = acs3("GET", "/logstores/my-store", "", "", None);
    acs.query = pairs(&[("from", "1"), ("to", "2")]);
    acs.action = String::new();
    let a = acs
        .send_edited(&emu, |h| {
            h.retain(|(k, _)| k != "x-acs-action" && k != "x-acs-version")
        })
        .await;
    a.assert_log_error(400, "IncompleteSignature");
}
