//! [`Reader`]: a pull parser over one JSON document, the only JSON parser on the response path.
//!
//! Generated types decode straight from it, so a body is parsed once, with no intermediate tree. It is
//! strict about JSON syntax (RFC 8259), bounded in nesting depth (a hostile body cannot exhaust the stack),
//! and cheap on errors' happy path: the path of a failing field is assembled only while an error unwinds.

use std::borrow::Cow;

use super::error::DecodeError;

/// The deepest nesting of arrays and objects a document may have. Alibaba's responses nest about ten
/// levels; the limit only exists so that a hostile body cannot overflow the stack.
pub const MAX_DEPTH: u32 = 128;

/// What the next value is, without consuming it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// `[`.
    Array,
    /// `{`.
    Object,
}

impl Token {
    /// A short name for error messages: `a string`, `an object`, ...
    pub fn describe(self) -> &'static str {
        match self {
            Token::Null => "null",
            Token::Bool => "a boolean",
            Token::Number => "a number",
            Token::String => "a string",
            Token::Array => "an array",
            Token::Object => "an object",
        }
    }
}

/// The end of the run of bytes from `i` that need no attention inside a string: not a quote, a backslash
/// or a control character (or the end of `b`). Eight bytes at a time (a word-wide test, "SWAR"), the last
/// few padded with a harmless byte, and the first byte that needs attention found from the word's mask:
/// string contents are most of a response body, and this loop is most of the time spent reading them.
fn plain_run(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // The high bit of each byte of `w` below `n`, exact for the lowest such byte (a borrow only runs
    // upwards, so a byte below the first flagged one is never flagged wrongly), which is all this needs.
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
    loop {
        let rest = b.get(i..).unwrap_or_default();
        let (w, len) = match rest.first_chunk::<8>() {
            Some(chunk) => (u64::from_le_bytes(*chunk), 8),
            None if rest.is_empty() => return i,
            None => {
                let mut word = [b'a'; 8];
                word[..rest.len()].copy_from_slice(rest);
                (u64::from_le_bytes(word), rest.len())
            }
        };
        let special = below(w ^ (ONES * u64::from(b'"')), 1)
            | below(w ^ (ONES * u64::from(b'\\')), 1)
            | below(w, 0x20);
        if special != 0 {
            return i + (special.trailing_zeros() / 8) as usize;
        }
        i += len;
    }
}

/// A cursor over one JSON text.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: u32,
    strict: bool,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`. Object types decoded from it skip keys they do not declare, as
    /// responses need: services add fields before documenting them.
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            pos: 0,
            depth: 0,
            strict: false,
        }
    }

    /// A reader at the start of `text` whose object types refuse keys they do not declare, with the
    /// key's path: what input written by a person needs, where a misspelt parameter must not silently
    /// turn into a request without it.
    pub fn refusing_unknown_keys(text: &'a str) -> Self {
        Reader {
            strict: true,
            ..Reader::new(text)
        }
    }

    /// Whether object types decoded from this reader refuse keys they do not declare.
    pub fn refuses_unknown_keys(&self) -> bool {
        self.strict
    }

    /// The byte offset of the cursor.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The text between two positions, without leading whitespace: the exact text of a value read between
    /// them.
    pub fn text_between(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default().trim_start()
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn skip_ws(&mut self) {
        // Byte by byte: a word-wide skip was measured slower (callgrind), for the whitespace of JSON
        // comes in short runs (`" : "`, a newline and an indentation) or not at all.
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes().get(self.pos) {
            self.pos += 1;
        }
    }

    fn syntax(&self, what: &str) -> DecodeError {
        DecodeError::new(format!("invalid JSON at byte {}: {what}", self.pos))
    }

    /// The kind of the next value.
    pub fn peek(&mut self) -> Result<Token, DecodeError> {
        self.skip_ws();
        match self.bytes().get(self.pos) {
            Some(b'n') => Ok(Token::Null),
            Some(b't' | b'f') => Ok(Token::Bool),
            Some(b'-' | b'0'..=b'9') => Ok(Token::Number),
            Some(b'"') => Ok(Token::String),
            Some(b'[') => Ok(Token::Array),
            Some(b'{') => Ok(Token::Object),
            Some(_) => Err(self.syntax("expected a value")),
            None => Err(self.syntax("unexpected end of input")),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), DecodeError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.syntax("expected a value"))
        }
    }

    /// Consumes `null`.
    pub fn null(&mut self) -> Result<(), DecodeError> {
        self.skip_ws();
        self.literal("null")
    }

    /// Consumes `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, DecodeError> {
        self.skip_ws();
        if self.bytes().get(self.pos) == Some(&b't') {
            self.literal("true").map(|()| true)
        } else {
            self.literal("false").map(|()| false)
        }
    }

    /// Consumes a number and returns its text exactly as written (validated against JSON's grammar).
    pub fn number(&mut self) -> Result<&'a str, DecodeError> {
        self.skip_ws();
        let start = self.pos;
        let b = self.bytes();
        let mut i = self.pos;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            _ => {
                self.pos = i;
                return Err(self.syntax("expected a digit"));
            }
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            let digits = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == digits {
                self.pos = i;
                return Err(self.syntax("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            let digits = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == digits {
                self.pos = i;
                return Err(self.syntax("expected a digit in the exponent"));
            }
        }
        self.pos = i;
        Ok(&self.text[start..i])
    }

    /// Consumes a string and returns its value, borrowed when it has no escapes.
    pub fn string(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        self.skip_ws();
        if self.bytes().get(self.pos) != Some(&b'"') {
            return Err(self.syntax("expected a string"));
        }
        self.pos += 1;
        let start = self.pos;
        let b = self.bytes();
        // Fast path: no escapes. Quotes and backslashes are ASCII, so every cut is a char boundary.
        let i = plain_run(b, start);
        if b.get(i) == Some(&b'"') {
            self.pos = i + 1;
            return Ok(Cow::Borrowed(&self.text[start..i]));
        }
        let mut out = String::from(&self.text[start..i]);
        self.pos = i;
        loop {
            let Some(&c) = b.get(self.pos) else {
                return Err(self.syntax("unterminated string"));
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                0..=0x1f => return Err(self.syntax("control character in a string")),
                _ => {
                    // Copy the run up to the next quote, backslash or control character at once.
                    let run = self.pos;
                    self.pos = plain_run(b, run);
                    out.push_str(&self.text[run..self.pos]);
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), DecodeError> {
        let Some(&c) = self.bytes().get(self.pos) else {
            return Err(self.syntax("unterminated escape"));
        };
        self.pos += 1;
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    // A high surrogate must be followed by `\u` and a low surrogate.
                    if !self.text[self.pos..].starts_with("\\u") {
                        return Err(self.syntax("unpaired surrogate in a \\u escape"));
                    }
                    self.pos += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.syntax("unpaired surrogate in a \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                char::from_u32(code)
                    .ok_or_else(|| self.syntax("unpaired surrogate in a \\u escape"))?
            }
            _ => return Err(self.syntax("invalid escape")),
        };
        out.push(ch);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, DecodeError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.syntax("expected four hex digits after \\u"))?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.syntax("expected four hex digits"))
    }

    fn enter(&mut self) -> Result<(), DecodeError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.syntax(&format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.pos += 1;
        Ok(())
    }

    /// Consumes an object, calling `member` with each key; `member` must consume the value. An error from
    /// `member` gets the key prepended to its path.
    pub fn object(
        &mut self,
        member: &mut dyn FnMut(&mut Reader<'a>, &str) -> Result<(), DecodeError>,
    ) -> Result<(), DecodeError> {
        self.skip_ws();
        if self.bytes().get(self.pos) != Some(&b'{') {
            return Err(self.syntax("expected an object"));
        }
        self.enter()?;
        self.skip_ws();
        if self.bytes().get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            let key = self.string()?;
            self.skip_ws();
            if self.bytes().get(self.pos) != Some(&b':') {
                return Err(self.syntax("expected `:` after an object key"));
            }
            self.pos += 1;
            member(self, &key).map_err(|e| e.in_key(&key))?;
            self.skip_ws();
            match self.bytes().get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `}` in an object")),
            }
        }
    }

    /// Consumes an array, calling `item` with each index; `item` must consume the value. An error from
    /// `item` gets the index prepended to its path.
    pub fn array(
        &mut self,
        item: &mut dyn FnMut(&mut Reader<'a>, usize) -> Result<(), DecodeError>,
    ) -> Result<(), DecodeError> {
        self.skip_ws();
        if self.bytes().get(self.pos) != Some(&b'[') {
            return Err(self.syntax("expected an array"));
        }
        self.enter()?;
        self.skip_ws();
        if self.bytes().get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        let mut index = 0;
        loop {
            item(self, index).map_err(|e| e.in_index(index))?;
            index += 1;
            self.skip_ws();
            match self.bytes().get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `]` in an array")),
            }
        }
    }

    /// Consumes the next value whatever it is, checking its syntax.
    pub fn skip(&mut self) -> Result<(), DecodeError> {
        match self.peek()? {
            Token::Null => self.null(),
            Token::Bool => self.boolean().map(drop),
            Token::Number => self.number().map(drop),
            Token::String => self.string().map(drop),
            Token::Array => self.array(&mut |r, _| r.skip()),
            Token::Object => self.object(&mut |r, _| r.skip()),
        }
    }

    /// Consumes the next value and returns its exact text.
    pub fn raw(&mut self) -> Result<&'a str, DecodeError> {
        self.skip_ws();
        let start = self.pos;
        self.skip()?;
        Ok(&self.text[start..self.pos])
    }

    /// Checks that nothing but whitespace follows the document.
    pub fn end(&mut self) -> Result<(), DecodeError> {
        self.skip_ws();
        if self.pos == self.text.len() {
            Ok(())
        } else {
            Err(self.syntax("trailing characters after the document"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Result<String, DecodeError> {
        Reader::new(text).string().map(Cow::into_owned)
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(strings(r#""plain""#).unwrap(), "plain");
        assert_eq!(strings(r#""a\"b\\c\/d\n\t""#).unwrap(), "a\"b\\c/d\n\t");
        assert_eq!(
            strings(r#""\u4e2d\u6587 \ud83d\ude00""#).unwrap(),
            "中文 😀"
        );
        assert_eq!(strings("\"中文\"").unwrap(), "中文");
        for bad in [
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83dx""#,
            r#""\x""#,
            r#""\u12""#,
            "\"a\nb\"",
            r#""open"#,
            "\"\\",
        ] {
            assert!(strings(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn specials_are_found_at_every_offset() {
        // The word-wide scan must stop at a quote, backslash or control character wherever it falls.
        for len in 0..20 {
            let plain = "a".repeat(len);
            assert_eq!(strings(&format!("\"{plain}\"")).unwrap(), plain);
            assert_eq!(
                strings(&format!("\"{plain}\\n{plain}\"")).unwrap(),
                format!("{plain}\n{plain}")
            );
            assert!(strings(&format!("\"{plain}\u{1}{plain}\"")).is_err());
            assert!(strings(&format!("\"{plain}\u{1f}\"")).is_err());
            assert_eq!(
                strings(&format!("\"{plain} \u{7f}é\"")).unwrap(),
                format!("{plain} \u{7f}é")
            );
            assert!(strings(&format!("\"{plain}")).is_err());
        }
    }

    #[test]
    fn whitespace_runs_of_every_length_are_skipped() {
        for spaces in 0..20 {
            for tail in ["", "\n", "\t ", "\r\n  "] {
                let text = format!("{}{tail}{}1", " ".repeat(spaces), " ".repeat(spaces % 9));
                let mut r = Reader::new(&text);
                assert_eq!(r.number().unwrap(), "1", "{text:?}");
                r.end().unwrap();
            }
        }
    }

    #[test]
    fn the_word_wide_scan_agrees_with_a_byte_by_byte_one() {
        let reference = |b: &[u8], mut i: usize| {
            while b
                .get(i)
                .is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20)
            {
                i += 1;
            }
            i
        };
        // Every byte value, in every position of a word and of the padded tail, from every start.
        let mut state = 0x1234_5678_9abc_def1_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let mut b: Vec<u8> = (0..len).map(|_| b'a' + (next() % 26) as u8).collect();
            if len > 0 && next() % 4 != 0 {
                let at = (next() % len as u64) as usize;
                b[at] = (next() % 256) as u8;
            }
            for start in 0..=len {
                assert_eq!(
                    plain_run(&b, start),
                    reference(&b, start),
                    "{b:?} from {start}"
                );
            }
        }
    }

    #[test]
    fn numbers_keep_their_text() {
        for ok in [
            "0",
            "-0",
            "16",
            "16.0",
            "-1.5e-3",
            "1E+9",
            "123456789012345678901234567890",
        ] {
            assert_eq!(Reader::new(ok).number().unwrap(), ok);
        }
        for bad in ["01x", "-", "1.", ".5", "1e", "+1"] {
            let mut r = Reader::new(bad);
            let ok = r.number().is_ok() && r.end().is_ok();
            assert!(!ok, "{bad:?} should fail");
        }
    }

    #[test]
    fn skip_checks_syntax_and_depth() {
        let mut r = Reader::new(r#" {"a": [1, {"b": null}, "x", true, false], "c": {}} "#);
        r.skip().unwrap();
        r.end().unwrap();
        for bad in [
            "{\"a\" 1}",
            "[1,]",
            "{,}",
            "[1 2]",
            "{\"a\":1,}",
            "nul",
            "tru",
            "[",
            "{\"a\":",
        ] {
            assert!(Reader::new(bad).skip().is_err(), "{bad:?} should fail");
        }
        let deep = "[".repeat(MAX_DEPTH as usize + 1) + &"]".repeat(MAX_DEPTH as usize + 1);
        let e = Reader::new(&deep).skip().unwrap_err();
        assert!(e.to_string().contains("nested deeper"), "{e}");
        let ok = "[".repeat(MAX_DEPTH as usize) + &"]".repeat(MAX_DEPTH as usize);
        Reader::new(&ok).skip().unwrap();
        assert!(
            Reader::new("1 2")
                .skip()
                .and_then(|()| Reader::new("1 2").end())
                .is_err()
        );
    }

    #[test]
    fn errors_carry_the_path() {
        let mut r = Reader::new(r#"{"Items": [1, {"Count": "x"}]}"#);
        let e = r
            .object(&mut |r, _| {
                r.array(&mut |r, i| {
                    if i == 1 {
                        r.object(&mut |_, _| Err(DecodeError::new("bad count")))
                    } else {
                        r.skip()
                    }
                })
            })
            .unwrap_err();
        assert_eq!(e.path(), "Items[1].Count");
        assert_eq!(e.to_string(), "Items[1].Count: bad count");
    }

    #[test]
    fn raw_returns_exact_text() {
        let mut r = Reader::new(r#"{"a": {"b": [1, 2.50]}, "c": 1}"#);
        let mut raws = Vec::new();
        r.object(&mut |r, k| {
            raws.push((k.to_owned(), r.raw()?.to_owned()));
            Ok(())
        })
        .unwrap();
        assert_eq!(raws[0], ("a".to_owned(), r#"{"b": [1, 2.50]}"#.to_owned()));
        assert_eq!(raws[1], ("c".to_owned(), "1".to_owned()));
    }
}
