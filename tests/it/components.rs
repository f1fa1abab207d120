//! The real components the end-to-end tests rely on are present and work together:
//! a real Envoy serves traffic and its stats, and a real Prometheus scrapes them.
//! This fails (never skips) when either is missing.

use crate::support::process::{Envoy, Prometheus, http_get, wait_for};
use std::time::Duration;

const BOOTSTRAP: &str = r#"
admin:
  address: { socket_address: { address: 127.0.0.1, port_value: ADMIN_PORT } }
stats_flush_interval: 1s
static_resources:
  listeners:
    - name: smoke
      address: { socket_address: { address: 127.0.0.1, port_value: LISTEN_PORT } }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: smoke
                route_config:
                  virtual_hosts:
                    - name: all
                      domains: ["*"]
                      routes:
                        - match: { prefix: "/" }
                          direct_response: { status: 200, body: { inline_string: "ok" } }
                http_filters:
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
"#;

#[test]
fn envoy_serves_traffic_and_prometheus_scrapes_its_stats() {
    let listen_port = crate::support::process::free_port();
    let envoy = Envoy::start(&BOOTSTRAP.replace("LISTEN_PORT", &listen_port.to_string()));
    for _ in 0..5 {
        let (status, body) = http_get(listen_port, "/").expect("request through envoy");
        assert_eq!(
            (status, body.as_str()),
            (200, "ok"),
            "envoy log:\n{}",
            envoy.log()
        );
    }
    let (status, stats) = http_get(envoy.admin_port, "/stats/prometheus").expect("stats");
    assert_eq!(status, 200);
    assert!(
        stats
            .contains("envoy_http_downstream_rq_total{envoy_http_conn_manager_prefix=\"smoke\"} 5"),
        "stats:\n{stats}"
    );

    let prometheus = Prometheus::start(
        &[format!("127.0.0.1:{}", envoy.admin_port)],
        "/stats/prometheus",
    );
    let seen = wait_for(
        "Prometheus to scrape Envoy",
        Duration::from_secs(20),
        || {
            let answer = prometheus
                .query("envoy_http_downstream_rq_total{envoy_http_conn_manager_prefix=\"smoke\"}");
            let value = answer["data"]["result"][0]["value"][1]
                .as_str()?
                .to_string();
            Some(value)
        },
    );
    assert_eq!(seen, "5");
}
