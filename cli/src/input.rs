//! The request's parameters: `--input` read from the argument itself, a file (`@path`) or standard input
//! (`-`), never more than [`MAX_INPUT_BYTES`] (a request's parameters are small; a huge file named by
//! mistake must not be read into memory whole), then decoded into the operation's input type by wire
//! name. Input that does not parse, does not fit a field's type, or names a parameter the operation does
//! not have is refused with the JSON path of the offending value: a misspelt parameter must not silently
//! turn into a request without it.

use std::io::Read;

use acs_runtime::OperationInfo;
use acs_runtime::codec::{self, Shape};
use serde_json::Value;

use crate::failure::Failure;

/// The most `--input` reads, from a file or standard input: 16 MiB, far above any request's
/// parameters (Alibaba's gateways refuse much smaller requests).
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// The JSON text `--input` stands for: `-` is standard input, `@path` a file, anything else itself.
pub fn read(arg: &str) -> Result<String, Failure> {
    if arg == "-" {
        let what = "standard input";
        let bytes = bounded(std::io::stdin().lock(), MAX_INPUT_BYTES, what)?;
        return utf8(bytes, what);
    }
    if let Some(path) = arg.strip_prefix('@') {
        if path.is_empty() {
            return Err(Failure::Usage(
                "--input @ needs a file name: --input @request.json".to_owned(),
            ));
        }
        let what = format!("file `{path}`");
        let cannot = |e: std::io::Error| Failure::Usage(format!("cannot read --input {what}: {e}"));
        let file = std::fs::File::open(path).map_err(cannot)?;
        // A regular file says its size up front: refused without reading a byte.
        if let Ok(meta) = file.metadata()
            && meta.is_file()
            && meta.len() > MAX_INPUT_BYTES
        {
            return Err(too_large(&what, MAX_INPUT_BYTES));
        }
        let bytes = bounded(file, MAX_INPUT_BYTES, &what)?;
        return utf8(bytes, &what);
    }
    Ok(arg.to_owned())
}

/// Everything `reader` gives, refused as soon as it goes past `limit` bytes (at most one byte past it
/// is read), so a pipe that never ends costs no more than the limit.
fn bounded(reader: impl Read, limit: u64, what: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Usage(format!("cannot read --input {what}: {e}")))?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(too_large(what, limit));
    }
    Ok(bytes)
}

fn too_large(what: &str, limit: u64) -> Failure {
    const MIB: u64 = 1024 * 1024;
    let size = if limit >= MIB && limit.is_multiple_of(MIB) {
        format!("{} MiB", limit / MIB)
    } else {
        format!("{limit} bytes")
    };
    Failure::Usage(format!(
        "--input {what} is larger than {size}, the most acs reads for a request's parameters"
    ))
}

fn utf8(bytes: Vec<u8>, what: &str) -> Result<String, Failure> {
    String::from_utf8(bytes)
        .map_err(|e| Failure::Usage(format!("--input {what} is not UTF-8 text: {e}")))
}

/// A new input of `info`, filled from the JSON object `text` (wire names, e.g. `{"DtsJobId": "..."}`).
/// The codec takes the official SDKs' forms too (a dotted group as an object, a comma-joined `simple`
/// list) and refuses a key the operation does not have, with its path and the closest names.
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
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use acs_runtime::codec::View;

    fn restore_tasks() -> &'static OperationInfo {
        crate::catalog::find("dbs", "DescribeRestoreTaskList").expect("in the catalogue")
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
                "at BackupPlanID: no member named `BackupPlanID`; did you mean `BackupPlanId`?"
            ),
            "{e}"
        );
        let e = error(r#"{"Nothing": 1}"#);
        assert!(e.contains("known: BackupPlanId, RestoreTaskId"), "{e}");
    }

    #[test]
    fn official_sdk_forms_are_accepted() {
        // A comma-joined `simple` list, as the official SDK sends and takes it.
        let input =
            decode(restore_tasks(), r#"{"RestoreTaskId": "s102h7rf5anq,s2"}"#).expect("decodes");
        assert_eq!(
            codec::to_json(View::Shape(&*input)),
            r#"{"RestoreTaskId":["s102h7rf5anq","s2"]}"#
        );
        // A parameter documented with a dotted name, given as a nested object.
        let info = crate::catalog::find("dts", "ConfigureMigrationJob").expect("in the catalogue");
        let nested = decode(
            info,
            r#"{"SourceEndpoint": {"InstanceType": "RDS", "IP": "10.0.0.1"}, "MigrationMode": {"DataIntialization": true}}"#,
        )
        .expect("nested form decodes");
        let flat = decode(
            info,
            r#"{"SourceEndpoint.InstanceType": "RDS", "SourceEndpoint.IP": "10.0.0.1", "MigrationMode.DataIntialization": true}"#,
        )
        .expect("dotted form decodes");
        assert_eq!(
            codec::to_json(View::Shape(&*nested)),
            codec::to_json(View::Shape(&*flat))
        );
        let e = match decode(info, r#"{"SourceEndpoint": {"Ip": "10.0.0.1"}}"#) {
            Ok(_) => panic!("a misspelt member was accepted"),
            Err(e) => e.to_string(),
        };
        assert!(
            e.contains("at SourceEndpoint.Ip:") && e.contains("did you mean `SourceEndpoint.IP`?"),
            "{e}"
        );
    }

    #[test]
    fn unknown_keys_are_found_inside_objects_and_lists() {
        // The codec refuses undeclared keys at any depth when it decodes input; a response type with an
        // object holding a list of objects shows the path.
        let mut out = (restore_tasks().new_output)();
        let text = r#"{"Items": {"RestoreTaskDetail": [{"RestoreStatus": "a"}, {"RestoreStatuss": "b"}]}}"#;
        let e = codec::decode_into(text, &mut *out).unwrap_err();
        assert_eq!(e.path(), "Items.RestoreTaskDetail[1].RestoreStatuss");
        assert!(e.message().contains("did you mean `RestoreStatus`?"), "{e}");
        let fine = r#"{"Items": {"RestoreTaskDetail": [{"RestoreStatus": "a"}]}, "PageNum": null}"#;
        let mut out = (restore_tasks().new_output)();
        codec::decode_into(fine, &mut *out).expect("all known");
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

    #[test]
    fn input_is_bounded_and_read_no_further() {
        // An endless reader: only a bounded read ends.
        let e = bounded(std::io::repeat(b' '), 1024, "standard input").unwrap_err();
        assert_eq!(e.status(), 2);
        assert!(e.to_string().contains("larger than 1024 bytes"), "{e}");
        let mut source = std::io::Cursor::new(vec![b'x'; 5000]);
        assert!(bounded(&mut source, 100, "x").is_err());
        assert_eq!(source.position(), 101, "one byte past the limit, no more");
        let fits = bounded(&b"{}"[..], 2, "x").expect("at the limit");
        assert_eq!(fits, b"{}");
        assert_eq!(MAX_INPUT_BYTES, 16 * 1024 * 1024);
    }
}
