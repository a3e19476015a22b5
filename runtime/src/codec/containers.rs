//! [`Wire`] for lists, maps and boxes, the generic decoder of generated object types
//! ([`decode_shape`]), and [`decode_with_envelope`], which decodes a response body once while noting the
//! top-level keys the runtime needs for errors and tracing (`RequestId`, `Success`, `Code`, ...).

use std::collections::BTreeMap;

use super::{
    DecodeError, Entries, Field, Hint, Items, Reader, Shape, Slot, Style, Token, View, Wire,
};

/// `""` stands for "nothing" in some services' lists and objects, as `null` does.
fn absent(r: &mut Reader<'_>) -> Result<bool, DecodeError> {
    match r.peek()? {
        Token::Null => r.null().map(|()| true),
        Token::String => {
            let s = r.string()?;
            if s.trim().is_empty() {
                Ok(true)
            } else {
                Err(DecodeError::new(format!(
                    "expected a list or an object, found the string {s:?}"
                )))
            }
        }
        _ => Ok(false),
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn decode(r: &mut Reader<'_>, hint: Hint) -> Result<Option<Self>, DecodeError> {
        let mut items = Vec::new();
        let present = decode_list(r, &mut |r| {
            Ok(T::decode(r, hint)?.map(|item| items.push(item)).is_some())
        })?;
        Ok(present.then_some(items))
    }

    fn view(&self) -> View<'_> {
        View::List(self)
    }
}

/// Decodes a list, handing each item to `item`, which answers whether the item was a value (`null` and
/// `""` are not, and are refused). `Ok(false)` when the whole list stands for "absent". What `Vec<T>`
/// and the catalogue's [`crate::dynamic`] lists share, so both read lists the same way.
pub fn decode_list(
    r: &mut Reader<'_>,
    item: &mut dyn FnMut(&mut Reader<'_>) -> Result<bool, DecodeError>,
) -> Result<bool, DecodeError> {
    if absent(r)? {
        return Ok(false);
    }
    if r.peek()? != Token::Array {
        let found = r.peek()?.describe();
        return Err(DecodeError::new(format!(
            "expected an array, found {found}"
        )));
    }
    r.array(&mut |r, _| {
        if item(r)? {
            Ok(())
        } else {
            Err(DecodeError::new("expected a value, found null or \"\""))
        }
    })?;
    Ok(true)
}

impl<T: Wire> Items for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }

    fn item(&self, index: usize) -> Option<View<'_>> {
        self.get(index).map(Wire::view)
    }
}

/// An object with arbitrary keys (`map` in specs). Entries whose value is `null` are left out.
impl<T: Wire> Wire for BTreeMap<String, T> {
    fn decode(r: &mut Reader<'_>, hint: Hint) -> Result<Option<Self>, DecodeError> {
        let mut map = BTreeMap::new();
        let present = decode_map(r, &mut |r, key| {
            if let Some(value) = T::decode(r, hint)? {
                map.insert(key.to_owned(), value);
            }
            Ok(())
        })?;
        Ok(present.then_some(map))
    }

    fn view(&self) -> View<'_> {
        View::Map(self)
    }
}

/// Decodes an object with arbitrary keys, handing each key and its value to `entry`. `Ok(false)` when
/// the whole object stands for "absent". Shared by `BTreeMap<String, T>` and [`crate::dynamic`].
pub fn decode_map(
    r: &mut Reader<'_>,
    entry: &mut dyn FnMut(&mut Reader<'_>, &str) -> Result<(), DecodeError>,
) -> Result<bool, DecodeError> {
    if absent(r)? {
        return Ok(false);
    }
    if r.peek()? != Token::Object {
        let found = r.peek()?.describe();
        return Err(DecodeError::new(format!(
            "expected an object, found {found}"
        )));
    }
    r.object(&mut |r, key| entry(r, key))?;
    Ok(true)
}

impl<T: Wire> Entries for BTreeMap<String, T> {
    fn count(&self) -> usize {
        self.len()
    }

    fn each(&self, each: &mut dyn FnMut(&str, View<'_>)) {
        for (k, v) in self {
            each(k, v.view());
        }
    }
}

/// Every object type decodes and is viewed the same way: written once here, not per generated type.
impl<T: Shape + Default> Wire for T {
    fn decode(r: &mut Reader<'_>, _: Hint) -> Result<Option<Self>, DecodeError> {
        decode_shape(r)
    }

    fn view(&self) -> View<'_> {
        View::Shape(self)
    }
}

/// A boxed object (a shape that contains itself) is that object: so it is also `Wire`.
impl<T: Shape> Shape for Box<T> {
    fn fields(&self) -> &'static [super::Field] {
        (**self).fields()
    }

    fn slots<'s>(&'s self, f: &mut dyn FnMut(&[&'s dyn Slot])) {
        (**self).slots(f)
    }

    fn slots_mut(&mut self, f: &mut dyn FnMut(&mut [&mut dyn Slot])) {
        (**self).slots_mut(f)
    }
}

/// Decodes an object into a generated type: known keys into their fields, unknown keys skipped (services
/// add fields before documenting them), `null` and `""` as absent. Generated `Wire` impls call this.
pub fn decode_shape<T: Shape + Default>(r: &mut Reader<'_>) -> Result<Option<T>, DecodeError> {
    let mut out = T::default();
    Ok(decode_object(r, &mut out)?.then_some(out))
}

/// Decodes an object into `out`, an empty object of any [`Shape`], as [`decode_shape`] does.
/// `Ok(false)` when the value stands for "absent" (`out` is then untouched).
pub fn decode_object(r: &mut Reader<'_>, out: &mut dyn Shape) -> Result<bool, DecodeError> {
    if absent(r)? {
        return Ok(false);
    }
    members(r, out, None)?;
    Ok(true)
}

/// Which field `key` names. Services mostly send members in the documented order, so the field after
/// the previous match is tried first; a miss falls back to a scan of the table.
fn field_index(fields: &[super::Field], key: &str, next: usize) -> Option<usize> {
    if fields.get(next).is_some_and(|f| f.name == key) {
        return Some(next);
    }
    fields.iter().position(|f| f.name == key)
}

/// Told each top-level key and the exact text of its value.
type Seen<'s, 'a> = &'s mut dyn FnMut(&str, &'a str);

/// Decodes the members of an object into `out`, telling `seen` (if any) each key and the exact text of
/// its value.
fn members<'a>(
    r: &mut Reader<'a>,
    out: &mut dyn Shape,
    mut seen: Option<Seen<'_, 'a>>,
) -> Result<(), DecodeError> {
    if r.peek()? != Token::Object {
        let found = r.peek()?.describe();
        return Err(DecodeError::new(format!(
            "expected an object, found {found}"
        )));
    }
    let fields = out.fields();
    // `slots_mut` promises one call; if an implementation broke that, the object would be left unread
    // and the error below says so instead of decoding garbage.
    let mut result = Err(DecodeError::new("the type did not hand out its fields"));
    out.slots_mut(&mut |slots| {
        let mut next = 0;
        result = r.object(&mut |r, key| {
            let start = r.position();
            match field_index(fields, key, next).and_then(|i| Some((i, slots.get_mut(i)?))) {
                Some((i, slot)) => {
                    next = i + 1;
                    decode_field(r, &mut **slot, &fields[i])?;
                }
                None => unmatched(r, fields, slots, key)?,
            }
            if let Some(seen) = seen.as_mut() {
                seen(key, r.text_between(start, r.position()));
            }
            Ok(())
        });
    });
    result
}

/// Decodes one field's value. A `simple` list (sent as one comma-joined parameter) also takes that
/// comma-joined text, the form Alibaba's official SDKs accept for it (`"RestoreTaskId": "a,b"`).
fn decode_field(r: &mut Reader<'_>, slot: &mut dyn Slot, field: &Field) -> Result<(), DecodeError> {
    if field.style != Style::Simple || r.peek()? != Token::String {
        return slot.decode_into(r, field.hint);
    }
    let text = r.string()?;
    if text.trim().is_empty() {
        return slot.decode_into(&mut Reader::new("null"), field.hint);
    }
    // Each piece as it was written (no trimming), so the joined parameter goes out as the caller wrote it.
    let items: Vec<&str> = text.split(',').collect();
    let json = serde_json::to_string(&items)
        .map_err(|e| DecodeError::new(format!("cannot split the list: {e}")))?;
    let mut inner = if r.refuses_unknown_keys() {
        Reader::refusing_unknown_keys(&json)
    } else {
        Reader::new(&json)
    };
    slot.decode_into(&mut inner, field.hint)
}

/// A key that names no field. When fields are named `<key>.<member>` (a parameter documented with a dotted
/// name, `SourceEndpoint.IP`), an object under `key` gives them by member (`"SourceEndpoint": {"IP":
/// ...}`), the form Alibaba's official SDKs take, to any depth. Anything else is skipped, or refused with
/// the closest names when the reader refuses unknown keys.
fn unmatched(
    r: &mut Reader<'_>,
    fields: &'static [Field],
    slots: &mut [&mut dyn Slot],
    key: &str,
) -> Result<(), DecodeError> {
    let grouped = fields.iter().any(|f| {
        f.name.len() > key.len() + 1
            && f.name.starts_with(key)
            && f.name.as_bytes()[key.len()] == b'.'
    });
    if grouped && r.peek()? == Token::Object {
        return r.object(&mut |r, member| {
            let name = format!("{key}.{member}");
            match fields.iter().position(|f| f.name == name) {
                Some(i) => match slots.get_mut(i) {
                    Some(slot) => decode_field(r, &mut **slot, &fields[i]),
                    None => r.skip(),
                },
                None => unmatched(r, fields, slots, &name),
            }
        });
    }
    if r.refuses_unknown_keys() {
        return Err(DecodeError::new(unknown_key(key, fields)));
    }
    r.skip()
}

/// Why `key` is refused: the closest declared names, or all of them (at most 20) when none is close.
fn unknown_key(key: &str, fields: &[Field]) -> String {
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let near = super::names::closest(key, &names, 3);
    if !near.is_empty() {
        let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
        return format!(
            "no member named `{key}`; did you mean {}?",
            near.join(" or ")
        );
    }
    if names.is_empty() {
        return format!("no member named `{key}`; this object has no members");
    }
    let shown = names.len().min(20);
    let more = if names.len() > shown { ", ..." } else { "" };
    format!(
        "no member named `{key}`; known: {}{more}",
        names[..shown].join(", ")
    )
}

/// The top-level keys of a response body that say whether it is an error and which request it was.
pub const ENVELOPE_KEYS: [&str; 15] = [
    "RequestId",
    "requestId",
    "Success",
    "Code",
    "ErrCode",
    "code",
    "Message",
    "ErrMessage",
    "message",
    "HttpStatusCode",
    "HostId",
    "hostId",
    "Recommend",
    "recommend",
    "AccessDeniedDetail",
];

/// The exact JSON text of the envelope keys a body had at its top level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Envelope<'a> {
    entries: Vec<(&'static str, &'a str)>,
}

impl<'a> Envelope<'a> {
    /// The JSON text of `key`'s value, if the body had it (and `key` is one of the envelope keys).
    pub fn raw(&self, key: &str) -> Option<&'a str> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    }

    /// Every captured key and its JSON text, in body order.
    pub fn entries(&self) -> &[(&'static str, &'a str)] {
        &self.entries
    }
}

/// Decodes a whole response body into `out` in one pass, capturing the [`Envelope`] on the way.
pub fn decode_with_envelope<'a>(
    text: &'a str,
    out: &mut dyn Shape,
) -> Result<Envelope<'a>, DecodeError> {
    let mut r = Reader::new(text);
    let mut envelope = Envelope::default();
    members(
        &mut r,
        out,
        Some(&mut |key, raw| {
            if let Some(k) = ENVELOPE_KEYS.iter().find(|k| **k == key) {
                envelope.entries.push((k, raw));
            }
        }),
    )?;
    r.end()?;
    Ok(envelope)
}

/// Decodes a whole JSON object of input into `out`, refusing keys `out` does not declare.
pub(super) fn decode_object_into(text: &str, out: &mut dyn Shape) -> Result<(), DecodeError> {
    let mut r = Reader::refusing_unknown_keys(text);
    members(&mut r, out, None)?;
    r.end()
}
