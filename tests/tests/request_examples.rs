//! Every `request_examples` entry of every spec, driven by the registry: the documented input, decoded
//! from its wire-named JSON into the operation's input, passes the checks and puts exactly the documented
//! query and form pairs on the wire, in order, and for a RESTful operation exactly its path, body and
//! headers (no content type without a body). A new operation's examples are covered by its YAML alone.

use acs_runtime::{CallConfig, Client, Credentials, Method};
use acs_tests::{RequestExample, operation, request_examples, workspace_root};

fn client() -> Client {
    Client::builder()
        .credentials(Credentials::new("LTAI-test", "secret"))
        .endpoint("http://127.0.0.1:9")
        .build()
        .expect("client")
}

type Pairs = Vec<(String, String)>;

/// What `example`'s input puts on the wire: `(query, form)`, the client's own idempotency token left out.
async fn wire_pairs(example: &RequestExample) -> (Method, Pairs, Pairs) {
    let (method, prepared, query) = wire(example).await;
    (method, query, prepared.form)
}

/// The request `example`'s input gives, and its query without the client's own idempotency token.
async fn wire(example: &RequestExample) -> (Method, acs_runtime::PreparedRequest, Pairs) {
    let info = operation(&example.module, &example.action);
    let json = serde_json::to_string(&example.spec.input).expect("the input is JSON");
    let mut input = (info.new_input)();
    acs_runtime::codec::decode_into(&json, &mut *input)
        .unwrap_or_else(|e| panic!("{}: the input does not decode: {e}", example.action));
    let prepared = client()
        .prepare(info, &mut *input, &CallConfig::default())
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", example.action));
    let given = |k: &str| json.contains(&format!("\"{k}\""));
    // The idempotency tokens under the spec's names (`ClientToken`, Elasticsearch's `clientToken`).
    let tokens: Vec<&str> = input
        .fields()
        .iter()
        .filter(|f| f.idempotency_token)
        .map(|f| f.name)
        .collect();
    let query = prepared
        .query
        .iter()
        .filter(|(k, _)| !tokens.contains(&k.as_str()) || given(k))
        .cloned()
        .collect();
    (info.method, prepared, query)
}

#[tokio::test]
async fn every_documented_input_gives_exactly_its_pairs() {
    let mut seen = 0;
    for tree in ["specs", "tests/fixtures/specs"] {
        for example in request_examples(&workspace_root().join(tree)) {
            let (_, prepared, query) = wire(&example).await;
            let name = format!(
                "{}::{} ({})",
                example.module, example.action, example.spec.title
            );
            let spec = &example.spec;
            assert_eq!(query, spec.query, "{name}: query pairs");
            assert_eq!(prepared.form, spec.form, "{name}: form pairs");
            assert_eq!(
                prepared.path,
                spec.path.as_deref().unwrap_or("/"),
                "{name}: path"
            );
            assert_eq!(prepared.body, spec.body, "{name}: body");
            for (header, value) in &spec.headers {
                let sent = prepared.headers.iter().find(|(k, _)| k == header);
                assert_eq!(
                    sent.map(|(_, v)| v.as_str()),
                    Some(value.as_str()),
                    "{name}: header {header}"
                );
            }
            // Unless the example pins one: Log Service's gateway always sends `application/json`.
            let pinned = spec.headers.iter().any(|(k, _)| k == "content-type");
            if spec.body.is_none() && spec.form.is_empty() && !pinned {
                let typed = prepared.headers.iter().any(|(k, _)| k == "content-type");
                assert!(
                    !typed,
                    "{name}: a request without a body has no content type"
                );
            }
            seen += 1;
        }
    }
    assert!(seen >= 2, "only {seen} request examples");
}

#[tokio::test]
async fn a_get_operation_sends_no_body() {
    let example = request_examples(&workspace_root().join("tests/fixtures/specs"))
        .into_iter()
        .find(|e| e.action == "GetWidget")
        .expect("the GET fixture");
    let (method, query, form) = wire_pairs(&example).await;
    assert_eq!(method, Method::Get);
    assert!(form.is_empty());
    assert_eq!(query.len(), 3);
}

#[tokio::test]
async fn documented_limits_are_checked_with_the_parameter_path() {
    let info = operation("demo", "TagWidgets");
    let json = r#"{"WidgetId": ["a", "b", "c", "d"], "Tag": [{"Key": "k"}, {"Value": "v"}],
        "Scope": [{"Namespaces": ["x"]}], "Note": "seventeen letters", "Ratio": 3,
        "Config": {"Level": 1}}"#;
    let mut input = (info.new_input)();
    acs_runtime::codec::decode_into(json, &mut *input).expect("decodes");
    let e = client()
        .prepare(info, &mut *input, &CallConfig::default())
        .await
        .expect_err("invalid");
    assert_eq!(e.kind(), acs_runtime::ErrorKind::Validation);
    assert_eq!(e.operation(), Some("TagWidgets"));
    assert_eq!(
        e.problems(),
        [
            "RegionId is required",
            "number of items of WidgetId must be between 1 and 3 (got 4)",
            "Tag.2.Key is required",
            "length of Note must be at most 16 (got 17)",
            "Ratio must be between 0 and 2.5 (got 3)",
            "Config.Enabled is required",
        ]
    );
}

#[tokio::test]
async fn an_input_that_does_not_fit_names_the_json_path() {
    let info = operation("demo", "TagWidgets");
    let mut input = (info.new_input)();
    let e =
        acs_runtime::codec::decode_into(r#"{"Tag": [{"Key": "k"}, {"Key": ["x"]}]}"#, &mut *input)
            .expect_err("a list where a string goes");
    assert_eq!(e.path(), "Tag[1].Key");
}
