//! PromQL for health checks, as templates, and the reading of Prometheus' instant-query
//! answers.
//!
//! Built-in templates cover success rate, request rate, request and 5xx counts and
//! latency quantiles for each family of series ([`QueryFamily`]). A user's own query
//! (a `promql` check) is rendered with the same variables. Every string variable is
//! already escaped for a PromQL double-quoted string, so `"{{ service }}"` is safe.
//!
//! Istio cluster names hold `|`, which `=~` would read as alternation: when the port is
//! known the cluster is matched with `=`; otherwise `cluster_match` is a regex with `|`
//! and `.` escaped.

use super::histogram::{Histogram, Quantile};
use super::select::Target;
use crate::duration::Duration;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// Which series a query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QueryFamily {
    /// `istio_requests_total`, `istio_request_duration_milliseconds_bucket`.
    Istio,
    /// Envoy cluster stats with Envoy's tags (`envoy_cluster_name`,
    /// `envoy_response_code_class="5"`), as the local mesh configures them.
    Envoy,
    /// Envoy cluster stats as an Istio sidecar tags them (`cluster_name`,
    /// `response_code_class="5xx"`).
    EnvoyIstioTags,
}

/// The built-in queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// Requests in the interval (`increase`).
    Requests,
    /// 5xx responses in the interval.
    Errors,
    /// Requests per second.
    RequestRate,
    /// Percent of requests not answered with 5xx.
    SuccessRate,
    /// A latency quantile in milliseconds (`{{ quantile }}` must be set).
    Latency,
    /// The latency histogram's growth in the interval, one value per bucket `le`
    /// ([`histogram_from_buckets`] reads the answer).
    Buckets,
}

struct FamilyQueries {
    requests: &'static str,
    errors: &'static str,
    histogram: &'static str,
}

fn family_queries(family: QueryFamily) -> FamilyQueries {
    match family {
        QueryFamily::Istio => FamilyQueries {
            requests: r#"istio_requests_total{reporter="{{ reporter }}",destination_service_namespace="{{ namespace }}",destination_service_name="{{ service }}",destination_version="{{ version }}"}"#,
            errors: r#"istio_requests_total{reporter="{{ reporter }}",destination_service_namespace="{{ namespace }}",destination_service_name="{{ service }}",destination_version="{{ version }}",response_code=~"5.."}"#,
            histogram: r#"istio_request_duration_milliseconds_bucket{reporter="{{ reporter }}",destination_service_namespace="{{ namespace }}",destination_service_name="{{ service }}",destination_version="{{ version }}"}"#,
        },
        QueryFamily::Envoy => FamilyQueries {
            requests: r#"envoy_cluster_upstream_rq_xx{envoy_cluster_name{{ cluster_match }}}"#,
            errors: r#"envoy_cluster_upstream_rq_xx{envoy_cluster_name{{ cluster_match }},envoy_response_code_class="5"}"#,
            histogram: r#"envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name{{ cluster_match }}}"#,
        },
        // Codes and classes share `envoy_cluster_upstream_rq` here; count classes only.
        QueryFamily::EnvoyIstioTags => FamilyQueries {
            requests: r#"envoy_cluster_upstream_rq{cluster_name{{ cluster_match }},response_code_class!=""}"#,
            errors: r#"envoy_cluster_upstream_rq{cluster_name{{ cluster_match }},response_code_class="5xx"}"#,
            histogram: r#"envoy_cluster_upstream_rq_time_bucket{cluster_name{{ cluster_match }}}"#,
        },
    }
}

/// The template text of a built-in query.
pub fn builtin_template(family: QueryFamily, kind: QueryKind) -> String {
    let q = family_queries(family);
    let i = "[{{ interval }}]";
    match kind {
        QueryKind::Requests => format!("sum(increase({}{i}))", q.requests),
        QueryKind::Errors => format!("sum(increase({}{i}))", q.errors),
        QueryKind::RequestRate => format!("sum(rate({}{i}))", q.requests),
        // `or vector(0)`: without any 5xx the error series do not exist, and an empty
        // numerator would make the whole answer empty instead of 100.
        QueryKind::SuccessRate => format!(
            "100 * (1 - ((sum(rate({}{i})) or vector(0)) / sum(rate({}{i}))))",
            q.errors, q.requests
        ),
        QueryKind::Latency => format!(
            "histogram_quantile({{{{ quantile }}}}, sum by (le) (rate({}{i})))",
            q.histogram
        ),
        QueryKind::Buckets => format!("sum by (le) (increase({}{i}))", q.histogram),
    }
}

/// A cumulative histogram from the answer of a [`QueryKind::Buckets`] query: one value
/// per `le`. `None` without any bucket; `increase` extrapolates, so values are rounded
/// and NaN (no samples yet) counts nothing.
pub fn histogram_from_buckets(values: &[QueryValue]) -> Option<Histogram> {
    let mut h = Histogram::default();
    for v in values {
        let Some(le) = v
            .labels
            .iter()
            .find(|(k, _)| k == "le")
            .and_then(|(_, le)| le.parse::<f64>().ok())
        else {
            continue;
        };
        let count = if v.value.is_finite() {
            v.value.round().max(0.0)
        } else {
            0.0
        };
        h.add_bucket(le, count);
    }
    h.count = h.buckets.last().map_or(0.0, |b| b.1);
    (!h.buckets.is_empty()).then_some(h)
}

/// The variables a query template sees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryVars {
    pub namespace: String,
    pub service: String,
    pub subset: String,
    pub version: String,
    /// `reviews.default.svc.cluster.local`
    pub host: String,
    /// The port, or empty when any port.
    pub port: String,
    pub reporter: String,
    /// `outbound|8080|v1|reviews.default.svc.cluster.local`, or empty without a port.
    pub cluster: String,
    /// A complete matcher for the cluster name label: `="outbound|…"` with a port,
    /// `=~"outbound\\|[0-9]+\\|v1\\|…"` without.
    pub cluster_match: String,
    /// A PromQL range: `30s`, `1500ms`.
    pub interval: String,
    /// `0.99`; empty unless a latency quantile is asked for.
    pub quantile: String,
}

impl QueryVars {
    pub fn new(target: &Target, interval: Duration) -> Self {
        let host = target.host();
        let cluster = target.cluster_name().unwrap_or_default();
        let cluster_match = if cluster.is_empty() {
            format!(
                "=~\"{}\"",
                escape_string(&format!(
                    "outbound\\|[0-9]+\\|{}\\|{}",
                    regex_escape(&target.subset),
                    regex_escape(&host)
                ))
            )
        } else {
            format!("=\"{}\"", escape_string(&cluster))
        };
        QueryVars {
            namespace: escape_string(&target.namespace),
            service: escape_string(&target.service),
            subset: escape_string(&target.subset),
            version: escape_string(target.version()),
            host: escape_string(&host),
            port: target.port.map(|p| p.to_string()).unwrap_or_default(),
            reporter: target.reporter.as_str().to_string(),
            cluster: escape_string(&cluster),
            cluster_match,
            interval: range(interval),
            quantile: String::new(),
        }
    }

    fn context(&self) -> minijinja::Value {
        minijinja::Value::from_pairs(
            [
                ("namespace", &self.namespace),
                ("service", &self.service),
                ("subset", &self.subset),
                ("version", &self.version),
                ("host", &self.host),
                ("port", &self.port),
                ("reporter", &self.reporter),
                ("cluster", &self.cluster),
                ("cluster_match", &self.cluster_match),
                ("interval", &self.interval),
                ("quantile", &self.quantile),
            ]
            .map(|(k, v)| (k, v.as_str())),
        )
    }

    pub fn with_quantile(mut self, q: Quantile) -> Self {
        self.quantile = q.fraction().to_string();
        self
    }
}

/// A PromQL range duration. PromQL has no fractions, so sub-second values are in `ms`.
pub fn range(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// Escapes text for the inside of a PromQL double-quoted string.
pub fn escape_string(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Escapes regex metacharacters (RE2) so the text matches itself.
pub fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A template that could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Renders a query template with `vars`. Unknown variables are an error, not an empty
/// string, so a typo does not silently change the query.
pub fn render(template: &str, vars: &QueryVars) -> Result<String, TemplateError> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.render_str(template, vars.context())
        .map_err(|e| TemplateError {
            message: format!(
                "cannot render query `{template}`: {}",
                e.detail().unwrap_or("template error")
            ),
        })
}

/// Renders a built-in query.
pub fn builtin(
    family: QueryFamily,
    kind: QueryKind,
    vars: &QueryVars,
) -> Result<String, TemplateError> {
    if kind == QueryKind::Latency && vars.quantile.is_empty() {
        return Err(TemplateError {
            message: "a latency query needs a quantile (`QueryVars::with_quantile`)".to_string(),
        });
    }
    render(&builtin_template(family, kind), vars)
}

/// One element of an instant query's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryValue {
    /// Labels of a vector element; empty for a scalar.
    pub labels: Vec<(String, String)>,
    pub value: f64,
}

/// Why a Prometheus answer could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    pub message: String,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResponseError {}

/// Reads the body of `GET /api/v1/query` (an instant query): the elements of a
/// `vector` (possibly none) or the one value of a `scalar`. Values may be `NaN` or
/// infinite; judging them is the caller's business.
pub fn parse_instant_response(body: &Value) -> Result<Vec<QueryValue>, ResponseError> {
    let bad = |what: &str| ResponseError {
        message: format!("unexpected Prometheus response: {what}"),
    };
    match body.get("status").and_then(Value::as_str) {
        Some("success") => {}
        Some("error") => {
            let kind = body
                .get("errorType")
                .and_then(Value::as_str)
                .unwrap_or("error");
            let error = body
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("no message");
            return Err(ResponseError {
                message: format!("Prometheus rejected the query ({kind}): {error}"),
            });
        }
        _ => return Err(bad("no `status`")),
    }
    let data = body.get("data").ok_or_else(|| bad("no `data`"))?;
    let result = data.get("result").ok_or_else(|| bad("no `data.result`"))?;
    match data.get("resultType").and_then(Value::as_str) {
        Some("vector") => result
            .as_array()
            .ok_or_else(|| bad("`data.result` is not a list"))?
            .iter()
            .map(|element| {
                let labels = element
                    .get("metric")
                    .and_then(Value::as_object)
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                            .collect()
                    })
                    .unwrap_or_default();
                let value = element
                    .get("value")
                    .and_then(sample_value)
                    .ok_or_else(|| bad("a vector element without a `[time, \"value\"]` pair"))?;
                Ok(QueryValue { labels, value })
            })
            .collect(),
        Some("scalar") => {
            let value = sample_value(result).ok_or_else(|| bad("a scalar without a value"))?;
            Ok(vec![QueryValue {
                labels: Vec::new(),
                value,
            }])
        }
        Some(other) => Err(bad(&format!(
            "result type `{other}` (an instant query should give a vector or scalar)"
        ))),
        None => Err(bad("no `data.resultType`")),
    }
}

/// `[1435781451.781, "1"]` → 1.0; Prometheus writes `NaN`, `+Inf` and `-Inf` as strings.
fn sample_value(pair: &Value) -> Option<f64> {
    let text = pair.as_array()?.get(1)?.as_str()?;
    text.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::select::Reporter;
    use serde_json::json;

    fn vars() -> QueryVars {
        QueryVars::new(
            &Target::new("default", "reviews", "v2").with_port(8080),
            Duration::from_secs(30),
        )
    }

    #[test]
    fn istio_success_rate_selects_service_version_and_reporter() {
        let q = builtin(QueryFamily::Istio, QueryKind::SuccessRate, &vars()).unwrap();
        assert_eq!(
            q,
            r#"100 * (1 - ((sum(rate(istio_requests_total{reporter="destination",destination_service_namespace="default",destination_service_name="reviews",destination_version="v2",response_code=~"5.."}[30s])) or vector(0)) / sum(rate(istio_requests_total{reporter="destination",destination_service_namespace="default",destination_service_name="reviews",destination_version="v2"}[30s]))))"#
        );
    }

    #[test]
    fn envoy_queries_match_cluster_names_with_equals_when_the_port_is_known() {
        let q = builtin(QueryFamily::Envoy, QueryKind::RequestRate, &vars()).unwrap();
        assert_eq!(
            q,
            r#"sum(rate(envoy_cluster_upstream_rq_xx{envoy_cluster_name="outbound|8080|v2|reviews.default.svc.cluster.local"}[30s]))"#
        );
        let q = builtin(QueryFamily::EnvoyIstioTags, QueryKind::Errors, &vars()).unwrap();
        assert_eq!(
            q,
            r#"sum(increase(envoy_cluster_upstream_rq{cluster_name="outbound|8080|v2|reviews.default.svc.cluster.local",response_code_class="5xx"}[30s]))"#
        );
    }

    #[test]
    fn without_a_port_the_cluster_regex_escapes_pipes_and_dots() {
        let v = QueryVars::new(
            &Target::new("default", "reviews", "v2"),
            Duration::from_millis(1500),
        );
        let q = builtin(QueryFamily::Envoy, QueryKind::Requests, &v).unwrap();
        assert_eq!(
            q,
            r#"sum(increase(envoy_cluster_upstream_rq_xx{envoy_cluster_name=~"outbound\\|[0-9]+\\|v2\\|reviews\\.default\\.svc\\.cluster\\.local"}[1500ms]))"#
        );
    }

    #[test]
    fn latency_queries_take_the_quantile() {
        let q = builtin(
            QueryFamily::Istio,
            QueryKind::Latency,
            &vars().with_quantile(Quantile::P99),
        )
        .unwrap();
        assert!(q.starts_with("histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter=\"destination\""), "{q}");
        // Forgetting the quantile is an error, not `histogram_quantile(, …)`.
        let e = builtin(QueryFamily::Envoy, QueryKind::Latency, &vars()).unwrap_err();
        assert!(e.message.contains("quantile"), "{e}");
    }

    #[test]
    fn bucket_queries_sum_the_increase_by_le_and_answers_make_a_histogram() {
        let q = builtin(QueryFamily::Envoy, QueryKind::Buckets, &vars()).unwrap();
        assert!(
            q.starts_with("sum by (le) (increase(envoy_cluster_upstream_rq_time_bucket{"),
            "{q}"
        );
        assert!(q.ends_with("[30s]))"), "{q}");
        let value = |le: &str, value: f64| QueryValue {
            labels: vec![("le".to_string(), le.to_string())],
            value,
        };
        let h = histogram_from_buckets(&[
            value("+Inf", 12.4),
            value("25", 3.0),
            value("100", f64::NAN),
            value("5", 0.6),
        ])
        .unwrap();
        assert_eq!(
            h.buckets,
            vec![(5.0, 1.0), (25.0, 3.0), (100.0, 0.0), (f64::INFINITY, 12.0)]
        );
        assert_eq!(h.count, 12.0);
        assert_eq!(histogram_from_buckets(&[]), None);
    }

    #[test]
    fn custom_templates_render_and_reject_unknown_variables() {
        let q = render(
            r#"sum(rate(my_metric{ns="{{ namespace }}",svc="{{ service }}"}[{{ interval }}]))"#,
            &vars(),
        )
        .unwrap();
        assert_eq!(
            q,
            r#"sum(rate(my_metric{ns="default",svc="reviews"}[30s]))"#
        );
        let e = render("{{ servce }}", &vars()).unwrap_err();
        assert!(e.message.contains("{{ servce }}"), "{e}");
        assert!(render("{{ oops", &vars()).is_err());
    }

    #[test]
    fn variables_are_escaped_for_promql_strings() {
        let v = QueryVars::new(
            &Target::new("default", "re\"views", "v2").with_reporter(Reporter::Source),
            Duration::from_secs(60),
        );
        assert_eq!(v.service, "re\\\"views");
        assert_eq!(v.reporter, "source");
        assert_eq!(v.interval, "60s");
        assert_eq!(regex_escape("a.b|c"), "a\\.b\\|c");
    }

    #[test]
    fn instant_vector_scalar_empty_and_nan() {
        let vector = json!({"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"destination_version":"v2"},"value":[1700000000.5,"99.5"]},
            {"metric":{},"value":[1700000000.5,"NaN"]}]}});
        let values = parse_instant_response(&vector).unwrap();
        assert_eq!(values[0].value, 99.5);
        assert_eq!(
            values[0].labels,
            vec![("destination_version".to_string(), "v2".to_string())]
        );
        assert!(values[1].value.is_nan());

        let scalar =
            json!({"status":"success","data":{"resultType":"scalar","result":[1700000000,"+Inf"]}});
        assert_eq!(
            parse_instant_response(&scalar).unwrap()[0].value,
            f64::INFINITY
        );

        let empty = json!({"status":"success","data":{"resultType":"vector","result":[]}});
        assert!(parse_instant_response(&empty).unwrap().is_empty());
    }

    #[test]
    fn instant_errors_say_what_was_wrong() {
        let cases = [
            (
                json!({"status":"error","errorType":"bad_data","error":"parse error at char 5"}),
                "Prometheus rejected the query (bad_data): parse error at char 5",
            ),
            (
                json!({"status":"success","data":{"resultType":"matrix","result":[]}}),
                "result type `matrix`",
            ),
            (json!({"data":{}}), "no `status`"),
            (
                json!({"status":"success","data":{"resultType":"vector","result":[{"metric":{}}]}}),
                "without a `[time",
            ),
            (
                json!({"status":"success","data":{"resultType":"vector","result":{}}}),
                "not a list",
            ),
        ];
        for (body, message) in cases {
            let e = parse_instant_response(&body).unwrap_err();
            assert!(e.message.contains(message), "{e}");
        }
    }
}
