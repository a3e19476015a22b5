//! The flags of a typed subcommand, one per request parameter of the spec ([`ParamHelp`]): named by the
//! parameter's `flag`, typed by its kind (whole numbers, numbers and booleans are checked by clap before
//! anything runs), repeated for lists, documented by the spec's text rendered for the terminal. Enum
//! flags take a wire value or the SDK variant's name (see `values`), show each value's meaning in
//! `--help` and offer the values to completion; whether a value is documented is checked after parsing
//! (see [`wire_json`]), so `--no-check-values` can still send one the specs do not list yet. What the
//! flags give becomes wire-named JSON merged over `--input`, so the rest of the path (decoding,
//! validation, calling) is exactly `acs call`'s.

use std::ffi::OsStr;

use acs_runtime::OperationInfo;
use acs_runtime::help::{Kind, ParamHelp};
use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::{Map, Number, Value};

use crate::failure::Failure;
use crate::{input, render, values};

/// Flags of the CLI's own on operation subcommands; a parameter whose flag is one of these is offered
/// as `--param-<flag>` instead, so `--region` always means the client's region.
const RESERVED: &[&str] = &[
    "input",
    "profile",
    "region",
    "endpoint",
    "dry-run",
    "all-pages",
    "max-pages",
    "max-wait",
    "interval",
    "output",
    "query",
    values::NO_CHECK,
    "help",
];

/// The argument id of a parameter's flag: its wire name behind a prefix, so a parameter named like one of
/// the CLI's own options (CS's `profile`, offered as `--param-profile`) never shares that option's id.
fn param_id(p: &ParamHelp) -> String {
    format!("param:{}", p.name)
}

/// `--no-check-values`, on every command that sends parameters.
pub fn no_check_arg() -> Arg {
    Arg::new(values::NO_CHECK)
        .long(values::NO_CHECK)
        .action(ArgAction::SetTrue)
        .help("Send enum values and regions the specs do not document instead of refusing them")
}

/// One flag per parameter of `params`, none required: `--input` may supply any of them, and a missing
/// parameter is reported by the input's validation, like `acs call` does.
pub fn param_args(params: &'static [ParamHelp]) -> impl Iterator<Item = Arg> {
    params.iter().map(param_arg)
}

fn param_arg(p: &'static ParamHelp) -> Arg {
    let renamed = RESERVED.contains(&p.flag);
    let long = if renamed {
        format!("param-{}", p.flag)
    } else {
        p.flag.to_owned()
    };
    let doc = render::text(p.doc);
    let first = doc.split("\n\n").next().unwrap_or("");
    let mut short = first.split_whitespace().collect::<Vec<_>>().join(" ");
    if p.required {
        short.push_str(" [required]");
    }
    let mut long_help = doc.clone();
    if let Some(example) = p
        .values
        .iter()
        .find_map(|v| values::name(v).map(|n| (v.value, n)))
    {
        long_help.push_str(&format!(
            "\n\nA value may also be given by its name: --{} {} sends {}. Undocumented values are \
             refused unless --{} is given.",
            p.flag,
            example.1,
            example.0,
            values::NO_CHECK
        ));
    } else if !p.values.is_empty() {
        long_help.push_str(&format!(
            "\n\nUndocumented values are refused unless --{} is given.",
            values::NO_CHECK
        ));
    }
    if p.list {
        long_help.push_str(
            "\n\nRepeat the flag for several values, or give one JSON array (`[\"a\",\"b\"]`).",
        );
    }
    if renamed {
        long_help.push_str(&format!(
            "\n\nNamed --param-{} because --{} is an option of acs itself.",
            p.flag, p.flag
        ));
    }
    let mut arg = Arg::new(param_id(p))
        .long(long)
        .value_name(value_name(p.kind))
        .help(short)
        .long_help(long_help)
        .value_parser(ParamParser { param: p });
    if p.list {
        arg = arg.action(ArgAction::Append);
    } else if p.kind == Kind::Boolean {
        // `--flag` alone means true; `--flag false` still says false.
        arg = arg.num_args(0..=1).default_missing_value("true");
    }
    arg
}

fn value_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "TEXT",
        Kind::Integer => "INT",
        Kind::Number => "NUMBER",
        Kind::Boolean => "BOOL",
        Kind::Timestamp => "TIME",
        Kind::Json => "JSON",
    }
}

/// Checks one flag value against the parameter's kind and turns it into the JSON value it stands for.
#[derive(Clone, Copy)]
struct ParamParser {
    param: &'static ParamHelp,
}

impl TypedValueParser for ParamParser {
    type Value = Value;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<Value, clap::Error> {
        let flag = arg.map_or_else(|| self.param.flag.to_owned(), ToString::to_string);
        let fail = |why: String| {
            clap::Error::raw(
                ErrorKind::ValueValidation,
                format!(
                    "invalid value '{}' for '{flag}': {why}\n",
                    value.to_string_lossy()
                ),
            )
            .with_cmd(cmd)
        };
        let text = value
            .to_str()
            .ok_or_else(|| fail("not UTF-8 text".to_owned()))?;
        // A variant's name stands for its wire value; anything else is checked after parsing.
        let text = values::wire(self.param.values, text);
        // A list flag also takes one JSON array holding several values at once.
        if self.param.list && text.trim_start().starts_with('[') {
            let items: Vec<Value> =
                serde_json::from_str(text).map_err(|e| fail(format!("not a JSON array: {e}")))?;
            return items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) if self.param.kind != Kind::Json => {
                        scalar(self.param.kind, values::wire(self.param.values, &s))
                    }
                    other => json_item(self.param.kind, other),
                })
                .collect::<Result<Vec<Value>, String>>()
                .map(Value::Array)
                .map_err(fail);
        }
        scalar(self.param.kind, text).map_err(fail)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        if self.param.kind == Kind::Boolean {
            return Some(Box::new(
                ["true", "false"].into_iter().map(PossibleValue::new),
            ));
        }
        if self.param.values.is_empty() {
            return None;
        }
        Some(Box::new(values::possible(self.param.values)))
    }
}

/// The JSON value of one command-line word for a value of `kind`.
fn scalar(kind: Kind, text: &str) -> Result<Value, String> {
    match kind {
        // Any text, enums included: whether a value is documented is checked later (`--no-check-values`).
        Kind::Text => Ok(Value::String(text.to_owned())),
        Kind::Integer => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| "not a whole number".to_owned()),
        Kind::Number => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| "not a number".to_owned()),
        Kind::Boolean => match text.trim() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err("must be true or false".to_owned()),
        },
        // Epoch numbers go as numbers, anything else as the text the wire carries.
        Kind::Timestamp => Ok(text
            .trim()
            .parse::<i64>()
            .map_or_else(|_| Value::String(text.to_owned()), Value::from)),
        Kind::Json => serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}")),
    }
}

/// One element of a JSON array given to a list flag, checked against the kind.
fn json_item(kind: Kind, item: Value) -> Result<Value, String> {
    let fits = match kind {
        Kind::Text => item.is_string(),
        Kind::Integer => item.is_i64() || item.is_u64(),
        Kind::Number => item.is_number(),
        Kind::Boolean => item.is_boolean(),
        Kind::Timestamp => item.is_number() || item.is_string(),
        Kind::Json => true,
    };
    if fits {
        Ok(item)
    } else {
        Err(format!(
            "{item} is not a {}",
            value_name(kind).to_lowercase()
        ))
    }
}

/// `--input` (if given) as a JSON object, with every parameter flag given on the command line set over
/// it by wire name: flags win. Enum values, from flags or `--input`, must be documented unless
/// `--no-check-values` is given. The text is what `input::decode` then reads, as for `acs call`.
pub fn wire_json(
    info: &OperationInfo,
    params: &'static [ParamHelp],
    m: &ArgMatches,
) -> Result<String, Failure> {
    let mut object = match m.get_one::<String>("input") {
        Some(arg) => {
            let text = input::read(arg)?;
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(members)) => members,
                // Not JSON, or not an object: decoding says why, with line and column.
                _ => {
                    return Err(input::decode(info, &text).err().unwrap_or_else(|| {
                        Failure::Usage("--input must be a JSON object".to_owned())
                    }));
                }
            }
        }
        None => Map::new(),
    };
    for p in params {
        let Some(mut values) = m.get_many::<Value>(&param_id(p)) else {
            continue;
        };
        let value = if p.list {
            let mut all = Vec::new();
            for v in values {
                match v {
                    Value::Array(items) => all.extend(items.iter().cloned()),
                    other => all.push(other.clone()),
                }
            }
            Value::Array(all)
        } else {
            match values.next_back() {
                Some(v) => v.clone(),
                None => continue,
            }
        };
        object.insert(p.name.to_owned(), value);
    }
    if !crate::client::flag(m, values::NO_CHECK) {
        values::check(params, &object, |p| {
            let flag = if RESERVED.contains(&p.flag) {
                format!("--param-{}", p.flag)
            } else {
                format!("--{}", p.flag)
            };
            format!("{flag} ({})", p.name)
        })?;
    }
    Ok(Value::Object(object).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_checked_and_typed() {
        assert_eq!(scalar(Kind::Integer, "42"), Ok(Value::from(42)));
        assert!(scalar(Kind::Integer, "4.2").is_err());
        assert_eq!(scalar(Kind::Number, "1.5"), Ok(Value::from(1.5)));
        assert!(scalar(Kind::Number, "NaN").is_err());
        assert_eq!(scalar(Kind::Boolean, "false"), Ok(Value::Bool(false)));
        assert!(scalar(Kind::Boolean, "yes").is_err());
        assert_eq!(scalar(Kind::Timestamp, "17"), Ok(Value::from(17)));
        assert_eq!(
            scalar(Kind::Timestamp, "2024-01-01T00:00:00Z"),
            Ok(Value::from("2024-01-01T00:00:00Z"))
        );
        assert_eq!(scalar(Kind::Text, "01"), Ok(Value::from("01")));
        assert!(scalar(Kind::Json, "{").is_err());
        assert_eq!(json_item(Kind::Integer, Value::from(3)), Ok(Value::from(3)));
        assert!(json_item(Kind::Integer, Value::from("x")).is_err());
    }

    #[test]
    fn reserved_flags_are_renamed() {
        static P: ParamHelp = ParamHelp {
            name: "Region",
            flag: "region",
            kind: Kind::Text,
            list: false,
            required: true,
            values: &[],
            doc: "Where.\n\nMore.",
        };
        let arg = param_arg(&P);
        assert_eq!(arg.get_long(), Some("param-region"));
        assert_eq!(
            arg.get_help().map(ToString::to_string).as_deref(),
            Some("Where. [required]")
        );
    }
}
