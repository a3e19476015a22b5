//! What the secrets tests look for: a distinctive AccessKeySecret and SecurityToken made of characters
//! that every encoding changes, all the forms they could be shown in, and a collector of everything an
//! error shows (Display, Debug, accessors, the whole source chain).

use acs_runtime::sign::percent_encode;
use acs_runtime::{Credentials, Error};

/// Printable ASCII without spaces (what `Credentials` accepts), with `+`, `/`, `=` and `~` so that the
/// raw, percent-encoded and double-encoded forms all differ.
pub const SECRET: &str = "Sk3y+s3cr3t/Val=Ue~1";
pub const TOKEN: &str = "CAIS+st5/T0kEn=Zz~9q";
/// Someone else's token, which only its key (`SecurityToken=`) can give away.
pub const FOREIGN_TOKEN: &str = "F0RE1GN+t0k/EN=77";

pub fn sts_credentials() -> Credentials {
    Credentials::new("LTAI-leak-test", SECRET).with_security_token(TOKEN)
}

/// Every form `value` could be shown in: raw, JSON-escaped, percent-encoded once and twice, each with
/// upper- and lower-case hex.
pub fn forms(value: &str) -> Vec<String> {
    let once = percent_encode(value);
    let twice = percent_encode(&once);
    let mut all = vec![
        value.to_owned(),
        value.replace('/', "\\/"),
        lower_hex(&once),
        lower_hex(&twice),
        once,
        twice,
    ];
    all.sort();
    all.dedup();
    all
}

fn lower_hex(text: &str) -> String {
    let mut out = String::new();
    let mut left = 0u8;
    for c in text.chars() {
        out.push(if left > 0 { c.to_ascii_lowercase() } else { c });
        left = if c == '%' { 2 } else { left.saturating_sub(1) };
    }
    out
}

/// Everything shown so far.
#[derive(Default)]
pub struct Shown {
    text: String,
    /// How many errors were looked at, so a test can tell it saw what it meant to.
    pub errors: usize,
}

impl Shown {
    /// Records every way `e` can be shown.
    pub fn error(&mut self, e: &Error) {
        self.errors += 1;
        self.text.push_str(&format!("\n{e}\n{e:?}\n{e:#?}\n"));
        let fields = [
            Some(e.message()),
            e.code(),
            e.request_id(),
            e.host_id(),
            e.recommend(),
            e.body_snippet(),
            e.access_denied_detail(),
            e.field(),
        ];
        for f in fields.into_iter().flatten() {
            self.text.push_str(f);
            self.text.push('\n');
        }
        for p in e.problems() {
            self.text.push_str(p);
        }
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            self.text.push_str(&format!("\n{s}\n{s:?}\n"));
            source = s.source();
        }
    }

    /// Records `result`'s error; panics on success, since each scenario is meant to fail.
    pub fn failure<T>(&mut self, what: &str, result: Result<T, Error>) -> Error {
        match result {
            Ok(_) => panic!("{what}: expected an error"),
            Err(e) => {
                self.error(&e);
                e
            }
        }
    }

    pub fn text(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// Asserts that no form of any of `values` was shown.
    pub fn assert_free_of(&self, values: &[&str]) {
        for value in values {
            for form in forms(value) {
                if let Some(at) = self.text.find(&form) {
                    let from = at.saturating_sub(300);
                    let context: String = self.text[from..].chars().take(600).collect();
                    panic!("{form:?} (a form of {value:?}) was shown: ...{context}...");
                }
            }
        }
    }
}
