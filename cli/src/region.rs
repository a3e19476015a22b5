//! The region a command calls in, checked against the product's endpoint table before anything is sent.
//!
//! A product whose fallback endpoint is a pattern (`dbs-api.{region_id}.aliyuncs.com`) resolves any
//! region to a host name, so a mistyped region would only show up as a DNS failure. Here a region the
//! table does not list is refused (exit status 2) with the regions it does list and the closest one,
//! and a missing region is explained in the command line's terms (`--region`, `--profile`,
//! `--endpoint`) rather than the library's. `--endpoint` skips the table, `--no-check-values` sends an
//! unlisted region anyway (for a region newer than the specs).

use acs_runtime::{EndpointRules, Service};

use crate::failure::Failure;
use crate::lookup::close_matches;

/// Where the region came from, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `--region`.
    Flag,
    /// The environment or the CLI profile.
    Default,
}

/// Whether `service` can be called in `region` (the client's, from `source`) without an endpoint.
/// `dry_run` accepts a missing region: the dry run shows a placeholder host instead.
pub fn check(
    service: &Service,
    region: Option<&str>,
    source: Source,
    dry_run: bool,
) -> Result<(), Failure> {
    let rules = &service.endpoints;
    let known: Vec<&str> = rules.regions().collect();
    let Some(region) = region else {
        if dry_run || fixed(rules) {
            return Ok(());
        }
        return Err(Failure::Usage(format!(
            "{} needs a region to find its endpoint: give --region REGION, set ALIBABA_CLOUD_REGION_ID, \
             or use a --profile with a region_id (or give --endpoint HOST); {}",
            service.product,
            regions(&known)
        )));
    };
    let given = match source {
        Source::Flag => format!("--region {region}"),
        Source::Default => format!(
            "region `{region}` (from ALIBABA_CLOUD_REGION_ID or the CLI profile; --region overrides it)"
        ),
    };
    if !region
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(Failure::Usage(format!(
            "{given}: a region id is made of letters, digits and '-', such as cn-hangzhou"
        )));
    }
    if known.contains(&region) || fixed(rules) {
        return Ok(());
    }
    let near = close_matches(region, &known);
    let hint = match near.first() {
        Some(n) => format!("did you mean `{n}`? "),
        None => String::new(),
    };
    Err(Failure::Usage(format!(
        "{given}: unknown region for {}; {hint}{}; --endpoint HOST calls a host of your choice, \
         --no-check-values sends the region anyway",
        service.product,
        regions(&known)
    )))
}

/// Whether the rules serve regions they do not list from one fixed host (any region works).
fn fixed(rules: &EndpointRules) -> bool {
    rules.fallback.is_some_and(|f| !f.contains("{region_id}"))
}

/// The known regions, as a clause of a message.
fn regions(known: &[&str]) -> String {
    if known.is_empty() {
        "the specs list no region".to_owned()
    } else {
        format!("known regions: {}", known.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn service(fallback: Option<&'static str>) -> Service {
        Service {
            module: "dbs",
            product: "Dbs",
            version: "2019-03-06",
            endpoints: EndpointRules {
                regional: &[
                    ("cn-hangzhou", "dbs-api.cn-hangzhou.aliyuncs.com"),
                    ("cn-shanghai", "dbs-api.cn-shanghai.aliyuncs.com"),
                ],
                fallback,
                global: None,
            },
            signing: acs_runtime::Signing::Acs,
        }
    }

    const PATTERN: Service = service(Some("dbs-api.{region_id}.aliyuncs.com"));
    const FIXED: Service = service(Some("dbs.aliyuncs.com"));
    const NONE: Service = service(None);

    fn message(r: Result<(), Failure>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.status(), 2, "{e}");
        e.to_string()
    }

    #[test]
    fn a_known_region_passes_and_an_unknown_one_lists_the_known() {
        assert!(check(&PATTERN, Some("cn-shanghai"), Source::Flag, false).is_ok());
        let m = message(check(&PATTERN, Some("cn-hangzhuo"), Source::Flag, false));
        assert_eq!(
            m,
            "--region cn-hangzhuo: unknown region for Dbs; did you mean `cn-hangzhou`? known regions: \
             cn-hangzhou, cn-shanghai; --endpoint HOST calls a host of your choice, --no-check-values \
             sends the region anyway"
        );
        let m = message(check(&NONE, Some("eu-x"), Source::Default, false));
        assert!(
            m.starts_with("region `eu-x` (from ALIBABA_CLOUD_REGION_ID"),
            "{m}"
        );
        assert!(!m.contains("did you mean"), "{m}");
        // A fixed host serves every region.
        assert!(check(&FIXED, Some("eu-x"), Source::Flag, false).is_ok());
    }

    #[test]
    fn a_missing_region_is_explained_in_the_command_lines_terms() {
        let m = message(check(&PATTERN, None, Source::Default, false));
        for part in [
            "Dbs needs a region",
            "--region REGION",
            "--profile",
            "--endpoint",
            "cn-shanghai",
        ] {
            assert!(m.contains(part), "{part}: {m}");
        }
        assert!(!m.contains("ClientBuilder"), "{m}");
        assert!(
            check(&PATTERN, None, Source::Default, true).is_ok(),
            "dry run"
        );
        assert!(check(&FIXED, None, Source::Default, false).is_ok());
    }

    #[test]
    fn a_region_that_cannot_be_a_host_name_is_refused() {
        let m = message(check(&FIXED, Some("evil.com/x"), Source::Flag, false));
        assert!(
            m.starts_with("--region evil.com/x: a region id is made of"),
            "{m}"
        );
    }
}
