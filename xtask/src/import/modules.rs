//! The module a metadata file is imported into: the product code as a Rust module name, and, when the
//! metadata folder holds several versions of the product, the version for every one but the latest.

use std::fs;
use std::path::Path;

use super::json::Json;

/// The module name of a product code: lowercase, every run of characters that are not ASCII letters or
/// digits one `_`, none at either end (`Dts` → `dts`, `R-kvstore` → `r_kvstore`).
pub fn module_of(code: &str) -> String {
    let mut out = String::new();
    for c in code.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// The module of the metadata file `relative` (inside `root`, `metadata/<product>/<version>/api-docs.json`)
/// whose parsed text is `doc`: [`module_of`] its product code; when a newer version of the product sits
/// beside it (a folder whose name sorts after its own and holds an `api-docs.json`), the version's digits
/// are appended, so every version is its own module and the latest keeps the plain name
/// (`ecs_20140526` beside `ecs`).
pub fn module_for(root: &Path, relative: &str, doc: &Json) -> Result<String, String> {
    let code = doc
        .get("info")
        .and_then(|i| i.get("product"))
        .and_then(Json::as_str)
        .ok_or("`info.product` is missing")?;
    let module = module_of(code);
    if !module.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(format!(
            "`info.product` is `{code}`, which gives no module name (one that starts with a letter)"
        ));
    }
    let file = root.join(relative);
    let Some(folder) = file.parent() else {
        return Ok(module);
    };
    let own = folder.file_name().map(|n| n.to_string_lossy().into_owned());
    let newer = folder
        .parent()
        .and_then(|product| fs::read_dir(product).ok())
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            own.as_ref().is_some_and(|own| name > *own)
                && entry.path().join("api-docs.json").is_file()
        });
    if !newer {
        return Ok(module);
    }
    let version = doc
        .get("info")
        .and_then(|i| i.get("version"))
        .and_then(Json::as_str)
        .unwrap_or_default();
    let digits: String = version.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err(format!(
            "a newer version of {code} is beside this one, and `info.version` `{version}` has no digits to name this one's module"
        ));
    }
    Ok(format!("{module}_{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_codes_become_module_names() {
        for (code, module) in [
            ("Dts", "dts"),
            ("R-kvstore", "r_kvstore"),
            ("ResourceManager", "resourcemanager"),
            ("a--b..c", "a_b_c"),
            ("../escape", "escape"),
            ("-x-", "x"),
            ("", ""),
        ] {
            assert_eq!(module_of(code), module, "{code}");
        }
    }

    #[test]
    fn older_versions_get_their_own_module() {
        let root = std::env::temp_dir().join(format!("xtask-modules-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for version in ["2014-05-26", "2016-01-01"] {
            let dir = root.join("metadata/ecs").join(version);
            fs::create_dir_all(&dir).expect("folder");
            fs::write(dir.join("api-docs.json"), "{}").expect("file");
        }
        // A folder without metadata does not count as a version.
        fs::create_dir_all(root.join("metadata/ecs/2099-01-01")).expect("folder");
        let doc = |v: &str| -> Json {
            serde_json::from_value(serde_json::json!({"info": {"product": "Ecs", "version": v}}))
                .expect("json")
        };
        let module =
            |v: &str| module_for(&root, &format!("metadata/ecs/{v}/api-docs.json"), &doc(v));
        assert_eq!(module("2014-05-26"), Ok("ecs_20140526".to_owned()));
        assert_eq!(module("2016-01-01"), Ok("ecs".to_owned()));
        let nameless: Json =
            serde_json::from_value(serde_json::json!({"info": {"product": "--"}})).expect("json");
        assert!(module_for(&root, "x.json", &nameless).is_err());
        let _ = fs::remove_dir_all(&root);
    }
}
