//! The operations the emulator serves, read from the spec tree with codegen's loader: one entry per
//! operation with its product, API version, spec (with the product's shapes and enums) and documented
//! example answer.

use std::path::Path;
use std::sync::Arc;

use acs_codegen::spec::model::{ExampleFormat, OperationSpec, ProductSpec};
use acs_codegen::spec::samples::SpecNames;
use serde_json::Value;

use crate::api_error::{self, ApiError};
use crate::error::Error;
use crate::scenario::Scenario;

/// One servable operation.
#[derive(Clone, Debug)]
pub(crate) struct Operation {
    /// Alibaba's product code, such as `Dbs`.
    pub(crate) product: String,
    /// The API version, such as `2019-03-06`.
    pub(crate) version: String,
    /// The operation as its spec file says.
    pub(crate) spec: OperationSpec,
    /// The product's spec, shared by its operations: its shapes and enums are the operation's too.
    pub(crate) product_spec: Arc<ProductSpec>,
    /// The first JSON example's body, or an empty object when the spec documents none.
    pub(crate) example: Value,
}

impl Operation {
    /// The shapes and enums the operation sees: its own, then its product's.
    pub(crate) fn names(&self) -> SpecNames<'_> {
        SpecNames {
            product: &self.product_spec,
            operation: &self.spec,
        }
    }
}

/// Every operation of a spec tree, looked up by action and version.
#[derive(Clone, Debug, Default)]
pub(crate) struct Catalog {
    operations: Vec<Operation>,
}

impl Catalog {
    /// Loads and checks the specs below `root`, exactly as `cargo xtask gen` does, so the emulator serves
    /// only specs the generator accepts.
    pub(crate) fn load(root: &Path) -> Result<Catalog, Error> {
        let set = acs_codegen::spec::load_dir(root).map_err(|d| Error::Specs(d.to_string()))?;
        acs_codegen::check(&set).map_err(|d| Error::Specs(d.to_string()))?;
        let mut operations = Vec::new();
        for product in &set.products {
            let p = &product.product.spec;
            let product_spec = Arc::new(p.clone());
            for op in &product.operations {
                let example = op
                    .spec
                    .examples
                    .iter()
                    // A success body that fits the response; one marked `unfit` is documentation only,
                    // and with none the answer is `{}` (every response field is optional) plus its RequestId.
                    .filter(|e| {
                        e.format == ExampleFormat::Json
                            && (200..300).contains(&e.status)
                            && e.unfit.is_none()
                    })
                    .find_map(|e| serde_json::from_str::<Value>(&e.body).ok())
                    .unwrap_or_else(|| Value::Object(serde_json::Map::new()));
                operations.push(Operation {
                    product: p.code.clone(),
                    version: p.version.clone(),
                    spec: op.spec.clone(),
                    product_spec: Arc::clone(&product_spec),
                    example,
                });
            }
        }
        if operations.is_empty() {
            return Err(Error::Specs(format!(
                "no operation found below {}",
                root.display()
            )));
        }
        Ok(Catalog { operations })
    }

    /// The operation named `action` in `version`: `InvalidAction.NotFound` if no product has the action,
    /// `InvalidVersion` if it exists only in other versions.
    pub(crate) fn route(&self, action: &str, version: &str) -> Result<&Operation, ApiError> {
        let mut named = self
            .operations
            .iter()
            .filter(|o| o.spec.name == action)
            .peekable();
        if named.peek().is_none() {
            return Err(api_error::action_not_found());
        }
        named
            .find(|o| o.version == version)
            .ok_or_else(api_error::invalid_version)
    }

    /// Whether some product has an operation named `action`.
    pub(crate) fn has_action(&self, action: &str) -> bool {
        self.operations.iter().any(|o| o.spec.name == action)
    }

    /// Checks that `scenario` can be played for every operation named `action` (a scenario is set by
    /// action name, so it plays for each product that has one).
    pub(crate) fn check_scenario(&self, action: &str, scenario: &Scenario) -> Result<(), Error> {
        if !self.has_action(action) {
            return Err(Error::Scenario(format!("no operation named `{action}`")));
        }
        for o in self.operations.iter().filter(|o| o.spec.name == action) {
            scenario
                .check(&o.spec)
                .map_err(|why| Error::Scenario(format!("{action} ({}): {why}", o.product)))?;
        }
        Ok(())
    }

    /// Every operation, in spec-tree order.
    pub(crate) fn operations(&self) -> &[Operation] {
        &self.operations
    }
}
