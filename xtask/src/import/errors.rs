//! The documented error codes of an API → the operation's `errors`.
//!
//! Every code becomes a variant of the operation's error-code enum, named by the generator's rule
//! (`acs_codegen::ir::lower::error_variants`: the code's UpperCamelCase, numbered when an earlier code took
//! the name, `Code` + its position when it has no letters or digits), so every documented code is typed.
//! The same code listed again (under another HTTP status or message) is one entry whose description says
//! so: one wire code, one variant.

use super::json::Json;
use super::schema::Converter;
use super::text::{clean, paragraphs};
use super::yaml::Node;

/// The `errors` entries, in the metadata's order (statuses in the order listed, codes within each).
pub fn errors(conv: &mut Converter<'_>, codes: Option<&Json>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    for (status, list) in codes.map(Json::entries).unwrap_or_default() {
        // A code listed under something that is not an HTTP status (`4003`) has no status to give its
        // entry: it is left out of `errors` and listed in the product's report, not guessed.
        let number = status.trim().parse::<u16>().ok();
        let Some(number) = number.filter(|n| (100..=599).contains(n)) else {
            for e in list.items() {
                let code = e
                    .get("errorCode")
                    .and_then(Json::as_str)
                    .unwrap_or_default();
                conv.leave_out(
                    &format!("errorCodes.{status}.{}", code.trim()),
                    format!("an error code listed under `{status}`, which is not an HTTP status"),
                );
            }
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
            if code.is_empty() {
                conv.error(&format!("errorCodes.{status}"), "an error without a code");
                continue;
            }
            match out
                .iter_mut()
                .find(|n| n.get("code").and_then(Node::as_str) == Some(code.as_str()))
            {
                Some(first) => also(first, number, &message, &description),
                None => out.push(entry(number, &code, &message, &description)),
            }
        }
    }
    out
}

/// The HTTP status the metadata documents for `code` (its first listing), if it lists the code.
pub fn status_of(codes: Option<&Json>, code: &str) -> Option<u16> {
    codes
        .map(Json::entries)
        .unwrap_or_default()
        .iter()
        .find(|(_, list)| {
            list.items().iter().any(|e| {
                e.get("errorCode")
                    .and_then(Json::as_str)
                    .is_some_and(|c| c.trim() == code)
            })
        })
        .and_then(|(status, _)| status.parse().ok())
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
    fn repeated_codes_merge_and_every_code_is_typed() {
        let codes: Json = serde_json::from_str(
            r#"{"400": [{"errorCode": "Ab.Cd", "errorMessage": "m"}, {"errorCode": "-101", "errorMessage": "bad"}, {"errorCode": "Ab_Cd"}, {"errorCode": "..."}],
                "4003": [{"errorCode": "Odd"}],
                "403": [{"errorCode": "Ab.Cd", "errorMessage": "denied"}, {"errorCode": "Ab.Cd", "errorMessage": "denied"}]}"#,
        )
        .expect("json");
        let mut conv = Converter::new("demo", "Op", None);
        let out = errors(&mut conv, Some(&codes));
        let listed: Vec<&str> = out
            .iter()
            .filter_map(|n| n.get("code").and_then(Node::as_str))
            .collect();
        // `Ab_Cd` would take `Ab.Cd`'s variant name: the generator numbers it (`AbCd2`); `...` is `Code4`.
        assert_eq!(listed, ["Ab.Cd", "-101", "Ab_Cd", "..."]);
        assert_eq!(
            out[0].get("description").and_then(Node::as_str),
            Some("Also documented with HTTP status 403: denied")
        );
        assert!(conv.problems.is_empty(), "{:?}", conv.problems);
        assert_eq!(
            conv.left_out,
            [(
                "errorCodes.4003.Odd".to_owned(),
                "an error code listed under `4003`, which is not an HTTP status".to_owned()
            )]
        );
        assert_eq!(status_of(Some(&codes), "Ab_Cd"), Some(400));
        assert_eq!(status_of(Some(&codes), "Nope"), None);
    }
}
