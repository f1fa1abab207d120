//! kubectl's conventions, held for every command: the command tree is walked, so a
//! new command fails here until it is classified as reading, writing or neither.
//! Reading commands run against the real API server (seeded objects) in every `-o`
//! format; writing commands dry-run in both modes and must write nothing; `-f`
//! commands take a file, a directory with `-R` and `-`; client dry runs must agree
//! with the server's.
//!
//! Only the flags' shape is checked (no run) for commands that need what a test
//! cannot offer here: metrics (live proxies, covered by `metrics_e2e`), the local mesh
//! (a running Envoy, covered by `local_mesh`), rollouts and their `status` (a rollout
//! in progress, covered by `canary` and `bluegreen`) and the demos.
use crate::support::cli::{Run, meshctl, run_cmd};
use crate::support::kube::{KubeTest, Options};
use serde_json::{Value, json};

const VS: &str = "virtualservices.networking.istio.io";

/// What a command does, as far as the conventions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Shows something: takes `-o table|wide|json|yaml|name`.
    Reads,
    /// Changes something: takes `--dry-run[=none|client|server]`.
    Writes,
    /// Neither (prints manifests, runs a process, prints a script).
    Other,
}

/// Every leaf command and its class. A command missing here fails
/// `every_command_is_classified`.
const COMMANDS: &[(&str, Class)] = &[
    ("render gateway", Class::Other),
    ("render virtualservice", Class::Other),
    ("render destinationrule", Class::Other),
    ("render serviceentry", Class::Other),
    ("render httproute", Class::Other),
    ("render service", Class::Other),
    ("validate", Class::Reads),
    ("analyze", Class::Reads),
    ("status", Class::Reads),
    ("apply", Class::Writes),
    ("diff", Class::Other),
    ("delete", Class::Writes),
    ("gateway create", Class::Writes),
    ("gateway list", Class::Reads),
    ("gateway delete", Class::Other),
    ("gateway deploy", Class::Writes),
    ("gateway undeploy", Class::Other),
    ("canary start", Class::Writes),
    ("canary step", Class::Other),
    ("canary pause", Class::Other),
    ("canary resume", Class::Other),
    ("canary promote", Class::Other),
    ("canary rollback", Class::Other),
    ("canary abort", Class::Other),
    ("canary retry", Class::Other),
    ("canary status", Class::Reads),
    ("canary list", Class::Reads),
    ("canary report", Class::Other),
    ("lane shift", Class::Writes),
    ("lane rollback", Class::Other),
    ("lane report", Class::Other),
    ("bluegreen status", Class::Reads),
    ("bluegreen report", Class::Other),
    ("bluegreen deploy", Class::Writes),
    ("bluegreen preview", Class::Other),
    ("bluegreen switch", Class::Writes),
    ("bluegreen rollback", Class::Other),
    ("policy set", Class::Writes),
    ("policy show", Class::Reads),
    ("fault inject", Class::Writes),
    ("fault clear", Class::Writes),
    ("fault show", Class::Reads),
    ("egress allow", Class::Writes),
    ("egress list", Class::Reads),
    ("egress revoke", Class::Other),
    ("lane group create", Class::Writes),
    ("lane group delete", Class::Writes),
    ("lane create", Class::Writes),
    ("lane delete", Class::Writes),
    ("lane promote", Class::Writes),
    ("lane list", Class::Reads),
    ("templates list", Class::Reads),
    ("templates show", Class::Other),
    ("templates export", Class::Other),
    ("local up", Class::Other),
    ("local down", Class::Other),
    ("local status", Class::Reads),
    ("local endpoint add", Class::Other),
    ("local endpoint remove", Class::Other),
    ("local endpoint list", Class::Reads),
    ("local workload start", Class::Other),
    ("local workload stop", Class::Other),
    ("local workload scale", Class::Other),
    ("local workload delete", Class::Other),
    ("local workload list", Class::Reads),
    ("metrics", Class::Reads),
    ("demo backend", Class::Other),
    ("demo canary", Class::Other),
    ("demo bluegreen", Class::Other),
    ("demo lanes", Class::Other),
    ("completion", Class::Other),
    ("version", Class::Reads),
];

/// Commands that read files of objects with `-f`/`-R`.
const FILE_COMMANDS: &[&str] = &["validate", "analyze", "apply", "diff", "delete"];

/// Every leaf command of the tree (the hidden `__complete` aside), with its clap
/// definition.
fn leaves() -> Vec<(String, clap::Command)> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let path = format!("{prefix}{}", sub.get_name()).trim().to_string();
            if sub.has_subcommands() {
                walk(sub, &format!("{path} "), out);
            } else {
                out.push((path, sub.clone()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&meshctl::cli::command(), "", &mut out);
    out
}

fn arg<'a>(cmd: &'a clap::Command, long: &str) -> Option<&'a clap::Arg> {
    cmd.get_arguments().find(|a| a.get_long() == Some(long))
}

fn values(a: &clap::Arg) -> Vec<String> {
    a.get_possible_values()
        .iter()
        .map(|v| v.get_name().to_string())
        .collect()
}

fn help(a: &clap::Arg) -> String {
    a.get_help().map(|h| h.to_string()).unwrap_or_default()
}

#[test]
fn every_command_is_classified() {
    let known: Vec<&str> = COMMANDS.iter().map(|(c, _)| *c).collect();
    let leaves: Vec<String> = leaves().into_iter().map(|(p, _)| p).collect();
    for path in &leaves {
        assert!(
            known.contains(&path.as_str()),
            "`meshctl {path}` is not in COMMANDS: say whether it reads, writes or neither"
        );
    }
    for path in known {
        assert!(
            leaves.iter().any(|l| l == path),
            "`{path}` no longer exists"
        );
    }
}

/// The shared flags are the same definition everywhere: same short, values and help.
#[test]
fn shared_flags_mean_the_same_on_every_command() {
    let all = leaves();
    let class = |path: &str| COMMANDS.iter().find(|(c, _)| *c == path).map(|(_, c)| *c);
    let (_, apply) = all.iter().find(|(p, _)| p == "apply").unwrap();
    let (_, gateway_list) = all.iter().find(|(p, _)| p == "gateway list").unwrap();
    let output = arg(gateway_list, "output").unwrap();
    let dry_run = arg(apply, "dry-run").unwrap();
    let filename = arg(apply, "filename").unwrap();
    assert_eq!(values(output), ["table", "wide", "json", "yaml", "name"]);
    assert_eq!(values(dry_run), ["none", "client", "server"]);
    for (path, cmd) in &all {
        match class(path) {
            Some(Class::Reads) => {
                let o = arg(cmd, "output").unwrap_or_else(|| panic!("`{path}` has no `-o`"));
                assert_eq!(o.get_short(), Some('o'), "{path}");
                assert_eq!(values(o), values(output), "`{path} -o`");
                assert_eq!(help(o), help(output), "`{path} -o`");
                assert!(
                    arg(cmd, "show-managed-fields").is_some(),
                    "`{path}` has no `--show-managed-fields`"
                );
            }
            Some(Class::Writes) => {
                let d =
                    arg(cmd, "dry-run").unwrap_or_else(|| panic!("`{path}` has no `--dry-run`"));
                assert_eq!(values(d), values(dry_run), "`{path} --dry-run`");
                assert_eq!(help(d), help(dry_run), "`{path} --dry-run`");
            }
            _ => {}
        }
        // A flag with a shared name never means something else.
        if let Some(d) = arg(cmd, "dry-run") {
            assert_eq!(help(d), help(dry_run), "`{path} --dry-run`");
        }
        if FILE_COMMANDS.contains(&path.as_str()) {
            let f = arg(cmd, "filename").unwrap_or_else(|| panic!("`{path}` has no `-f`"));
            assert_eq!(help(f), help(filename), "`{path} -f`");
            assert_eq!(
                f.get_value_names(),
                filename.get_value_names(),
                "`{path} -f`"
            );
            let r = arg(cmd, "recursive").unwrap_or_else(|| panic!("`{path}` has no `-R`"));
            assert_eq!(r.get_short(), Some('R'));
        }
        for (long, short) in [("selector", 'l'), ("watch", 'w'), ("all-namespaces", 'A')] {
            if let Some(a) = arg(cmd, long).filter(|a| a.get_short().is_some()) {
                assert_eq!(a.get_short(), Some(short), "`{path} --{long}`");
            }
        }
    }
}

fn server() -> KubeTest {
    KubeTest::start(Options {
        namespaces: vec!["shop".into()],
        ..Default::default()
    })
}

fn mc<S: AsRef<std::ffi::OsStr>>(s: &KubeTest, args: &[S]) -> Run {
    mc_in(s, args, None)
}

fn mc_in<S: AsRef<std::ffi::OsStr>>(s: &KubeTest, args: &[S], stdin: Option<&str>) -> Run {
    let mut cmd = meshctl();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--kubeconfig")
        .arg(s.kubeconfig_path())
        .args(["-n", &s.ns("shop")])
        .args(args);
    s.filter_run(run_cmd(&mut cmd, stdin))
}

fn seed_mesh(s: &KubeTest) {
    s.seed(json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
        "metadata": {"name": "public", "namespace": "shop"},
        "spec": {"selector": {"istio": "ingressgateway"},
                 "servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["shop.example.com"]}]}}));
    // As meshctl's own, so applying files over it meets no field conflicts.
    s.seed_as(vs("reviews", "90"), "meshctl");
    s.seed(json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {"host": "reviews", "subsets": [{"name": "v1", "labels": {"version": "v1"}}, {"name": "v2", "labels": {"version": "v2"}}]}}));
}

/// A VirtualService splitting `reviews` between v1 (`weight`, written as given) and v2.
/// The ingress object of lane group `lanes` (services a and b, lane `dev` holding b).
fn lane_ingress() -> Value {
    let mut group = meshctl::core::lane::LaneGroup::new("lanes", "shop", &["a".into(), "b".into()]);
    group.lanes.push(meshctl::core::lane::Lane {
        name: "dev".into(),
        version: "v2".into(),
        permissive: true,
        services: vec!["b".into()],
    });
    json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
           "metadata": {"name": "lanes-a", "namespace": "shop",
                        "labels": {"meshctl.io/lane-group": "lanes",
                                   "app.kubernetes.io/managed-by": "meshctl"},
                        "annotations": {"meshctl.io/lane-group": group.to_annotation()}},
           "spec": {"hosts": ["a"], "http": [
               {"name": "lane-dev", "match": [{"headers": {"x-lane": {"exact": "dev"}}}],
                "headers": {"request": {"set": {"x-lane": "dev"}}},
                "route": [{"destination": {"host": "a", "subset": "dev"}}]},
               {"name": "baseline",
                "route": [{"destination": {"host": "a", "subset": "baseline"}, "weight": 100}]}]}})
}

fn vs(name: &str, weight: &str) -> Value {
    let text = vs_text(name, "shop", weight);
    meshctl::core::yaml::parse_documents(&text).unwrap()[0]
        .value
        .clone()
}

fn vs_text(name: &str, namespace: &str, weight: &str) -> String {
    format!(
        "apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {name}
  namespace: {namespace}
spec:
  hosts: [reviews]
  gateways: [public]
  http:
  - name: main
    route:
    - destination: {{host: reviews, subset: v1}}
      weight: {weight}
"
    )
}

/// A file in `dir` with the VirtualService `name` (all traffic to v1); its path.
fn vs_file(s: &KubeTest, dir: &std::path::Path, name: &str) -> String {
    let file = dir.join("vs.yaml");
    std::fs::write(&file, vs_text(name, &s.ns("shop"), "100")).unwrap();
    file.display().to_string()
}

/// Checks one run of a reading command in `format`.
fn check_format(path: &str, format: &str, run: &Run) {
    let what = format!("`meshctl {path} -o {format}`");
    if format == "name" && matches!(path, "analyze" | "validate" | "templates list" | "version") {
        // Findings, templates and versions are no objects: refused, not guessed.
        assert_eq!(run.code, 2, "{what}: {}", run.snapshot());
        assert!(run.stderr.contains("hint:"), "{what}: {}", run.stderr);
        return;
    }
    assert_eq!(run.code, 0, "{what}: {}", run.snapshot());
    match format {
        "json" => {
            serde_json::from_str::<Value>(&run.stdout)
                .unwrap_or_else(|e| panic!("{what} is not JSON: {e}\n{}", run.stdout));
        }
        "yaml" => {
            meshctl::core::yaml::parse_documents(&run.stdout)
                .unwrap_or_else(|e| panic!("{what} is not YAML: {e:?}\n{}", run.stdout));
        }
        "name" => {
            for line in run.stdout.lines() {
                let (kind, name) = line
                    .split_once('/')
                    .unwrap_or_else(|| panic!("{what}: `{line}`"));
                assert!(
                    !kind.is_empty() && !name.is_empty() && kind == kind.to_lowercase(),
                    "{what}: `{line}` is not `kind/name`"
                );
            }
        }
        // An empty list (or a clean check) says so on stderr instead of an empty table.
        _ => assert!(
            !run.stdout.is_empty() || !run.stderr.is_empty(),
            "{what} printed nothing: {}",
            run.snapshot()
        ),
    }
    assert!(
        !run.stdout.contains("managedFields"),
        "{what} shows managedFields"
    );
}

#[test]
fn reading_commands_print_every_format_against_the_api_server() {
    let s = server();
    seed_mesh(&s);
    let dir = tempfile::tempdir().unwrap();
    let file = vs_file(&s, dir.path(), "reviews");
    let allowed = mc(&s, &["egress", "allow", "api.example.com"]);
    assert_eq!(allowed.code, 0, "{}", allowed.snapshot());
    let runs: &[(&str, &[&str])] = &[
        ("gateway list", &["gateway", "list"]),
        ("egress list", &["egress", "list"]),
        ("canary list", &["canary", "list", "-A"]),
        ("status", &["status"]),
        ("policy show", &["policy", "show", "reviews"]),
        ("analyze", &["analyze"]),
        ("validate", &["validate", "-f", &file]),
        ("templates list", &["templates", "list"]),
        ("version", &["version"]),
    ];
    for format in ["table", "wide", "json", "yaml", "name"] {
        for (path, args) in runs {
            let mut args = args.to_vec();
            args.extend(["-o", format]);
            check_format(path, format, &mc(&s, &args));
        }
    }
    // Empty lists still print valid data for scripts.
    assert_eq!(
        mc(&s, &["canary", "list", "-o", "json"]).stdout.trim(),
        "[]"
    );
    // `-l` narrows every list; a selector nothing matches leaves it empty.
    for list in [["gateway", "list"], ["egress", "list"], ["canary", "list"]] {
        let run = mc(&s, &[&list[..], &["-l", "app=none", "-o", "json"]].concat());
        assert_eq!(run.code, 0, "{}", run.snapshot());
        assert_eq!(run.stdout.trim(), "[]", "{}", list.join(" "));
    }
    let run = mc(&s, &["egress", "list", "-o", "name"]);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.snapshot());
    // `gateway list -o name` names the Gateway as kubectl would.
    assert_eq!(
        mc(&s, &["gateway", "list", "-o", "name"]).stdout,
        "gateway.networking.istio.io/public\n"
    );
}

#[test]
fn managed_fields_show_only_when_asked() {
    let s = server();
    seed_mesh(&s);
    let dir = tempfile::tempdir().unwrap();
    let file = vs_file(&s, dir.path(), "reviews");
    let hidden = mc(&s, &["apply", "-f", &file, "-o", "yaml"]);
    assert_eq!(hidden.code, 0, "{}", hidden.snapshot());
    assert!(
        !hidden.stdout.contains("managedFields"),
        "{}",
        hidden.stdout
    );
    let shown = mc(
        &s,
        &["apply", "-f", &file, "-o", "yaml", "--show-managed-fields"],
    );
    assert!(shown.stdout.contains("managedFields"), "{}", shown.stdout);
}

/// Every writing command, in both dry-run modes, leaves the server as it was.
#[test]
fn dry_runs_write_nothing() {
    let s = server();
    seed_mesh(&s);
    let dir = tempfile::tempdir().unwrap();
    let file = vs_file(&s, dir.path(), "ratings");
    let before = s.resource_version(VS, "shop", "reviews");
    // A VirtualService whose route a rollout can shift (reviews' weights sum to 90).
    s.seed(vs("rollout", "100"));
    let rollout_before = s.resource_version(VS, "shop", "rollout");
    // A lane group's ingress object (`lanes-a`) that `lane shift` would shift.
    s.seed(lane_ingress());
    let shift_before = s.resource_version(VS, "shop", "lanes-a");
    // The live colour's Deployment `bluegreen deploy` would copy.
    let labels = json!({"app": "reviews", "version": "v1"});
    s.seed(json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "reviews-v1", "namespace": "shop", "labels": labels},
        "spec": {"replicas": 1, "selector": {"matchLabels": labels},
                 "template": {"metadata": {"labels": labels},
                              "spec": {"containers": [{"name": "app", "image": "reviews:1"}]}}}}));
    // A lane group with one lane, for the lane verbs.
    let mut lanes = meshctl::core::lane::LaneGroup::new("lg", "shop", &["la".into(), "lb".into()]);
    lanes.lanes.push(meshctl::core::lane::Lane {
        name: "dev".into(),
        version: "v2".into(),
        permissive: false,
        services: vec!["la".into(), "lb".into()],
    });
    // As `lane group create` leaves them: written by meshctl's field manager.
    for object in meshctl::core::lane::render(&lanes) {
        s.seed_as(object, "meshctl");
    }
    let lanes_before = s.resource_version(VS, "shop", "lg-la");
    let writes: &[&[&str]] = &[
        &["lane", "group", "create", "lg2", "--service", "lx"],
        &["lane", "group", "delete", "lg", "--yes"],
        &["lane", "create", "lg", "new", "--version", "v9"],
        &["lane", "delete", "lg", "dev"],
        &["lane", "promote", "lg", "dev"],
        &["apply", "-f", &file],
        &["delete", "vs", "reviews"],
        &["delete", "-f", &file, "--ignore-not-found"],
        &[
            "gateway",
            "create",
            "edge",
            "--host",
            "edge.example.com",
            "--route",
            "reviews",
        ],
        &["policy", "set", "reviews", "--timeout", "2s"],
        &["fault", "inject", "reviews", "--abort", "500"],
        &["fault", "clear", "reviews"],
        &["egress", "allow", "api.example.com"],
        &["gateway", "deploy", "edge"],
        // The rollouts' first write; `--force` past the checks for pods and metrics.
        &["canary", "start", "rollout", "--canary", "v2", "--force"],
        &["bluegreen", "switch", "rollout", "--to", "v2", "--force"],
        &["lane", "shift", "lanes", "dev", "--steps", "50"],
        &[
            "bluegreen",
            "deploy",
            "rollout",
            "--image",
            "reviews:2",
            "--to",
            "v2",
            "--from-deployment",
            "reviews-v1",
        ],
    ];
    let paths: Vec<String> = writes.iter().map(|w| w.join(" ")).collect();
    for path in COMMANDS
        .iter()
        .filter(|(_, c)| *c == Class::Writes)
        .map(|(p, _)| *p)
    {
        assert!(
            paths.iter().any(|w| w.starts_with(path)),
            "`{path}` writes but is not dry-run here"
        );
    }
    for mode in ["--dry-run=client", "--dry-run=server", "--dry-run"] {
        for args in writes {
            let mut args = args.to_vec();
            args.push(mode);
            let run = mc(&s, &args);
            assert_eq!(
                run.code,
                0,
                "`meshctl {}`: {}",
                args.join(" "),
                run.snapshot()
            );
        }
        assert_eq!(s.resource_version(VS, "shop", "reviews"), before, "{mode}");
        assert_eq!(
            s.resource_version(VS, "shop", "lg-la"),
            lanes_before,
            "{mode}"
        );
        assert!(s.get(VS, "shop", "lg2-lx").is_none(), "{mode}");
        assert_eq!(
            s.resource_version(VS, "shop", "rollout"),
            rollout_before,
            "{mode}"
        );
        assert_eq!(
            s.resource_version(VS, "shop", "lanes-a"),
            shift_before,
            "{mode}"
        );
        assert!(s.get(VS, "shop", "ratings").is_none(), "{mode}");
        assert!(s.get(VS, "shop", "edge").is_none(), "{mode}");
        assert!(
            s.get("deployments", "shop", "reviews-v2").is_none(),
            "{mode}"
        );
        assert!(
            s.list("serviceentries.networking.istio.io", Some("shop"))
                .is_empty()
        );
    }
    // A server dry run asks the server: its answer is what is shown.
    let run = mc(&s, &["delete", "vs", "reviews", "--dry-run=server"]);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io \"reviews\" deleted (server dry run)\n"
    );
    let run = mc(
        &s,
        &[
            "gateway",
            "create",
            "edge",
            "--host",
            "edge.example.com",
            "--route",
            "reviews",
            "--dry-run=server",
        ],
    );
    assert!(
        run.stdout
            .contains("gateway.networking.istio.io/edge created (server dry run)"),
        "{}",
        run.stdout
    );
    assert!(
        s.requests()
            .iter()
            .filter(|r| r.param("dryRun").as_deref() == Some("All"))
            .count()
            >= 3
    );
}

/// `apply --dry-run=client` says what the server says, for documents the server
/// normalises: `1.0` stored as `1`, keys in another order.
#[test]
fn client_dry_run_agrees_with_the_server() {
    let s = server();
    seed_mesh(&s);
    let ns = s.ns("shop");
    let reordered = "apiVersion: networking.istio.io/v1
kind: VirtualService
spec:
  http:
  - route:
    - weight: 90
      destination: {subset: v1, host: reviews}
    name: main
  gateways: [public]
  hosts: [reviews]
metadata:
  namespace: NS
  name: reviews
"
    .replace("NS", &ns);
    let cases = [
        ("the same", vs_text("reviews", &ns, "90")),
        ("1.0 for 1", vs_text("reviews", &ns, "90.0")),
        ("keys reordered", reordered),
        ("a real change", vs_text("reviews", &ns, "80")),
        ("a new object", vs_text("ratings", &ns, "100")),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (what, text) in cases {
        let file = dir.path().join("vs.yaml");
        std::fs::write(&file, &text).unwrap();
        let file = file.display().to_string();
        let outcome = |mode: &str| {
            let run = mc(&s, &["apply", "-f", &file, mode]);
            assert_eq!(run.code, 0, "{what} {mode}: {}", run.snapshot());
            run.stdout
                .split(" (")
                .next()
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(
            outcome("--dry-run=client"),
            outcome("--dry-run=server"),
            "{what}"
        );
    }
}

/// `-f` takes a file, a directory (its subdirectories with `-R`) and `-`, the same in
/// every command that has it.
#[test]
fn file_flags_take_a_file_a_directory_and_stdin_everywhere() {
    let s = server();
    seed_mesh(&s);
    // Live, and different from its file, so `delete` finds it and `diff` shows it.
    s.seed_as(vs("ratings", "90"), "meshctl");
    let ns = s.ns("shop");
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("mesh/more");
    std::fs::create_dir_all(&nested).unwrap();
    let file = dir.path().join("mesh/reviews.yaml");
    std::fs::write(&file, vs_text("reviews", &ns, "90")).unwrap();
    std::fs::write(nested.join("ratings.yaml"), vs_text("ratings", &ns, "100")).unwrap();
    let text = vs_text("reviews", &ns, "90");
    let mesh = dir.path().join("mesh").display().to_string();
    let file = file.display().to_string();
    for path in FILE_COMMANDS {
        let mut base: Vec<&str> = path.split(' ').collect();
        if matches!(*path, "apply" | "delete") {
            base.push("--dry-run=client");
        }
        // Files alone lack the Gateway and DestinationRule the routes need.
        if *path == "analyze" {
            base.push("--use-cluster");
        }
        let ok = |run: Run, how: &str| {
            // diff exits 1 when the files differ from the server, as kubectl diff.
            let allowed: &[i32] = if *path == "diff" { &[0, 1] } else { &[0] };
            assert!(
                allowed.contains(&run.code),
                "`{path}` with {how}: {}",
                run.snapshot()
            );
            run
        };
        let with = |extra: &[&str]| -> Vec<String> {
            base.iter().chain(extra).map(|a| a.to_string()).collect()
        };
        ok(mc(&s, &with(&["-f", &file])), "a file");
        ok(mc_in(&s, &with(&["-f", "-"]), Some(&text)), "`-`");
        let flat = ok(mc(&s, &with(&["-f", &mesh])), "a directory");
        let deep = ok(mc(&s, &with(&["-f", &mesh, "-R"])), "a directory and -R");
        let all = format!("{}{}", deep.stdout, deep.stderr);
        let top = format!("{}{}", flat.stdout, flat.stderr);
        assert!(
            all.contains("ratings") || *path == "validate" || *path == "analyze",
            "`{path} -R` missed the subdirectory: {all}"
        );
        // (analyze also reads the cluster, which holds `ratings` too)
        assert!(
            !top.contains("ratings") || *path == "analyze",
            "`{path}` without -R read the subdirectory: {top}"
        );
        // Repeated `-f` and a repeated `-` read stdin once.
        ok(
            mc_in(&s, &with(&["-f", "-", "-f", &file, "-f", "-"]), Some(&text)),
            "repeated -f",
        );
    }
    // validate counts what it read: the subdirectory only with -R.
    let count = |extra: &[&str]| mc(&s, &[&["validate", "-f", &mesh], extra].concat()).stderr;
    assert!(count(&[]).contains("1 object"), "{}", count(&[]));
    assert!(count(&["-R"]).contains("2 objects"), "{}", count(&["-R"]));
}

/// `-w` off a terminal: a new rendering per change, for `gateway list` and `canary
/// list` alike; Ctrl-C ends it with 0.
#[test]
fn lists_watch_and_print_a_new_table_per_change() {
    use crate::status::{Guard, collect, wait_for};
    let s = server();
    seed_mesh(&s);
    let lists: [&[&str]; 2] = [&["gateway", "list"], &["canary", "list", "-o", "json"]];
    for list in lists {
        let mut cmd = meshctl();
        cmd.arg("--kubeconfig")
            .arg(s.kubeconfig_path())
            .args(["-n", &s.ns("shop")])
            .args(list)
            .arg("--watch")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null());
        let mut guard = Guard(Some(cmd.spawn().unwrap()));
        let child = guard.0.as_mut().unwrap();
        let out = collect(child);
        if list[0] == "gateway" {
            wait_for(&out, "public");
            s.seed(json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
                "metadata": {"name": "edge", "namespace": "shop"},
                "spec": {"selector": {"istio": "ingressgateway"},
                         "servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["edge.example.com"]}]}}));
            wait_for(&out, "edge");
            // The first table, then a second one with both Gateways.
            assert!(out.lock().unwrap().matches("NAMESPACE").count() >= 2);
        } else {
            // No rollouts: scripts still get the (empty) list.
            wait_for(&out, "[]");
        }
        let pid = child.id().to_string();
        let interrupted = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
        assert!(interrupted.success());
        let status = guard.0.take().unwrap().wait().unwrap();
        assert_eq!(status.code(), Some(0), "{}", list.join(" "));
    }
}
