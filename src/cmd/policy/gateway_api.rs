//! `policy set|show SERVICE --api gateway-api`: the timeouts of the HTTPRoute named
//! SERVICE, which lives in the workload cluster beside the Services it routes to. The
//! same guarded edit as a VirtualService's (`edit::edit`: only the named fields,
//! validated first, `--dry-run` shows the diff); what the v1.4.1 standard channel
//! cannot hold is refused by flag with where to set it instead.

use super::edit;
use super::show::PolicyView;
use crate::cli::flags::Api;
use crate::cli::flags::{DryRunArgs, OutputArgs};
use crate::cmd::Ctx;
use crate::core::cluster::Cluster;
use crate::core::model::GATEWAY_API_GROUP;
use crate::core::policy::{PolicyChange, http_route_summary};
use crate::core::store::ObjectRef;
use crate::core::view::names_in;
use crate::{Error, ExitStatus, Result};
use std::sync::Arc;

/// `--api`: which API a service's routes are written in (the values `render` takes).
#[derive(Debug, Clone, clap::Args)]
pub struct ApiArgs {
    /// `istio` (the service's VirtualService and DestinationRule) or `gateway-api`
    /// (the HTTPRoute named like the service)
    #[arg(long, value_name = "API", value_enum, default_value_t = Api::Istio)]
    pub api: Api,
}

impl ApiArgs {
    pub fn is_gateway_api(&self) -> bool {
        self.api == Api::GatewayApi
    }
}

/// The HTTPRoute `SERVICE` in the namespace, in the workload cluster.
async fn find(ctx: &Ctx, service: &str) -> Result<(Arc<dyn Cluster>, ObjectRef)> {
    let cluster = ctx
        .cluster_for(
            crate::core::model::GATEWAY_API_GROUP,
            "HTTPRoute",
            "an HTTPRoute",
        )
        .await?;
    let namespace = ctx.mesh_namespace().await?;
    let target = ObjectRef::new(GATEWAY_API_GROUP, "HTTPRoute", Some(&namespace), service);
    if cluster.get(&target).await?.is_none() {
        return Err(Error::not_found(format!(
            "no HTTPRoute `{service}` in namespace `{namespace}`"
        ))
        .with_hint(format!(
            "`--api gateway-api` edits the HTTPRoute named like the service; `meshctl status {service}` shows the HTTPRoutes that send to it"
        )));
    }
    Ok((cluster, target))
}

/// Why the flags cannot go on an HTTPRoute, and where their settings go instead.
fn refusal(flags: &[&str]) -> Error {
    let retries = flags.iter().any(|f| f.starts_with("--retr"));
    let traffic_policy = flags.iter().any(|f| !f.starts_with("--retr"));
    let mut err = Error::usage(format!(
        "{} cannot be set on an HTTPRoute: the Gateway API's standard channel (v1.4.1) has no such field",
        flags
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if retries {
        err = err.with_hint(
            "retries are an experimental-channel field of HTTPRoute, which meshctl does not write; only `--timeout` (`timeouts.request`) and `--per-try-timeout` (`timeouts.backendRequest`) apply",
        );
    }
    if traffic_policy {
        err = err.with_hint(
            "Istio applies a DestinationRule's traffic policy to the traffic an HTTPRoute sends to a Service: set it on each backend Service's DestinationRule, `meshctl policy set BACKEND …` without `--api gateway-api`",
        );
    }
    err
}

/// `policy set SERVICE --api gateway-api …`.
pub async fn set(
    ctx: &Ctx,
    service: &str,
    change: &PolicyChange,
    dry_run: DryRunArgs,
) -> Result<ExitStatus> {
    let refused = change.not_in_gateway_api();
    if !refused.is_empty() {
        return Err(refusal(&refused));
    }
    if !change.touches_http_route() {
        return Err(Error::usage(
            "`policy set --api gateway-api` needs `--timeout` or `--per-try-timeout`",
        )
        .with_hint("e.g. `--timeout 2s`: every rule's `timeouts.request`"));
    }
    let (cluster, target) = find(ctx, service).await?;
    edit::edit(ctx, cluster.as_ref(), &target, dry_run, &|o| {
        change.apply_to_http_route(o)
    })
    .await?;
    Ok(ExitStatus::Success)
}

/// `policy show SERVICE --api gateway-api`: each rule's timeouts.
pub async fn show(ctx: &Ctx, service: &str, output: &OutputArgs) -> Result<ExitStatus> {
    let (cluster, target) = find(ctx, service).await?;
    let route = cluster
        .get(&target)
        .await?
        .ok_or_else(|| Error::not_found(format!("{target} not found")))?;
    let view = PolicyView::new(http_route_summary(&route), names_in(&route));
    ctx.printer.show_as(&view, output)?;
    Ok(ExitStatus::Success)
}

/// `fault inject --api gateway-api`: the standard channel has no fault injection.
pub fn refuse_fault() -> Error {
    Error::usage("the Gateway API has no fault injection: an HTTPRoute has no field for aborts or delays")
        .with_hint("faults need an Istio VirtualService for the service (`meshctl fault inject SERVICE` without `--api gateway-api`); Istio does not combine one with an HTTPRoute for the same host, so inject them where the service is routed by a VirtualService")
}

#[cfg(test)]
mod tests {
    //! The HTTPRoute in the in-memory workload cluster; the real API server's field
    //! managers are in `tests/it/gateway_api_policy.rs`.

    use crate::ExitStatus;
    use crate::cmd::testing::{Doubles, Ran};
    use crate::core::store::{MeshStore, ObjectRef};
    use serde_json::{Value, json};

    fn route() -> Value {
        json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
               "metadata": {"name": "reviews", "namespace": "shop"},
               "spec": {"parentRefs": [{"name": "web"}],
                        "rules": [{"name": "api", "timeouts": {"backendRequest": "1s"},
                                   "backendRefs": [{"name": "reviews-v2", "port": 9080}]},
                                  {"backendRefs": [{"name": "reviews-v1", "port": 9080}]}]}})
    }

    async fn stored(doubles: &Doubles) -> Value {
        let target = ObjectRef::new(
            "gateway.networking.k8s.io",
            "HTTPRoute",
            Some("shop"),
            "reviews",
        );
        doubles.cluster.get(&target).await.unwrap().unwrap()
    }

    fn refused(ran: &Ran, message: &str, hint: &str) {
        assert_eq!(ran.status, ExitStatus::Usage, "{}", ran.stderr);
        assert!(ran.stderr.contains(message), "{}", ran.stderr);
        assert!(
            ran.stderr.contains(&format!("hint: {hint}")),
            "{}",
            ran.stderr
        );
    }

    #[tokio::test]
    async fn a_timeout_goes_to_every_rule_of_the_route_named_like_the_service() {
        let doubles = Doubles::mesh([]).with_workloads([route()]);
        let ran = doubles
            .run(&[
                "policy",
                "set",
                "reviews",
                "--api",
                "gateway-api",
                "--timeout",
                "1.5s",
            ])
            .await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        assert_eq!(
            ran.stdout,
            "httproute.gateway.networking.k8s.io/reviews configured\n"
        );
        let mut expected = route();
        expected["spec"]["rules"][0]["timeouts"] =
            json!({"backendRequest": "1s", "request": "1s500ms"});
        expected["spec"]["rules"][1]["timeouts"] = json!({"request": "1s500ms"});
        assert_eq!(stored(&doubles).await["spec"], expected["spec"]);

        let ran = doubles
            .run(&[
                "policy",
                "show",
                "reviews",
                "--api",
                "gateway-api",
                "-o",
                "json",
            ])
            .await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        let shown: Value = serde_json::from_str(&ran.stdout).unwrap();
        assert_eq!(
            shown["httpRoute"]["rules"][1],
            json!({"rule": 1, "timeouts": {"request": "1s500ms"}})
        );
        let ran = doubles
            .run(&["policy", "show", "reviews", "--api", "gateway-api"])
            .await;
        insta::assert_snapshot!(ran.stdout, @r"
        httpRoute:
          name: reviews
          rules:
          - rule: api
            timeouts:
              backendRequest: 1s
              request: 1s500ms
          - rule: 1
            timeouts:
              request: 1s500ms
        ");
        let ran = doubles
            .run(&[
                "policy",
                "show",
                "reviews",
                "--api",
                "gateway-api",
                "-o",
                "name",
            ])
            .await;
        assert_eq!(ran.stdout, "httproute.gateway.networking.k8s.io/reviews\n");
    }

    #[tokio::test]
    async fn one_rule_and_a_dry_run_that_writes_nothing() {
        let doubles = Doubles::mesh([]).with_workloads([route()]);
        let ran = doubles
            .run(&[
                "policy",
                "set",
                "reviews",
                "--api",
                "gateway-api",
                "--route",
                "api",
                "--timeout",
                "3s",
                "--dry-run=client",
            ])
            .await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        assert!(ran.stdout.contains("+      request: 3s"), "{}", ran.stdout);
        assert_eq!(
            stored(&doubles).await["spec"],
            route()["spec"],
            "a dry run writes nothing"
        );
    }

    #[tokio::test]
    async fn a_per_try_timeout_longer_than_the_request_timeout_is_invalid() {
        let doubles = Doubles::mesh([]).with_workloads([route()]);
        let ran = doubles
            .run(&[
                "policy",
                "set",
                "reviews",
                "--api",
                "gateway-api",
                "--timeout",
                "1s",
                "--per-try-timeout",
                "2s",
            ])
            .await;
        assert_eq!(ran.status, ExitStatus::ValidationFailed, "{}", ran.stderr);
        assert!(
            ran.stderr
                .contains("backendRequest timeout cannot be longer than request timeout"),
            "{}",
            ran.stderr
        );
        assert_eq!(stored(&doubles).await["spec"], route()["spec"]);
    }

    #[tokio::test]
    async fn settings_an_http_route_cannot_hold_are_refused_by_flag() {
        let doubles = Doubles::mesh([]).with_workloads([route()]);
        let ran = doubles
            .run(&[
                "policy",
                "set",
                "reviews",
                "--api",
                "gateway-api",
                "--timeout",
                "2s",
                "--retries",
                "3",
            ])
            .await;
        refused(
            &ran,
            "`--retries` cannot be set on an HTTPRoute",
            "retries are an experimental-channel field",
        );
        let ran = doubles
            .run(&[
                "policy",
                "set",
                "reviews",
                "--api",
                "gateway-api",
                "--lb",
                "random",
                "--max-connections",
                "10",
            ])
            .await;
        refused(
            &ran,
            "`--lb`, `--max-connections` cannot be set on an HTTPRoute",
            "Istio applies a DestinationRule's traffic policy",
        );
        let ran = doubles
            .run(&[
                "fault",
                "inject",
                "reviews",
                "--api",
                "gateway-api",
                "--abort",
                "503:10%",
            ])
            .await;
        refused(
            &ran,
            "the Gateway API has no fault injection",
            "faults need an Istio VirtualService",
        );
        let ran = doubles
            .run(&[
                "policy",
                "set",
                "ratings",
                "--api",
                "gateway-api",
                "--timeout",
                "2s",
            ])
            .await;
        assert!(
            ran.stderr
                .contains("no HTTPRoute `ratings` in namespace `shop`"),
            "{}",
            ran.stderr
        );
        let ran = doubles
            .run(&[
                "policy",
                "set",
                "reviews",
                "--api",
                "gateway-api",
                "--route",
                "web",
                "--timeout",
                "2s",
            ])
            .await;
        refused(
            &ran,
            "there is no rule `web` (there are: api, 1)",
            "`meshctl policy show SERVICE --api gateway-api`",
        );
        assert_eq!(
            stored(&doubles).await["spec"],
            route()["spec"],
            "nothing was written"
        );
    }
}
