//! The template set: the built-in templates embedded in the binary, each replaceable
//! by a file of the same name. The core never reads files; the command layer passes
//! override sources in, with a label saying where they came from.

use crate::model::Kind;
use crate::{Error, Result};

/// Where a template's text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    /// An override, with where it was read from (a path, for people).
    Override(String),
}

/// One template: its file name, the kind it renders, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: &'static str,
    pub kind: Kind,
    pub source: String,
    pub origin: Origin,
}

/// The built-in templates, in the order `templates list` shows them.
pub const BUILTIN: [(&str, Kind, &str); 6] = [
    (
        "gateway.yaml.j2",
        Kind::Gateway,
        include_str!("../../../../templates/gateway.yaml.j2"),
    ),
    (
        "virtualservice.yaml.j2",
        Kind::VirtualService,
        include_str!("../../../../templates/virtualservice.yaml.j2"),
    ),
    (
        "destinationrule.yaml.j2",
        Kind::DestinationRule,
        include_str!("../../../../templates/destinationrule.yaml.j2"),
    ),
    (
        "serviceentry.yaml.j2",
        Kind::ServiceEntry,
        include_str!("../../../../templates/serviceentry.yaml.j2"),
    ),
    (
        "gateway-api-gateway.yaml.j2",
        Kind::ApiGateway,
        include_str!("../../../../templates/gateway-api-gateway.yaml.j2"),
    ),
    (
        "httproute.yaml.j2",
        Kind::HttpRoute,
        include_str!("../../../../templates/httproute.yaml.j2"),
    ),
];

/// The file name of the template for `kind`.
pub fn template_name(kind: Kind) -> &'static str {
    BUILTIN
        .iter()
        .find(|(_, k, _)| *k == kind)
        .map(|(name, _, _)| *name)
        .unwrap_or("unknown")
}

/// The templates a render uses: built-ins with any overrides applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSet {
    templates: Vec<Template>,
}

impl Default for TemplateSet {
    fn default() -> Self {
        Self::builtin()
    }
}

impl TemplateSet {
    pub fn builtin() -> Self {
        TemplateSet {
            templates: BUILTIN
                .iter()
                .map(|(name, kind, source)| Template {
                    name,
                    kind: *kind,
                    source: (*source).to_string(),
                    origin: Origin::Builtin,
                })
                .collect(),
        }
    }

    /// The file names a template directory may override.
    pub fn names() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(name, _, _)| *name)
    }

    /// Replaces the template called `name` with `source`, read from `origin`.
    pub fn set_override(&mut self, name: &str, source: String, origin: String) -> Result<()> {
        let Some(template) = self.templates.iter_mut().find(|t| t.name == name) else {
            let names: Vec<String> = Self::names().map(|n| format!("`{n}`")).collect();
            return Err(Error::not_found(format!("there is no template `{name}`"))
                .with_hint(format!("templates are {}", names.join(", "))));
        };
        template.source = source;
        template.origin = Origin::Override(origin);
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.name == name)
    }

    pub fn for_kind(&self, kind: Kind) -> Option<&Template> {
        self.templates.iter().find(|t| t.kind == kind)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Template> {
        self.templates.iter()
    }
}

/// One row of `templates list`: a template, the kind it renders, where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TemplateRow {
    pub name: String,
    pub kind: String,
    /// `builtin`, or the override's path.
    pub source: String,
}

/// What `templates list` shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct TemplateList(pub Vec<TemplateRow>);

impl TemplateList {
    pub fn of<'a>(templates: impl IntoIterator<Item = &'a Template>) -> Self {
        TemplateList(
            templates
                .into_iter()
                .map(|t| TemplateRow {
                    name: t.name.to_string(),
                    kind: match t.kind {
                        Kind::ApiGateway | Kind::HttpRoute => format!("{} (Gateway API)", t.kind),
                        _ => t.kind.to_string(),
                    },
                    source: match &t.origin {
                        Origin::Builtin => "builtin".to_string(),
                        Origin::Override(path) => path.clone(),
                    },
                })
                .collect(),
        )
    }
}

impl crate::view::View for TemplateList {
    fn document(&self) -> crate::view::Document {
        let mut t = crate::view::Table::new(["name", "kind", "source"]);
        for r in &self.0 {
            t.row([r.name.clone(), r.kind.clone(), r.source.clone()]);
        }
        crate::view::Document::table(t)
    }
}
