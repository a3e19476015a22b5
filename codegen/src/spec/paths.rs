//! Dotted paths of wire names into a response (`Items.RestoreTaskDetail`), as paginators and waiters
//! name the places they read: resolved here once for the validator, which reports a bad path, and the
//! lowering, which needs the type found at its end.

use super::model::{FieldSpec, ShapeSpec, TypeName};

/// The field at `path` under `fields`, stepping into objects through `shape`; or why there is none.
pub fn resolve<'a>(
    fields: &'a [FieldSpec],
    path: &str,
    shape: &dyn Fn(&str) -> Option<&'a ShapeSpec>,
) -> Result<&'a FieldSpec, String> {
    let mut here = fields;
    let mut steps = path.split('.').peekable();
    let mut walked = String::new();
    while let Some(step) = steps.next() {
        let Some(field) = here.iter().find(|f| f.name == step) else {
            let inside = if walked.is_empty() {
                "the response".to_owned()
            } else {
                format!("`{walked}`")
            };
            return Err(format!("`{path}`: {inside} has no field `{step}`"));
        };
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(step);
        if steps.peek().is_none() {
            return Ok(field);
        }
        // Through an object, or through a list of objects into its items (the runtime reads the first).
        let inner = match field.ty {
            TypeName::Object => field.shape.as_deref(),
            TypeName::Array => field
                .items
                .as_deref()
                .filter(|i| i.ty == TypeName::Object)
                .and_then(|i| i.shape.as_deref()),
            _ => None,
        };
        here = match inner.and_then(shape) {
            Some(s) => &s.fields,
            None => {
                return Err(format!(
                    "`{path}`: `{walked}` is not an object of a named shape, nor a list of them"
                ));
            }
        };
    }
    Err("an empty path".to_owned())
}
