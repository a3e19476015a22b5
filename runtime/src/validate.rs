//! [`Validator`]: collects every problem with an operation's input so one error can list them all before
//! anything is sent.

use std::any::Any;

use crate::error::{Error, ErrorKind};

/// The problems found in one operation's input.
#[derive(Debug, Clone)]
pub struct Validator {
    operation: &'static str,
    problems: Vec<String>,
}

impl Validator {
    /// A validator for `operation` (the API action name, used in the error).
    pub fn new(operation: &'static str) -> Self {
        Validator {
            operation,
            problems: Vec::new(),
        }
    }

    /// Records a problem if a required parameter is missing.
    ///
    /// Missing means `None`, and also an empty (or all-whitespace) `String` or an empty `Vec<String>`: those
    /// are recognised through [`Any`], which is why `T` must be `'static` (every generated field type is).
    /// For borrowed strings use [`Validator::required_str`].
    pub fn required<T: Any>(&mut self, name: &'static str, value: Option<&T>) {
        let missing = match value {
            None => true,
            Some(v) => {
                let v = v as &dyn Any;
                v.downcast_ref::<String>()
                    .is_some_and(|s| s.trim().is_empty())
                    || v.downcast_ref::<Vec<String>>().is_some_and(Vec::is_empty)
            }
        };
        if missing {
            self.problems.push(format!("{name} is required"));
        }
    }

    /// Records a problem if a required string parameter is `None` or empty.
    pub fn required_str(&mut self, name: &'static str, value: Option<&str>) {
        if value.is_none_or(|s| s.trim().is_empty()) {
            self.problems.push(format!("{name} is required"));
        }
    }

    /// Records a problem if a required list parameter is `None` or empty.
    pub fn required_list<T>(&mut self, name: &'static str, value: Option<&[T]>) {
        if value.is_none_or(<[T]>::is_empty) {
            self.problems.push(format!("{name} is required"));
        }
    }

    /// Records a problem if `value` is set and outside `min..=max` (either bound may be absent).
    pub fn range_i64(
        &mut self,
        name: &'static str,
        value: Option<i64>,
        min: Option<i64>,
        max: Option<i64>,
    ) {
        let Some(v) = value else { return };
        if min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) {
            self.problems
                .push(format!("{name} {} (got {v})", bounds(min, max)));
        }
    }

    /// Like [`Validator::range_i64`] for floating-point parameters; NaN is always out of range.
    pub fn range_f64(
        &mut self,
        name: &'static str,
        value: Option<f64>,
        min: Option<f64>,
        max: Option<f64>,
    ) {
        let Some(v) = value else { return };
        if v.is_nan() || min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) {
            self.problems
                .push(format!("{name} {} (got {v})", bounds(min, max)));
        }
    }

    /// Records a problem if a set string's length in characters is outside `min..=max`.
    pub fn length(
        &mut self,
        name: &'static str,
        value: Option<&str>,
        min: Option<usize>,
        max: Option<usize>,
    ) {
        let Some(len) = value.map(|s| s.chars().count()) else {
            return;
        };
        if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
            self.problems
                .push(format!("length of {name} {} (got {len})", bounds(min, max)));
        }
    }

    /// Records a problem if more than one of `names` is set (`bool` = is set). `note` explains the rule and
    /// may be empty.
    pub fn at_most_one(&mut self, names: &[(&'static str, bool)], note: &'static str) {
        let set = set_names(names);
        if set.len() > 1 {
            self.push_group(
                "at most one of",
                names,
                &format!("{} are set", set.join(" and ")),
                note,
            );
        }
    }

    /// Records a problem if none of `names` is set.
    pub fn at_least_one(&mut self, names: &[(&'static str, bool)], note: &'static str) {
        if set_names(names).is_empty() {
            self.push_group("at least one of", names, "none is set", note);
        }
    }

    /// Records a problem unless exactly one of `names` is set.
    pub fn exactly_one(&mut self, names: &[(&'static str, bool)], note: &'static str) {
        let set = set_names(names);
        match set.len() {
            1 => {}
            0 => self.push_group("exactly one of", names, "none is set", note),
            _ => self.push_group(
                "exactly one of",
                names,
                &format!("{} are set", set.join(" and ")),
                note,
            ),
        }
    }

    /// Records a free-form problem.
    pub fn problem(&mut self, text: impl Into<String>) {
        self.problems.push(text.into());
    }

    /// Whether no problem has been recorded.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// `Ok` if nothing was recorded, else one [`ErrorKind::Validation`] error naming the operation and listing
    /// every problem (also available as [`Error::problems`]).
    pub fn finish(self) -> Result<(), Error> {
        if self.problems.is_empty() {
            return Ok(());
        }
        // Display prefixes the operation and "invalid input", so the message is just the problems.
        let message = self.problems.join("; ");
        Err(Error::new(ErrorKind::Validation, message)
            .with_operation(self.operation)
            .with_problems(self.problems))
    }

    fn push_group(&mut self, rule: &str, names: &[(&'static str, bool)], state: &str, note: &str) {
        let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        let mut text = format!("{rule} {} must be set ({state})", all.join(", "));
        if !note.is_empty() {
            text.push_str(": ");
            text.push_str(note);
        }
        self.problems.push(text);
    }
}

fn set_names<'a>(names: &[(&'a str, bool)]) -> Vec<&'a str> {
    names
        .iter()
        .filter(|(_, set)| *set)
        .map(|(n, _)| *n)
        .collect()
}

fn bounds<T: std::fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("must be between {a} and {b}"),
        (Some(a), None) => format!("must be at least {a}"),
        (None, Some(b)) => format!("must be at most {b}"),
        (None, None) => "is out of range".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_when_nothing_wrong() {
        let mut v = Validator::new("Op");
        v.required("A", Some(&"x".to_owned()));
        v.required("N", Some(&3i32));
        v.required_str("S", Some("y"));
        v.range_i64("P", Some(5), Some(1), Some(10));
        v.range_i64("Q", None, Some(1), Some(10));
        v.exactly_one(&[("X", true), ("Y", false)], "");
        v.at_least_one(&[("X", true), ("Y", true)], "");
        v.at_most_one(&[("X", false), ("Y", false)], "");
        v.length("L", Some("中文"), Some(2), Some(2));
        assert!(v.is_ok());
        assert!(v.finish().is_ok());
    }

    #[test]
    fn lists_every_problem() {
        let mut v = Validator::new("DescribePreCheckStatus");
        v.required::<String>("DtsJobId", None);
        v.required("JobCode", Some(&String::new()));
        v.required("Ids", Some(&Vec::<String>::new()));
        v.required_list::<i32>("Nums", Some(&[]));
        v.required_str("Name", Some("  "));
        v.range_i64("PageSize", Some(500), Some(1), Some(100));
        v.range_i64("PageNum", Some(0), Some(1), None);
        v.range_f64("Ratio", Some(f64::NAN), None, Some(1.0));
        v.length("Desc", Some("abc"), None, Some(2));
        v.at_most_one(
            &[("A", true), ("B", true), ("C", false)],
            "A and B conflict",
        );
        v.at_least_one(&[("D", false), ("E", false)], "");
        v.exactly_one(&[("F", true), ("G", true)], "pick one");
        v.exactly_one(&[("H", false), ("I", false)], "");
        let e = v.finish().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert_eq!(e.operation(), Some("DescribePreCheckStatus"));
        let want = [
            "DtsJobId is required",
            "JobCode is required",
            "Ids is required",
            "Nums is required",
            "Name is required",
            "PageSize must be between 1 and 100 (got 500)",
            "PageNum must be at least 1 (got 0)",
            "Ratio must be at most 1 (got NaN)",
            "length of Desc must be at most 2 (got 3)",
            "at most one of A, B, C must be set (A and B are set): A and B conflict",
            "at least one of D, E must be set (none is set)",
            "exactly one of F, G must be set (F and G are set): pick one",
            "exactly one of H, I must be set (none is set)",
        ];
        assert_eq!(e.problems(), want);
        assert_eq!(e.message(), want.join("; "));
        assert_eq!(
            e.to_string(),
            format!("DescribePreCheckStatus: invalid input: {}", want.join("; "))
        );
    }
}
