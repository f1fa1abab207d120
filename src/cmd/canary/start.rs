//! `meshctl canary start`: record a canary rollout on the VirtualService, set the
//! first step's weights in the same write, then drive it in the foreground (or return
//! at once with `--detach`; `canary step` moves it on later).

use crate::cmd::Ctx;
use crate::cmd::rollout::workload::{self as workloads, WorkloadArgs};
use crate::cmd::rollout::{
    self, AnalysisArgs, DriveArgs, driver::record_of, precheck, routes::Selector,
};
use crate::core::duration::Duration;
use crate::core::metrics::MetricSource;
use crate::core::rollout::plan::PlanStep;
use crate::core::rollout::{
    FinishPolicy, LimitPolicy, OnLimit, RolloutSpec, Split, SplitBy, Steps, Strategy,
};
use crate::core::store::{ISTIO_NETWORKING, ListQuery, MeshStore, ObjectRef};
use crate::{Error, ExitStatus, Result};
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Shift reviews from v1 to v2 in four steps, judged by success rate and latency
  meshctl canary start reviews --canary v2 --steps 5,10,25,50 --interval 1m \\
    --min-success-rate 99 --max-p99 500ms --envoy-admin http://127.0.0.1:15000

  # From CI: set the first step and return; later jobs run `meshctl canary step reviews`
  meshctl canary start reviews --canary v2 --step-weight 10 --max-weight 50 --detach

  # Bring up reviews-v2 as a copy of the stable Deployment with a new image, wait
  # until it is ready, then shift; afterwards the stable Deployment gets the image
  meshctl canary start reviews --canary v2 --image reviews:2.1 --finish primary

  # Two Services instead of subsets
  meshctl canary start shop --stable-host shop-v1 --canary-host shop-v2

  # The Gateway API: shift the HTTPRoute shop from its Service to shop-v2
  meshctl canary start shop --api gateway-api --canary-host shop-v2 --steps 10,50

  # A step plan: weights, pauses and analyses in order (docs/plan.md)
  meshctl canary start reviews --canary v2 --plan release.yaml --envoy-admin http://127.0.0.1:15000")]
pub struct Args {
    /// The VirtualService to shift (and its host), or with `--api gateway-api` the
    /// HTTPRoute
    pub service: String,
    /// The new version's subset
    #[arg(long, value_name = "SUBSET", required_unless_present_any = ["canary_host", "api"])]
    pub canary: Option<String>,
    /// The current version's subset (default: the one the route sends traffic to)
    #[arg(long, value_name = "SUBSET", conflicts_with = "stable_host")]
    pub stable: Option<String>,
    /// Shift between two hosts (Services) instead of subsets: the current one
    #[arg(long, value_name = "HOST", requires = "canary_host")]
    pub stable_host: Option<String>,
    /// Shift between two hosts: the new one (on an HTTPRoute, alone: the Service its
    /// rule sends to is the stable one)
    #[arg(long, value_name = "HOST", conflicts_with = "canary")]
    pub canary_host: Option<String>,
    /// The new version's weight at each step, in percent
    #[arg(long, value_name = "W,W,..", conflicts_with_all = ["step_weight", "max_weight"])]
    pub steps: Option<String>,
    /// A step plan file (setWeight, pause, analysis steps; see docs/plan.md) instead of
    /// `--steps` and the analysis flags
    #[arg(long, value_name = "FILE", conflicts_with_all = ["steps", "step_weight", "max_weight", "interval"])]
    pub plan: Option<std::path::PathBuf>,
    /// Keep a user the weights sent to the canary on it while the weight grows: the
    /// canary's answers set this cookie, and a route of meshctl's follows it
    #[arg(long, value_name = "NAME")]
    pub sticky_cookie: Option<String>,
    /// Steps of this weight ...
    #[arg(long, value_name = "PCT", requires = "max_weight")]
    pub step_weight: Option<u32>,
    /// ... up to this weight
    #[arg(long, value_name = "PCT", requires = "step_weight")]
    pub max_weight: Option<u32>,
    /// How long each step is held and judged
    #[arg(long, value_name = "DURATION", default_value = "1m")]
    pub interval: Duration,
    /// After the last step, wait for `canary promote`
    #[arg(long)]
    pub pause_before_promote: bool,
    /// Set the first step and return; `canary step` moves it on
    #[arg(long)]
    pub detach: bool,
    /// Fail a step not judged successful within this time
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<Duration>,
    /// The route to shift, by name, when several send traffic to the stable subset
    #[arg(long, value_name = "NAME")]
    pub route: Option<String>,
    /// Create or extend the canary's DestinationRule subset with these pod labels
    #[arg(long, value_name = "K=V", value_delimiter = ',')]
    pub canary_labels: Vec<String>,
    /// After promotion: keep the old destination at weight 0, or remove it (with
    /// `--image` the old Deployment is also scaled to 0 after `--scale-down-delay`); or
    /// `primary`: the stable Deployment gets the new image and all traffic again
    #[arg(long, value_enum, default_value = "keep", value_name = "POLICY")]
    pub finish: Finish,
    /// Inconclusive judgements of one step before the policy applies
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_inconclusive: u32,
    /// Pause (for a person) or fail when `--max-inconclusive` is reached
    #[arg(long, value_enum, default_value = "pause", value_name = "POLICY")]
    pub on_inconclusive: OnLimitArg,
    /// Replace an unfinished rollout or take a live lock, and move traffic although a
    /// check before the first step failed (says what it overrides)
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub dry_run: crate::cli::flags::DryRunArgs,
    #[command(flatten)]
    pub workload: WorkloadArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    #[command(flatten)]
    pub drive: DriveArgs,
    #[command(flatten)]
    pub hooks: rollout::HookArgs,
    #[command(flatten)]
    pub notify: rollout::notify::NotifyArgs,
    #[command(flatten)]
    pub report: rollout::report::ReportArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Finish {
    Keep,
    Remove,
    Primary,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OnLimitArg {
    Pause,
    Fail,
}

/// The stable subset when `--stable` is not given: the route's only other subset.
pub(crate) fn default_stable(vs: &Value, canary: &str, route: Option<&str>) -> Result<String> {
    let http = vs
        .pointer("/spec/http")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut subsets: Vec<String> = Vec::new();
    for r in &http {
        if r.get("name").and_then(Value::as_str) == Some(rollout::routes::PREVIEW_ROUTE) {
            continue;
        }
        if let Some(name) = route
            && r.get("name").and_then(Value::as_str) != Some(name)
        {
            continue;
        }
        // Routes with matches are special cases (testers, mirrors); the main route
        // decides the stable subset.
        if route.is_none() && r.get("match").is_some() {
            continue;
        }
        for d in r
            .get("route")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(s) = d.pointer("/destination/subset").and_then(Value::as_str)
                && s != canary
                && !subsets.iter().any(|x| x == s)
            {
                subsets.push(s.to_string());
            }
        }
    }
    match subsets.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::usage(
            "cannot tell the stable subset: no route sends traffic to a subset",
        )
        .with_hint("name it with `--stable SUBSET`, or use `--stable-host`/`--canary-host`")),
        many => Err(Error::usage(format!(
            "cannot tell the stable subset: the routes send traffic to {}",
            many.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_hint("name it with `--stable SUBSET` (and the route with `--route NAME`)")),
    }
}

/// `--canary-labels k=v,...` as a map (`None` when not given).
pub(crate) fn parse_labels(pairs: &[String]) -> Result<Option<BTreeMap<String, String>>> {
    if pairs.is_empty() {
        return Ok(None);
    }
    let mut labels = BTreeMap::new();
    for pair in pairs {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(
                Error::usage(format!("`--canary-labels`: `{pair}` is not KEY=VALUE"))
                    .with_hint("e.g. `--canary-labels version=v2`"),
            );
        };
        labels.insert(k.trim().to_string(), v.trim().to_string());
    }
    Ok(Some(labels))
}

/// Adds (or extends) the canary subset in the DestinationRule of `host`.
pub(crate) async fn ensure_subset(
    ctx: &Ctx,
    store: &dyn MeshStore,
    namespace: &str,
    host: &str,
    subset: &str,
    labels: &BTreeMap<String, String>,
) -> Result<()> {
    let wanted: serde_json::Map<String, Value> =
        labels.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let short = host.split('.').next().unwrap_or(host);
    let rules = store
        .list(
            ISTIO_NETWORKING,
            "DestinationRule",
            &ListQuery {
                namespace: Some(namespace.to_string()),
                label_selector: None,
            },
        )
        .await?;
    let rule = rules.into_iter().find(|dr| {
        dr.pointer("/spec/host")
            .and_then(Value::as_str)
            .is_some_and(|h| h == host || h.split('.').next() == Some(short))
    });
    let Some(rule) = rule else {
        return Err(Error::not_found(format!(
            "no DestinationRule for host `{host}` in namespace `{namespace}` to add subset `{subset}` to"
        ))
        .with_hint("create the DestinationRule with the stable subset first, e.g. with `meshctl render destinationrule`"));
    };
    let name = rule
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let dr = ObjectRef::istio("DestinationRule", namespace, &name);
    let mut change = |obj: &mut Value| -> Result<()> {
        let spec = obj
            .get_mut("spec")
            .and_then(Value::as_object_mut)
            .ok_or_else(|| Error::invalid(format!("DestinationRule `{name}` has no spec")))?;
        let subsets = spec.entry("subsets").or_insert_with(|| json!([]));
        let list = subsets.as_array_mut().ok_or_else(|| {
            Error::invalid(format!("DestinationRule `{name}`: subsets is not a list"))
        })?;
        match list
            .iter_mut()
            .find(|s| s.get("name").and_then(Value::as_str) == Some(subset))
        {
            Some(s) => {
                let l = s
                    .as_object_mut()
                    .expect("subsets are objects")
                    .entry("labels")
                    .or_insert_with(|| json!({}));
                for (k, v) in &wanted {
                    l[k] = v.clone();
                }
            }
            None => list.push(json!({"name": subset, "labels": wanted})),
        }
        Ok(())
    };
    store.update(&dr, &mut change).await?;
    ctx.printer.info(&format!(
        "DestinationRule `{name}`: subset `{subset}` selects {}",
        labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    ));
    Ok(())
}

/// The flags that mean nothing on an HTTPRoute (it has no subsets, no cookie routes of
/// meshctl's), refused before anything is read: exit 2 with what to do instead.
fn refuse_on_http_route(args: &Args) -> Result<()> {
    let subset_flag = [
        (args.canary.is_some(), "--canary"),
        (args.stable.is_some(), "--stable"),
        (!args.canary_labels.is_empty(), "--canary-labels"),
    ]
    .into_iter()
    .find_map(|(set, flag)| set.then_some(flag));
    if let Some(flag) = subset_flag {
        return Err(Error::usage(format!(
            "`{flag}` names a subset, and an HTTPRoute has none: the Gateway API splits traffic between Services"
        ))
        .with_hint("name the new Service with `--canary-host SERVICE` (and the current one with `--stable-host SERVICE` when the route does not say)"));
    }
    if args.sticky_cookie.is_some() {
        return Err(Error::usage(
            "`--sticky-cookie` has no form on an HTTPRoute: the standard channel has no session persistence",
        )
        .with_hint("drop `--sticky-cookie`, or run the rollout on a VirtualService"));
    }
    if args.workload.image.is_some() {
        return Err(Error::usage(
            "`--image` with `--api gateway-api` is not supported: meshctl does not bring up a Service's Deployment",
        )
        .with_hint("create the canary Service and its Deployment first, then start without `--image`"));
    }
    Ok(())
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    rollout::check_drive_args(ctx, &args.drive)?;
    if args.detach && args.report.report.is_some() {
        return Err(Error::usage(
            "`--report` is written when the rollout ends, and `--detach` returns before that",
        )
        .with_hint(format!(
            "make the report later with `meshctl canary report {}`",
            args.service
        )));
    }
    if !args.detach {
        // Before the first write: a signal during the start is then a pause, not a
        // process dying with the lock held.
        rollout::signals::listen()?;
    }
    let steps = match (&args.steps, args.step_weight, args.max_weight) {
        (Some(list), _, _) => Steps::parse(list)?,
        (None, Some(w), Some(max)) => Steps::linear(w, max)?,
        _ => Steps::parse("10,25,50")?,
    };
    let analysis = args.analysis.spec()?;
    if let Some(cookie) = &args.sticky_cookie
        && !crate::core::rollout::sticky::valid_name(cookie)
    {
        return Err(
            Error::usage(format!("`--sticky-cookie {cookie}` is not a cookie name")).with_hint(
                "use letters, digits, `-`, `_` and `.`, e.g. `--sticky-cookie shop-canary`",
            ),
        );
    }
    let plan = args.plan.as_deref().map(rollout::plan::load).transpose()?;
    if plan.is_some() && analysis.is_some() {
        return Err(Error::usage(
            "`--plan` is judged by its own `analysis` steps, not by the analysis flags",
        )
        .with_hint("put the checks in an `analysis` step of the plan (docs/plan.md)"));
    }
    let judged = analysis.is_some()
        || plan
            .iter()
            .flat_map(|p| &p.steps)
            .any(|s| matches!(s, PlanStep::Analysis(_)));
    let plan_notify = plan
        .as_ref()
        .map(|p| p.notify.as_slice())
        .unwrap_or_default();
    let notify = args.notify.channels(ctx, plan_notify)?;
    let mut canary_labels = parse_labels(&args.canary_labels)?;
    let finish = match args.finish {
        Finish::Keep => FinishPolicy::Keep,
        Finish::Remove => FinishPolicy::Remove,
        Finish::Primary => FinishPolicy::Primary,
    };
    workloads::check_finish(finish, &args.workload)?;
    let reporter = rollout::reporter(ctx, &args.drive);
    let source: Option<std::sync::Arc<dyn MetricSource>>;
    let on_route = args.drive.api == Some(rollout::Api::GatewayApi);
    if on_route {
        refuse_on_http_route(args)?;
    }
    let mut driver =
        rollout::start_driver(ctx, &args.service, &args.drive, reporter.as_ref()).await?;
    let vs = driver.read().await?;
    let split = match (&args.stable_host, &args.canary_host) {
        (Some(s), Some(c)) => Split::hosts(s, c),
        (_, canary) if on_route => {
            crate::core::rollout::backends::discover(&vs, args.route.as_deref(), canary.as_deref())?
        }
        (None, Some(_)) => {
            return Err(
                Error::usage("`--canary-host` needs `--stable-host` on a VirtualService")
                    .with_hint(
                        "name the current host too: `--stable-host HOST --canary-host HOST`",
                    ),
            );
        }
        (_, None) if args.canary.is_none() => {
            return Err(Error::usage("the new version is not named")
                .with_hint("pass `--canary SUBSET`, or `--stable-host HOST --canary-host HOST`"));
        }
        _ => {
            let canary = args.canary.clone().unwrap_or_default();
            let stable = match &args.stable {
                Some(s) => s.clone(),
                None => default_stable(&vs, &canary, args.route.as_deref())?,
            };
            Split::subsets(stable, canary)
        }
    };
    source = match (judged, args.analysis.source(ctx)?) {
        (_, Some(source)) => Some(source),
        (false, None) => None,
        (true, None) if split.by == SplitBy::Subset => Some(
            rollout::source_or_pods(
                ctx,
                &args.analysis.metrics,
                &args.service,
                &[&split.stable, &split.canary],
                canary_labels.as_ref().map(|l| (split.canary.as_str(), l)),
            )
            .await?,
        ),
        (true, None) => {
            return Err(
                Error::usage("health checks of two Services need a metric source")
                    .with_hint("add `--envoy-admin URL` or `--prometheus-url URL`"),
            );
        }
    };
    driver.source = source.as_deref();
    let fresh = record_of(&vs)?.is_none_or(|r| r.phase.is_terminal());
    let mut prepared = None;
    if args.workload.image.is_some() && (fresh || args.force) {
        if split.by != SplitBy::Subset {
            return Err(Error::usage("`--image` brings up a subset's Deployment: it needs `--canary`, not `--canary-host`")
                .with_hint("create the new Service's Deployment yourself, or split by subsets"));
        }
        let host = rollout::driver::service_host(&vs).unwrap_or_else(|| args.service.clone());
        let p = workloads::bring_up(
            ctx,
            &args.workload,
            &host,
            &split,
            canary_labels.as_ref(),
            reporter.as_ref(),
            args.dry_run,
        )
        .await?;
        canary_labels = Some(p.labels.clone());
        prepared = Some(p);
    }
    // A dry run brought up nothing, so there are no pods of the new version to check.
    let dry_image = prepared.is_some() && !args.dry_run.writes();
    if fresh && !dry_image {
        // Check the routes before anything is written, with the error naming what is
        // there: the route to shift exists, its weights read, and it can be found again.
        Selector::new(split.clone(), args.route.clone()).snapshot(&vs)?;
        let host = rollout::driver::service_host(&vs).unwrap_or_else(|| args.service.clone());
        let checks = precheck::Move {
            host: &host,
            split: &split,
            canary_labels: canary_labels.as_ref(),
            source: source.as_deref().filter(|_| judged),
        };
        if let Err(err) = precheck::before_first_move(ctx, &checks, args.force).await {
            // No traffic moves, so the new version's Deployment goes as after a rollback.
            if let Some(p) = &prepared {
                workloads::discard(ctx, &p.plan).await?;
            }
            return Err(err);
        }
    }
    let canary_subset = split.canary.clone();
    let mut spec = RolloutSpec::canary(&args.service, split, steps, args.interval);
    spec.kind = on_route.then(|| crate::core::rollout::shape::HTTP_ROUTE.to_string());
    spec.analysis = analysis;
    let mut plan_hooks = Vec::new();
    if let Some(plan) = plan {
        spec.strategy = Strategy::Plan { steps: plan.steps };
        plan_hooks = plan.webhooks;
    }
    crate::cmd::rollout::warn_cadence(ctx, &spec);
    args.hooks.apply(&mut spec, plan_hooks)?;
    spec.notify = notify;
    spec.pause_before_promote = args.pause_before_promote;
    spec.timeout = args.timeout;
    spec.sticky_cookie = args.sticky_cookie.clone();
    spec.finish = finish;
    spec.workload = prepared.map(|p| p.plan);
    spec.inconclusive = LimitPolicy {
        limit: args.max_inconclusive,
        then: match args.on_inconclusive {
            OnLimitArg::Pause => OnLimit::Pause,
            OnLimitArg::Fail => OnLimit::Fail,
        },
    };
    if let Some(labels) = &canary_labels {
        if !args.dry_run.writes() {
            ctx.printer.info(&format!(
                "dry run: the DestinationRule subset `{canary_subset}` is not checked or added"
            ));
        } else {
            let host = vs
                .pointer("/spec/hosts/0")
                .and_then(Value::as_str)
                .unwrap_or(&args.service)
                .to_string();
            let ns = driver.vs.namespace.clone().unwrap_or_default();
            ensure_subset(ctx, driver.store, &ns, &host, &canary_subset, labels).await?;
        }
    }
    if !args.dry_run.writes() {
        return rollout::preview_start(
            ctx,
            &driver,
            &spec,
            args.route.as_deref(),
            args.force,
            args.dry_run,
        )
        .await;
    }
    let (record, actions, started) = driver
        .start(&spec, args.route.as_deref(), args.force)
        .await?;
    rollout::say_overrides(ctx, &started);
    if args.detach {
        // The first stage's `rollout` hooks; later ones are `canary step`'s.
        let record = match driver.on_stage(&record).await? {
            Some(t) => t.record,
            None => record,
        };
        driver.release().await?;
        ctx.printer.info(&format!(
            "started the canary of `{}` at {}; move it on with `meshctl canary step {}`",
            args.service, record.weights, args.service
        ));
        return rollout::settle(&record, "canary");
    }
    let ended = match driver.drive(record, actions).await {
        Ok(ended) => workloads::after_drive(ctx, &driver, ended).await,
        Err(err) => Err(err),
    };
    rollout::report::after_drive(ctx, &driver, &args.report).await;
    rollout::finish(ctx, ended?, "canary")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stable_subset_is_the_main_routes_only_subset() {
        let vs = json!({"spec": {"http": [
            {"match": [{"headers": {"x": {"exact": "1"}}}], "route": [{"destination": {"host": "r", "subset": "v3"}}]},
            {"route": [{"destination": {"host": "r", "subset": "v1"}}]}
        ]}});
        assert_eq!(default_stable(&vs, "v2", None).unwrap(), "v1");
        let two = json!({"spec": {"http": [{"route": [
            {"destination": {"host": "r", "subset": "v1"}, "weight": 50},
            {"destination": {"host": "r", "subset": "v0"}, "weight": 50}
        ]}]}});
        let err = default_stable(&two, "v2", None).unwrap_err();
        assert!(err.message().contains("`v1`, `v0`"), "{}", err.message());
    }
}
