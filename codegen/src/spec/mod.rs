//! The spec layer: what the YAML files say ([`model`]), how they are read ([`load`]), where each key
//! stands ([`locate`]) and what is checked after parsing ([`validate`]). Nothing here knows Rust syntax.

pub mod conform;
pub mod load;
pub mod locate;
pub mod model;
pub mod paths;
pub mod samples;
pub mod validate;
pub mod workflows;

pub use load::{Loaded, ProductFiles, SpecSet, load_dir, load_files};
