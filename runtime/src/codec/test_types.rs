//! Hand-written object types in the form the generator emits, for the codec's unit tests.

use crate::{JsonString, Timestamp};

/// `{"DBName": ..., "Size": ...}`.
pub(crate) struct Db {
    pub(crate) db_name: Option<String>,
    pub(crate) size: Option<i64>,
}

crate::shape!(Db, "DBName db_name required\nSize size", [db_name, size]);

/// A response-like type with every kind of field.
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
    "RequestId request_id max_length=8
Total total min=1 max=100
Dbs dbs max_items=3
DbList db_list
Created created seconds
Ratio ratio
Tags tags
Extra extra
Parent parent",
    [
        request_id, total, dbs, db_list, created, ratio, tags, extra, parent
    ]
);

/// Input with parameters documented under dotted names (DTS's `SourceEndpoint.IP`) and a list sent
/// joined with commas.
pub(crate) struct Dotted {
    pub(crate) ip: Option<String>,
    pub(crate) port: Option<i32>,
    pub(crate) data_initialization: Option<bool>,
    pub(crate) deep: Option<String>,
    pub(crate) ids: Option<Vec<String>>,
    pub(crate) numbers: Option<Vec<i64>>,
    pub(crate) dbs: Option<Vec<Db>>,
}

crate::shape!(
    Dotted,
    "SourceEndpoint.IP ip
SourceEndpoint.Port port
MigrationMode.DataInitialization data_initialization
A.B.C deep
Ids ids simple
Numbers numbers simple
Dbs dbs",
    [ip, port, data_initialization, deep, ids, numbers, dbs]
);
