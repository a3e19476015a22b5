//! The documented values of enum parameters ([`EnumValue`]): what `--help` says about each, the SDK
//! variant names a flag accepts in place of a wire value (`--job-code precheck` sends `01`), and the
//! check that refuses an undocumented value before anything is sent (exit status 2, listing the
//! documented ones), which `--no-check-values` turns off for values a service accepts before its specs
//! say so.

use acs_runtime::help::{EnumValue, ParamHelp};
use clap::builder::PossibleValue;
use heck::ToKebabCase;
use serde_json::{Map, Value};

use crate::failure::Failure;
use crate::render;

/// The flag that sends values (and regions) the specs do not document.
pub const NO_CHECK: &str = "no-check-values";

/// The name a command line gives `v` besides its wire value: its variant in kebab-case (`precheck`,
/// `full-data-migration`), or none when that is the wire value already.
pub fn name(v: &EnumValue) -> Option<String> {
    let name = v.variant.to_kebab_case();
    (!name.is_empty() && name != v.value).then_some(name)
}

/// Letters and digits only, lowercase: how a typed name is compared with a variant's.
fn squash(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The wire value `text` stands for: itself when documented (or unknown), else the value whose variant
/// it names in any case, with or without dashes and underscores, when exactly one does.
pub fn wire<'a>(values: &'a [EnumValue], text: &'a str) -> &'a str {
    if values.iter().any(|v| v.value == text) {
        return text;
    }
    let key = squash(text);
    if key.is_empty() {
        return text;
    }
    let mut named = values.iter().filter(|v| squash(v.variant) == key);
    match (named.next(), named.next()) {
        (Some(v), None) => v.value,
        _ => text,
    }
}

/// The possible values clap shows in `--help` and offers to completion: each wire value with its
/// meaning and, when it has one, the name accepted in its place.
pub fn possible(values: &'static [EnumValue]) -> impl Iterator<Item = PossibleValue> {
    values.iter().map(|v| {
        let meaning = render::line(v.doc);
        let help = match (name(v), meaning.is_empty()) {
            (Some(n), true) => format!("(or {n})"),
            (Some(n), false) => format!("{meaning} (or {n})"),
            (None, _) => meaning,
        };
        let value = PossibleValue::new(v.value);
        if help.is_empty() {
            value
        } else {
            value.help(help)
        }
    })
}

/// Refuses a documented-values parameter of `params` whose value in the wire-named `object` is not
/// documented; `flag` names a parameter as the command line gave it (`--job-code` or `JobCode`).
pub fn check(
    params: &[ParamHelp],
    object: &Map<String, Value>,
    flag: impl Fn(&ParamHelp) -> String,
) -> Result<(), Failure> {
    for p in params.iter().filter(|p| !p.values.is_empty()) {
        let given: Vec<&Value> = match object.get(p.name) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(other) => vec![other],
            None => continue,
        };
        for value in given {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Null => continue,
                other => other.to_string(),
            };
            if !p.values.iter().any(|v| v.value == text) {
                return Err(refused(p, &text, &flag(p)));
            }
        }
    }
    Ok(())
}

/// The error for `text`, not a documented value of `p`.
fn refused(p: &ParamHelp, text: &str, flag: &str) -> Failure {
    let listed: Vec<String> = p
        .values
        .iter()
        .map(|v| match name(v) {
            Some(n) => format!("{} ({n})", v.value),
            None => v.value.to_owned(),
        })
        .collect();
    Failure::Usage(format!(
        "`{text}` is not a documented value of {flag}: expected one of {}; --help says what each \
         means, --{NO_CHECK} sends it anyway",
        listed.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use acs_runtime::help::Kind;

    const JOB_CODE: &[EnumValue] = &[
        EnumValue {
            value: "01",
            variant: "Precheck",
            doc: "**precheck**.",
        },
        EnumValue {
            value: "03",
            variant: "FullDataMigration",
            doc: "",
        },
        EnumValue {
            value: "asc",
            variant: "Asc",
            doc: "ascending",
        },
    ];

    static PARAM: ParamHelp = ParamHelp {
        name: "JobCode",
        flag: "job-code",
        kind: Kind::Text,
        list: true,
        required: false,
        values: JOB_CODE,
        doc: "",
    };

    #[test]
    fn names_stand_for_wire_values() {
        assert_eq!(wire(JOB_CODE, "01"), "01");
        assert_eq!(wire(JOB_CODE, "precheck"), "01");
        assert_eq!(wire(JOB_CODE, "PRECHECK"), "01");
        assert_eq!(wire(JOB_CODE, "full-data-migration"), "03");
        assert_eq!(wire(JOB_CODE, "FullDataMigration"), "03");
        assert_eq!(wire(JOB_CODE, "ascending"), "ascending");
        assert_eq!(wire(JOB_CODE, "--"), "--");
        assert_eq!(name(&JOB_CODE[0]).as_deref(), Some("precheck"));
        assert_eq!(name(&JOB_CODE[2]), None, "the name is the value");
    }

    #[test]
    fn help_gives_meanings_and_names() {
        let shown: Vec<(String, Option<String>)> = possible(JOB_CODE)
            .map(|v| {
                (
                    v.get_name().to_owned(),
                    v.get_help().map(ToString::to_string),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("01".into(), Some("precheck. (or precheck)".into())),
                ("03".into(), Some("(or full-data-migration)".into())),
                ("asc".into(), Some("ascending".into())),
            ]
        );
    }

    #[test]
    fn undocumented_values_are_refused_with_the_documented_ones() {
        let object = |v: Value| {
            let mut m = Map::new();
            m.insert("JobCode".into(), v);
            m
        };
        let flag = |p: &ParamHelp| format!("--{}", p.flag);
        assert!(
            check(
                std::slice::from_ref(&PARAM),
                &object(Value::from("01")),
                flag
            )
            .is_ok()
        );
        assert!(check(std::slice::from_ref(&PARAM), &Map::new(), flag).is_ok());
        let e = check(
            std::slice::from_ref(&PARAM),
            &object(serde_json::json!(["01", "ascending"])),
            flag,
        )
        .unwrap_err();
        assert_eq!(e.status(), 2);
        assert_eq!(
            e.to_string(),
            "`ascending` is not a documented value of --job-code: expected one of 01 (precheck), \
             03 (full-data-migration), asc; --help says what each means, --no-check-values sends it anyway"
        );
        let e = check(std::slice::from_ref(&PARAM), &object(Value::from(1)), flag).unwrap_err();
        assert!(e.to_string().starts_with("`1` is not"), "{e}");
    }
}
