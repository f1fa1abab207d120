//! Golden tests of every view: each is rendered in the formats people and scripts ask
//! for (`-o table`, `wide`, `json`, `yaml`) and compared with its snapshot under
//! `src/output/snapshots/`. Refresh them on purpose with `cargo insta review` (or
//! `INSTA_UPDATE=always`), then read the diff.

use super::OutputFormat;
use super::view::render;
use crate::core::rollout::{
    HistoryEntry, Lock, Phase, RolloutRecord, RolloutSpec, Split, Steps, Weights,
};
use crate::core::status::{Objects, detail};
use jiff::Timestamp;
use serde_json::{Value, json};

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + secs).unwrap()
}

fn record(phase: Phase, stage: usize) -> String {
    let spec = RolloutSpec::canary(
        "reviews",
        Split::subsets("v1", "v2"),
        Steps::new(vec![10, 20, 40, 60, 100]).unwrap(),
        "1m".parse().unwrap(),
    );
    let mut r =
        RolloutRecord::new(spec, Weights::split("v1", "v2", 0), json!({}), "ci", at(0)).unwrap();
    r.phase = phase;
    r.stage = stage;
    r.weights = Weights::split("v1", "v2", [10, 20, 40, 60, 100][stage]);
    r.message = "stage 3 passed analysis".into();
    r.history.push(HistoryEntry {
        at: at(0),
        actor: "ci".into(),
        from: Phase::Pending,
        to: Phase::Progressing,
        stage: 0,
        reason: "started".into(),
    });
    r.lock = Some(Lock {
        holder: "ci".into(),
        acquired_at: at(0),
        expires_at: at(60),
    });
    r.encode().unwrap()
}

use crate::core::fake::fixtures::{reviews_dr, reviews_vs, vs};

fn pod(name: &str, version: &str, ready: bool) -> Value {
    json!({"metadata": {"name": name, "namespace": "shop", "labels": {"app": "reviews", "version": version}},
       "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"}}]}})
}

#[test]
fn the_tree_goes_from_gateway_to_pods() {
    let vss = [reviews_vs(Some(record(Phase::Progressing, 2)))];
    let drs = [reviews_dr()];
    let gws = [
        json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
    "metadata": {"name": "public", "namespace": "istio-system"},
    "spec": {"servers": [{"port": {"number": 80, "protocol": "HTTP"}, "hosts": ["*"]}]}}),
    ];
    let pods = [
        pod("r1", "v1", true),
        pod("r2", "v1", true),
        pod("r3", "v2", false),
    ];
    let d = detail(
        Objects::read(&vss, &drs, &gws).mesh(),
        "reviews.shop.svc.cluster.local",
        &pods,
        Some(&json!({"app": "reviews"})),
        &[],
    )
    .unwrap();
    let text = render(&d, OutputFormat::Table).unwrap();
    insta::assert_snapshot!(text, @r"
reviews (shop)  ◌ Progressing 3/5
   stage 3 passed analysis
├─ Gateway istio-system/public  80/HTTP
│  └─ VirtualService shop/reviews
│     ├─ http[0] match headers x-canary exact=1
│     │  └─ v2 100%  (version=v2)
│     │     └─ pods 0/1 ready
│     └─ http[1] default
│        ├─ v1 80%  (version=v1)
│        │  └─ pods 2/2 ready
│        └─ v2 20%  (version=v2)
│           └─ pods 0/1 ready
├─ mesh (sidecars)
│  └─ VirtualService shop/reviews
│     ├─ http[0] match headers x-canary exact=1
│     │  └─ v2 100%  (version=v2)
│     │     └─ pods 0/1 ready
│     └─ http[1] default
│        ├─ v1 80%  (version=v1)
│        │  └─ pods 2/2 ready
│        └─ v2 20%  (version=v2)
│           └─ pods 0/1 ready
└─ DestinationRule shop/reviews  lb:LEAST_REQUEST outlier:5x/10s tls:ISTIO_MUTUAL
   ├─ subset v1  (version=v1)
   │  └─ pods 2/2 ready
   └─ subset v2  (version=v2)
      └─ pods 0/1 ready

History:
  AT                     FROM      TO            STAGE   ACTOR   REASON
  2026-09-21T14:13:20Z   Pending   Progressing   1       ci      started
");
    assert!(
        detail(
            Objects::read(&vss, &drs, &gws).mesh(),
            "ratings.shop.svc.cluster.local",
            &pods,
            None,
            &[]
        )
        .is_none()
    );
}

#[test]
fn a_route_to_an_undefined_subset_says_so_in_the_tree() {
    let vss = [reviews_vs(None)];
    let d = detail(
        Objects::read(&vss, &[], &[]).mesh(),
        "reviews.shop.svc.cluster.local",
        &[],
        None,
        &[],
    )
    .unwrap();
    let text = render(&d, OutputFormat::Table).unwrap();
    assert!(text.contains("v1 80%  (subset not defined)"), "{text}");
    assert!(
        text.contains("Gateway istio-system/public  (missing)"),
        "{text}"
    );
}

/// Every rendering of a view, one after the other, for one snapshot.
fn all_formats<V: crate::core::view::View>(view: &V) -> String {
    [
        OutputFormat::Table,
        OutputFormat::Wide,
        OutputFormat::Json,
        OutputFormat::Yaml,
        OutputFormat::Name,
    ]
    .into_iter()
    .map(|f| {
        let text = match render(view, f) {
            Ok(text) => text,
            Err(err) => format!("(error) {}\n", err.message()),
        };
        let empty = view
            .empty_message()
            .filter(|_| matches!(f, OutputFormat::Table | OutputFormat::Wide))
            .map(|m| format!("(stderr) {m}\n"))
            .unwrap_or_default();
        format!("--- -o {}\n{empty}{text}", format!("{f:?}").to_lowercase())
    })
    .collect()
}

fn sample(requests: f64, errors: f64) -> crate::core::metrics::Sample {
    crate::core::metrics::Sample::from_totals(
        requests,
        errors,
        crate::core::duration::Duration::from_secs(60),
        crate::core::metrics::Latency {
            p50: Some(4.0),
            p90: Some(9.5),
            p95: Some(12.0),
            p99: Some(31.0),
        },
    )
}

fn mesh() -> crate::core::status::Objects {
    let gws = [
        json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
        "metadata": {"name": "public", "namespace": "istio-system"},
        "spec": {"selector": {"istio": "ingressgateway"},
                 "servers": [{"port": {"number": 443, "protocol": "HTTPS"}, "hosts": ["shop.example.com"],
                              "tls": {"mode": "SIMPLE", "credentialName": "shop-cert"}}]}}),
    ];
    let vss = [
        reviews_vs(Some(record(Phase::Progressing, 2))),
        vs(
            "ratings",
            "shop",
            json!({"hosts": ["ratings"], "http": [{"route": [{"destination": {"host": "ratings"}}]}]}),
        ),
    ];
    Objects::read(&vss, &[reviews_dr()], &gws)
}

/// Two HTTPRoutes: one a controller accepted on two parents (one with a backend it
/// cannot resolve), one no controller has reported on yet.
fn http_routes() -> Vec<serde_json::Value> {
    vec![
        json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {"parentRefs": [{"name": "web", "sectionName": "http"},
                                {"name": "edge", "namespace": "infra"}],
                 "hostnames": ["shop.example.com"],
                 "rules": [{"backendRefs": [{"name": "reviews-v1", "port": 9080, "weight": 90},
                                            {"name": "reviews-v2", "port": 9080, "weight": 10}]},
                           {"backendRefs": [{"name": "ratings", "port": 9080}]}]},
        "status": {"parents": [
            {"parentRef": {"name": "web", "sectionName": "http"}, "controllerName": "istio.io/gateway-controller",
             "conditions": [{"type": "Accepted", "status": "True"}, {"type": "ResolvedRefs", "status": "True"}]},
            {"parentRef": {"name": "edge", "namespace": "infra"}, "controllerName": "istio.io/gateway-controller",
             "conditions": [{"type": "Accepted", "status": "True"},
                            {"type": "ResolvedRefs", "status": "False", "reason": "BackendNotFound"}]}]}}),
        json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": "mesh-ratings", "namespace": "shop"},
        "spec": {"parentRefs": [{"group": "", "kind": "Service", "name": "ratings", "port": 9080}],
                 "rules": [{"backendRefs": [{"name": "ratings-v2", "port": 9080}]}]}}),
    ]
}

#[test]
fn golden_status_rows() {
    let objects = mesh();
    let mut rows = crate::core::status::rows(objects.mesh());
    rows[1].metrics = Some(crate::core::status::combine(&[
        ("v1".into(), Ok(sample(480.0, 0.0))),
        ("v2".into(), Ok(sample(120.0, 6.0))),
    ]));
    let view = crate::core::status::Rows {
        rows,
        http_routes: crate::core::status::http_route_rows(&http_routes()),
        lane_groups: vec![],
        namespace: Some("shop".into()),
    };
    insta::assert_snapshot!(all_formats(&view));
    let empty = crate::core::status::Rows {
        rows: vec![],
        http_routes: vec![],
        lane_groups: vec![],
        namespace: Some("web".into()),
    };
    insta::assert_snapshot!("golden_status_rows_empty", all_formats(&empty));
}

/// A lane group `shop` (front → reviews → ratings) in namespace `shop`, as `meshctl
/// lane` renders it: a permissive lane `dev` holding reviews, a strict lane `full`.
fn lane_objects() -> Objects {
    use crate::core::lane::{Lane, LaneGroup};
    let services = ["front".to_string(), "reviews".into(), "ratings".into()];
    let mut group = LaneGroup::new("lanes", "shop", &services);
    group.lanes = vec![
        Lane {
            name: "dev".into(),
            version: "v2".into(),
            permissive: true,
            services: vec!["reviews".into()],
        },
        Lane {
            name: "full".into(),
            version: "v3".into(),
            permissive: false,
            services: services.to_vec(),
        },
    ];
    let all = crate::core::lane::render::render(&group);
    let of =
        |kind: &str| -> Vec<Value> { all.iter().filter(|o| o["kind"] == kind).cloned().collect() };
    Objects::read(&of("VirtualService"), &of("DestinationRule"), &[])
}

#[test]
fn golden_status_lanes() {
    let objects = lane_objects();
    let view = crate::core::status::Rows {
        rows: crate::core::status::rows(objects.mesh()),
        http_routes: vec![],
        lane_groups: crate::core::status::lane_group_rows(objects.mesh()),
        namespace: Some("shop".into()),
    };
    insta::assert_snapshot!("golden_status_lane_groups", all_formats(&view));
    let pods = [
        pod("r1", "v1", true),
        pod("r2", "v2", true),
        pod("r3", "v2", false),
    ];
    let service = detail(
        objects.mesh(),
        "reviews.shop.svc.cluster.local",
        &pods,
        Some(&json!({"app": "reviews"})),
        &[],
    )
    .unwrap();
    insta::assert_snapshot!("golden_status_service_lanes", all_formats(&service));
}

/// A GAMMA route attached to the Service `reviews`: testers go to `reviews-v2`,
/// everyone else to `reviews` itself (whose pods the tree counts).
fn gamma_route() -> serde_json::Value {
    json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
    "metadata": {"name": "reviews-mesh", "namespace": "shop"},
    "spec": {"parentRefs": [{"group": "", "kind": "Service", "name": "reviews", "port": 9080}],
             "rules": [{"name": "testers",
                        "matches": [{"headers": [{"name": "x-tester", "value": "yes"}]}],
                        "timeouts": {"request": "2s"},
                        "backendRefs": [{"name": "reviews-v2", "port": 9080}]},
                       {"matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
                        "backendRefs": [{"name": "reviews", "port": 9080, "weight": 3},
                                        {"name": "reviews-v2", "port": 9080, "weight": 1}]}]}})
}

#[test]
fn golden_status_service() {
    let objects = mesh();
    let pods = [pod("r1", "v1", true), pod("r3", "v2", false)];
    let mut routes = http_routes();
    routes.push(gamma_route());
    let view = detail(
        objects.mesh(),
        "reviews.shop.svc.cluster.local",
        &pods,
        Some(&json!({"app": "reviews"})),
        &routes,
    )
    .unwrap();
    insta::assert_snapshot!(all_formats(&view));
}

#[test]
fn a_service_with_only_http_routes_has_a_tree() {
    let pods = [pod("r1", "v1", true)];
    let routes = [gamma_route()];
    let view = detail(
        Objects::default().mesh(),
        "reviews.shop.svc.cluster.local",
        &pods,
        Some(&json!({"app": "reviews"})),
        &routes,
    )
    .unwrap();
    insta::assert_snapshot!(render(&view, OutputFormat::Table).unwrap(), @r"
reviews (shop)  · Idle
└─ HTTPRoute shop/reviews-mesh
   ├─ parent Service/reviews:9080  (no controller reported)
   ├─ rule[0] testers match header x-tester Exact=yes  timeouts request=2s
   │  └─ reviews-v2:9080 100%
   └─ rule[1] default
      ├─ reviews:9080 75%
      │  └─ pods 1/1 ready
      └─ reviews-v2:9080 25%
");
    assert_eq!(
        crate::core::view::View::names(&view).unwrap(),
        ["httproute.gateway.networking.k8s.io/reviews-mesh"]
    );
    // Routes that neither send to a service, attach to it nor carry its name are not
    // in its tree.
    let none = detail(
        Objects::default().mesh(),
        "details.shop.svc.cluster.local",
        &[],
        None,
        &routes,
    );
    assert!(none.is_none());
}

#[test]
fn golden_metrics() {
    use crate::core::metrics::view::{MetricsView, subset_view};
    use crate::core::metrics::{SourceError, SourceErrorKind};
    let window = crate::core::duration::Duration::from_secs(60);
    let view = MetricsView {
        service: "reviews".into(),
        namespace: "shop".into(),
        source: "prometheus".into(),
        window,
        subsets: vec![
            subset_view("v1", Some(90), window, Ok(sample(540.0, 0.0))),
            subset_view("v2", Some(10), window, Ok(sample(0.0, 0.0))),
            subset_view(
                "v3",
                None,
                window,
                Err(SourceError::new(
                    SourceErrorKind::Unreachable,
                    "Prometheus did not answer",
                )),
            ),
        ],
    };
    insta::assert_snapshot!(all_formats(&view));
}

#[test]
fn golden_gateway_list() {
    use crate::core::gateways::{GatewayList, note_workloads, views, workloads};
    let objects = mesh();
    let deployments = [
        json!({"metadata": {"name": "ingress", "namespace": "istio-system"},
        "spec": {"replicas": 2, "template": {"metadata": {"labels": {"istio": "ingressgateway"}}}},
        "status": {"readyReplicas": 2}}),
    ];
    let services = [
        json!({"metadata": {"name": "ingress", "namespace": "istio-system"},
        "spec": {"type": "LoadBalancer", "selector": {"istio": "ingressgateway"}}}),
    ];
    let mut gateways = views(&objects.gateways, &objects.virtual_services);
    let found = workloads(&deployments, &services, &objects.gateways);
    note_workloads(&mut gateways, &found);
    let view = GatewayList {
        gateways,
        workloads: found,
        namespace: None,
    };
    insta::assert_snapshot!(all_formats(&view));
}

#[test]
fn golden_egress_list() {
    use crate::core::policy::egress_list::{EgressList, EgressView};
    let view = EgressList(vec![EgressView {
        namespace: "shop".into(),
        host: "api.payments.example".into(),
        ports: vec!["443/TLS".into()],
        via_gateway: true,
        object: "serviceentry.networking.istio.io/api.payments.example".into(),
        age: "3d4h".into(),
    }]);
    insta::assert_snapshot!(all_formats(&view));
    insta::assert_snapshot!("golden_egress_list_empty", all_formats(&EgressList(vec![])));
}

#[test]
fn golden_lane_list() {
    use crate::core::lane::view::{LaneList, LaneView};
    let row = |lane: &str, mode: &str, version: &str, services: &[&str], weight: u32| LaneView {
        namespace: "shop".into(),
        group: "chain".into(),
        lane: lane.into(),
        mode: mode.into(),
        version: version.into(),
        services: services.iter().map(|s| s.to_string()).collect(),
        header: "x-lane".into(),
        weight,
        ingress: "chain-a".into(),
        subsets: services.iter().map(|s| format!("{s}:{lane}")).collect(),
        object: "virtualservice.networking.istio.io/chain-a".into(),
        age: "2h".into(),
    };
    let view = LaneList(vec![
        row("baseline", "-", "v1", &["a", "b", "c"], 80),
        row("dev", "strict", "v2", &["a", "b", "c"], 0),
        row("fx", "permissive", "v3", &["b"], 20),
    ]);
    insta::assert_snapshot!(all_formats(&view));
    insta::assert_snapshot!("golden_lane_list_empty", all_formats(&LaneList(vec![])));
}

#[test]
fn golden_local_mesh() {
    use crate::core::envoy::Endpoint;
    use crate::core::envoy::local::{EndpointList, EnvoyState, Status, Versions};
    let endpoints = vec![Endpoint {
        service: "reviews".into(),
        namespace: "default".into(),
        subset: "v1".into(),
        address: "127.0.0.1:9081".into(),
    }];
    let status = Status {
        dir: "state".into(),
        running: true,
        envoy: Some(EnvoyState {
            pid: 4242,
            binary: "envoy".into(),
            listener_port: 10000,
            admin_port: 15000,
            started_at: "2026-09-21T14:13:20Z".into(),
        }),
        config_version: 7,
        served: Some(Versions {
            clusters: Some("7".into()),
            listeners: Some("7".into()),
            routes: Some("6".into()),
        }),
        resources: 3,
        endpoints: endpoints.clone(),
        warnings: vec![],
    };
    insta::assert_snapshot!(all_formats(&status));
    insta::assert_snapshot!(
        "golden_local_endpoints",
        all_formats(&EndpointList(endpoints))
    );
}

fn decoded(phase: Phase, stage: usize) -> RolloutRecord {
    RolloutRecord::decode(&record(phase, stage)).unwrap()
}

#[test]
fn golden_rollouts() {
    use crate::core::rollout::view::{RolloutList, RolloutStatus, Row};
    let rec = decoded(Phase::Progressing, 2);
    let status = RolloutStatus {
        record: rec.clone(),
        now: at(30),
    };
    insta::assert_snapshot!("golden_rollout_status", all_formats(&status));
    let list = RolloutList {
        rows: vec![Row::of("shop", &rec, at(30))],
        namespace: Some("shop".into()),
    };
    insta::assert_snapshot!("golden_rollout_list", all_formats(&list));
}

/// A rollout from a step plan: its stage kinds, the mirror and the sticky cookie.
#[test]
fn golden_plan_rollout_status() {
    use crate::core::rollout::Strategy;
    use crate::core::rollout::plan;
    use crate::core::rollout::view::RolloutStatus;
    let mut rec = decoded(Phase::Progressing, 2);
    rec.spec.strategy = Strategy::Plan {
        steps: plan::parse(
            "steps:\n- setMirror: {percent: 20}\n- setWeight: 10\n- pause: {duration: 2m}\n- setWeight: 50\n",
        )
        .unwrap()
        .steps,
    };
    rec.spec.sticky_cookie = Some("shop-canary".into());
    rec.mirror = Some(20);
    rec.sticky = true;
    rec.weights = crate::core::rollout::Weights::split("v1", "v2", 10);
    let status = RolloutStatus {
        record: rec,
        now: at(30),
    };
    insta::assert_snapshot!("golden_plan_rollout_status", all_formats(&status));
}

/// A rollout waiting at a closed gate: the gate line and the webhook calls.
#[test]
fn golden_gate_rollout_status() {
    use crate::core::rollout::hooks::{Answer, Hook, HookCall, HookType};
    use crate::core::rollout::view::RolloutStatus;
    let mut rec = decoded(Phase::Progressing, 2);
    rec.spec.webhooks =
        vec![Hook::at(HookType::ConfirmPromotion, "http://127.0.0.1:8080/gate").unwrap()];
    for (kind, status, answer, attempts) in [
        (HookType::Rollout, 200, Answer::Passed, 1),
        (HookType::ConfirmPromotion, 403, Answer::Closed, 3),
    ] {
        rec.push_hook_call(HookCall {
            at: at(20),
            kind,
            url: "http://127.0.0.1:8080/gate".into(),
            stage: 2,
            status: Some(status),
            error: None,
            attempts,
            answer,
        });
    }
    let status = RolloutStatus {
        record: rec,
        now: at(30),
    };
    insta::assert_snapshot!("golden_gate_rollout_status", all_formats(&status));
}

#[test]
fn golden_bluegreen_status() {
    use crate::core::rollout::view::{BlueGreenStatus, Colour};
    let view = BlueGreenStatus {
        service: "reviews".into(),
        colours: vec![
            Colour {
                name: "blue".into(),
                role: BlueGreenStatus::role(100).into(),
                weight: 100,
                labels: "version=blue".into(),
                metrics: Some("8.0 rps, success 100.0%".into()),
            },
            Colour {
                name: "green".into(),
                role: BlueGreenStatus::role(0).into(),
                weight: 0,
                labels: "version=green".into(),
                metrics: Some("no metrics (no requests)".into()),
            },
        ],
        preview: true,
        last_switch: Some(BlueGreenStatus::last_switch(&decoded(Phase::Succeeded, 4))),
    };
    insta::assert_snapshot!(all_formats(&view));
}

#[test]
fn golden_analyze() {
    use crate::core::analyze::view::{Codes, Located, Report};
    use crate::core::analyze::{Finding, Level, Resource};
    let report = Report {
        findings: vec![Located {
            finding: Finding {
                code: "MESH0101",
                level: Level::Error,
                resource: Resource {
                    kind: "VirtualService".into(),
                    namespace: "shop".into(),
                    name: "reviews".into(),
                },
                message: "route to subset `v3` of `reviews.shop.svc.cluster.local`, but no DestinationRule exists for the host".into(),
                path: "spec.http[0].route[0].destination.subset".into(),
                hint: None,
            },
            file: Some("mesh/reviews.yaml".into()),
            line: Some(12),
        }, Located {
            finding: Finding {
                code: "MESH0123",
                level: Level::Error,
                resource: Resource {
                    kind: "VirtualService".into(),
                    namespace: "shop".into(),
                    name: "lanes-b".into(),
                },
                message: "lane `dev` of group `lanes` holds `b`, but no route `lane-dev` sends its requests to subset `dev`".into(),
                path: "spec.http".into(),
                hint: Some("render the lane again with `meshctl lane create lanes dev --version v2`".into()),
            },
            file: None,
            line: None,
        }],
        objects: 4,
        hidden: 1,
    };
    insta::assert_snapshot!(format!(
        "{}(summary) {}\n",
        all_formats(&report),
        report.summary()
    ));
    insta::assert_snapshot!(
        "golden_analyze_codes",
        render(&Codes, OutputFormat::Table).unwrap()
    );
}

#[test]
fn golden_templates_and_plain_values() {
    use crate::core::render::{TemplateList, TemplateSet};
    use crate::core::view::Plain;
    insta::assert_snapshot!(
        "golden_templates",
        all_formats(&TemplateList::of(TemplateSet::builtin().iter()))
    );
    let policy =
        json!({"virtualService": "shop/reviews", "timeout": "2s", "retries": {"attempts": 3}});
    insta::assert_snapshot!("golden_plain", all_formats(&Plain(policy)));
}

#[test]
fn golden_local_workload_list() {
    use crate::core::local_workload::{Instance, LocalWorkload, WorkloadList};
    let mut v2 = LocalWorkload::new(
        "default",
        "reviews-v2",
        "reviews",
        "v2",
        "demo:error-rate=0.2,latency=50ms",
        2,
        at(0),
    )
    .unwrap();
    v2.instances = vec![
        Instance {
            pid: 4101,
            port: 9082,
        },
        Instance {
            pid: 4102,
            port: 9083,
        },
    ];
    let v1 =
        LocalWorkload::new("default", "reviews-v1", "reviews", "v1", "demo", 1, at(0)).unwrap();
    let view = WorkloadList::new(&[(v2, 1), (v1, 0)], at(3 * 3600 + 60));
    insta::assert_snapshot!(all_formats(&view));
    insta::assert_snapshot!(
        "golden_local_workload_list_empty",
        all_formats(&WorkloadList(vec![]))
    );
}
