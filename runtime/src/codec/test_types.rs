//! Hand-written object types in the form the generator emits, for the codec's unit tests.

use super::{Field, Hint, Limits, Shape, Slot};
use crate::{JsonString, Timestamp, TimestampFormat};

/// `{"DBName": ..., "Size": ...}`.
#[derive(Clone, Default)]
pub(crate) struct Db {
    pub(crate) db_name: Option<String>,
    pub(crate) size: Option<i64>,
}

const DB_FIELDS: &[Field] = &[
    Field::new("DBName", "db_name").required(),
    Field::new("Size", "size"),
];

impl Shape for Db {
    fn fields(&self) -> &'static [Field] {
        DB_FIELDS
    }
    fn slot(&self, index: usize) -> Option<&dyn Slot> {
        match index {
            0 => Some(&self.db_name),
            1 => Some(&self.size),
            _ => None,
        }
    }
    fn slot_mut(&mut self, index: usize) -> Option<&mut dyn Slot> {
        match index {
            0 => Some(&mut self.db_name),
            1 => Some(&mut self.size),
            _ => None,
        }
    }
}

crate::shape_impls!(Db);

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

const PAGE: Limits = Limits {
    min: Some(1.0),
    max: Some(100.0),
    ..Limits::NONE
};

const RESP_FIELDS: &[Field] = &[
    Field::new("RequestId", "request_id").limits(&Limits {
        max_length: Some(8),
        ..Limits::NONE
    }),
    Field::new("Total", "total").limits(&PAGE),
    Field::new("Dbs", "dbs").limits(&Limits {
        max_items: Some(3),
        ..Limits::NONE
    }),
    Field::new("DbList", "db_list"),
    Field::new("Created", "created").hint(Hint::Timestamp(TimestampFormat::EpochSeconds)),
    Field::new("Ratio", "ratio"),
    Field::new("Tags", "tags"),
    Field::new("Extra", "extra"),
    Field::new("Parent", "parent"),
];

impl Shape for Resp {
    fn fields(&self) -> &'static [Field] {
        RESP_FIELDS
    }
    fn slot(&self, index: usize) -> Option<&dyn Slot> {
        Some(match index {
            0 => &self.request_id,
            1 => &self.total,
            2 => &self.dbs,
            3 => &self.db_list,
            4 => &self.created,
            5 => &self.ratio,
            6 => &self.tags,
            7 => &self.extra,
            8 => &self.parent,
            _ => return None,
        })
    }
    fn slot_mut(&mut self, index: usize) -> Option<&mut dyn Slot> {
        Some(match index {
            0 => &mut self.request_id,
            1 => &mut self.total,
            2 => &mut self.dbs,
            3 => &mut self.db_list,
            4 => &mut self.created,
            5 => &mut self.ratio,
            6 => &mut self.tags,
            7 => &mut self.extra,
            8 => &mut self.parent,
            _ => return None,
        })
    }
}

crate::shape_impls!(Resp);
