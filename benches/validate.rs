//! How long validation takes: 1,000 bundles (Gateway + VirtualService +
//! DestinationRule each), as `render` + `validate` of a large mesh would check them —
//! the schema and Istio's webhook rules together, and the schema alone — and the
//! one-time cost of loading and compiling the embedded schemas.

use meshctl::core::schema::{Catalog, ISTIO_SCHEMAS};
use serde_json::{Value, json};

fn main() {
    divan::main();
}

/// One service's bundle, in the shape meshctl renders for a canary.
fn bundle(i: usize) -> [Value; 3] {
    let name = format!("svc-{i}");
    let host = format!("{name}.shop.svc.cluster.local");
    let gateway = json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "Gateway",
        "metadata": {"name": format!("{name}-gateway"), "namespace": "shop",
                     "labels": {"app.kubernetes.io/managed-by": "meshctl"}},
        "spec": {
            "selector": {"istio": "ingressgateway"},
            "servers": [{
                "port": {"number": 443, "name": "https", "protocol": "HTTPS"},
                "hosts": [format!("{name}.example.com")],
                "tls": {"mode": "SIMPLE", "credentialName": format!("{name}-cert")}
            }]
        }
    });
    let virtual_service = json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": {"name": name, "namespace": "shop",
                     "annotations": {"meshctl.io/rollout": "{\"step\":2}"}},
        "spec": {
            "hosts": [host, format!("{name}.example.com")],
            "gateways": [format!("{name}-gateway"), "mesh"],
            "http": [
                {
                    "name": "preview",
                    "match": [{"headers": {"x-canary": {"exact": "true"}}}],
                    "route": [{"destination": {"host": host, "subset": "canary"}}]
                },
                {
                    "name": "primary",
                    "route": [
                        {"destination": {"host": host, "subset": "stable", "port": {"number": 8080}}, "weight": 90},
                        {"destination": {"host": host, "subset": "canary", "port": {"number": 8080}}, "weight": 10}
                    ],
                    "timeout": "10s",
                    "retries": {"attempts": 3, "perTryTimeout": "2s", "retryOn": "5xx,connect-failure"}
                }
            ]
        }
    });
    let destination_rule = json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "DestinationRule",
        "metadata": {"name": name, "namespace": "shop"},
        "spec": {
            "host": host,
            "trafficPolicy": {
                "loadBalancer": {"simple": "LEAST_REQUEST"},
                "connectionPool": {"tcp": {"maxConnections": 100, "connectTimeout": "30ms"},
                                   "http": {"http1MaxPendingRequests": 64}},
                "outlierDetection": {"consecutive5xxErrors": 5, "interval": "10s",
                                     "baseEjectionTime": "30s", "maxEjectionPercent": 50}
            },
            "subsets": [
                {"name": "stable", "labels": {"version": "v1"}},
                {"name": "canary", "labels": {"version": "v2"}}
            ]
        }
    });
    [gateway, virtual_service, destination_rule]
}

#[divan::bench(sample_count = 20)]
fn validate_1000_bundles(bencher: divan::Bencher) {
    let objects: Vec<Value> = (0..1000).flat_map(bundle).collect();
    let catalog = Catalog::istio();
    // Compile the three schemas before timing: that happens once per process.
    for object in &objects[..3] {
        assert!(catalog.validate(object).is_empty(), "{object}");
    }
    bencher.bench_local(|| {
        let issues: usize = objects.iter().map(|o| catalog.validate(o).len()).sum();
        divan::black_box(issues)
    });
}

#[divan::bench(sample_count = 20)]
fn validate_1000_bundles_schema_only(bencher: divan::Bencher) {
    let objects: Vec<Value> = (0..1000).flat_map(bundle).collect();
    let catalog = Catalog::istio();
    for object in &objects[..3] {
        assert!(catalog.validate_schema(object).is_empty(), "{object}");
    }
    bencher.bench_local(|| {
        let issues: usize = objects
            .iter()
            .map(|o| catalog.validate_schema(o).len())
            .sum();
        divan::black_box(issues)
    });
}

#[divan::bench(sample_count = 10)]
fn load_catalog_and_compile_bundle_schemas() -> usize {
    let value: Value = serde_json::from_str(ISTIO_SCHEMAS).unwrap();
    let catalog = Catalog::from_derived(&value).unwrap();
    bundle(0).iter().map(|o| catalog.validate(o).len()).sum()
}
