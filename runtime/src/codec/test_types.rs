//! Hand-written object types in the form the generator emits, for the codec's unit tests.

use crate::{JsonString, Timestamp};

/// `{"DBName": ..., "Size": ...}`.
#[derive(Clone, Default)]
pub(crate) struct Db {
    pub(crate) db_name: Option<String>,
    pub(crate) size: Option<i64>,
}

crate::shape!(Db, db_name("DBName", required), size("Size"));

/// A response-like type with every kind of field.
#[derive(Clone, Default)]
pub(crate) struct Resp {
    pub(crate) request_id: Option<String>,
    pub(crate) total: Option<i32>,
    pub(crate) dbs: Option<Vec<Db>>,
    pub(crate) db_list: Option<JsonString<Vec<Db>>>,
    pub(crate) created: Option<Timestamp>,
    pub(crate) ratio: Option<f64>,
    pub(crate) tags: Option<std::collections::BTreeMap<String, String>>,
    pub(crate) extra: Option<serde_json::Value>,
    pub(crate) parent: Option<Box<Resp>>,
}

crate::shape!(
    Resp,
    request_id("RequestId", max_length(8)),
    total("Total", min(1.0), max(100.0)),
    dbs("Dbs", max_items(3)),
    db_list("DbList"),
    created("Created", seconds),
    ratio("Ratio"),
    tags("Tags"),
    extra("Extra"),
    parent("Parent"),
);
