//! The request's parameters: `--input` read from the argument itself, a file (`@path`) or standard input
//! (`-`), then decoded into the operation's input type by wire name. Input that does not parse, does not
//! fit a field's type, or names a parameter the operation does not have is refused with the JSON path of
//! the offending value: a misspelt parameter must not silently turn into a request without it.

use std::io::Read;

use acs_runtime::OperationInfo;
use acs_runtime::codec::{self, Shape, View};
use serde_json::Value;

use crate::failure::Failure;
use crate::lookup::close_matches;

/// The JSON text `--input` stands for: `-` is standard input, `@path` a file, anything else itself.
pub fn read(arg: &str) -> Result<String, Failure> {
    if arg == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Usage(format!("cannot read --input from standard input: {e}")))?;
        return utf8(bytes, "standard input");
    }
    if let Some(path) = arg.strip_prefix('@') {
        if path.is_empty() {
            return Err(Failure::Usage(
                "--input @ needs a file name: --input @request.json".to_owned(),
            ));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| Failure::Usage(format!("cannot read --input file `{path}`: {e}")))?;
        return utf8(bytes, &format!("file `{path}`"));
    }
    Ok(arg.to_owned())
}

fn utf8(bytes: Vec<u8>, what: &str) -> Result<String, Failure> {
    String::from_utf8(bytes)
        .map_err(|e| Failure::Usage(format!("--input {what} is not UTF-8 text: {e}")))
}

/// A new input of `info`, filled from the JSON object `text` (wire names, e.g. `{"DtsJobId": "..."}`).
pub fn decode(info: &OperationInfo, text: &str) -> Result<Box<dyn Shape>, Failure> {
    let bad = |what: String| Failure::Usage(format!("--input for {}: {what}", info.action));
    // serde_json first: it reports syntax errors by line and column, which the codec does not.
    let value: Value =
        serde_json::from_str(text).map_err(|e| bad(format!("not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(bad(
            "must be a JSON object of parameters, e.g. {}".to_owned()
        ));
    }
    let mut input = (info.new_input)();
    codec::decode_into(text, &mut *input)
        .map_err(|e| bad(format!("at {}: {}", e.path(), e.message())))?;
    let mut path = String::new();
    known_keys(&value, View::Shape(&*input), &mut path).map_err(bad)?;
    Ok(input)
}

/// Checks every object key of `value` against the field names of the decoded `view` it produced, through
/// nested objects and lists. Maps and free-form JSON fields take any key and are not entered.
fn known_keys(value: &Value, view: View<'_>, path: &mut String) -> Result<(), String> {
    match (value, view) {
        (Value::Object(members), View::Shape(shape)) => {
            let fields = shape.fields();
            for (key, member) in members {
                let mark = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                let Some(index) = fields.iter().position(|f| f.name == key) else {
                    return Err(unknown(path, key, shape));
                };
                if let Some(inner) = shape.slot(index).and_then(|s| s.view()) {
                    known_keys(member, inner, path)?;
                }
                path.truncate(mark);
            }
            Ok(())
        }
        (Value::Array(items), View::List(list)) => {
            for (i, item) in items.iter().enumerate() {
                let mark = path.len();
                path.push_str(&format!("[{i}]"));
                if let Some(inner) = list.item(i) {
                    known_keys(item, inner, path)?;
                }
                path.truncate(mark);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn unknown(path: &str, key: &str, shape: &dyn Shape) -> String {
    let names: Vec<&str> = shape.fields().iter().map(|f| f.name).collect();
    let hint = match close_matches(key, &names).first() {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("known: {}", names.join(", ")),
    };
    format!("at {path}: no parameter named `{key}`; {hint}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn restore_tasks() -> &'static OperationInfo {
        acs_sdk::registry::find("dbs", "DescribeRestoreTaskList").expect("in the registry")
    }

    fn error(text: &str) -> String {
        match decode(restore_tasks(), text) {
            Ok(_) => panic!("{text} was accepted"),
            Err(f) => {
                assert_eq!(f.status(), 2, "{f}");
                f.to_string()
            }
        }
    }

    #[test]
    fn wire_named_parameters_are_decoded() {
        let input = decode(
            restore_tasks(),
            r#"{"RestoreTaskId": ["a", "b"], "PageSize": "5"}"#,
        )
        .expect("decodes");
        let json = codec::to_json(View::Shape(&*input));
        assert_eq!(json, r#"{"RestoreTaskId":["a","b"],"PageSize":5}"#);
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let e = error("{\"PageSize\": 5,\n}");
        assert!(e.contains("not valid JSON") && e.contains("line 2"), "{e}");
    }

    #[test]
    fn values_that_do_not_fit_name_their_path() {
        assert!(error(r#"{"PageSize": "many"}"#).contains("at PageSize:"));
        assert!(error(r#"{"RestoreTaskId": ["a", {}]}"#).contains("at RestoreTaskId[1]:"));
        assert!(error("[]").contains("must be a JSON object"));
    }

    #[test]
    fn unknown_parameters_are_refused_with_a_suggestion() {
        let e = error(r#"{"BackupPlanID": "x"}"#);
        assert!(
            e.contains(
                "at BackupPlanID: no parameter named `BackupPlanID`; did you mean `BackupPlanId`?"
            ),
            "{e}"
        );
        let e = error(r#"{"Nothing": 1}"#);
        assert!(e.contains("known: BackupPlanId, RestoreTaskId"), "{e}");
    }

    #[test]
    fn unknown_keys_are_found_inside_objects_and_lists() {
        // The real request types have no nested objects yet; the walk is the same for any shape, so a
        // response type with an object holding a list of objects stands in.
        let mut out = (restore_tasks().new_output)();
        let text = r#"{"Items": {"RestoreTaskDetail": [{"RestoreStatus": "a"}, {"RestoreStatuss": "b"}]}}"#;
        codec::decode_into(text, &mut *out).expect("fits");
        let value: Value = serde_json::from_str(text).expect("JSON");
        let mut path = String::new();
        let e = known_keys(&value, View::Shape(&*out), &mut path).unwrap_err();
        assert_eq!(
            e,
            "at Items.RestoreTaskDetail[1].RestoreStatuss: no parameter named `RestoreStatuss`; \
             did you mean `RestoreStatus`?"
        );
        let fine = r#"{"Items": {"RestoreTaskDetail": [{"RestoreStatus": "a"}]}, "PageNum": null}"#;
        let mut out = (restore_tasks().new_output)();
        codec::decode_into(fine, &mut *out).expect("fits");
        let value: Value = serde_json::from_str(fine).expect("JSON");
        known_keys(&value, View::Shape(&*out), &mut String::new()).expect("all known");
    }

    #[test]
    fn read_takes_text_files_and_refuses_missing_ones() {
        assert_eq!(read("{}").expect("inline"), "{}");
        let dir = std::env::temp_dir().join(format!("acs-cli-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("in.json");
        std::fs::write(&file, r#"{"PageSize": 5}"#).expect("write");
        let arg = format!("@{}", file.display());
        assert_eq!(read(&arg).expect("file"), r#"{"PageSize": 5}"#);
        std::fs::write(&file, [0xff, 0xfe]).expect("write");
        assert!(read(&arg).unwrap_err().to_string().contains("not UTF-8"));
        std::fs::remove_dir_all(&dir).expect("clean up");
        assert!(read(&arg).unwrap_err().to_string().contains("cannot read"));
        assert_eq!(read("@").unwrap_err().status(), 2);
    }
}
