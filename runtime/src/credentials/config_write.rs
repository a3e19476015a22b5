//! Writes values back into one profile of the CLI's `config.json`, as `alibabacloud_credentials/provider/
//! cli_profile.py` does after an OAuth renewal (`_update_oauth_tokens`,
//! `_write_configuration_to_file_with_lock`): the file is read again, the profile's keys are set, and the
//! whole document is written to `config.json.tmp-<microseconds>` (created readable by its owner only,
//! then given the file's permissions), then renamed over it, with 4-space indentation like Python's
//! `json.dump(…, indent=4)`.
//!
//! Members keep their order ([`Json`](crate::ordered_json::Json)), so the only change a reader of the
//! file sees is the keys written. One difference: the official code also takes an `flock` on the file around the
//! write; this crate's minimum Rust has no file locks in `std` and it has no dependency for them, so only
//! writers in this process are serialized (a mutex) and the rename keeps the file whole either way.

use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

use super::files::broken;
use crate::error::Error;
pub(crate) use crate::ordered_json::Json;

/// Serializes this process's writers (`self._file_lock` in cli_profile.py).
static WRITING: Mutex<()> = Mutex::new(());

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
