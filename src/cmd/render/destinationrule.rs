//! `meshctl render destinationrule NAME --host H [--subset v1=version=v1 …]`: subsets
//! and the traffic policy for one service.

use super::{CommonArgs, Draft, flags};
use crate::cmd::Ctx;
use crate::core::duration::Duration;
use crate::core::spec::{
    ClientTlsMode, ClientTlsSpec, CookieSpec, LbAlgorithm, LoadBalancerSpec, OrderedMap, Parts,
};
use crate::{ExitStatus, Result};

const EXAMPLES: &str = "\
Examples:
  # Two subsets by version label, least-request balancing
  meshctl render destinationrule reviews --host reviews \\
    --subset v1=version=v1 --subset v2=version=v2 --lb LEAST_REQUEST

  # Sticky sessions by cookie, eject hosts after 5 consecutive 5xx
  meshctl render dr reviews --host reviews --consistent-hash-cookie session \\
    --outlier-consecutive-5xx 5 --outlier-interval 10s --outlier-ejection-time 30s

  # Take the spec, but require Istio mutual TLS
  meshctl render dr -f reviews.yaml --tls-mode ISTIO_MUTUAL";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Name of the DestinationRule (default: the spec's `name`)
    #[arg(value_name = "NAME", value_parser = flags::object_name)]
    pub name: Option<String>,

    /// The service the rule applies to (default: NAME)
    #[arg(long, value_name = "HOST", value_parser = flags::host)]
    pub host: Option<String>,

    #[command(flatten)]
    pub policy: PolicyFlags,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Traffic policy flags, shared with `render service`.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Traffic policy")]
pub struct PolicyFlags {
    /// A subset and its pod labels, `SUBSET=KEY=VALUE[,KEY=VALUE]` (repeatable;
    /// replaces the spec's subsets)
    #[arg(long = "subset", value_name = "SUBSET=LABELS", value_parser = flags::subset)]
    pub subsets: Vec<(String, Vec<(String, String)>)>,

    /// Load balancing algorithm
    #[arg(long = "lb", value_name = "ALGORITHM", value_parser = flags::choice::<LbAlgorithm>())]
    pub lb: Option<LbAlgorithm>,

    /// Sticky sessions: hash on this cookie (the proxy sets it when absent)
    #[arg(long, value_name = "NAME", value_parser = flags::cookie_name, conflicts_with = "lb")]
    pub consistent_hash_cookie: Option<String>,

    /// Eject a host after this many consecutive 5xx responses
    #[arg(long = "outlier-consecutive-5xx", value_name = "N")]
    pub outlier_consecutive_5xx: Option<u32>,

    /// How often hosts are checked for ejection, e.g. `10s`
    #[arg(long, value_name = "DURATION", value_parser = flags::duration)]
    pub outlier_interval: Option<Duration>,

    /// How long an ejected host stays out (at least), e.g. `30s`
    #[arg(long, value_name = "DURATION", value_parser = flags::duration)]
    pub outlier_ejection_time: Option<Duration>,

    /// Most TCP connections to one host
    #[arg(long, value_name = "N")]
    pub max_connections: Option<u32>,

    /// TLS towards the service
    #[arg(long, value_name = "MODE", value_parser = flags::choice::<ClientTlsMode>())]
    pub tls_mode: Option<ClientTlsMode>,
}

impl PolicyFlags {
    pub(super) fn apply(&self, draft: &mut Draft) {
        let spec = &mut draft.spec;
        if !self.subsets.is_empty() {
            spec.subsets = self
                .subsets
                .iter()
                .map(|(name, labels)| {
                    (
                        name.clone(),
                        labels.iter().cloned().collect::<OrderedMap<_>>(),
                    )
                })
                .collect();
            draft.flag("subsets", "--subset");
        }
        let spec = &mut draft.spec;
        if let Some(lb) = self.lb {
            spec.load_balancer = Some(LoadBalancerSpec {
                simple: Some(lb),
                consistent_hash_cookie: None,
            });
        }
        if let Some(name) = &self.consistent_hash_cookie {
            let old = spec
                .load_balancer
                .as_ref()
                .and_then(|lb| lb.consistent_hash_cookie.clone())
                .unwrap_or_default();
            spec.load_balancer = Some(LoadBalancerSpec {
                simple: None,
                consistent_hash_cookie: Some(CookieSpec {
                    name: name.clone(),
                    ..old
                }),
            });
        }
        if self.outlier_consecutive_5xx.is_some()
            || self.outlier_interval.is_some()
            || self.outlier_ejection_time.is_some()
        {
            let o = spec.outlier_detection.get_or_insert_with(Default::default);
            if let Some(n) = self.outlier_consecutive_5xx {
                o.consecutive_5xx_errors = Some(n);
            }
            if let Some(d) = self.outlier_interval {
                o.interval = Some(d);
            }
            if let Some(d) = self.outlier_ejection_time {
                o.base_ejection_time = Some(d);
            }
        }
        if let Some(n) = self.max_connections {
            spec.connection_pool
                .get_or_insert_with(Default::default)
                .max_connections = Some(n);
        }
        if let Some(mode) = self.tls_mode {
            let old = spec.tls.take();
            spec.tls = Some(ClientTlsSpec {
                mode,
                credential_name: old.as_ref().and_then(|t| t.credential_name.clone()),
                sni: old.and_then(|t| t.sni),
            });
            draft.flag("tls", "--tls-mode");
        }
    }
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let mut draft = Draft::load(&args.common, "destinationrule")?;
    if let Some(name) = &args.name {
        draft.spec.name = name.clone();
    }
    if let Some(host) = &args.host {
        draft.spec.destination_host = Some(host.clone());
    }
    args.policy.apply(&mut draft);
    let parts = Parts {
        destination_rule: true,
        ..Parts::default()
    };
    draft.render(ctx, &args.common, parts)
}
