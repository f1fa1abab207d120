//! The support's own connection to the real API server, as the platform's admin: what
//! tests seed, read and change behind meshctl's back goes straight to the server (never
//! through a test's fault proxy, so it is neither faulted nor recorded).
//!
//! Resources are named as tests named them for the fake server: a plural
//! (`virtualservices`), a qualified plural (`virtualservices.networking.istio.io`) or a
//! kind (`VirtualService`); discovery of the real server resolves them.

use super::platform;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

/// One served resource type, at its group's preferred version.
#[derive(Debug, Clone)]
pub struct ApiResource {
    pub group: String,
    pub version: String,
    pub plural: String,
    pub kind: String,
    pub namespaced: bool,
}

impl ApiResource {
    /// `/api/v1` or `/apis/GROUP/VERSION`.
    pub fn base(&self) -> String {
        if self.group.is_empty() {
            format!("/api/{}", self.version)
        } else {
            format!("/apis/{}/{}", self.group, self.version)
        }
    }

    /// The collection path, in `namespace` when given.
    pub fn collection(&self, namespace: Option<&str>) -> String {
        match namespace {
            Some(ns) if self.namespaced => {
                format!("{}/namespaces/{ns}/{}", self.base(), self.plural)
            }
            _ => format!("{}/{}", self.base(), self.plural),
        }
    }

    pub fn object(&self, namespace: &str, name: &str) -> String {
        format!("{}/{name}", self.collection(Some(namespace)))
    }

    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

/// An error answer of the server: the code and its `Status` body.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: u16,
    pub body: Value,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.body)
    }
}

/// The admin client: keep-alive HTTPS with the platform's CA and admin token.
pub struct Admin {
    http: reqwest::Client,
    base: String,
    token: String,
    resources: Mutex<Vec<ApiResource>>,
    by_gv: Mutex<HashMap<String, Vec<ApiResource>>>,
}

static ADMIN: LazyLock<Admin> = LazyLock::new(|| {
    let p = platform();
    Admin {
        http: https_client(&p.ca_pem()),
        base: p.url.clone(),
        token: p.token.clone(),
        resources: Mutex::new(Vec::new()),
        by_gv: Mutex::new(HashMap::new()),
    }
});

pub fn admin() -> &'static Admin {
    &ADMIN
}

/// A reqwest client trusting only the platform's CA, with ring as its crypto (the build
/// has no other provider), keeping connections alive.
pub fn https_client(ca_pem: &[u8]) -> reqwest::Client {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem) {
        roots
            .add(cert.expect("the platform's CA is PEM"))
            .expect("the platform's CA is a certificate");
    }
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
    reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .connect_timeout(Duration::from_secs(5))
        .pool_max_idle_per_host(32)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTPS client")
}

impl Admin {
    /// Sends one request; JSON bodies in and out. `content_type` defaults to JSON.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Value, ApiError> {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("an HTTP method");
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("Accept", "application/json")
            .timeout(Duration::from_secs(60));
        if let Some(body) = body {
            req = req
                .header("Content-Type", content_type.unwrap_or("application/json"))
                .body(serde_json::to_vec(body).expect("JSON"));
        }
        let resp = req.send().await.map_err(|e| ApiError {
            code: 0,
            body: json!({"message": format!("cannot reach the platform's API server: {e}")}),
        })?;
        let code = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(|e| ApiError {
            code,
            body: json!({"message": format!("reply cut off: {e}")}),
        })?;
        let value: Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| json!({"message": String::from_utf8_lossy(&bytes).into_owned()}));
        if (200..300).contains(&code) {
            Ok(value)
        } else {
            Err(ApiError { code, body: value })
        }
    }

    pub async fn get_path(&self, path: &str) -> Result<Value, ApiError> {
        self.send("GET", path, None, None).await
    }

    /// Refreshes the list of served types from aggregated discovery (`/api` and `/apis`,
    /// one request each).
    async fn discover(&self) {
        let mut found = Vec::new();
        for path in ["/api", "/apis"] {
            let resp = self
                .http
                .get(format!("{}{path}", self.base))
                .bearer_auth(&self.token)
                .header(
                    "Accept",
                    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
                )
                .send()
                .await
                .expect("discovery of the platform's API server");
            let list: Value = resp.json().await.expect("a discovery document");
            for group in list["items"].as_array().into_iter().flatten() {
                let name = group["metadata"]["name"].as_str().unwrap_or("");
                // The first version listed is the preferred one.
                let Some(version) = group["versions"].as_array().and_then(|v| v.first()) else {
                    continue;
                };
                for r in version["resources"].as_array().into_iter().flatten() {
                    found.push(ApiResource {
                        group: name.to_string(),
                        version: version["version"].as_str().unwrap_or("").to_string(),
                        plural: r["resource"].as_str().unwrap_or("").to_string(),
                        kind: r["responseKind"]["kind"].as_str().unwrap_or("").to_string(),
                        namespaced: r["scope"] == "Namespaced",
                    });
                }
            }
        }
        *self.resources.lock().unwrap() = found;
    }

    fn lookup(&self, name: &str) -> Option<ApiResource> {
        let all = self.resources.lock().unwrap();
        let (plural, group) = match name.split_once('.') {
            Some((p, g)) => (p, Some(g)),
            None => (name, None),
        };
        // Core first, then apps, then the rest: `events` is core/v1 events, as kubectl
        // reads it.
        let rank = |r: &ApiResource| match r.group.as_str() {
            "" => 0,
            "apps" => 1,
            _ => 2,
        };
        let mut matches: Vec<&ApiResource> = all
            .iter()
            .filter(|r| match group {
                Some(g) => r.plural == plural && r.group == g,
                None => r.plural == name || r.kind.eq_ignore_ascii_case(name),
            })
            .collect();
        matches.sort_by_key(|r| rank(r));
        matches.first().map(|r| (*r).clone())
    }

    /// The type a test names; panics when the server serves no such thing.
    pub async fn resource(&self, name: &str) -> ApiResource {
        if let Some(r) = self.lookup(name) {
            return r;
        }
        self.discover().await;
        self.lookup(name)
            .unwrap_or_else(|| panic!("the platform's API server serves no `{name}`"))
    }

    /// The type of an object, from its `apiVersion` and `kind`.
    pub async fn resource_of(&self, api_version: &str, kind: &str) -> ApiResource {
        let key = api_version.to_string();
        let cached = self.by_gv.lock().unwrap().get(&key).cloned();
        let list = match cached {
            Some(list) => list,
            None => {
                let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
                let path = if group.is_empty() {
                    format!("/api/{version}")
                } else {
                    format!("/apis/{group}/{version}")
                };
                let doc = self.get_path(&path).await.unwrap_or_else(|e| {
                    panic!("the platform's API server does not serve {api_version}: {e}")
                });
                let list: Vec<ApiResource> = doc["resources"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|r| !r["name"].as_str().unwrap_or("/").contains('/'))
                    .map(|r| ApiResource {
                        group: group.to_string(),
                        version: version.to_string(),
                        plural: r["name"].as_str().unwrap_or("").to_string(),
                        kind: r["kind"].as_str().unwrap_or("").to_string(),
                        namespaced: r["namespaced"].as_bool().unwrap_or(false),
                    })
                    .collect();
                self.by_gv.lock().unwrap().insert(key, list.clone());
                list
            }
        };
        list.into_iter()
            .find(|r| r.kind == kind)
            .unwrap_or_else(|| panic!("the platform's API server serves no {api_version} {kind}"))
    }

    /// Server-side apply of `obj` as field manager `manager` (forced: the support
    /// plays whoever it is told to be).
    pub async fn apply(&self, obj: &Value, manager: &str) -> Result<Value, ApiError> {
        let ty = self
            .resource_of(
                obj["apiVersion"].as_str().expect("apiVersion"),
                obj["kind"].as_str().expect("kind"),
            )
            .await;
        let ns = obj["metadata"]["namespace"].as_str().unwrap_or("");
        let name = obj["metadata"]["name"].as_str().expect("metadata.name");
        let path = format!("{}?fieldManager={manager}&force=true", ty.object(ns, name));
        self.send(
            "PATCH",
            &path,
            Some("application/apply-patch+yaml"),
            Some(obj),
        )
        .await
    }

    /// Server-side apply of `obj`'s `status` through the status subresource.
    pub async fn apply_status(&self, obj: &Value, manager: &str) -> Result<Value, ApiError> {
        let ty = self
            .resource_of(
                obj["apiVersion"].as_str().expect("apiVersion"),
                obj["kind"].as_str().expect("kind"),
            )
            .await;
        let ns = obj["metadata"]["namespace"].as_str().unwrap_or("");
        let name = obj["metadata"]["name"].as_str().expect("metadata.name");
        let body = json!({
            "apiVersion": obj["apiVersion"], "kind": obj["kind"],
            "metadata": {"name": name, "namespace": ns},
            "status": obj["status"],
        });
        let path = format!(
            "{}/status?fieldManager={manager}&force=true",
            ty.object(ns, name)
        );
        self.send(
            "PATCH",
            &path,
            Some("application/apply-patch+yaml"),
            Some(&body),
        )
        .await
    }

    pub async fn get(&self, ty: &ApiResource, ns: &str, name: &str) -> Result<Value, ApiError> {
        self.get_path(&ty.object(ns, name)).await
    }

    /// Every item of a collection (all pages), with `apiVersion` and `kind` set.
    pub async fn list(&self, ty: &ApiResource, ns: Option<&str>) -> Vec<Value> {
        let mut items = Vec::new();
        let mut cont = String::new();
        loop {
            let mut path = format!("{}?limit=500", ty.collection(ns));
            if !cont.is_empty() {
                path.push_str(&format!("&continue={cont}"));
            }
            let page = self
                .get_path(&path)
                .await
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", ty.plural));
            for mut item in page["items"].as_array().cloned().unwrap_or_default() {
                item["apiVersion"] = json!(ty.api_version());
                item["kind"] = json!(ty.kind);
                items.push(item);
            }
            cont = page["metadata"]["continue"]
                .as_str()
                .unwrap_or("")
                .to_string();
            if cont.is_empty() {
                return items;
            }
        }
    }

    /// Replaces an object (a precondition on the resourceVersion it carries).
    pub async fn put(
        &self,
        ty: &ApiResource,
        obj: &Value,
        manager: &str,
        subresource: Option<&str>,
    ) -> Result<Value, ApiError> {
        let ns = obj["metadata"]["namespace"].as_str().unwrap_or("");
        let name = obj["metadata"]["name"].as_str().expect("metadata.name");
        let sub = subresource.map(|s| format!("/{s}")).unwrap_or_default();
        let path = format!("{}{sub}?fieldManager={manager}", ty.object(ns, name));
        self.send("PUT", &path, None, Some(obj)).await
    }

    pub async fn delete_path(&self, path: &str, body: Option<&Value>) -> Result<Value, ApiError> {
        self.send("DELETE", path, None, body).await
    }
}
