//! The operations the emulator serves, read from the spec tree with codegen's loader: one entry per
//! operation with its product, API version, spec (with the product's shapes and enums), how it travels
//! ([`Dialect`], and a RESTful operation's path [`Template`]) and documented answer.

use std::path::Path;
use std::sync::Arc;

use acs_codegen::spec::model::{OperationSpec, ProductSpec, ProtocolSpec, SignatureSpec};
use acs_codegen::spec::samples::SpecNames;
use serde_json::Value;

use crate::api_error::{self, ApiError};
use crate::documented;
use crate::error::Error;
use crate::restful::template::Template;
use crate::scenario::Scenario;

/// How a product's requests and answers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// RPC: an action at `/`, signed with ACS3 or V1; errors in the gateway's `Code`/`Message` form.
    Rpc,
    /// RESTful (ROA): a method and path per operation, signed with ACS3 or the legacy ROA signature;
    /// errors with lower-case keys (`code`, `message`, `requestId`).
    Roa,
    /// Log Service: RESTful, signed with its `LOG` scheme, the project in the host name; errors as
    /// `errorCode`/`errorMessage` with the request id in `x-log-requestid`.
    Log,
}

/// One servable operation.
#[derive(Clone, Debug)]
pub(crate) struct Operation {
    /// Alibaba's product code, such as `Dbs`.
    pub(crate) product: String,
    /// The product's module, such as `dbs`: with the action, the key of a scenario for this product's
    /// operation alone (`ecs:DescribeInstanceAttribute`), where several products share an action name.
    pub(crate) module: String,
    /// The API version, such as `2019-03-06`.
    pub(crate) version: String,
    /// The operation as its spec file says.
    pub(crate) spec: OperationSpec,
    /// The product's spec, shared by its operations: its shapes and enums are the operation's too.
    pub(crate) product_spec: Arc<ProductSpec>,
    /// How its requests and answers are written.
    pub(crate) dialect: Dialect,
    /// A RESTful operation's path template; `None` for RPC.
    pub(crate) template: Option<Template>,
    /// The documented answer's 2xx status.
    pub(crate) status: u16,
    /// Whether the spec documents an answer (an example), which is sent even when it says nothing.
    pub(crate) documented: bool,
    /// The documented answer as a document (see `crate::documented`): every top-level response field
    /// by name, an empty object when the spec documents none.
    pub(crate) example: Value,
}

impl Operation {
    /// Whether a scenario key (`Action`, or `module:Action`) names this operation.
    pub(crate) fn is_keyed_by(&self, key: &str) -> bool {
        match key.split_once(':') {
            Some((module, action)) => module == self.module && action == self.spec.name,
            None => key == self.spec.name,
        }
    }

    /// The scenario key of this operation alone.
    pub(crate) fn own_key(&self) -> String {
        format!("{}:{}", self.module, self.spec.name)
    }

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
            let dialect = match (p.protocol, p.signature) {
                (_, SignatureSpec::Log) => Dialect::Log,
                (ProtocolSpec::Roa, SignatureSpec::Acs) => Dialect::Roa,
                (ProtocolSpec::Rpc, SignatureSpec::Acs) => Dialect::Rpc,
            };
            for op in &product.operations {
                let template = match (dialect, &op.spec.path) {
                    (Dialect::Rpc, _) => None,
                    (_, Some(path)) => Some(Template::parse(path).map_err(|e| {
                        Error::Specs(format!("{} {}: {e}", p.module, op.spec.name))
                    })?),
                    (_, None) => {
                        return Err(Error::Specs(format!(
                            "{} {}: a RESTful operation needs its `path`",
                            p.module, op.spec.name
                        )));
                    }
                };
                let names = SpecNames {
                    product: p,
                    operation: &op.spec,
                };
                let documented = documented::answer(&op.spec, &names);
                operations.push(Operation {
                    product: p.code.clone(),
                    module: p.module.clone(),
                    version: p.version.clone(),
                    spec: op.spec.clone(),
                    product_spec: Arc::clone(&product_spec),
                    dialect,
                    template,
                    status: documented.status,
                    documented: documented.from_example,
                    example: documented.document,
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

    /// The RPC operation named `action` in `version`: `InvalidAction.NotFound` if no RPC product has the
    /// action, `InvalidVersion` if it exists only in other versions.
    pub(crate) fn route(&self, action: &str, version: &str) -> Result<&Operation, ApiError> {
        let mut named = self
            .operations
            .iter()
            .filter(|o| o.dialect == Dialect::Rpc && o.spec.name == action)
            .peekable();
        if named.peek().is_none() {
            return Err(api_error::action_not_found());
        }
        named
            .find(|o| o.version == version)
            .ok_or_else(api_error::invalid_version)
    }

    /// Checks that `scenario` can be played for every operation its key names: `Action` names the
    /// operation of that name in every product that has one, `module:Action` one product's alone
    /// (products share action names: ECS and Redis both have `DescribeInstanceAttribute`).
    pub(crate) fn check_scenario(&self, key: &str, scenario: &Scenario) -> Result<(), Error> {
        let named: Vec<&Operation> = self
            .operations
            .iter()
            .filter(|o| o.is_keyed_by(key))
            .collect();
        if named.is_empty() {
            return Err(Error::Scenario(format!(
                "no operation named `{key}` (a scenario is keyed by `Action` or `module:Action`)"
            )));
        }
        for o in named {
            scenario
                .check(&o.spec)
                .map_err(|why| Error::Scenario(format!("{key} ({}): {why}", o.product)))?;
        }
        Ok(())
    }

    /// Every operation, in spec-tree order.
    pub(crate) fn operations(&self) -> &[Operation] {
        &self.operations
    }
}
