//! `meshctl status`: the mesh at a glance (one row per service), or one service as a
//! tree from Gateway to pods with its rollout history. Fetching lives here; the views
//! are built by `core::status` and printed by the output layer.

use super::Ctx;
use super::ctx::{SourceArgs, SourceChoice};
use crate::cli::Target as MeshTarget;
use crate::cli::flags::OutputArgs;
use crate::core::ErrorKind;
use crate::core::duration::Duration;
use crate::core::host::{fqdn, namespace_of_host};
use crate::core::metrics::{MetricSource, Sample, Target};
use crate::core::model::GATEWAY_API_GROUP;
use crate::core::status::{self, HttpRouteRow, Objects, ServiceRow, StatusView};
use crate::core::store::{ISTIO_NETWORKING, ListQuery};
use crate::output::OutputFormat;
use crate::{Error, ExitStatus, Result};
use std::sync::Arc;

const EXAMPLES: &str = "\
Examples:
  # Every service with routes in the current namespace
  meshctl status

  # Every namespace, with the objects behind each row
  meshctl status -A -o wide

  # One service: Gateway → VirtualService → routes → subsets → pods, and rollout history
  meshctl status reviews -n shop

  # Keep watching a rollout (Ctrl-C to stop)
  meshctl status reviews --watch

  # Success rate, requests per second and p99 of every service over the last minute
  meshctl status -A -o wide --prometheus-url http://127.0.0.1:9090";

/// How often `--watch` reads the mesh again; redraws happen only when the view changed.
const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(1);

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// A service (short name in the namespace, or a host) to show as a tree
    pub service: Option<String>,

    /// Services in every namespace
    #[arg(short = 'A', long, conflicts_with = "service")]
    pub all_namespaces: bool,

    /// Redraw when something changes, until Ctrl-C
    #[arg(short = 'w', long)]
    pub watch: bool,

    #[command(flatten)]
    pub output: OutputArgs,

    /// The traffic the figures cover: the last window
    #[arg(
        long,
        default_value = "1m",
        value_name = "DURATION",
        help_heading = "Metrics"
    )]
    pub window: Duration,

    /// Where SUCCESS, RPS and P99 of `-o wide|json|yaml` come from (only Prometheus so
    /// far). Last: its heading applies to every flag after it.
    #[command(flatten)]
    pub metrics: SourceArgs,
}

/// The metric source, when figures were asked for and the output shows them.
fn metric_source(ctx: &Ctx, args: &Args) -> Result<Option<Arc<dyn MetricSource>>> {
    if !args.metrics.asks() {
        return Ok(None);
    }
    if args.metrics.choice() == SourceChoice::Envoy {
        return Err(Error::usage("`status` reads figures from Prometheus only")
            .with_hint("pass `--prometheus-url URL`, or scrape one service's proxies with `meshctl metrics SERVICE`"));
    }
    if args.service.is_some() || args.output.is(OutputFormat::Table) {
        return Err(Error::usage(
            "SUCCESS, RPS and P99 are columns of the mesh view in `-o wide`, `json` or `yaml`",
        )
        .with_hint("add `-o wide` without a SERVICE; `meshctl metrics SERVICE` shows one service per subset"));
    }
    let metrics = ctx.metrics(&args.metrics)?;
    if args.window.as_millis() == 0 {
        return Err(Error::usage("`--window` must be longer than zero")
            .with_hint("pass a window such as `--window 1m`"));
    }
    metrics.shared()
}

/// Fills the metric columns: every subset of every cluster service, all at once.
async fn add_metrics(rows: &mut [ServiceRow], source: &dyn MetricSource, window: Duration) {
    let jobs = rows.iter().enumerate().flat_map(|(i, row)| {
        let measurable = namespace_of_host(&row.host).is_some();
        row.subsets
            .iter()
            .filter(move |_| measurable)
            .map(move |subset| {
                let target =
                    Target::new(row.namespace.clone(), row.service.clone(), subset.clone());
                let subset = subset.clone();
                async move {
                    let sample = source.sample(&target, window).await.map_err(|e| e.message);
                    (i, subset, sample)
                }
            })
    });
    let results = futures::future::join_all(jobs).await;
    let mut by_row: Vec<Vec<(String, std::result::Result<Sample, String>)>> =
        vec![Vec::new(); rows.len()];
    for (i, subset, sample) in results {
        by_row[i].push((subset, sample));
    }
    for (row, samples) in rows.iter_mut().zip(by_row) {
        if !samples.is_empty() {
            row.metrics = Some(status::combine(&samples));
        }
    }
}

async fn fetch(ctx: &Ctx, namespace: Option<&str>, gateways: bool) -> Result<Objects> {
    let store = ctx.mesh_store().await?;
    let query = ListQuery {
        namespace: namespace.map(str::to_string),
        label_selector: None,
    };
    let (virtual_services, destination_rules) = futures::try_join!(
        store.list(ISTIO_NETWORKING, "VirtualService", &query),
        store.list(ISTIO_NETWORKING, "DestinationRule", &query),
    )?;
    // The tree names Gateways in any namespace; the table needs only their names.
    let gateways = if gateways {
        store
            .list(ISTIO_NETWORKING, "Gateway", &ListQuery::default())
            .await?
    } else {
        Vec::new()
    };
    Ok(Objects::read(
        &virtual_services,
        &destination_rules,
        &gateways,
    ))
}

/// The Gateway API's HTTPRoutes as rows of the table.
async fn http_routes(ctx: &Ctx, namespace: Option<&str>) -> Result<Vec<HttpRouteRow>> {
    Ok(status::http_route_rows(
        &http_route_objects(ctx, namespace).await?,
    ))
}

/// The Gateway API's HTTPRoutes, read through the workload cluster. None on the local
/// mesh (it holds only Istio kinds), nor on a cluster without the Gateway API's CRDs.
async fn http_route_objects(ctx: &Ctx, namespace: Option<&str>) -> Result<Vec<serde_json::Value>> {
    if ctx.settings.target == MeshTarget::Local {
        return Ok(Vec::new());
    }
    let query = ListQuery {
        namespace: namespace.map(str::to_string),
        label_selector: None,
    };
    match ctx
        .cluster()
        .await?
        .list(GATEWAY_API_GROUP, "HTTPRoute", &query)
        .await
    {
        Ok(objects) => Ok(objects),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// The view the arguments ask for: the rows of a namespace (or all), or one service.
async fn view(ctx: &Ctx, args: &Args) -> Result<StatusView> {
    let Some(service) = &args.service else {
        let namespace = if args.all_namespaces {
            None
        } else {
            Some(ctx.mesh_namespace().await?)
        };
        let (fetched, http_routes) = futures::try_join!(
            fetch(ctx, namespace.as_deref(), false),
            http_routes(ctx, namespace.as_deref()),
        )?;
        let mut rows = status::rows(fetched.mesh());
        if let Some(source) = metric_source(ctx, args)? {
            add_metrics(&mut rows, source.as_ref(), args.window).await;
        }
        return Ok(StatusView::Rows(status::Rows {
            lane_groups: status::lane_group_rows(fetched.mesh()),
            rows,
            http_routes,
            namespace,
        }));
    };
    metric_source(ctx, args)?;
    let namespace = ctx.mesh_namespace().await?;
    let host = fqdn(service, &namespace);
    let (fetched, http_routes) = futures::try_join!(
        fetch(ctx, Some(&namespace), true),
        http_route_objects(ctx, Some(&namespace)),
    )?;
    // Pods and the Service live in the workload cluster, in the host's namespace.
    let (pods, selector) = match namespace_of_host(&host) {
        Some(pod_ns) => {
            let cluster = ctx.cluster().await?;
            let short = crate::core::host::short_host(&host);
            let (pods, svc) = futures::try_join!(
                cluster.pods(Some(pod_ns), None),
                cluster.service(pod_ns, short),
            )?;
            (pods, svc.and_then(|s| s.pointer("/spec/selector").cloned()))
        }
        None => (Vec::new(), None),
    };
    let found = status::detail(
        fetched.mesh(),
        &host,
        &pods,
        selector.as_ref(),
        &http_routes,
    );
    let Some(detail) = found else {
        return Err(Error::not_found(format!(
            "no VirtualService, DestinationRule or HTTPRoute for `{service}` in namespace `{namespace}`"
        ))
        .with_hint(
            "`meshctl status` lists the services with routes; use `-n` for another namespace",
        ));
    };
    Ok(StatusView::Service(Box::new(detail)))
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let format = args.output.output;
    if !args.watch {
        ctx.printer.show(&view(ctx, args).await?, format)?;
        return Ok(ExitStatus::Success);
    }
    crate::output::view::watch(
        &ctx.printer,
        ctx.clock(),
        &args.output,
        WATCH_INTERVAL,
        || view(ctx, args),
    )
    .await?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    //! `status` against the ports' doubles: objects in an in-memory mesh store, pods
    //! and Services in an in-memory cluster, figures from a fixed metric source.

    use crate::ExitStatus;
    use crate::cmd::testing::Doubles;
    use crate::core::duration::Duration;
    use crate::core::fake::FixedSource;
    use crate::core::metrics::{Latency, Sample};
    use serde_json::{Value, json};

    fn vs() -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
               "metadata": {"name": "reviews"},
               "spec": {"hosts": ["reviews"], "http": [{"route": [
                   {"destination": {"host": "reviews", "subset": "v1"}, "weight": 80},
                   {"destination": {"host": "reviews", "subset": "v2"}, "weight": 20}]}]}})
    }

    fn dr() -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
               "metadata": {"name": "reviews"},
               "spec": {"host": "reviews", "subsets": [
                   {"name": "v1", "labels": {"version": "v1"}},
                   {"name": "v2", "labels": {"version": "v2"}}]}})
    }

    fn pod(name: &str, version: &str, ready: bool) -> Value {
        json!({"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": name, "labels": {"app": "reviews", "version": version}},
               "status": {"phase": "Running", "conditions": [
                   {"type": "Ready", "status": if ready {"True"} else {"False"}}]}})
    }

    fn service() -> Value {
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "reviews"},
               "spec": {"selector": {"app": "reviews"}}})
    }

    #[tokio::test]
    async fn the_mesh_view_has_a_row_per_service_of_the_namespace() {
        let ran = Doubles::mesh([vs(), dr()]).run(&["status"]).await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        insta::assert_snapshot!(ran.stdout, @r"
        NAMESPACE   SERVICE   GATEWAYS   ROUTES        SUBSETS   POLICY   ROLLOUT
        shop        reviews   -          v1=80 v2=20   v1,v2     -        · Idle
        ");
    }

    /// A lane group `lanes` (front → reviews) in `shop`, as `meshctl lane` writes it.
    fn lane_group() -> Vec<Value> {
        use crate::core::lane::{Lane, LaneGroup};
        let mut group = LaneGroup::new("lanes", "shop", &["front".into(), "reviews".into()]);
        group.lanes.push(Lane {
            name: "dev".into(),
            version: "v2".into(),
            permissive: true,
            services: vec!["reviews".into()],
        });
        crate::core::lane::render::render(&group)
    }

    #[tokio::test]
    async fn lane_groups_follow_the_services_and_a_service_lists_its_lanes() {
        let doubles = Doubles::mesh(lane_group()).with_workloads([
            pod("r1", "v1", true),
            pod("r2", "v2", true),
            service(),
        ]);
        let ran = doubles.run(&["status"]).await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        insta::assert_snapshot!(ran.stdout, @r"
        NAMESPACE   SERVICE   GATEWAYS   ROUTES                    SUBSETS        POLICY   ROLLOUT
        shop        front     -          baseline=100 (+1 match)   baseline,dev   -        · Idle
        shop        reviews   -          baseline=100 (+1 match)   baseline,dev   -        · Idle

        GROUP   SERVICES        LANES             HEADER   INGRESS
        lanes   front→reviews   dev=v2[reviews]   x-lane   mesh
        ");
        let ran = doubles.run(&["status", "reviews", "-o", "json"]).await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        let view: Value = serde_json::from_str(&ran.stdout).unwrap();
        assert_eq!(
            view["lanes"],
            json!([{"group": "lanes", "lane": "dev", "mode": "permissive", "subset": "dev",
                    "version": "v2", "pods": {"ready": 1, "total": 1}}])
        );
    }

    #[tokio::test]
    async fn an_empty_namespace_says_so_on_stderr() {
        let ran = Doubles::mesh([]).run(&["status", "-n", "web"]).await;
        assert_eq!(ran.status, ExitStatus::Success);
        assert_eq!(ran.stdout, "");
        assert!(
            ran.stderr
                .contains("No VirtualServices or DestinationRules found in namespace `web`"),
            "{}",
            ran.stderr
        );
    }

    #[tokio::test]
    async fn one_service_counts_the_ready_pods_of_each_subset_from_the_cluster() {
        let doubles = Doubles::mesh([vs(), dr()]).with_workloads([
            pod("r1", "v1", true),
            pod("r2", "v1", true),
            pod("r3", "v2", false),
            service(),
        ]);
        let ran = doubles.run(&["status", "reviews"]).await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        assert!(
            ran.stdout.contains("v1 80%  (version=v1)\n"),
            "{}",
            ran.stdout
        );
        assert!(ran.stdout.contains("└─ pods 2/2 ready"), "{}", ran.stdout);
        assert!(ran.stdout.contains("└─ pods 0/1 ready"), "{}", ran.stdout);
    }

    #[tokio::test]
    async fn wide_output_shows_the_metric_sources_figures() {
        let sample = |requests: f64, errors: f64| {
            Sample::from_totals(
                requests,
                errors,
                Duration::from_secs(60),
                Latency {
                    p99: Some(12.0),
                    ..Default::default()
                },
            )
        };
        let source = FixedSource::default()
            .with("v1", sample(600.0, 0.0))
            .with("v2", sample(600.0, 6.0));
        let doubles = Doubles::mesh([vs(), dr()]).with_metrics(source);
        let ran = doubles
            .run(&[
                "status",
                "-o",
                "json",
                "--prometheus-url",
                "http://127.0.0.1:9",
            ])
            .await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        let rows: Value = serde_json::from_str(&ran.stdout).unwrap();
        let m = &rows[0]["metrics"];
        assert_eq!(m["requests"], 1200.0, "{m}");
        assert_eq!(m["successRate"], 99.5, "{m}");
        let asked = doubles.metrics.as_ref().unwrap().asked();
        assert_eq!(asked.len(), 2);
        assert!(asked.iter().all(|(t, w)| t.namespace == "shop"
            && t.service == "reviews"
            && *w == Duration::from_secs(60)));
    }

    fn http_route() -> Value {
        json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
               "metadata": {"name": "reviews", "namespace": "shop"},
               "spec": {"parentRefs": [{"name": "web"}], "hostnames": ["shop.example.com"],
                        "rules": [{"backendRefs": [
                            {"name": "reviews-v1", "port": 9080, "weight": 90},
                            {"name": "reviews-v2", "port": 9080, "weight": 10}]}]}})
    }

    #[tokio::test]
    async fn http_routes_of_the_workload_cluster_follow_the_services() {
        let doubles = Doubles::mesh([vs(), dr()]).with_workloads([http_route()]);
        let ran = doubles.run(&["status"]).await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        insta::assert_snapshot!(ran.stdout, @r"
        NAMESPACE   SERVICE   GATEWAYS   ROUTES        SUBSETS   POLICY   ROLLOUT
        shop        reviews   -          v1=80 v2=20   v1,v2     -        · Idle

        NAMESPACE   HTTPROUTE   PARENTS   HOSTNAMES          BACKENDS                                ACCEPTED   RESOLVEDREFS
        shop        reviews     web       shop.example.com   reviews-v1:9080=90 reviews-v2:9080=10   -          -
        ");
        let ran = doubles.run(&["status", "-o", "name"]).await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        assert_eq!(
            ran.stdout,
            "destinationrule.networking.istio.io/reviews\n\
             virtualservice.networking.istio.io/reviews\n\
             httproute.gateway.networking.k8s.io/reviews\n"
        );
    }

    #[tokio::test]
    async fn routes_alone_are_shown_without_an_empty_services_table() {
        let ran = Doubles::mesh([])
            .with_workloads([http_route()])
            .run(&["status", "-o", "json"])
            .await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        let list: Value = serde_json::from_str(&ran.stdout).unwrap();
        assert_eq!(list[0]["kind"], "HTTPRoute", "{list}");
        assert_eq!(list[0]["rules"][0][1]["weight"], 10, "{list}");
        assert_eq!(list[0]["conditions"], json!([]), "{list}");
    }

    #[tokio::test]
    async fn the_tree_of_a_service_shows_its_http_routes_from_the_workload_cluster() {
        let doubles = Doubles::mesh([]).with_workloads([http_route(), service()]);
        let ran = doubles.run(&["status", "reviews"]).await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        assert!(
            ran.stdout
                .contains("└─ HTTPRoute shop/reviews  shop.example.com\n"),
            "{}",
            ran.stdout
        );
        let ran = doubles.run(&["status", "reviews", "-o", "name"]).await;
        assert_eq!(ran.stdout, "httproute.gateway.networking.k8s.io/reviews\n");
        let ran = doubles.run(&["status", "ratings"]).await;
        assert!(
            ran.stderr
                .contains("no VirtualService, DestinationRule or HTTPRoute for `ratings`"),
            "{}",
            ran.stderr
        );
    }

    #[tokio::test]
    async fn figures_need_prometheus() {
        let ran = Doubles::mesh([vs(), dr()])
            .run(&["status", "-o", "wide", "--source", "envoy"])
            .await;
        assert_eq!(ran.status, ExitStatus::Usage);
        assert!(
            ran.stderr
                .contains("`status` reads figures from Prometheus only"),
            "{}",
            ran.stderr
        );
    }
}
