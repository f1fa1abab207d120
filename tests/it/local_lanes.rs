//! Traffic lanes through a real Envoy (`MESHCTL_TEST_ENVOY`): the group's rendered
//! objects on the local mesh, `meshctl demo backend` processes chained a → b → c that
//! pass the lane header along, and the chain each answer reports. With the lane header
//! (or cookie) every request goes through the lane's versions, falling back to the
//! baseline for services a permissive lane does not hold; without it none reaches a
//! lane version.

use crate::local_mesh::{Mesh, envoy_binary};
use crate::support::cli;
use crate::support::process::{Guard, free_port, wait_for};

use meshctl::core::envoy::Endpoint;
use meshctl::core::lane::chains::subset_versions;
use meshctl::core::lane::{Lane, LaneGroup, render};
use meshctl::core::store::{ApplyOptions, MeshStore};
use std::collections::BTreeMap;
use std::net::TcpStream;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const SERVICES: [&str; 3] = ["a", "b", "c"];
const REQUESTS: usize = 100;

/// The group `shop` of a → b → c with one lane `dev` at v2.
fn group(permissive: bool) -> LaneGroup {
    let services: Vec<String> = SERVICES.iter().map(|s| s.to_string()).collect();
    let mut g = LaneGroup::new("shop", "default", &services);
    g.lanes.push(Lane {
        name: "dev".into(),
        version: "v2".into(),
        permissive,
        services: if permissive {
            vec!["b".into()]
        } else {
            services.clone()
        },
    });
    g
}

/// The chained backends of a group on a local mesh; all killed by PID on drop.
struct Lanes {
    mesh: Mesh,
    _backends: Vec<Guard>,
    _dir: tempfile::TempDir,
}

impl Lanes {
    /// Starts every version the group's subsets select (each calling the next service
    /// through Envoy with `x-lane` propagated), registers them per subset, applies
    /// the rendered objects. `failing` backends (`service:version`) fail half their
    /// requests.
    async fn start(group: &LaneGroup, failing: &[&str]) -> Lanes {
        let mesh = Mesh::up().await;
        let dir = tempfile::tempdir().unwrap();
        let mut ports: BTreeMap<(String, String), u16> = BTreeMap::new();
        let mut backends = Vec::new();
        let subsets = subset_versions(group);
        for s in &subsets {
            let key = (s.service.clone(), s.version.clone());
            if ports.contains_key(&key) {
                continue;
            }
            let port = free_port();
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_meshctl"));
            cmd.args([
                "demo",
                "backend",
                "--name",
                &s.service,
                "--version",
                &s.version,
            ])
            .args(["--port", &port.to_string()]);
            let next = SERVICES
                .iter()
                .position(|x| *x == s.service)
                .and_then(|i| SERVICES.get(i + 1));
            if let Some(next) = next {
                cmd.args(["--call", next, "--propagate", "x-lane"])
                    .args(["--mesh", &format!("http://127.0.0.1:{}", mesh.port)]);
            }
            if failing.contains(&format!("{}:{}", s.service, s.version).as_str()) {
                cmd.args(["--error-rate", "0.5"]);
            }
            let log = dir.path().join(format!("{}-{}.log", s.service, s.version));
            let mut guard = Guard::spawn("demo backend", &mut cmd, &log);
            wait_for(
                "a chained backend to listen",
                Duration::from_secs(10),
                || {
                    guard.assert_running();
                    TcpStream::connect(("127.0.0.1", port)).ok().map(|_| ())
                },
            );
            backends.push(guard);
            ports.insert(key, port);
        }
        for s in &subsets {
            mesh.mesh
                .add_endpoint(Endpoint {
                    service: s.service.clone(),
                    namespace: group.namespace.clone(),
                    subset: s.subset.clone(),
                    address: format!(
                        "127.0.0.1:{}",
                        ports[&(s.service.clone(), s.version.clone())]
                    ),
                })
                .await
                .unwrap();
        }
        for object in render(group) {
            mesh.mesh
                .apply(&object, ApplyOptions::default())
                .await
                .unwrap_or_else(|e| panic!("apply failed: {} {:?}", e.message(), e.details()));
        }
        Lanes {
            mesh,
            _backends: backends,
            _dir: dir,
        }
    }

    /// `n` requests to `a` through Envoy; how many took each chain (`status N` for
    /// failures).
    async fn chains(&self, n: usize, headers: &[(&str, &str)]) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for _ in 0..n {
            let mut req = self
                .mesh
                .http
                .get(format!("http://127.0.0.1:{}/", self.mesh.port))
                .header("host", "a");
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            let key = match req.send().await {
                Ok(resp) if resp.status().as_u16() == 200 => resp
                    .headers()
                    .get("x-meshctl-chain")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("no chain")
                    .to_string(),
                Ok(resp) => format!("status {}", resp.status().as_u16()),
                Err(e) => format!("error {e}"),
            };
            *out.entry(key).or_default() += 1;
        }
        out
    }
}

impl Lanes {
    /// `meshctl --target local ARGS` on this mesh's state directory, while steady
    /// untagged traffic goes to `a` (what a lane shift's judgement needs).
    async fn run_with_traffic(&self, args: &[&str]) -> cli::Run {
        let stop = Arc::new(AtomicBool::new(false));
        let traffic = {
            let (stop, http, port) = (stop.clone(), self.mesh.http.clone(), self.mesh.port);
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let _ = http
                        .get(format!("http://127.0.0.1:{port}/"))
                        .header("host", "a")
                        .send()
                        .await;
                }
            })
        };
        let dir = self.mesh._dir.path().to_path_buf();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let run = tokio::task::spawn_blocking(move || {
            let mut cmd = cli::meshctl();
            cmd.args(["--target", "local"])
                .args(&args)
                .env("MESHCTL_LOCAL_DIR", &dir);
            cli::run_cmd(&mut cmd, None)
        })
        .await
        .unwrap();
        stop.store(true, Ordering::Relaxed);
        traffic.await.unwrap();
        run
    }
}

/// A short lane shift of `dev`, judged every second by the local Envoy's stats.
const SHIFT: [&str; 15] = [
    "lane",
    "shift",
    "shop",
    "dev",
    "--steps",
    "20,50",
    "--interval",
    "2s",
    "--analysis-window",
    "1s",
    "--analysis-interval",
    "1s",
    "--min-success-rate",
    "95",
    "--yes",
];

fn only(chain: &str) -> BTreeMap<String, usize> {
    BTreeMap::from([(chain.to_string(), REQUESTS)])
}

#[tokio::test]
async fn a_permissive_lane_takes_tagged_requests_through_b_v2_only() {
    let lanes = Lanes::start(&group(true), &[]).await;
    assert_eq!(
        lanes.chains(REQUESTS, &[("x-lane", "dev")]).await,
        only("a:v1,b:v2,c:v1"),
        "with the header"
    );
    assert_eq!(
        lanes
            .chains(
                REQUESTS,
                &[("cookie", "session=42; x-lane=dev; theme=dark")]
            )
            .await,
        only("a:v1,b:v2,c:v1"),
        "with the cookie"
    );
    assert_eq!(
        lanes.chains(REQUESTS, &[]).await,
        only("a:v1,b:v1,c:v1"),
        "untagged: no lane version"
    );
    // Another lane's name, or a cookie that only resembles the lane's, is no lane.
    assert_eq!(
        lanes
            .chains(REQUESTS, &[("x-lane", "other"), ("cookie", "x-lane=devx")])
            .await,
        only("a:v1,b:v1,c:v1")
    );
}

#[tokio::test]
async fn a_strict_lane_takes_tagged_requests_through_every_v2() {
    let lanes = Lanes::start(&group(false), &[]).await;
    assert_eq!(
        lanes.chains(REQUESTS, &[("x-lane", "dev")]).await,
        only("a:v2,b:v2,c:v2")
    );
    assert_eq!(
        lanes.chains(REQUESTS, &[("cookie", "x-lane=dev")]).await,
        only("a:v2,b:v2,c:v2")
    );
    assert_eq!(lanes.chains(REQUESTS, &[]).await, only("a:v1,b:v1,c:v1"));
}

#[tokio::test]
async fn a_failing_lane_member_fails_only_the_lanes_requests_naming_the_hop() {
    let lanes = Lanes::start(&group(true), &["b:v2"]).await;
    let tagged = lanes.chains(REQUESTS, &[("x-lane", "dev")]).await;
    assert_eq!(
        tagged.get("status 502"),
        Some(&(REQUESTS / 2)),
        "{tagged:?}"
    );
    assert_eq!(
        tagged.get("a:v1,b:v2,c:v1"),
        Some(&(REQUESTS / 2)),
        "{tagged:?}"
    );
    assert_eq!(lanes.chains(REQUESTS, &[]).await, only("a:v1,b:v1,c:v1"));
    // Two consecutive requests: b:v2 fails every second one; the 502 names it.
    let mut errors = Vec::new();
    for _ in 0..2 {
        let resp = lanes
            .mesh
            .http
            .get(format!("http://127.0.0.1:{}/", lanes.mesh.port))
            .header("host", "a")
            .header("x-lane", "dev")
            .send()
            .await
            .unwrap();
        if resp.status().as_u16() == 502 {
            let body: serde_json::Value = resp.json().await.unwrap();
            errors.push(body["error"].as_str().unwrap_or_default().to_string());
        }
    }
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("`b:v2` answered 500"), "{errors:?}");
}

#[tokio::test]
async fn a_shift_with_a_failing_member_rolls_the_whole_lane_back() {
    let lanes = Lanes::start(&group(true), &["b:v2"]).await;
    let run = lanes.run_with_traffic(&SHIFT).await;
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert_eq!(
        lanes.chains(REQUESTS, &[]).await,
        only("a:v1,b:v1,c:v1"),
        "after the rollback no untagged request reaches the lane"
    );
    // Tagged requests still reach the lane: the rollback undid the shift, not the lane.
    let tagged = lanes.chains(REQUESTS, &[("x-lane", "dev")]).await;
    assert_eq!(
        tagged.get("a:v1,b:v2,c:v1"),
        Some(&(REQUESTS / 2)),
        "{tagged:?}"
    );
}

#[tokio::test]
async fn a_healthy_shift_moves_every_untagged_request_into_the_lane() {
    let lanes = Lanes::start(&group(true), &[]).await;
    let run = lanes.run_with_traffic(&SHIFT).await;
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(
        lanes.chains(REQUESTS, &[]).await,
        only("a:v1,b:v2,c:v1"),
        "at 100% every untagged request is tagged and goes through the lane"
    );
}

/// `meshctl demo lanes ARGS`, with the test's Envoy.
fn demo(args: &[&str]) -> cli::Run {
    let mut cmd = cli::meshctl();
    cmd.args(["demo", "lanes"])
        .args(args)
        .env("MESHCTL_ENVOY", envoy_binary());
    cli::run_cmd(&mut cmd, None)
}

/// The share column of the chains table for `requests` and `chain`, if shown.
fn share(stdout: &str, requests: &str, chain: &str) -> Option<String> {
    stdout.lines().find_map(|line| {
        let rest = line.strip_prefix(requests)?.trim_start();
        let rest = rest.strip_prefix(chain)?;
        rest.split_whitespace().nth(1).map(String::from)
    })
}

#[test]
fn the_lanes_demo_shows_isolation_and_a_shift() {
    let run = demo(&[]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let out = &run.stdout;
    for requests in ["header x-lane: dev", "cookie x-lane=dev"] {
        assert_eq!(
            share(out, requests, "a:v1,b:v2,c:v1").as_deref(),
            Some("100%"),
            "{out}"
        );
    }
    assert_eq!(
        share(out, "untagged  ", "a:v1,b:v1,c:v1").as_deref(),
        Some("100%"),
        "{out}"
    );
    assert_eq!(
        share(out, "untagged, after the shift", "a:v1,b:v2,c:v1").as_deref(),
        Some("100%"),
        "{out}"
    );
}

#[test]
fn the_strict_lanes_demo_goes_through_every_v2() {
    let run = demo(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(
        share(&run.stdout, "header x-lane: dev", "a:v2,b:v2,c:v2").as_deref(),
        Some("100%"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_bad_lanes_demo_rolls_the_lane_back() {
    let run = demo(&["--bad"]);
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert_eq!(
        share(&run.stdout, "untagged, after the shift", "a:v1,b:v1,c:v1").as_deref(),
        Some("100%"),
        "{}",
        run.stdout
    );
}
