//! Endpoint rules: which host serves a product in a region. The generator emits one [`Service`] per product
//! with its [`EndpointRules`]; the client resolves them unless an endpoint override is configured.

use crate::error::{Error, ErrorKind};

/// One product API: its name, version and endpoint rules. Emitted as a `static` by the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The product's module in the generated crate (and its cargo feature), e.g. `dbs`.
    pub module: &'static str,
    /// Product code, e.g. `Dbs`.
    pub product: &'static str,
    /// API version, e.g. `2019-03-06`; sent as `x-acs-version`.
    pub version: &'static str,
    /// Where the product is served.
    pub endpoints: EndpointRules,
    /// How its requests are signed.
    pub signing: Signing,
}

/// How a product's requests are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Signing {
    /// Alibaba's common schemes: ACS3-HMAC-SHA256, or the legacy signature the client may choose.
    #[default]
    Acs,
    /// Log Service's `LOG` scheme ([`crate::sign::log`]).
    Log,
}

impl Service {
    /// The host serving this product in `region`; errors name the product.
    pub fn resolve_endpoint(&self, region: Option<&str>) -> Result<String, Error> {
        self.endpoints.resolve_for(Some(self.product), region)
    }
}

/// Region-to-host rules of one product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointRules {
    /// `(region id, host)` pairs, sorted by region id.
    pub regional: &'static [(&'static str, &'static str)],
    /// Host for regions not listed: a pattern with `{region_id}` (e.g. `dbs.{region_id}.aliyuncs.com`) or a
    /// fixed host (e.g. `dts.aliyuncs.com`).
    pub fallback: Option<&'static str>,
    /// Host when no region is given, for a product whose fallback needs one (STS's `sts.aliyuncs.com`).
    pub global: Option<&'static str>,
}

/// The placeholder substituted in [`EndpointRules::fallback`].
const REGION_PLACEHOLDER: &str = "{region_id}";

impl EndpointRules {
    /// The host for `region`: a regional match first, else the fallback with the region substituted.
    ///
    /// Fails with [`ErrorKind::Config`] when the fallback needs a region and none was given, when no rule
    /// applies, or when the region id is not made of letters, digits and `-` (it becomes part of a host name).
    pub fn resolve(&self, region: Option<&str>) -> Result<String, Error> {
        self.resolve_for(None, region)
    }

    /// The regions with a host of their own, in the table's order.
    pub fn regions(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.regional.iter().map(|(id, _)| *id)
    }

    fn resolve_for(&self, product: Option<&str>, region: Option<&str>) -> Result<String, Error> {
        let subject = product.map_or_else(|| "this product".to_owned(), |p| format!("product {p}"));
        let region = region.map(str::trim).filter(|r| !r.is_empty());
        if let Some(r) = region {
            let valid = r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !valid {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!("invalid region id {r:?}: only letters, digits and '-' are allowed"),
                ));
            }
            // Linear search: the lists are short and this stays correct even if one is not sorted.
            if let Some((_, host)) = self.regional.iter().find(|(id, _)| *id == r) {
                return Ok((*host).to_owned());
            }
        }
        if let (None, Some(global)) = (region, self.global) {
            return Ok(global.to_owned());
        }
        match (self.fallback, region) {
            (Some(pattern), Some(r)) => Ok(pattern.replace(REGION_PLACEHOLDER, r)),
            (Some(pattern), None) if !pattern.contains(REGION_PLACEHOLDER) => {
                Ok(pattern.to_owned())
            }
            (Some(_), None) => Err(Error::new(
                ErrorKind::Config,
                format!(
                    "{subject} needs a region to find its endpoint: set one with \
                     ClientBuilder::region or ALIBABA_CLOUD_REGION_ID, or set an endpoint"
                ),
            )),
            (None, Some(r)) => Err(Error::new(
                ErrorKind::Config,
                format!(
                    "{subject} has no endpoint for region {r} (its regions: {}): set an endpoint \
                     explicitly",
                    self.regions().collect::<Vec<_>>().join(", ")
                ),
            )),
            (None, None) => Err(Error::new(
                ErrorKind::Config,
                format!(
                    "{subject} has no endpoint rule without a region: set a region or an endpoint"
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DBS: Service = Service {
        module: "dbs",
        product: "Dbs",
        version: "2019-03-06",
        endpoints: EndpointRules {
            regional: &[
                ("cn-hangzhou", "dbs-api.cn-hangzhou.aliyuncs.com"),
                ("cn-shanghai", "dbs-api.cn-shanghai.aliyuncs.com"),
            ],
            fallback: Some("dbs-api.{region_id}.aliyuncs.com"),
            global: None,
        },
        signing: Signing::Acs,
    };

    const DTS: EndpointRules = EndpointRules {
        regional: &[("cn-qingdao", "dts.cn-qingdao.aliyuncs.com")],
        fallback: Some("dts.aliyuncs.com"),
        global: None,
    };

    const ONLY_REGIONAL: EndpointRules = EndpointRules {
        regional: &[("cn-beijing", "x.cn-beijing.aliyuncs.com")],
        fallback: None,
        global: None,
    };

    #[test]
    fn regional_then_fallback() {
        assert_eq!(
            DBS.resolve_endpoint(Some("cn-shanghai")).unwrap(),
            "dbs-api.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(
            DBS.resolve_endpoint(Some("ap-southeast-1")).unwrap(),
            "dbs-api.ap-southeast-1.aliyuncs.com"
        );
        assert_eq!(
            DTS.resolve(Some("cn-qingdao")).unwrap(),
            "dts.cn-qingdao.aliyuncs.com"
        );
        assert_eq!(DTS.resolve(Some("eu-west-1")).unwrap(), "dts.aliyuncs.com");
        assert_eq!(DTS.resolve(None).unwrap(), "dts.aliyuncs.com");
        assert_eq!(
            ONLY_REGIONAL.resolve(Some("cn-beijing")).unwrap(),
            "x.cn-beijing.aliyuncs.com"
        );
    }

    #[test]
    fn the_global_endpoint_serves_calls_without_a_region() {
        // STS: regional hosts, and `sts.aliyuncs.com` when no region is known.
        const STS: EndpointRules = EndpointRules {
            regional: &[("cn-beijing", "sts.cn-beijing.aliyuncs.com")],
            fallback: Some("sts.{region_id}.aliyuncs.com"),
            global: Some("sts.aliyuncs.com"),
        };
        assert_eq!(STS.resolve(None).unwrap(), "sts.aliyuncs.com");
        assert_eq!(STS.resolve(Some(" ")).unwrap(), "sts.aliyuncs.com");
        assert_eq!(
            STS.resolve(Some("cn-beijing")).unwrap(),
            "sts.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            STS.resolve(Some("eu-west-1")).unwrap(),
            "sts.eu-west-1.aliyuncs.com"
        );
    }

    #[test]
    fn errors_name_the_product_and_problem() {
        let e = DBS.resolve_endpoint(None).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(e.message().contains("product Dbs needs a region"), "{e}");
        let e = DBS.resolve_endpoint(Some("  ")).unwrap_err();
        assert!(e.message().contains("needs a region"), "{e}");
        let e = ONLY_REGIONAL.resolve(Some("cn-hangzhou")).unwrap_err();
        assert!(
            e.message()
                .contains("no endpoint for region cn-hangzhou (its regions: cn-beijing)"),
            "{e}"
        );
        assert_eq!(
            DBS.endpoints.regions().collect::<Vec<_>>(),
            ["cn-hangzhou", "cn-shanghai"]
        );
        let e = ONLY_REGIONAL.resolve(None).unwrap_err();
        assert!(e.message().contains("no endpoint rule"), "{e}");
        let e = DBS.resolve_endpoint(Some("evil.com/x")).unwrap_err();
        assert!(e.message().contains("invalid region id"), "{e}");
    }
}
