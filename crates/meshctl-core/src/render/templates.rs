//! The template set: the built-in templates embedded in the binary, each replaceable
//! by a file of the same name. The core never reads files; the command layer passes
//! override sources in, with a label saying where they came from. Besides the mesh
//! objects, rollout notifications (`crate::notify`) take their text from templates
//! of this set, so one `--templates DIR` overrides both.

use crate::model::Kind;
use crate::notify::ChannelKind;
use crate::{Error, Result};

/// Where a template's text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    /// An override, with where it was read from (a path, for people).
    Override(String),
}

/// What a template renders: a mesh object, or the text of rollout notifications for
/// some channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renders {
    Object(Kind),
    Notification(&'static [ChannelKind]),
}

impl Renders {
    /// The name `templates show` also accepts: `virtualservice`, `slack`, …
    pub fn short_names(self) -> Vec<String> {
        match self {
            // `gateway` is Istio's; the Gateway API's goes by its file name.
            Renders::Object(Kind::ApiGateway) => vec!["gateway-api-gateway".to_string()],
            Renders::Object(kind) => vec![kind.lower().to_string()],
            Renders::Notification(channels) => channels.iter().map(|c| c.to_string()).collect(),
        }
    }
}

impl std::fmt::Display for Renders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Renders::Object(kind @ (Kind::ApiGateway | Kind::HttpRoute)) => {
                write!(f, "{kind} (Gateway API)")
            }
            Renders::Object(kind) => write!(f, "{kind}"),
            Renders::Notification(channels) => {
                let names: Vec<&str> = channels.iter().map(|c| c.as_str()).collect();
                write!(f, "notification ({})", names.join(", "))
            }
        }
    }
}

/// One template: its file name, what it renders, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: &'static str,
    pub renders: Renders,
    pub source: String,
    pub origin: Origin,
}

/// The built-in templates, in the order `templates list` shows them.
pub const BUILTIN: [(&str, Renders, &str); 9] = [
    (
        "gateway.yaml.j2",
        Renders::Object(Kind::Gateway),
        include_str!("../../../../templates/gateway.yaml.j2"),
    ),
    (
        "virtualservice.yaml.j2",
        Renders::Object(Kind::VirtualService),
        include_str!("../../../../templates/virtualservice.yaml.j2"),
    ),
    (
        "destinationrule.yaml.j2",
        Renders::Object(Kind::DestinationRule),
        include_str!("../../../../templates/destinationrule.yaml.j2"),
    ),
    (
        "serviceentry.yaml.j2",
        Renders::Object(Kind::ServiceEntry),
        include_str!("../../../../templates/serviceentry.yaml.j2"),
    ),
    (
        "gateway-api-gateway.yaml.j2",
        Renders::Object(Kind::ApiGateway),
        include_str!("../../../../templates/gateway-api-gateway.yaml.j2"),
    ),
    (
        "httproute.yaml.j2",
        Renders::Object(Kind::HttpRoute),
        include_str!("../../../../templates/httproute.yaml.j2"),
    ),
    (
        "notify-slack.txt.j2",
        Renders::Notification(&[ChannelKind::Slack]),
        include_str!("../../../../templates/notify-slack.txt.j2"),
    ),
    (
        "notify-dingtalk.md.j2",
        Renders::Notification(&[ChannelKind::Dingtalk]),
        include_str!("../../../../templates/notify-dingtalk.md.j2"),
    ),
    (
        "notify.txt.j2",
        Renders::Notification(&[ChannelKind::Feishu, ChannelKind::Webhook]),
        include_str!("../../../../templates/notify.txt.j2"),
    ),
];

/// The file name of the template for `kind`.
pub fn template_name(kind: Kind) -> &'static str {
    BUILTIN
        .iter()
        .find(|(_, r, _)| *r == Renders::Object(kind))
        .map(|(name, _, _)| *name)
        .unwrap_or("unknown")
}

/// The file name of the notification template for `channel`.
pub fn notification_template(channel: ChannelKind) -> &'static str {
    BUILTIN
        .iter()
        .find(|(_, r, _)| matches!(r, Renders::Notification(cs) if cs.contains(&channel)))
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
                .map(|(name, renders, source)| Template {
                    name,
                    renders: *renders,
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
        self.templates
            .iter()
            .find(|t| t.renders == Renders::Object(kind))
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
                    kind: t.renders.to_string(),
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
