//! Reading the objects `apply`, `diff` and `delete` act on: `-f FILE|DIR|-` (repeatable, `-R`),
//! multi-document YAML or JSON, `kind: List` expanded; every object remembers the file
//! and line it came from so errors can point at it. Also where each object goes: Istio
//! kinds to the mesh control plane, everything else to the workload cluster.

use super::Ctx;
use crate::cli::flags::{DryRun, FileArgs};
use crate::core::cluster::Cluster;
use crate::core::schema::Catalog;
use crate::core::store::{self, Applied, ApplyOptions, MeshStore, ObjectType, group_of};
use crate::core::yaml;
use crate::{Error, ErrorKind, Result};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// One object read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// The file (`-` for stdin).
    pub source: String,
    /// 1-based line where the object starts.
    pub line: usize,
    pub object: Value,
}

impl Manifest {
    /// `reviews.yaml:12`.
    pub fn location(&self) -> String {
        format!("{}:{}", self.source, self.line)
    }

    pub fn api_version(&self) -> &str {
        self.object
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn kind(&self) -> &str {
        self.object
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        self.object
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// Whether the object belongs to the mesh control plane (any `*.istio.io` group).
    pub fn is_mesh(&self) -> bool {
        is_mesh_group(group_of(self.api_version()))
    }
}

/// Istio's groups live on the mesh control plane; everything else on the workload cluster.
pub fn is_mesh_group(group: &str) -> bool {
    group == "istio.io" || group.ends_with(".istio.io")
}

/// Reads every `-f` source in order (see [`FileArgs::read`]).
pub fn read(files: &FileArgs) -> Result<Vec<Manifest>> {
    let mut out = Vec::new();
    for source in files.read()? {
        out.extend(parse(&source.name, &source.text)?);
    }
    if out.is_empty() {
        return Err(Error::usage("no objects found in the given files")
            .with_hint("pass files that hold Kubernetes objects with `-f`"));
    }
    Ok(out)
}

/// Parses one file's documents and checks each has what every object needs.
pub fn parse(source: &str, text: &str) -> Result<Vec<Manifest>> {
    let docs = yaml::parse_documents(text).map_err(|e| {
        Error::invalid(format!("`{source}` line {}: not valid YAML", e.line)).with_detail(e.message)
    })?;
    let mut out = Vec::new();
    for doc in docs {
        let kind = doc
            .value
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if kind.ends_with("List")
            && let Some(items) = doc.value.get("items").and_then(Value::as_array)
        {
            out.extend(items.iter().map(|item| Manifest {
                source: source.to_string(),
                line: doc.line,
                object: item.clone(),
            }));
            continue;
        }
        out.push(Manifest {
            source: source.to_string(),
            line: doc.line,
            object: doc.value,
        });
    }
    for m in &out {
        check_shape(m)?;
    }
    Ok(out)
}

fn check_shape(m: &Manifest) -> Result<()> {
    if !m.object.is_object() {
        return Err(Error::invalid(format!(
            "{}: a document must be a mapping (an object)",
            m.location()
        )));
    }
    let missing: Vec<&str> = [
        ("apiVersion", m.api_version().is_empty()),
        ("kind", m.kind().is_empty()),
        ("metadata.name", m.name().is_empty()),
    ]
    .into_iter()
    .filter(|(_, missing)| *missing)
    .map(|(field, _)| field)
    .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{}: the object has no `{}`",
            m.location(),
            missing.join("`, `")
        ))
        .with_hint("every object needs `apiVersion`, `kind` and `metadata.name`"))
    }
}

/// Validates every Istio and Gateway API object as a real cluster with Istio would (the
/// CRDs' schemas, then Istio's webhook rules). Any finding stops the command before
/// anything is written (exit 79). Gateway API objects live on the workload cluster
/// (beside the Services they route to) but are judged here all the same.
pub fn validate(manifests: &[Manifest], action: &str) -> Result<()> {
    let catalog = Catalog::builtin();
    let mut findings = Vec::new();
    let mut bad = 0;
    for m in manifests
        .iter()
        .filter(|m| m.is_mesh() || catalog.knows_group(m.api_version()))
    {
        let violations = catalog.validate(&m.object);
        if !violations.is_empty() {
            bad += 1;
        }
        for v in violations {
            findings.push(format!(
                "{}: {} `{}`: {}: {}",
                m.location(),
                m.kind(),
                m.name(),
                v.path,
                v.message
            ));
        }
    }
    if findings.is_empty() {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "{bad} {} not valid for Istio; nothing was {action}",
        if bad == 1 { "object is" } else { "objects are" }
    ))
    .with_details(findings)
    .with_hint(
        "fix the fields listed above; `meshctl validate -f FILE` checks files without a cluster",
    ))
}

/// Where an object goes: the one place that tells mesh objects from workload objects.
#[derive(Clone)]
pub enum Destination<'a> {
    /// Istio kinds: the mesh store `--target` chose (a cluster or the local mesh).
    Mesh(&'a dyn MeshStore),
    /// Every other kind: the workload cluster.
    Workload(Arc<dyn Cluster>),
}

impl Destination<'_> {
    /// The store the object lives in.
    fn store(&self) -> &dyn MeshStore {
        match self {
            Destination::Mesh(store) => *store,
            Destination::Workload(cluster) => cluster.as_ref(),
        }
    }

    /// The live object, or `None` when it does not exist.
    pub async fn get(
        &self,
        ty: &ObjectType,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<Option<Value>> {
        self.store().get(&ty.object_ref(namespace, name)).await
    }

    /// The `resourceVersion` of every object of the type in `namespace`, by name.
    pub async fn versions(
        &self,
        ty: &ObjectType,
        namespace: Option<&str>,
    ) -> Result<HashMap<String, String>> {
        match self {
            Destination::Mesh(store) => store.versions(&ty.group, &ty.kind, namespace).await,
            Destination::Workload(cluster) => {
                cluster.versions(&ty.group, &ty.kind, namespace).await
            }
        }
    }

    /// Deletes the object (or, in a dry run, says whether it could); `false` when it
    /// did not exist.
    pub async fn delete(
        &self,
        ty: &ObjectType,
        namespace: Option<&str>,
        name: &str,
        dry_run: DryRun,
    ) -> Result<bool> {
        let object = ty.object_ref(namespace, name);
        match dry_run {
            DryRun::None => self.store().delete(&object).await,
            DryRun::Client => Ok(self.store().get(&object).await?.is_some()),
            DryRun::Server => self.store().delete_dry_run(&object).await,
        }
    }
}

/// An object ready to send: where it goes, its type there, and the object with
/// namespace, served apiVersion and managed-by label filled in.
pub struct Target<'a> {
    pub manifest: &'a Manifest,
    pub destination: Destination<'a>,
    pub ty: ObjectType,
    pub object: Value,
}

impl Target<'_> {
    /// `virtualservice.networking.istio.io/reviews`, as `kubectl apply` prints it.
    pub fn display(&self) -> String {
        format!("{}/{}", self.ty.qualified_kind(), self.manifest.name())
    }

    pub fn namespace(&self) -> Option<&str> {
        self.object
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
    }

    /// The live object, or `None` when it does not exist.
    pub async fn live(&self) -> Result<Option<Value>> {
        self.destination
            .get(&self.ty, self.namespace(), self.manifest.name())
            .await
    }

    /// Applies the object and says what that did.
    pub async fn apply(&self, options: ApplyOptions) -> Result<Applied> {
        self.destination.store().apply(&self.object, options).await
    }

    /// Applies the object knowing its `resourceVersion` from before (`None`: it did
    /// not exist; see [`Destination::versions`]) instead of reading it first.
    pub async fn apply_known(
        &self,
        options: ApplyOptions,
        before: Option<&str>,
    ) -> Result<Applied> {
        match &self.destination {
            Destination::Mesh(store) => store.apply_known(&self.object, options, before).await,
            Destination::Workload(cluster) => {
                cluster.apply_known(&self.object, options, before).await
            }
        }
    }

    /// Which list tells this object's state before a batch: the same for objects of
    /// one type and namespace at one destination.
    pub fn list_key(&self) -> (bool, String, String, Option<String>) {
        (
            matches!(self.destination, Destination::Mesh(_)),
            self.ty.group.clone(),
            self.ty.kind.clone(),
            self.namespace()
                .filter(|_| self.ty.namespaced)
                .map(str::to_string),
        )
    }

    /// The object as the destination would hold it after applying, computed there
    /// without saving it (a server-side dry run).
    pub async fn merged(&self, force_conflicts: bool) -> Result<Value> {
        let options = ApplyOptions {
            dry_run: true,
            force_conflicts,
        };
        Ok(self
            .destination
            .store()
            .apply(&self.object, options)
            .await?
            .object)
    }
}

/// Resolves where every manifest goes, before anything is written: an unknown kind or
/// missing Istio CRDs fail the whole command up front.
pub async fn resolve<'a>(ctx: &'a Ctx, manifests: &'a [Manifest]) -> Result<Vec<Target<'a>>> {
    let mut targets = Vec::with_capacity(manifests.len());
    for m in manifests {
        let (destination, ty, namespace) = if m.is_mesh() {
            let store = ctx.mesh_store().await?;
            let namespace = ctx.mesh_namespace().await?;
            let ty = store
                .resolve(m.api_version(), m.kind())
                .await
                .map_err(|e| located(e, m))?;
            (Destination::Mesh(store), ty, namespace)
        } else {
            let cluster = ctx
                .cluster_for(
                    group_of(m.api_version()),
                    m.kind(),
                    &format!("{} `{}`", m.kind(), m.name()),
                )
                .await
                // A refusal is about this object; a connection failure is not.
                .map_err(|e| {
                    if e.kind() == ErrorKind::Usage {
                        located(e, m)
                    } else {
                        e
                    }
                })?;
            let namespace = ctx.workload_namespace().await?;
            let ty = cluster
                .resolve(m.api_version(), m.kind())
                .await
                .map_err(|e| located(e, m))?;
            (Destination::Workload(cluster), ty, namespace)
        };
        if let (Some(flag), Some(own)) = (
            &ctx.settings.namespace,
            m.object
                .pointer("/metadata/namespace")
                .and_then(Value::as_str),
        ) && ty.namespaced
            && flag != own
        {
            return Err(Error::usage(format!(
                "{}: {} `{}` is in namespace `{own}`, but `-n {flag}` was given",
                m.location(),
                m.kind(),
                m.name()
            ))
            .with_hint("drop `-n`, or remove `metadata.namespace` from the file"));
        }
        let object = store::prepare(&ty, &m.object, &namespace)?;
        targets.push(Target {
            manifest: m,
            destination,
            ty,
            object,
        });
    }
    Ok(targets)
}

/// Adds the file and line to an error about one object.
pub fn located(err: Error, m: &Manifest) -> Error {
    let kind = err.kind();
    let message = format!("{}: {}", m.location(), err.message());
    let hints = err.hints().to_vec();
    let details = err.details().to_vec();
    let mut out = Error::new(kind, message).with_details(details);
    for h in hints {
        out = out.with_hint(h);
    }
    out
}

/// A list for `-o json`: the object itself when there is one, else a `List`.
pub fn as_list(objects: Vec<Value>) -> Value {
    if objects.len() == 1 {
        objects.into_iter().next().unwrap_or(Value::Null)
    } else {
        serde_json::json!({"apiVersion": "v1", "kind": "List", "items": objects})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn parses_documents_lists_and_lines() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: g}}\n";
        let ms = parse("m.yaml", text).unwrap();
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[0].location(), "m.yaml:1");
        assert!(!ms[0].is_mesh());
        assert_eq!(ms[1].kind(), "Gateway");
        assert!(ms[1].is_mesh());
        assert_eq!(ms[1].line, 5);
    }

    #[test]
    fn objects_without_identity_are_rejected_with_their_location() {
        let err = parse("m.yaml", "kind: ConfigMap\nmetadata: {}\n").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert_eq!(
            err.message(),
            "m.yaml:1: the object has no `apiVersion`, `metadata.name`"
        );
    }

    #[test]
    fn mesh_groups_are_istio_groups() {
        assert!(is_mesh_group("networking.istio.io"));
        assert!(is_mesh_group("security.istio.io"));
        assert!(!is_mesh_group(""));
        assert!(!is_mesh_group("gateway.networking.k8s.io"));
        assert!(!is_mesh_group("fakeistio.io"));
    }
}
