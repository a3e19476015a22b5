//! The example responses of an API (`responseDemo`, a JSON string holding `[{type, example,
//! errorExample}]`) → the operation's `examples`.
//!
//! The client asks for JSON, so XML examples are left out. `example` is a success body. `errorExample`
//! carries no HTTP status, and in many products it is the success body again: an XML one is left out like
//! XML examples; a JSON one equal to a success example adds nothing; a JSON object without an error code
//! (`Code`/`code` the response does not declare) is another success body. A JSON error body (with such a
//! code) or text that is not JSON is listed in `LEFT_OUT.md`: the tests and the emulator read every JSON
//! example as a success answer, so an error body cannot be an example yet.

use super::errors::status_of;
use super::json::Json;
use super::schema::Converter;
use super::yaml::Node;

/// The examples of `api`, `status` being its success status; `declares_code` says whether the response
/// has a `Code` or `code` field (then a body with one is not an error body by that sign alone).
pub fn examples(
    conv: &mut Converter<'_>,
    api: &Json,
    status: u16,
    declares_code: bool,
) -> Vec<Node> {
    let Some(text) = api
        .get("responseDemo")
        .and_then(Json::as_str)
        .filter(|t| !t.trim().is_empty())
    else {
        return Vec::new();
    };
    let Ok(list) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        conv.error("responseDemo", "not a JSON list of examples");
        return Vec::new();
    };
    let text_of = |demo: &serde_json::Value, key: &str| {
        demo.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let is_json = |demo: &serde_json::Value| {
        demo.get("type").and_then(serde_json::Value::as_str) == Some("json")
    };
    let success = |body: &str| {
        Node::Map(vec![
            ("title".to_owned(), Node::str("Success response")),
            ("format".to_owned(), Node::str("json")),
            ("status".to_owned(), Node::Num(status.to_string())),
            ("body".to_owned(), Node::str(body)),
        ])
    };
    let mut out = Vec::new();
    let mut bodies: Vec<serde_json::Value> = Vec::new();
    for demo in &list {
        let body = text_of(demo, "example");
        if is_json(demo) && !body.trim().is_empty() {
            bodies.extend(serde_json::from_str::<serde_json::Value>(&body).ok());
            out.push(success(&body));
        }
    }
    for (i, demo) in list.iter().enumerate() {
        let body = text_of(demo, "errorExample");
        if body.trim().is_empty() || !is_json(demo) || xml(&body) {
            continue;
        }
        let path = format!("responseDemo[{i}].errorExample");
        let value = match serde_json::from_str::<serde_json::Value>(&body) {
            Ok(v) => v,
            Err(e) => {
                conv.leave_out(&path, format!("the error example is not valid JSON ({e})"));
                continue;
            }
        };
        if bodies.contains(&value) {
            continue;
        }
        let code = ["Code", "code"]
            .iter()
            .find_map(|k| value.get(*k))
            .filter(|_| !declares_code)
            .map(|c| match c {
                serde_json::Value::String(s) => s.trim().to_owned(),
                other => other.to_string(),
            });
        match code {
            None => {
                // Another success body; it is checked against the response like the others.
                let mut node = success(&body);
                node.set(
                    "title",
                    Node::str("Success response (documented as the error example)"),
                );
                bodies.push(value);
                out.push(node);
            }
            Some(code) => {
                let why = match status_of(api.get("errorCodes"), &code) {
                    Some(s) => format!(
                        "an error body for `{code}` (HTTP status {s}); the tests and the emulator read every JSON example as a success answer"
                    ),
                    None => format!(
                        "an error body for `{code}`, a code the operation does not document, so its HTTP status is unknown"
                    ),
                };
                conv.leave_out(&path, why);
            }
        }
    }
    out
}

/// Whether an example is XML: its first line that is not a `//` comment starts with `<`.
fn xml(body: &str) -> bool {
    body.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .is_some_and(|l| l.starts_with('<'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(demo: serde_json::Value, codes: serde_json::Value) -> Json {
        let text = serde_json::to_string(&demo).expect("demo");
        serde_json::from_value(serde_json::json!({"responseDemo": text, "errorCodes": codes}))
            .expect("api")
    }

    #[test]
    fn error_examples_are_success_bodies_or_listed() {
        let codes = serde_json::json!({"400": [{"errorCode": "Bad.Thing"}]});
        let demo = serde_json::json!([
            {"type": "json", "example": "{\"A\": 1}", "errorExample": "{\"A\": 1}"},
            {"type": "json", "example": "", "errorExample": "{\"B\": 2}"},
            {"type": "json", "example": "", "errorExample": "//xml response\n<R/>"},
            {"type": "xml", "example": "<R/>", "errorExample": "<E/>"},
            {"type": "json", "example": "", "errorExample": "{\"Code\": \"Bad.Thing\"}"},
            {"type": "json", "example": "", "errorExample": "{\"code\": \"Other\"}"},
            {"type": "json", "example": "", "errorExample": "{\"A\": 1,}"}
        ]);
        let mut conv = Converter::new("demo", "Op", None);
        let out = examples(&mut conv, &api(demo.clone(), codes.clone()), 200, false);
        let bodies: Vec<&str> = out
            .iter()
            .filter_map(|n| n.get("body").and_then(Node::as_str))
            .collect();
        assert_eq!(bodies, ["{\"A\": 1}", "{\"B\": 2}"]);
        let left: Vec<&str> = conv.left_out.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            left,
            [
                "responseDemo[4].errorExample",
                "responseDemo[5].errorExample",
                "responseDemo[6].errorExample"
            ]
        );
        assert!(conv.left_out[0].1.contains("HTTP status 400"));
        assert!(conv.left_out[1].1.contains("does not document"));
        assert!(conv.left_out[2].1.contains("not valid JSON"));
        // A response that declares `Code` makes a body with one a success body.
        let mut conv = Converter::new("demo", "Op", None);
        let out = examples(&mut conv, &api(demo, codes), 201, true);
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].get("status"), Some(&Node::Num("201".into())));
    }
}
