//! A seeded generator of Istio traffic objects (VirtualService, DestinationRule,
//! Gateway, ServiceEntry) for the differential test: realistic valid objects, objects
//! filled at random from the CRD schemas, and both broken in every way we know the
//! API server judges — types, enums, unknown fields, `oneOf`s, CEL rules, ranges,
//! required fields, formats, list-map keys, duplicate JSON keys and metadata — plus
//! breakage only Istio's own (webhook) rules catch: hosts and regexes.
//!
//! The same seed gives the same documents. Every document is JSON text (so a few can
//! carry what a `Value` cannot, such as a key written twice) with a name unique to it,
//! where the name is not what is broken, so `istioctl validate`'s output maps back.

use meshctl::core::schema::Catalog;
use serde_json::{Map, Value, json};

/// A small, fast PRNG (SplitMix64) whose sequence never changes with a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo) as u64 + 1)) as i64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// The kinds the corpus covers, with their resource names.
pub const KINDS: [(&str, &str); 4] = [
    ("VirtualService", "virtualservices"),
    ("DestinationRule", "destinationrules"),
    ("Gateway", "gateways"),
    ("ServiceEntry", "serviceentries"),
];

/// One generated document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: usize,
    /// The API group the document is sent to (`networking.istio.io`).
    pub group: &'static str,
    pub kind: &'static str,
    /// The resource the document is sent to (`virtualservices`), whatever its own
    /// `kind` says.
    pub plural: &'static str,
    /// The version in the URL: the document's own when it is one Istio serves.
    pub version: String,
    /// What was done to the document (`valid`, `enum`, `cel-duration`, …).
    pub category: &'static str,
    /// The change in a few words, for reports.
    pub mutation: String,
    /// The document as JSON text.
    pub text: String,
    /// The name `istioctl` reports it under, when it has a usable one of its own.
    pub name: Option<String>,
    /// `realistic` (written like a person would), `semantic` (a webhook rule case, see
    /// `corpus_semantic`) or `schema` (filled at random from
    /// the CRD's schema, valid for the CRD but rarely for Istio's semantics).
    pub origin: &'static str,
}

const VERSIONS: [&str; 4] = ["v1", "v1", "v1beta1", "v1alpha3"];

/// `count` documents from `seed`, then the semantic cases (`corpus_semantic`).
pub fn generate(seed: u64, count: usize) -> Vec<Doc> {
    let mut rng = Rng::new(seed);
    let mut docs: Vec<Doc> = (0..count).map(|id| one(&mut rng, id)).collect();
    docs.extend(crate::corpus_semantic::docs(count));
    docs
}

fn schema_of(kind: &str) -> &'static Value {
    Catalog::istio()
        .openapi_schema("networking.istio.io/v1", kind)
        .expect("Istio's schema of the kind")
}

/// A document being built: the object, or text when the break lives in the text.
struct Draft {
    object: Value,
    text: Option<String>,
    category: &'static str,
    mutation: String,
    /// Whether the name is the document's own (`d-ID`), so istioctl's report maps back.
    named: bool,
}

fn one(rng: &mut Rng, id: usize) -> Doc {
    // About a quarter stay valid; the rest are broken one way each.
    let roll = rng.below(100);
    let (kind, plural) = if (80..=82).contains(&roll) {
        KINDS[0]
    } else {
        rng.pick(&KINDS)
    };
    let version = rng.pick(&VERSIONS).to_string();
    let name = format!("d-{id:05}");
    let realistic_spec = rng.chance(0.5);
    let spec = if realistic_spec {
        realistic(rng, kind)
    } else {
        let mut spec = fill(rng, &schema_of(kind)["properties"]["spec"], "spec", 0);
        repair(kind, &mut spec);
        spec
    };
    let mut object = json!({
        "apiVersion": format!("networking.istio.io/{version}"),
        "kind": kind,
        "metadata": {"name": name},
        "spec": spec,
    });
    if rng.chance(0.3) {
        object["metadata"]["labels"] =
            json!({"app": "shop", "app.kubernetes.io/managed-by": "meshctl"});
    }
    if rng.chance(0.2) {
        object["metadata"]["annotations"] =
            json!({"note": "generated", "example.com/owner": "team-a"});
    }
    let mut draft = Draft {
        object,
        text: None,
        category: "valid",
        mutation: String::new(),
        named: true,
    };
    ensure_shape(kind, &mut draft.object["spec"]);
    let broken = match roll {
        0..=24 => true,
        25..=34 => schema_break(rng, &mut draft, kind, Break::WrongType),
        35..=39 => schema_break(rng, &mut draft, kind, Break::Enum),
        40..=46 => schema_break(rng, &mut draft, kind, Break::Unknown),
        47..=51 => schema_break(rng, &mut draft, kind, Break::Required),
        52..=56 => schema_break(rng, &mut draft, kind, Break::Range),
        57..=60 => schema_break(rng, &mut draft, kind, Break::OneOf),
        61..=63 => schema_break(rng, &mut draft, kind, Break::Null),
        64..=70 => duration_break(rng, &mut draft, kind),
        71..=76 => cel_break(rng, &mut draft, kind),
        77..=79 => host_break(rng, &mut draft, kind),
        80..=82 => regex_break(rng, &mut draft),
        83..=86 => duplicate_break(rng, &mut draft, kind),
        87..=93 => metadata_break(rng, &mut draft, &name),
        94..=96 => number_break(rng, &mut draft, kind),
        _ => shape_break(rng, &mut draft, kind),
    };
    if !broken {
        draft.category = "valid";
        draft.mutation.clear();
    }
    let text = draft
        .text
        .unwrap_or_else(|| serde_json::to_string(&draft.object).expect("JSON"));
    Doc {
        id,
        group: "networking.istio.io",
        kind,
        plural,
        version,
        category: draft.category,
        mutation: draft.mutation,
        text,
        name: draft.named.then_some(name),
        origin: if realistic_spec {
            "realistic"
        } else {
            "schema"
        },
    }
}

// ---- realistic objects ----

fn host(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => rng
            .pick(&["reviews", "ratings", "details", "productpage"])
            .to_string(),
        1 => format!(
            "{}.{}.svc.cluster.local",
            rng.pick(&["reviews", "ratings", "cart"]),
            rng.pick(&["shop", "default"])
        ),
        2 => format!("*.{}.com", rng.pick(&["example", "shop"])),
        3 => format!("{}.example.com", rng.pick(&["api", "www", "login"])),
        4 => rng.pick(&["cart", "checkout"]).to_string(),
        _ => format!("svc-{}", rng.below(50)),
    }
}

fn duration(rng: &mut Rng) -> String {
    rng.pick(&[
        "1s", "10s", "250ms", "1.5s", "2m", "1h", "1m30s", "5s", "100ms", "30s", ".5s", "1000us",
        "3600s", "15m",
    ])
    .to_string()
}

fn string_match(rng: &mut Rng) -> Value {
    match rng.below(3) {
        0 => json!({"exact": rng.pick(&["/", "/api", "GET", "alice"])}),
        1 => json!({"prefix": rng.pick(&["/", "/api/", "/v1"])}),
        _ => json!({"regex": rng.pick(&["^/api/v[0-9]+/.*", "a.*b", "(foo|bar)"])}),
    }
}

fn weights(rng: &mut Rng, n: usize) -> Vec<u64> {
    let mut left = 100u64;
    let mut out = Vec::new();
    for i in 0..n {
        let w = if i + 1 == n {
            left
        } else {
            rng.range(0, left as i64) as u64
        };
        left -= w;
        out.push(w);
    }
    out
}

fn destination(rng: &mut Rng, host: &str) -> Value {
    let mut d = json!({"host": host});
    if rng.chance(0.6) {
        d["subset"] = json!(rng.pick(&["v1", "v2", "v3"]));
    }
    if rng.chance(0.3) {
        d["port"] = json!({"number": rng.pick(&[80, 8080, 9080])});
    }
    d
}

fn realistic(rng: &mut Rng, kind: &str) -> Value {
    match kind {
        "VirtualService" => realistic_vs(rng),
        "DestinationRule" => realistic_dr(rng),
        "Gateway" => realistic_gw(rng),
        _ => realistic_se(rng),
    }
}

fn realistic_vs(rng: &mut Rng) -> Value {
    let h = host(rng);
    let mut spec = json!({"hosts": [h.clone()]});
    if rng.chance(0.3) {
        spec["gateways"] = json!(["mesh", "istio-system/ingress"]);
    }
    if rng.chance(0.2) {
        spec["exportTo"] = json!(["."]);
    }
    let mut http = Vec::new();
    for i in 0..rng.range(1, 3) {
        let n = rng.range(1, 3) as usize;
        let route: Vec<Value> = weights(rng, n)
            .into_iter()
            .map(|w| {
                let mut r = json!({"destination": destination(rng, &h)});
                if n > 1 || rng.chance(0.3) {
                    r["weight"] = json!(w);
                }
                r
            })
            .collect();
        let mut rule = json!({"name": format!("r{i}"), "route": route});
        if rng.chance(0.5) {
            rule["match"] = json!([{"uri": string_match(rng)}]);
        }
        if rng.chance(0.3) {
            rule["match"] = json!([{"headers": {"x-user": string_match(rng)}}]);
        }
        if rng.chance(0.4) {
            rule["timeout"] = json!(duration(rng));
        }
        if rng.chance(0.3) {
            rule["retries"] = json!({"attempts": rng.range(0, 5), "perTryTimeout": duration(rng), "retryOn": "5xx,connect-failure"});
        }
        if rng.chance(0.15) {
            rule["fault"] =
                json!({"delay": {"fixedDelay": duration(rng), "percentage": {"value": 10.5}}});
        }
        if rng.chance(0.1) {
            rule["fault"] = json!({"abort": {"httpStatus": 503, "percentage": {"value": 1}}});
        }
        if rng.chance(0.15) {
            rule["mirror"] = json!({"host": h});
            rule["mirrorPercentage"] = json!({"value": 5.0});
        }
        if rng.chance(0.15) {
            rule["corsPolicy"] = json!({"allowOrigins": [{"exact": "https://example.com"}], "allowMethods": ["GET"], "maxAge": "24h"});
        }
        if rng.chance(0.2) {
            rule["headers"] = json!({"request": {"set": {"x-canary": "true"}}, "response": {"remove": ["x-debug"]}});
        }
        if rng.chance(0.1) {
            rule["rewrite"] = json!({"uri": "/"});
        }
        http.push(rule);
    }
    spec["http"] = Value::Array(http);
    if rng.chance(0.15) {
        spec["tcp"] = json!([{"match": [{"port": 31400}], "route": [{"destination": {"host": h, "port": {"number": 31400}}}]}]);
    }
    spec
}

fn traffic_policy(rng: &mut Rng) -> Value {
    let mut tp = json!({});
    match rng.below(3) {
        0 => {
            tp["loadBalancer"] =
                json!({"simple": rng.pick(&["ROUND_ROBIN", "LEAST_REQUEST", "RANDOM"])})
        }
        1 => tp["loadBalancer"] = json!({"consistentHash": {"httpHeaderName": "x-user"}}),
        _ => {}
    }
    if rng.chance(0.5) {
        tp["connectionPool"] = json!({
            "tcp": {"maxConnections": rng.range(1, 1000), "connectTimeout": duration(rng)},
            "http": {"http1MaxPendingRequests": rng.range(1, 100), "maxRequestsPerConnection": 1},
        });
    }
    if rng.chance(0.5) {
        tp["outlierDetection"] = json!({
            "consecutive5xxErrors": rng.range(1, 10), "interval": duration(rng),
            "baseEjectionTime": duration(rng), "maxEjectionPercent": rng.range(0, 100),
        });
    }
    if rng.chance(0.3) {
        tp["tls"] = json!({"mode": rng.pick(&["ISTIO_MUTUAL", "SIMPLE", "DISABLE"])});
    }
    tp
}

fn realistic_dr(rng: &mut Rng) -> Value {
    let mut spec = json!({"host": host(rng)});
    if rng.chance(0.6) {
        spec["trafficPolicy"] = traffic_policy(rng);
    }
    let n = rng.range(0, 3);
    let subsets: Vec<Value> = (1..=n)
        .map(|i| {
            let mut s = json!({"name": format!("v{i}"), "labels": {"version": format!("v{i}")}});
            if rng.chance(0.2) {
                s["trafficPolicy"] = traffic_policy(rng);
            }
            s
        })
        .collect();
    if !subsets.is_empty() {
        spec["subsets"] = Value::Array(subsets);
    }
    spec
}

fn realistic_gw(rng: &mut Rng) -> Value {
    let mut servers = vec![json!({
        "port": {"number": 80, "name": "http", "protocol": "HTTP"},
        "hosts": [host(rng)],
    })];
    if rng.chance(0.6) {
        servers.push(json!({
            "port": {"number": 443, "name": "https", "protocol": "HTTPS"},
            "hosts": [host(rng), "shop/".to_string() + &host(rng)],
            "tls": {"mode": rng.pick(&["SIMPLE", "MUTUAL"]), "credentialName": "shop-cert"},
        }));
    }
    if rng.chance(0.2) {
        servers[0]["tls"] = json!({"httpsRedirect": true});
    }
    json!({"selector": {"istio": "ingressgateway"}, "servers": servers})
}

fn realistic_se(rng: &mut Rng) -> Value {
    let mut spec = json!({
        "hosts": [format!("{}.example.com", rng.pick(&["api", "db", "payments"]))],
        "ports": [{"number": 443, "name": "https", "protocol": "TLS"}],
        "location": rng.pick(&["MESH_EXTERNAL", "MESH_INTERNAL"]),
    });
    match rng.below(3) {
        0 => spec["resolution"] = json!("DNS"),
        1 => {
            spec["resolution"] = json!("STATIC");
            spec["endpoints"] =
                json!([{"address": "10.0.0.7", "ports": {"https": 8443}}, {"address": "10.0.0.8"}]);
        }
        _ => {
            spec["resolution"] = json!("NONE");
            spec["addresses"] = json!(["240.0.0.1", "10.1.0.0/16"]);
        }
    }
    if rng.chance(0.2) {
        spec["ports"]
            .as_array_mut()
            .unwrap()
            .push(json!({"number": 80, "name": "http", "protocol": "HTTP"}));
    }
    spec
}

/// Gives a spec filled at random the parts the hand-made breaks change.
fn ensure_shape(kind: &str, spec: &mut Value) {
    if !spec.is_object() {
        return;
    }
    let missing = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_array)
            .is_none_or(|a| a.is_empty())
    };
    match kind {
        "Gateway" if missing(spec, "servers") => {
            spec["servers"] = json!([{"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["a.example.com"]}]);
        }
        "Gateway" if !spec["servers"][0]["port"].is_object() => {
            spec["servers"][0]["port"] = json!({"number": 80, "name": "http", "protocol": "HTTP"});
        }
        "ServiceEntry" if missing(spec, "ports") => {
            spec["ports"] = json!([{"number": 443, "name": "https"}]);
        }
        _ => {}
    }
}

// ---- filling from the schema ----

fn props(schema: &Value) -> Option<&Map<String, Value>> {
    schema.get("properties").and_then(Value::as_object)
}

fn ty(schema: &Value) -> &str {
    schema.get("type").and_then(Value::as_str).unwrap_or("")
}

fn rules(schema: &Value) -> String {
    schema
        .get("x-kubernetes-validations")
        .and_then(Value::as_array)
        .map(|rs| {
            rs.iter()
                .filter_map(|r| r.get("rule").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn is_duration(schema: &Value) -> bool {
    rules(schema).contains("duration(self)")
}

/// Groups of fields at most one of which may be set: protobuf `oneof`s (as `oneOf`
/// branches of `required`, at this node or in its `allOf`) and the CEL rules that
/// count `has(self.x)`. The flag says whether setting none is allowed too.
fn exclusive_groups(schema: &Value) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut one_ofs: Vec<&Value> = schema.get("oneOf").into_iter().collect();
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        one_ofs.extend(part.get("oneOf"));
    }
    for one_of in one_ofs {
        let fields: Vec<String> = one_of
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| b.get("required").and_then(Value::as_array))
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        if !fields.is_empty() {
            out.push(fields);
        }
    }
    let text = rules(schema);
    if text.contains("<= 1") && text.contains("has(self.") {
        let mut fields: Vec<String> = text
            .split("has(self.")
            .skip(1)
            .filter_map(|s| s.split(')').next())
            .map(str::to_string)
            .filter(|f| !f.contains('.'))
            .collect();
        fields.sort();
        fields.dedup();
        if fields.len() > 1 {
            out.push(fields);
        }
    }
    out
}

/// A value of `schema` chosen at random, valid as far as the schema and its common
/// rules go (Istio's own semantics are not considered).
fn fill(rng: &mut Rng, schema: &Value, name: &str, depth: usize) -> Value {
    if schema.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
        return if rng.chance(0.5) {
            json!(rng.range(0, 100))
        } else {
            json!("25%")
        };
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return rng.pick(values);
    }
    match ty(schema) {
        "object" => fill_object(rng, schema, name, depth),
        "array" => {
            let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as i64;
            let max = schema
                .get("maxItems")
                .and_then(Value::as_u64)
                .unwrap_or(3)
                .min(3) as i64;
            let n = rng.range(min, max.max(min));
            let item = &schema["items"];
            let mut items: Vec<Value> = (0..n).map(|_| fill(rng, item, name, depth + 1)).collect();
            // Keys of list maps and numbers the rules want unique.
            for (i, v) in items.iter_mut().enumerate() {
                if let Some(obj) = v.as_object_mut() {
                    if obj.contains_key("name") && name == "ports" {
                        obj.insert("name".into(), json!(format!("p{i}")));
                    }
                    if obj.contains_key("number") && name == "ports" {
                        obj.insert("number".into(), json!(8000 + i));
                    }
                }
            }
            Value::Array(items)
        }
        "string" => fill_string(rng, schema, name),
        "integer" => fill_integer(rng, schema, name),
        "number" => {
            let max = schema
                .get("maximum")
                .and_then(Value::as_f64)
                .unwrap_or(1000.0);
            json!((rng.below(1000) as f64 / 10.0).min(max))
        }
        "boolean" => json!(rng.chance(0.5)),
        _ => {
            if rng.chance(0.5) {
                json!({})
            } else {
                json!({"anything": [1, "two", {"three": true}]})
            }
        }
    }
}

fn fill_object(rng: &mut Rng, schema: &Value, name: &str, depth: usize) -> Value {
    let mut out = Map::new();
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if let Some(props) = props(schema) {
        let mut excluded: Vec<String> = Vec::new();
        for group in exclusive_groups(schema) {
            let keep = if rng.chance(0.7) {
                Some(rng.pick(&group))
            } else {
                None
            };
            excluded.extend(group.into_iter().filter(|f| Some(f) != keep.as_ref()));
        }
        let p = [0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.1][depth.min(6)];
        for (key, sub) in props {
            if excluded.contains(key) {
                continue;
            }
            if required.contains(&key.as_str()) || (depth < 8 && rng.chance(p)) {
                out.insert(key.clone(), fill(rng, sub, key, depth + 1));
            }
        }
    } else if let Some(additional) = schema.get("additionalProperties").filter(|a| a.is_object()) {
        let max = schema
            .get("maxProperties")
            .and_then(Value::as_u64)
            .unwrap_or(3)
            .min(3);
        for _ in 0..rng.range(0, max as i64) {
            let key = map_key(rng, name);
            out.insert(key, fill(rng, additional, name, depth + 1));
        }
    } else if schema.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true)) {
        out.insert("anything".into(), json!({"goes": [1, 2]}));
    }
    Value::Object(out)
}

fn map_key(rng: &mut Rng, name: &str) -> String {
    match name {
        "headers" | "set" | "add" | "queryParams" | "withoutHeaders" => rng
            .pick(&["x-user", "x-canary", "cookie", "user-agent"])
            .to_string(),
        "labels" | "matchLabels" | "selector" | "sourceLabels" => rng
            .pick(&["app", "version", "istio", "app.kubernetes.io/name"])
            .to_string(),
        "ports" => rng.pick(&["http", "https", "grpc-web", "tcp1"]).to_string(),
        "to" => rng
            .pick(&["us-west/zone1/*", "us-east/zone2/*"])
            .to_string(),
        _ => format!("k{}", rng.below(10)),
    }
}

fn fill_string(rng: &mut Rng, schema: &Value, name: &str) -> Value {
    if is_duration(schema) {
        return json!(duration(rng));
    }
    match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => return json!("2026-11-24T10:00:00Z"),
        Some("byte") => return json!(rng.pick(&["aGVsbG8=", "", "AAECAw=="])),
        _ => {}
    }
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .unwrap_or(u64::MAX) as usize;
    let s = match name {
        "host" | "hosts" | "sniHosts" => host(rng),
        "exportTo" => rng.pick(&[".", "*", "shop"]).to_string(),
        "regex" => rng.pick(&["^/api/.*", "[a-z]+", "(a|b)"]).to_string(),
        "address" => rng
            .pick(&["10.0.0.1", "192.168.1.20", "unix:///var/run/sock"])
            .to_string(),
        "addresses" => rng.pick(&["240.0.0.1", "10.0.0.2"]).to_string(),
        "name" | "subset" => format!("n{}", rng.below(20)),
        "protocol" => rng
            .pick(&["HTTP", "HTTPS", "TCP", "GRPC", "TLS"])
            .to_string(),
        "gateways" => rng.pick(&["mesh", "istio-system/ingress"]).to_string(),
        _ => rng
            .pick(&["alpha", "x-user", "/path", "v1", "shop", ""])
            .to_string(),
    };
    json!(s.chars().take(max).collect::<String>())
}

fn fill_integer(rng: &mut Rng, schema: &Value, name: &str) -> Value {
    let min = schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0) as i64;
    if rules(schema).contains("65535") || matches!(name, "number" | "targetPort" | "port") {
        return json!(rng.range(1, 65535));
    }
    let v = match name {
        "weight" => rng.range(0, 100),
        "status" | "httpStatus" => rng.range(200, 599),
        _ => rng.range(0, 1000),
    };
    json!(v.max(min))
}

/// Fixes what filling at random gets wrong about a kind's rules often enough to drown
/// the other findings.
fn repair(kind: &str, spec: &mut Value) {
    if kind == "ServiceEntry" {
        let has_endpoints = spec.get("endpoints").is_some();
        if has_endpoints {
            spec["resolution"] = json!("STATIC");
        }
        if let Some(addresses) = spec.get_mut("addresses").and_then(Value::as_array_mut) {
            for a in addresses {
                *a = json!("240.0.0.9");
            }
        }
        if let Some(endpoints) = spec.get_mut("endpoints").and_then(Value::as_array_mut) {
            for e in endpoints {
                if e.get("address").is_none() && e.get("network").is_none() {
                    e["address"] = json!("10.0.0.3");
                }
                if e.get("address")
                    .and_then(Value::as_str)
                    .is_some_and(|a| a.starts_with("unix://"))
                {
                    e.as_object_mut().unwrap().remove("ports");
                }
            }
        }
        if spec
            .get("hosts")
            .and_then(Value::as_array)
            .is_none_or(|h| h.is_empty())
        {
            spec["hosts"] = json!(["api.example.com"]);
        }
    }
}

// ---- walking a document beside its schema ----

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

struct Site {
    path: Vec<Step>,
    schema: &'static Value,
}

fn sites(value: &Value, schema: &'static Value, path: Vec<Step>, name: &str, out: &mut Vec<Site>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let sub = props(schema)
                    .and_then(|p| p.get(k))
                    .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()));
                if let Some(sub) = sub {
                    let mut p = path.clone();
                    p.push(Step::Key(k.clone()));
                    let child_name = if props(schema).is_some_and(|p| p.contains_key(k)) {
                        k.as_str()
                    } else {
                        name
                    };
                    sites(v, sub, p, child_name, out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(Step::Index(i));
                    sites(v, item, p, name, out);
                }
            }
        }
        _ => {}
    }
    let _ = name;
    out.push(Site { path, schema });
}

fn at<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

fn show(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

#[derive(Clone, Copy)]
enum Break {
    WrongType,
    Enum,
    Unknown,
    Required,
    Range,
    OneOf,
    Null,
}

/// Breaks the spec at a random place the schema says something about. `false` when
/// no place fits (the document stays valid).
fn schema_break(rng: &mut Rng, d: &mut Draft, kind: &str, how: Break) -> bool {
    let schema = &schema_of(kind)["properties"]["spec"];
    let mut all = Vec::new();
    sites(
        &d.object["spec"],
        schema,
        vec![Step::Key("spec".into())],
        "spec",
        &mut all,
    );
    let fitting: Vec<&Site> = all.iter().filter(|s| fits(s, &d.object, how)).collect();
    if fitting.is_empty() {
        return false;
    }
    let site = fitting[rng.below(fitting.len())];
    let where_ = show(&site.path);
    let target = at(&mut d.object, &site.path);
    let (category, what) = match how {
        Break::WrongType => {
            let (v, what) = wrong_type(rng, site.schema, target);
            *target = v;
            ("wrong-type", what)
        }
        Break::Enum => {
            let bad = rng.pick(&[
                json!(target.as_str().unwrap_or("x").to_lowercase()),
                json!("NOT_A_VALUE"),
                json!(""),
                json!(format!("{} ", target.as_str().unwrap_or("x"))),
            ]);
            *target = bad.clone();
            ("enum", format!("value {bad}"))
        }
        Break::Unknown => {
            let known: Vec<String> = props(site.schema)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            let key = if !known.is_empty() && rng.chance(0.6) {
                let k = rng.pick(&known);
                rng.pick(&[
                    format!("{k}s"),
                    k.to_uppercase(),
                    format!("{k}_"),
                    snake(&k),
                    k[..k.len().saturating_sub(1)].to_string(),
                ])
            } else {
                rng.pick(&["extra", "foo", "spec", "metadata", "kind", "status"])
                    .to_string()
            };
            if known.contains(&key) || key.is_empty() {
                return false;
            }
            target[key.as_str()] = json!("x");
            ("unknown-field", format!("field `{key}`"))
        }
        Break::Required => {
            let req: Vec<String> = site.schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            let k = rng.pick(&req);
            target.as_object_mut().unwrap().remove(&k);
            ("missing-required", format!("without `{k}`"))
        }
        Break::Range => {
            let (v, what) = out_of_range(rng, site.schema, target);
            *target = v;
            ("out-of-range", what)
        }
        Break::OneOf => {
            let groups = exclusive_groups(site.schema);
            let group = rng.pick(&groups);
            let obj_schema = site.schema;
            for f in group.iter().take(2 + rng.below(2)) {
                if target.get(f).is_none() {
                    let sub = &obj_schema["properties"][f.as_str()];
                    let v = fill(rng, sub, f, 4);
                    target[f.as_str()] = v;
                }
            }
            ("oneof", format!("{} together", group.join("+")))
        }
        Break::Null => {
            *target = Value::Null;
            ("null", "null".to_string())
        }
    };
    d.category = category;
    d.mutation = format!("{where_}: {what}");
    true
}

fn snake(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn fits(site: &Site, object: &Value, how: Break) -> bool {
    let mut copy = object.clone();
    let value = at(&mut copy, &site.path).clone();
    let s = site.schema;
    match how {
        Break::WrongType => site.path.len() > 1,
        Break::Enum => s.get("enum").is_some(),
        Break::Unknown => value.is_object() && props(s).is_some(),
        Break::Required => {
            value.is_object()
                && s["required"].as_array().is_some_and(|r| {
                    r.iter()
                        .any(|k| value.get(k.as_str().unwrap_or("")).is_some())
                })
        }
        Break::Range => {
            [
                "minimum",
                "maximum",
                "maxLength",
                "maxItems",
                "minItems",
                "maxProperties",
            ]
            .iter()
            .any(|k| s.get(*k).is_some())
                || s.get("format").and_then(Value::as_str) == Some("int32")
                || rules(s).contains("65535")
        }
        Break::OneOf => value.is_object() && !exclusive_groups(s).is_empty(),
        Break::Null => site.path.len() > 1,
    }
}

fn wrong_type(rng: &mut Rng, schema: &Value, current: &Value) -> (Value, String) {
    let options: Vec<Value> = match ty(schema) {
        "string" => vec![
            json!(42),
            json!(true),
            json!(["a"]),
            json!({"a": "b"}),
            json!(1.5),
        ],
        "integer" => vec![
            json!("80"),
            json!(1.5),
            json!(true),
            json!([1]),
            json!({"value": 1}),
            json!("0x10"),
        ],
        "number" => vec![json!("1.5"), json!(true), json!([1.0])],
        "boolean" => vec![json!("true"), json!(1), json!("yes"), json!(0)],
        "array" => {
            let first = current.get(0).cloned().unwrap_or(json!("a"));
            vec![first, json!({"0": "a"}), json!("a,b"), json!(3)]
        }
        "object" => vec![
            json!([current.clone()]),
            json!("a=b"),
            json!(7),
            json!(true),
        ],
        _ => vec![json!(7)],
    };
    let v = rng.pick(&options);
    let what = format!(
        "{} for {}",
        v,
        if ty(schema).is_empty() {
            "any"
        } else {
            ty(schema)
        }
    );
    (v, what)
}

fn out_of_range(rng: &mut Rng, schema: &Value, current: &Value) -> (Value, String) {
    let mut options: Vec<Value> = Vec::new();
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
        options.push(json!(max as i64 + 1));
        options.push(json!(max + 0.5));
    }
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
        options.push(json!(min as i64 - 1));
    }
    if schema.get("format").and_then(Value::as_str) == Some("int32") {
        options.push(json!(2_147_483_648_i64));
        options.push(json!(-2_147_483_649_i64));
        options.push(json!(2_147_483_647_i64));
    }
    if rules(schema).contains("65535") {
        options.extend([json!(0), json!(65535), json!(65536), json!(-1)]);
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
        options.push(json!("a".repeat(max as usize + 1)));
        options.push(json!("é".repeat(max as usize)));
        options.push(json!("é".repeat(max as usize + 1)));
    }
    if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
        let item = current.get(0).cloned().unwrap_or(json!("a"));
        let items: Vec<Value> = (0..=max)
            .map(|i| match &item {
                Value::Object(o) if o.contains_key("number") => {
                    let mut o = o.clone();
                    o.insert("number".into(), json!(1 + i));
                    o.insert("name".into(), json!(format!("p{i}")));
                    Value::Object(o)
                }
                other => other.clone(),
            })
            .collect();
        options.push(Value::Array(items));
    }
    if schema.get("minItems").is_some() {
        options.push(json!([]));
    }
    if let Some(max) = schema.get("maxProperties").and_then(Value::as_u64) {
        let map: Map<String, Value> = (0..=max)
            .map(|i| {
                (
                    format!("k{i}"),
                    json!(if ty(&schema["additionalProperties"]) == "integer" {
                        json!(80)
                    } else {
                        json!("v")
                    }),
                )
            })
            .collect();
        options.push(Value::Object(map));
    }
    if options.is_empty() {
        options.push(json!(-1));
    }
    let v = rng.pick(&options);
    let shown = v.to_string();
    let shown = if shown.len() > 40 {
        let head: String = shown.chars().take(20).collect();
        format!("{head}… ({} chars)", shown.chars().count())
    } else {
        shown
    };
    (v, shown)
}

// ---- hand-made breaks ----

fn pick_site(
    rng: &mut Rng,
    d: &Draft,
    kind: &str,
    want: impl Fn(&Site) -> bool,
) -> Option<Vec<Step>> {
    let schema = &schema_of(kind)["properties"]["spec"];
    let mut all = Vec::new();
    sites(
        &d.object["spec"],
        schema,
        vec![Step::Key("spec".into())],
        "spec",
        &mut all,
    );
    let fitting: Vec<&Site> = all.iter().filter(|s| want(s)).collect();
    (!fitting.is_empty()).then(|| fitting[rng.below(fitting.len())].path.clone())
}

fn duration_break(rng: &mut Rng, d: &mut Draft, kind: &str) -> bool {
    let path = match pick_site(rng, d, kind, |s| is_duration(s.schema)) {
        Some(p) => p,
        None => {
            // Give the object a duration field to break.
            match kind {
                "VirtualService" if d.object["spec"]["http"].get(0).is_some() => {
                    d.object["spec"]["http"][0]["timeout"] = json!("1s");
                    vec![
                        Step::Key("spec".into()),
                        Step::Key("http".into()),
                        Step::Index(0),
                        Step::Key("timeout".into()),
                    ]
                }
                "DestinationRule" => {
                    d.object["spec"]["trafficPolicy"] =
                        json!({"connectionPool": {"tcp": {"connectTimeout": "1s"}}});
                    [
                        "spec",
                        "trafficPolicy",
                        "connectionPool",
                        "tcp",
                        "connectTimeout",
                    ]
                    .iter()
                    .map(|k| Step::Key(k.to_string()))
                    .collect()
                }
                _ => return false,
            }
        }
    };
    let value = rng.pick(&[
        "abc",
        "1d",
        "10",
        "-1s",
        "0s",
        "0",
        "1ns",
        "999us",
        "0.5ms",
        "",
        "1 s",
        "1S",
        "1.5.5s",
        "9999999999h",
        "1e3s",
        "1µs",
        "1000µs",
        "1000us",
        "1ms",
        "+1s",
        ".5s",
        "1h1m1s1ms",
        "1m-1s",
        "P1D",
        "1.s",
        "s",
        "3000000h",
        "2562047h",
        "5m0s",
        " 1s",
        "1s ",
        "١s",
    ]);
    *at(&mut d.object, &path) = json!(value);
    d.category = "cel-duration";
    d.mutation = format!("{}: {value:?}", show(&path));
    true
}

fn cel_break(rng: &mut Rng, d: &mut Draft, kind: &str) -> bool {
    let spec = &mut d.object["spec"];
    let what: &str = match kind {
        "ServiceEntry" => match rng.below(10) {
            0 => {
                spec["addresses"] = json!(["10.0.0.0/24"]);
                spec["resolution"] = json!(rng.pick(&["DNS", "DNS_ROUND_ROBIN", "STATIC", "NONE"]));
                spec.as_object_mut().unwrap().remove("endpoints");
                "CIDR address with a resolution"
            }
            1 => {
                spec["resolution"] = json!("NONE");
                if rng.chance(0.5) {
                    spec.as_object_mut().unwrap().remove("resolution");
                }
                spec["endpoints"] = json!([{"address": "10.0.0.1"}]);
                "endpoints with NONE (or no) resolution"
            }
            2 => {
                spec["resolution"] = json!("DNS_ROUND_ROBIN");
                let all = [
                    json!({"address": "a.example.com"}),
                    json!({"address": "b.example.com"}),
                ];
                spec["endpoints"] = Value::Array(all[..rng.range(1, 2) as usize].to_vec());
                "DNS_ROUND_ROBIN with endpoints"
            }
            3 => {
                spec["resolution"] = json!("STATIC");
                spec["endpoints"] = json!([{"address": "10.0.0.1"}]);
                spec["workloadSelector"] = json!({"labels": {"app": "db"}});
                "endpoints and workloadSelector"
            }
            4 => {
                spec["resolution"] = json!("STATIC");
                spec["endpoints"] = json!([{
                    "address": rng.pick(&["unix://", "unix:///", "unix://sock", "unix:///var/sock", "unix://@abstract", "unix:///var/run/"]),
                }]);
                if rng.chance(0.3) {
                    spec["endpoints"][0]["ports"] = json!({"http": 80});
                }
                "unix socket endpoint"
            }
            5 => {
                spec["resolution"] = json!("STATIC");
                spec["endpoints"] = json!([{"ports": {"http": 80}}]);
                if rng.chance(0.5) {
                    spec["endpoints"][0]["network"] = json!("net-1");
                }
                "endpoint without address"
            }
            6 => {
                spec["resolution"] = json!("STATIC");
                let key = rng.pick(&[
                    "http_1".to_string(),
                    "-http".into(),
                    String::new(),
                    "h".repeat(63),
                    "h".repeat(62),
                    "HTTP".into(),
                    "p.1".into(),
                ]);
                spec["endpoints"] = json!([{"address": "10.0.0.1", "ports": {key: rng.pick(&[80, 0, 65536, 65535])}}]);
                "endpoint port name and number"
            }
            7 => {
                spec["hosts"] = json!([rng.pick(&["*", "*.example.com", "**"])]);
                "wildcard host"
            }
            8 => {
                spec["ports"] = json!([{"number": 80, "name": "a"}, {"number": rng.pick(&[80, 81]), "name": "b"}]);
                "port numbers repeated"
            }
            _ => {
                spec["workloadSelector"] =
                    json!({"labels": {"app": rng.pick(&["db*", "db", "*"])}});
                spec.as_object_mut().unwrap().remove("endpoints");
                "workloadSelector label wildcard"
            }
        },
        "Gateway" => match rng.below(3) {
            0 => {
                let tls = rng.pick(&[
                    json!({"mode": "SIMPLE", "credentialName": "a", "credentialNames": ["b"]}),
                    json!({"mode": "SIMPLE", "credentialNames": ["b"], "tlsCertificates": [{"serverCertificate": "/c", "privateKey": "/k"}]}),
                    json!({"mode": "SIMPLE", "credentialName": "a", "tlsCertificates": [{"serverCertificate": "/c", "privateKey": "/k"}]}),
                    json!({"mode": "SIMPLE", "credentialNames": ["a", "b", "c"]}),
                    json!({"mode": "SIMPLE", "credentialNames": []}),
                    json!({"mode": "SIMPLE", "credentialNames": ["a", "b"]}),
                ]);
                spec["servers"][0]["tls"] = tls;
                "TLS credentials"
            }
            1 => {
                let (k, v) = (
                    rng.pick(&["istio", "app*", ""]),
                    rng.pick(&["ingress", "in*gress", ""]),
                );
                spec["selector"] = json!({k: v});
                "selector labels"
            }
            _ => {
                spec["servers"][0]["port"]["number"] =
                    json!(rng.pick(&[0, 65535, 65536, 4294967295_u64, 4294967296_u64]));
                "server port number"
            }
        },
        "DestinationRule" => match rng.below(3) {
            0 => {
                let (k, v) = (rng.pick(&["app", "a*", ""]), rng.pick(&["db", "d*b", ""]));
                spec["workloadSelector"] = json!({"matchLabels": {k: v}});
                "workloadSelector labels"
            }
            1 => {
                spec["trafficPolicy"] = json!({"loadBalancer": {"warmup": rng.pick(&[
                    json!({"duration": "10s", "minimumPercent": 100.5}),
                    json!({"duration": "10s", "aggression": -1}),
                    json!({"minimumPercent": 10}),
                    json!({"duration": "10s", "minimumPercent": 0, "aggression": 0}),
                ])}});
                "warmup"
            }
            _ => {
                spec["trafficPolicy"] = json!({"portLevelSettings": [{"port": {"number": rng.pick(&[0, 80, 65536])}, "tls": {"mode": "DISABLE"}}]});
                "port level settings"
            }
        },
        _ => match rng.below(3) {
            0 => {
                spec["http"] = json!([{"directResponse": {"status": rng.pick(&[json!(200), json!(0), json!(4294967295_u64), json!(4294967296_u64), json!(-1)]), "body": rng.pick(&[
                    json!({"string": "ok"}), json!({"bytes": "b2s="}), json!({"bytes": "not base64!"}), json!({"string": "a", "bytes": "YQ=="}),
                ])}}]);
                "direct response"
            }
            1 => {
                spec["http"] = json!([{"route": [{"destination": {"host": "a"}}], "fault": {"abort": rng.pick(&[
                    json!({"httpStatus": 503}), json!({"grpcStatus": "UNAVAILABLE"}), json!({"httpStatus": 503, "grpcStatus": "X"}), json!({"percentage": {"value": 5}}),
                ])}}]);
                "fault abort"
            }
            _ => {
                spec["http"] = json!([{"route": [{"destination": {"host": "a"}}], "match": [{"port": rng.pick(&[0, 80, 70000]), "sourceLabels": {"app": rng.pick(&["a", "a*"])}}]}]);
                "match port and source labels"
            }
        },
    };
    d.category = "cel-other";
    d.mutation = what.to_string();
    true
}

fn host_break(rng: &mut Rng, d: &mut Draft, kind: &str) -> bool {
    let bad = rng.pick(&[
        "Reviews",
        "*.",
        "a..b",
        "-bad",
        "has space",
        "http://x",
        "*",
        "",
        "reviews/shop",
        "a*.example.com",
        "example.com.",
        "xn--d1acufc.xn--p1ai",
        "ünï.example.com",
        "*.*.example.com",
        "1.2.3.4",
        "::1",
        "shop/*",
        "./reviews",
    ]);
    let long = format!("{}.example.com", "a".repeat(rng.pick(&[63, 64, 250])));
    let value = if rng.chance(0.1) {
        long
    } else {
        bad.to_string()
    };
    let spec = &mut d.object["spec"];
    match kind {
        "VirtualService" => spec["hosts"] = json!([value]),
        "DestinationRule" => spec["host"] = json!(value),
        "Gateway" => spec["servers"][0]["hosts"] = json!([value]),
        _ => spec["hosts"] = json!([value]),
    }
    d.category = "bad-host";
    d.mutation = format!(
        "host {:?}",
        if value.len() > 40 {
            "long"
        } else {
            value.as_str()
        }
    );
    true
}

fn regex_break(rng: &mut Rng, d: &mut Draft) -> bool {
    let field = rng.pick(&["uri", "authority", "method"]);
    let re = rng.pick(&[
        "(",
        "[a-",
        "a{2,1}",
        "(?<=a)b",
        "\\",
        "*a",
        "a**",
        "(?P<n>x)",
        "[[:alpha:]]",
        "\\p{Greek}",
        "a{1001}",
    ]);
    d.object["spec"] = json!({
        "hosts": ["reviews"],
        "http": [{"match": [{field: {"regex": re}}], "route": [{"destination": {"host": "reviews"}}]}],
    });
    d.category = "bad-regex";
    d.mutation = format!("regex {re:?}");
    true
}

fn duplicate_break(rng: &mut Rng, d: &mut Draft, kind: &str) -> bool {
    let spec = &mut d.object["spec"];
    let what = match (kind, rng.below(3)) {
        ("ServiceEntry", 0) => {
            spec["ports"] = json!([{"number": 80, "name": "http"}, {"number": 81, "name": "http"}]);
            "port names (list-map key)"
        }
        ("ServiceEntry", 1) => {
            spec["hosts"] = json!(["a.example.com", "a.example.com"]);
            "hosts"
        }
        ("DestinationRule", 0 | 1) => {
            spec["subsets"] = json!([{"name": "v1", "labels": {"version": "v1"}}, {"name": "v1", "labels": {"version": "v2"}}]);
            "subset names"
        }
        ("VirtualService", 0 | 1) => {
            spec["http"] = json!([
                {"name": "a", "route": [{"destination": {"host": "reviews"}}]},
                {"name": "a", "route": [{"destination": {"host": "reviews"}}]},
            ]);
            "route names"
        }
        ("Gateway", 0 | 1) => {
            spec["servers"] = json!([
                {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["a.example.com"]},
                {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["a.example.com"]},
            ]);
            "servers"
        }
        _ => {
            // A key written twice: only text can say that.
            let body = serde_json::to_string(&d.object).expect("JSON");
            let (field, dup) = rng.pick(&[
                ("spec", r#""spec":{},"#),
                ("metadata", r#""metadata":{"name":"x"},"#),
                ("kind", r#""kind":"VirtualService","#),
            ]);
            d.text = Some(format!("{{{dup}{}", &body[1..]));
            d.named = false;
            d.category = "duplicate";
            d.mutation = format!("`{field}` written twice");
            return true;
        }
    };
    d.category = "duplicate";
    d.mutation = what.to_string();
    true
}

fn metadata_break(rng: &mut Rng, d: &mut Draft, name: &str) -> bool {
    let meta = &mut d.object["metadata"];
    let mut named = true;
    let what: String = match rng.below(24) {
        0 => {
            let bad = rng.pick(&[
                name.to_uppercase(),
                name.replace('-', "_"),
                format!("-{name}"),
                format!("{name}-"),
                format!("{name}.x"),
                format!("{name}..x"),
                format!("{name}/x"),
                format!("{name}%"),
                format!("{name}-{}", "a".repeat(253 - name.len())),
                format!("{name}-{}", "a".repeat(252 - name.len())),
                format!("{name}.{}", "a".repeat(64)),
            ]);
            meta["name"] = json!(bad);
            named = false;
            format!(
                "name {:?}",
                if bad.len() > 40 { "long" } else { bad.as_str() }
            )
        }
        1 => {
            let v = rng.pick(&[json!(""), json!(null), json!(5), json!(["a"])]);
            meta["name"] = v.clone();
            named = false;
            if rng.chance(0.5) {
                meta["generateName"] = json!("gen-");
            }
            format!("name {v}")
        }
        2 => {
            meta.as_object_mut().unwrap().remove("name");
            meta["generateName"] = json!(rng.pick(&["gen-", "Gen-", "", "a_b-"]));
            named = false;
            "generateName only".into()
        }
        3 => {
            let key = rng.pick(&[
                "a b".to_string(),
                "-a".into(),
                "a/b/c".into(),
                "example.com/".into(),
                "/a".into(),
                "Example.com/a".into(),
                "a".repeat(64),
                "app.kubernetes.io/name".into(),
                "A_b.c".into(),
            ]);
            meta["labels"] = json!({key.clone(): "x"});
            format!("label key {key:?}")
        }
        4 => {
            let v = rng.pick(&[
                json!("a b"),
                json!("-a"),
                json!("a".repeat(64)),
                json!("a".repeat(63)),
                json!(""),
                json!(5),
                json!(true),
                json!(null),
                json!("a_b.c"),
            ]);
            meta["labels"] = json!({"app": v});
            format!("label value {v}")
        }
        5 => {
            let key = rng.pick(&[
                "a b".to_string(),
                "example.com/a".into(),
                "-a".into(),
                "a/b/c".into(),
                "a".repeat(64),
            ]);
            meta["annotations"] = json!({key.clone(): "x"});
            format!("annotation key {key:?}")
        }
        6 => {
            let v = rng.pick(&[
                json!(5),
                json!(null),
                json!({"a": 1}),
                json!("free text: anything goes"),
            ]);
            meta["annotations"] = json!({"note": v});
            format!("annotation value {v}")
        }
        7 => {
            let n = rng.pick(&[200_000, 262_000, 262_144, 270_000]);
            meta["annotations"] = json!({"big": "a".repeat(n)});
            format!("annotations of {n} bytes")
        }
        8 => {
            let k = rng.pick(&["nme", "Name", "label", "spec", "owner"]);
            meta[k] = json!("x");
            format!("unknown field {k:?}")
        }
        9 => {
            let v = rng.pick(&[json!(["a"]), json!("a=b"), json!(5)]);
            meta[rng.pick(&["labels", "annotations"])] = v.clone();
            format!("labels or annotations as {v}")
        }
        10 => {
            let v = rng.pick(&[
                json!(["a b"]),
                json!(["example.com/a"]),
                json!(["kubernetes"]),
                json!(["a", "a"]),
                json!([5]),
                json!("a"),
                json!(["A/b"]),
                json!(["kubernetes.io/x"]),
                json!([""]),
            ]);
            meta["finalizers"] = v.clone();
            format!("finalizers {v}")
        }
        11 => {
            let v = rng.pick(&[
                json!([{"name": "x"}]),
                json!([{"apiVersion": "v1", "kind": "ConfigMap", "name": "x", "uid": "1234"}]),
                json!([{"apiVersion": "v1", "kind": "ConfigMap", "name": "x", "uid": "1234", "controller": true}, {"apiVersion": "v1", "kind": "Secret", "name": "y", "uid": "5678", "controller": true}]),
                json!([{"apiVersion": "v1", "kind": "ConfigMap", "name": "x", "uid": "1234", "extra": 1}]),
                json!([{"apiVersion": "v1", "kind": "ConfigMap", "name": "x", "uid": 5}]),
                json!([{"apiVersion": "v1", "kind": "ConfigMap", "name": "X y", "uid": "1"}]),
                json!([{"apiVersion": "v1", "kind": "Namespace", "name": "x", "uid": "1"}]),
                json!({"name": "x"}),
            ]);
            meta["ownerReferences"] = v.clone();
            format!("ownerReferences {v}")
        }
        12 => {
            let v = rng.pick(&[
                json!("yesterday"),
                json!("2026-01-02T15:04:05Z"),
                json!(5),
                json!(null),
                json!("2026-01-02"),
            ]);
            meta[rng.pick(&["creationTimestamp", "deletionTimestamp"])] = v.clone();
            format!("timestamp {v}")
        }
        13 => {
            let v = rng.pick(&[json!(5), json!(-1), json!("5"), json!(1.5), json!(null)]);
            meta[rng.pick(&["generation", "deletionGracePeriodSeconds"])] = v.clone();
            format!("generation or grace period {v}")
        }
        14 => {
            let v = rng.pick(&[json!(5), json!("abc-123"), json!(["a"])]);
            meta[rng.pick(&["uid", "selfLink"])] = v.clone();
            format!("uid or selfLink {v}")
        }
        15 => {
            let v = rng.pick(&[json!("Bad_NS"), json!(5), json!("")]);
            meta["namespace"] = v.clone();
            format!("namespace {v}")
        }
        16 => {
            let v = rng.pick(&[
                json!([{"manager": "kubectl", "operation": "Update", "apiVersion": "networking.istio.io/v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}}}]),
                json!([{"manager": "kubectl", "operation": "Bogus"}]),
                json!([{"manager": 5}]),
                json!([{"unknown": true}]),
                json!("x"),
            ]);
            meta["managedFields"] = v.clone();
            format!("managedFields {v}")
        }
        17 => {
            d.object["metadata"] = rng.pick(&[json!("x"), json!([]), json!(null), json!(5)]);
            named = false;
            "metadata not an object".into()
        }
        18 => {
            let labels: Map<String, Value> = (0..rng.pick(&[10, 100]))
                .map(|i| (format!("l{i}"), json!("v")))
                .collect();
            meta["labels"] = Value::Object(labels);
            "many labels".into()
        }
        19 => {
            let key = format!("{}/x", "a".repeat(rng.pick(&[253, 254])));
            meta["labels"] = json!({key: "v"});
            "label key with a long prefix".into()
        }
        20 => {
            meta["resourceVersion"] = json!(rng.pick(&[json!(5), json!(null)]));
            "resourceVersion".into()
        }
        21 => {
            let v = rng.pick(&[json!({"app": null}), json!({"app": ""}), json!({"": "x"})]);
            meta["labels"] = v.clone();
            format!("labels {v}")
        }
        22 => {
            let v = rng.pick(&[
                json!({"": "x"}),
                json!({"a": ""}),
                json!({"kubernetes.io/change-cause": "x"}),
            ]);
            meta["annotations"] = v.clone();
            format!("annotations {v}")
        }
        _ => {
            let key = format!("{}/x", "a".repeat(rng.pick(&[253, 254])));
            meta["annotations"] = json!({key: "v"});
            "annotation key with a long prefix".into()
        }
    };
    d.named = named;
    d.category = "metadata";
    d.mutation = what;
    true
}

fn number_break(rng: &mut Rng, d: &mut Draft, kind: &str) -> bool {
    let Some(path) = pick_site(rng, d, kind, |s| {
        ty(s.schema) == "integer" || ty(s.schema) == "number"
    }) else {
        return false;
    };
    // Written as text so the number keeps its form (`1.0`, `1e2`, `-0`).
    let form = rng.pick(&[
        "1.0",
        "1e2",
        "-0",
        "0.0",
        "1E1",
        "100.000",
        "1e400",
        "9007199254740993",
        "18446744073709551616",
        "-1.0",
        "2.5e-1",
        "1.000000000000000000001",
    ]);
    let marker = "\"__NUMBER__\"";
    *at(&mut d.object, &path) = json!("__NUMBER__");
    let text = serde_json::to_string(&d.object)
        .expect("JSON")
        .replace(marker, form);
    d.text = Some(text);
    d.category = "number-form";
    d.mutation = format!("{}: {form}", show(&path));
    true
}

fn shape_break(rng: &mut Rng, d: &mut Draft, kind: &str) -> bool {
    let what = match rng.below(9) {
        0 => {
            d.object["spec"] = rng.pick(&[json!(null), json!([]), json!("x"), json!({})]);
            format!("spec {}", d.object["spec"])
        }
        1 => {
            d.object.as_object_mut().unwrap().remove("spec");
            "no spec".to_string()
        }
        2 => {
            let v = rng.pick(&[
                "networking.istio.io/v2",
                "networking.istio.io",
                "security.istio.io/v1",
                "networking.istio.io/V1",
                "Networking.istio.io/v1",
            ]);
            d.object["apiVersion"] = json!(v);
            format!("apiVersion {v}")
        }
        3 => {
            let v = rng.pick(&[
                kind.to_lowercase(),
                format!("{kind}s"),
                "Service".to_string(),
                String::new(),
            ]);
            d.object["kind"] = json!(v);
            format!("kind {v:?}")
        }
        4 => {
            d.object["status"] = rng.pick(&[
                json!({"observedGeneration": 1}),
                json!({"observedGeneration": "1"}),
                json!({"observedGeneration": {}}),
                json!("garbage"),
                json!({"conditions": [{"type": "Ready", "observedGeneration": 1.5}]}),
                json!({"validationMessages": [{"level": "ERROR"}]}),
            ]);
            format!("status {}", d.object["status"])
        }
        5 => {
            d.object[rng.pick(&["extra", "Spec", "items"])] = json!({});
            "unknown top-level field".to_string()
        }
        6 => {
            let deep = (0..rng.pick(&[10, 60])).fold(json!("x"), |v, _| json!({"anything": v}));
            d.object["status"] = deep;
            "deep status".to_string()
        }
        7 => {
            let text = serde_json::to_string(&d.object).expect("JSON");
            d.text = Some(rng.pick(&[
                // Trailing commas inside flow mappings, which YAML allows.
                {
                    let t = text.replace('}', "},").replacen("},", "}", 1);
                    t[..t.len() - 1].to_string()
                },
                format!("# comment\n{text}"),
                format!("%YAML 1.2\n---\n{text}"),
            ]));
            d.named = false;
            "text around the object".to_string()
        }
        _ => {
            let s = rng.pick(&[
                "a\u{0}b",
                "tab\there",
                "emoji 🚀",
                "\u{202e}rtl",
                "line\nbreak",
            ]);
            match kind {
                "VirtualService" => d.object["spec"]["hosts"] = json!([s]),
                "DestinationRule" => d.object["spec"]["host"] = json!(s),
                "Gateway" => d.object["spec"]["servers"][0]["port"]["name"] = json!(s),
                _ => d.object["spec"]["ports"][0]["name"] = json!(s),
            }
            format!("odd characters {s:?}")
        }
    };
    d.category = "shape";
    d.mutation = what;
    true
}
