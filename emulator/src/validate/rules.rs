//! The rules between parameters (`at_most_one`, `at_least_one`, `exactly_one`), answered with the spec's
//! own wording: two of a group that allows one is `InvalidParameter`, none of a group that needs one is
//! `MissingParameter`.

use acs_codegen::spec::model::{ConstraintKind, ConstraintSpec};

use crate::api_error::ApiError;

/// Checks every rule against the names of the parameters that were given (with a value).
pub(crate) fn check(rules: &[ConstraintSpec], given: &[&str]) -> Result<(), ApiError> {
    for rule in rules {
        let present: Vec<&str> = (rule.fields.iter())
            .filter(|name| given.contains(&name.as_str()))
            .map(String::as_str)
            .collect();
        let allows_one = matches!(
            rule.kind,
            ConstraintKind::AtMostOne | ConstraintKind::ExactlyOne
        );
        let needs_one = matches!(
            rule.kind,
            ConstraintKind::AtLeastOne | ConstraintKind::ExactlyOne
        );
        let wording = if rule.description.is_empty() {
            format!("Check the parameters {}.", rule.fields.join(", "))
        } else {
            rule.description.clone()
        };
        if allows_one && present.len() > 1 {
            return Err(ApiError::new(
                400,
                "InvalidParameter",
                format!(
                    "The parameters {} cannot be used together. {wording}",
                    present.join(" and ")
                ),
            ));
        }
        if needs_one && present.is_empty() {
            return Err(ApiError::new(
                400,
                "MissingParameter",
                format!(
                    "One of the parameters {} is required. {wording}",
                    rule.fields.join(", ")
                ),
            ));
        }
    }
    Ok(())
}
