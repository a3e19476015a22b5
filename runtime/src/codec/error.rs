//! [`DecodeError`]: why a JSON value does not fit its Rust type, and where (`Items[1].Count`).

use std::fmt;

/// One step of a path into a document.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// A decoding failure with the path of the value it happened at.
///
/// The path is collected while the error travels up through the objects and arrays that contain the
/// value, so building it costs nothing when decoding succeeds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Innermost segment first.
    reversed: Vec<Segment>,
    message: String,
}

impl DecodeError {
    /// An error at the current value.
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError {
            reversed: Vec::new(),
            message: message.into(),
        }
    }

    /// The same error, inside the member `key` of an object.
    pub fn in_key(mut self, key: &str) -> Self {
        self.reversed.push(Segment::Key(key.to_owned()));
        self
    }

    /// The same error, inside the item `index` of an array.
    pub fn in_index(mut self, index: usize) -> Self {
        self.reversed.push(Segment::Index(index));
        self
    }

    /// The path of the failing value, as `Items[1].Count`; `.` for the document itself.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.reversed.iter().rev() {
            match segment {
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        if out.is_empty() {
            out.push('.');
        }
        out
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.reversed.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path(), self.message)
        }
    }
}

impl std::error::Error for DecodeError {}
