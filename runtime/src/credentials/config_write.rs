//! Writes values back into one profile of the CLI's `config.json`, as `alibabacloud_credentials/provider/
//! cli_profile.py` does after an OAuth renewal (`_update_oauth_tokens`,
//! `_write_configuration_to_file_with_lock`): the file is read again, the profile's keys are set, and the
//! whole document is written to `config.json.tmp-<microseconds>` (created readable by its owner only,
//! then given the file's permissions), then renamed over it, with 4-space indentation like Python's
//! `json.dump(…, indent=4)`.
//!
//! Members keep their order (serde_json's `Value` would sort them, and its `preserve_order` feature would
//! change every crate of the workspace that shares it), so the only change a reader of the file sees is
//! the keys written. One difference: the official code also takes an `flock` on the file around the
//! write; this crate's minimum Rust has no file locks in `std` and it has no dependency for them, so only
//! writers in this process are serialized (a mutex) and the rename keeps the file whole either way.

use std::fmt;
use std::path::Path;
use std::sync::Mutex;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Number;

use super::files::broken;
use crate::error::Error;

/// Serializes this process's writers (`self._file_lock` in cli_profile.py).
static WRITING: Mutex<()> = Mutex::new(());

/// A JSON value whose objects keep their members in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_owned())
    }
}

impl From<i64> for Json {
    fn from(n: i64) -> Json {
        Json::Number(n.into())
    }
}

/// Sets `values` in profile `profile` of the `config.json` at `path`. Errors name the file and the
/// profile, never a value.
pub(crate) fn update_profile(
    path: &Path,
    profile: &str,
    values: Vec<(&str, Json)>,
) -> Result<(), Error> {
    let _writing = WRITING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let text = std::fs::read_to_string(path).map_err(|e| {
        broken(
            path,
            format!("cannot be read again to update it: {}", e.kind()),
        )
    })?;
    let mut doc: Json = serde_json::from_str(&text)
        .map_err(|_| broken(path, "is no longer valid JSON; not updated"))?;
    let target = match &mut doc {
        Json::Object(members) => {
            members
                .iter_mut()
                .find(|(k, _)| k == "profiles")
                .and_then(|(_, v)| match v {
                    Json::Array(list) => list.iter_mut().find_map(|p| match p {
                        Json::Object(m)
                            if m.iter()
                                .any(|(k, v)| k == "name" && *v == Json::from(profile)) =>
                        {
                            Some(m)
                        }
                        _ => None,
                    }),
                    _ => None,
                })
        }
        _ => None,
    };
    let Some(members) = target else {
        return Err(broken(
            path,
            format!("no longer has a profile {profile:?}; not updated"),
        ));
    };
    for (key, value) in values {
        match members.iter_mut().find(|(k, _)| k == key) {
            Some(member) => member.1 = value,
            None => members.push((key.to_owned(), value)),
        }
    }
    let mut out = Vec::with_capacity(text.len() + 256);
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    doc.serialize(&mut ser)
        .map_err(|_| broken(path, "could not be serialized; not updated"))?;
    write_replacing(path, &out)
}

/// Writes `bytes` next to `path` and renames the copy over it, keeping `path`'s permissions.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{micros}"));
    let temp = path.with_file_name(name);
    let result = (|| {
        use std::io::Write as _;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // The copy holds secrets: readable by the owner only until it takes the file's permissions.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        broken(path, format!("could not be rewritten: {}", e.kind()))
    })
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) => n.serialize(s),
            Json::String(t) => s.serialize_str(t),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Json, E> {
        Ok(Number::from_f64(n).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members: Vec<(String, Json)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            match members.iter_mut().find(|(key, _)| *key == k) {
                Some(member) => member.1 = v,
                None => members.push((k, v)),
            }
        }
        Ok(Json::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_profile_is_updated_in_place_and_the_rest_kept_in_order() {
        let dir = std::env::temp_dir().join(format!("acs-config-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.json");
        std::fs::write(
            &path,
            r#"{"current":"o","profiles":[{"name":"a","mode":"AK","z":1.5},{"name":"o","mode":"OAuth","oauth_access_token":"old","region_id":"cn-hangzhou"}],"meta_path":""}"#,
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        update_profile(
            &path,
            "o",
            vec![
                ("oauth_access_token", "new".into()),
                ("sts_expiration", 7.into()),
            ],
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: Json = serde_json::from_str(&text).unwrap();
        assert_eq!(
            serde_json::to_string(&doc).unwrap(),
            r#"{"current":"o","profiles":[{"name":"a","mode":"AK","z":1.5},{"name":"o","mode":"OAuth","oauth_access_token":"new","region_id":"cn-hangzhou","sts_expiration":7}],"meta_path":""}"#
        );
        assert!(text.contains("\n    \"current\""), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "the file keeps its permissions");
        }
        let e = update_profile(&path, "gone", vec![("k", "v".into())]).unwrap_err();
        assert!(e.message().contains("no longer has a profile"), "{e}");
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        let _ = std::fs::remove_dir_all(dir);
    }
}
