//! The documented error codes of an API → the operation's `errors`.
//!
//! Each code becomes a variant of the operation's error-code enum, named by the generator's rule
//! (`InvalidSecurityToken.Expired` → `InvalidSecurityTokenExpired`). The same code listed again (under
//! another HTTP status or message) is one variant whose description says so. A code that gives no variant
//! name, or the name of another code, cannot be typed: it is reported, and kept as a line of the
//! operation's description.

use super::json::Json;
use super::names::usable;
use super::schema::Converter;
use super::text::{clean, paragraphs};
use super::yaml::Node;

/// The variant the generator makes of an error code.
fn variant(code: &str) -> String {
    acs_codegen::ir::lower::error_variant(code)
}

/// The `errors` entries, and lines for the codes that cannot be typed.
pub fn errors(conv: &mut Converter<'_>, codes: Option<&Json>) -> (Vec<Node>, Vec<String>) {
    let mut out: Vec<Node> = Vec::new();
    let mut untyped = Vec::new();
    for (status, list) in codes.map(Json::entries).unwrap_or_default() {
        let Ok(number) = status.parse::<u16>() else {
            conv.error(&format!("errorCodes.{status}"), "not an HTTP status");
            continue;
        };
        for e in list.items() {
            let text = |k: &str| {
                e.get(k)
                    .and_then(Json::as_str)
                    .map(clean)
                    .unwrap_or_default()
            };
            let code = text("errorCode");
            let (message, description) = (text("errorMessage"), text("description"));
            let path = format!("errorCodes.{status}.{code}");
            if code.is_empty() {
                conv.error(&path, "an error without a code");
                continue;
            }
            let name = variant(&code);
            let same = out
                .iter_mut()
                .find(|n| n.get("code").and_then(Node::as_str).map(variant) == Some(name.clone()));
            let untypable = if !usable(&name) || name == "Unknown" {
                Some(format!("`{code}` gives no Rust variant name"))
            } else {
                match same {
                    Some(first)
                        if first.get("code").and_then(Node::as_str) == Some(code.as_str()) =>
                    {
                        also(first, number, &message, &description);
                        None
                    }
                    Some(first) => Some(format!(
                        "`{code}` gives the variant name of `{}`",
                        first.get("code").and_then(Node::as_str).unwrap_or_default()
                    )),
                    None => {
                        out.push(entry(number, &code, &message, &description));
                        None
                    }
                }
            };
            if let Some(why) = untypable {
                conv.unsupported(&path, "errorCode", why);
                let said = paragraphs([message, description]).replace('\n', " ");
                let said = if said.is_empty() {
                    String::new()
                } else {
                    format!(": {said}")
                };
                untyped.push(format!("Error code {code} (HTTP status {number}){said}"));
            }
        }
    }
    (out, untyped)
}

fn entry(status: u16, code: &str, message: &str, description: &str) -> Node {
    let mut entry = vec![
        ("status".to_owned(), Node::Num(status.to_string())),
        ("code".to_owned(), Node::str(code)),
    ];
    if !message.is_empty() {
        entry.push(("message".to_owned(), Node::str(message)));
    }
    if !description.is_empty() {
        entry.push(("description".to_owned(), Node::str(description)));
    }
    Node::Map(entry)
}

/// A code listed again: its description gains what the repeat says that the first listing does not.
fn also(first: &mut Node, status: u16, message: &str, description: &str) {
    let text = |n: &Node, k: &str| {
        n.get(k)
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let same_status = first.get("status") == Some(&Node::Num(status.to_string()));
    if same_status && text(first, "message") == message && text(first, "description") == description
    {
        return;
    }
    let said = paragraphs([message, description]).replace('\n', " ");
    let line = format!("Also documented with HTTP status {status}: {said}");
    let before = text(first, "description");
    first.set("description", Node::Str(paragraphs([before, line])));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_untypable_codes() {
        let codes: Json = serde_json::from_str(
            r#"{"400": [{"errorCode": "Ab.Cd", "errorMessage": "m"}, {"errorCode": "-101", "errorMessage": "bad"}, {"errorCode": "Ab_Cd"}],
                "403": [{"errorCode": "Ab.Cd", "errorMessage": "denied"}, {"errorCode": "Ab.Cd", "errorMessage": "denied"}]}"#,
        )
        .expect("json");
        let mut conv = Converter::new("demo", "Op", None);
        let (out, untyped) = errors(&mut conv, Some(&codes));
        // `-101` is typed by the generator's rule (`CodeMinus101`); `Ab_Cd` would take `Ab.Cd`'s name.
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0].get("description").and_then(Node::as_str),
            Some("Also documented with HTTP status 403: denied")
        );
        assert_eq!(out[1].get("code").and_then(Node::as_str), Some("-101"));
        assert_eq!(untyped, ["Error code Ab_Cd (HTTP status 400)"]);
        let reported: Vec<(&str, Option<&str>)> = conv
            .problems
            .iter()
            .map(|p| (p.path.as_str(), p.construct.as_deref()))
            .collect();
        assert_eq!(reported, [("errorCodes.400.Ab_Cd", Some("errorCode"))]);
    }
}
