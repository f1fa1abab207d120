//! Rendering: spec → template context → YAML text → checked objects.
//!
//! Templates are minijinja with JSON auto-escaping: every `{{ value }}` is written as
//! a JSON scalar, which YAML reads as one flow scalar. A host such as
//! `"a.com\nspec: {}"` therefore stays one quoted string and cannot add keys; values
//! are data, never YAML. (The spec checks refuse such values first; the escaping is
//! the guarantee for anything that gets past them, including override templates'
//! own variables.)
//!
//! Each rendered document is parsed back, read into the typed model (so later
//! commands can work with it) and validated against Istio's schemas. What leaves
//! here is what was checked: the output is the parsed value, not the template text.

pub mod context;
pub mod gateway_api;
mod templates;

pub use templates::{
    BUILTIN, Origin, Renders, Template, TemplateList, TemplateRow, TemplateSet,
    notification_template, template_name,
};

use crate::model::Kind;
use crate::schema::Catalog;
use crate::spec::{ApiVersion, Parts, ServiceSpec};
use crate::yaml;
use crate::{Error, ErrorKind, Result};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde_json::Value;

/// Settings that are not part of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub namespace: String,
    pub api_version: ApiVersion,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            namespace: "default".into(),
            api_version: ApiVersion::V1,
        }
    }
}

/// One rendered, checked object.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub kind: Kind,
    pub name: String,
    /// The template it came from.
    pub template: &'static str,
    pub value: Value,
}

impl Rendered {
    /// `<kind>-<name>.<ext>`: the file name `--output-dir` writes.
    pub fn file_name(&self, ext: &str) -> String {
        format!("{}-{}.{ext}", self.kind.lower(), self.name)
    }
}

/// The template environment every meshctl template is compiled in: an undefined
/// variable is an error (a typo in an override must not render as empty), and block
/// tags leave no blank lines.
pub(crate) fn strict_environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    Ok(env)
}

/// Compiled templates, ready to render many specs.
pub struct Renderer {
    env: Environment<'static>,
    origins: Vec<(&'static str, Origin)>,
}

impl Renderer {
    /// Compiles every template of `set`; a syntax error names the template and line.
    pub fn new(set: &TemplateSet) -> Result<Renderer> {
        let mut env = strict_environment()?;
        env.set_auto_escape_callback(|_| AutoEscape::Json);
        let mut origins = Vec::new();
        // Notification templates are text, rendered by `crate::notify`.
        for t in set
            .iter()
            .filter(|t| matches!(t.renders, Renders::Object(_)))
        {
            env.add_template_owned(t.name, t.source.clone())?;
            origins.push((t.name, t.origin.clone()));
        }
        Ok(Renderer { env, origins })
    }

    /// Renders what `parts` asks for, in the order Gateway, VirtualService,
    /// DestinationRule, ServiceEntries. The spec must have passed
    /// [`ServiceSpec::check`] for the same parts.
    pub fn render(
        &self,
        spec: &ServiceSpec,
        parts: Parts,
        opts: &Options,
    ) -> Result<Vec<Rendered>> {
        let mut out = Vec::new();
        if parts.gateway {
            let ctx = context::gateway(spec, opts);
            out.extend(self.render_one(Kind::Gateway, &ctx)?);
        }
        if parts.virtual_service {
            let ctx = context::virtual_service(spec, opts);
            out.extend(self.render_one(Kind::VirtualService, &ctx)?);
        }
        if parts.destination_rule {
            let ctx = context::destination_rule(spec, opts);
            out.extend(self.render_one(Kind::DestinationRule, &ctx)?);
        }
        if parts.egress {
            for egress in &spec.egress {
                let ctx = context::service_entry(spec, egress, opts);
                out.extend(self.render_one(Kind::ServiceEntry, &ctx)?);
            }
        }
        Ok(out)
    }

    /// Renders the template for `kind` with `ctx` and checks every document it yields.
    pub fn render_one(&self, kind: Kind, ctx: &Value) -> Result<Vec<Rendered>> {
        let name = template_name(kind);
        let text = self.render_text(name, ctx)?;
        let docs = yaml::parse_documents(&text).map_err(|e| {
            Error::config(format!("template `{name}` produced invalid YAML at {e}"))
                .with_hint(self.template_hint(name))
        })?;
        if docs.is_empty() {
            return Err(
                Error::config(format!("template `{name}` produced no object"))
                    .with_hint(self.template_hint(name)),
            );
        }
        docs.into_iter()
            .map(|doc| self.check(name, kind, doc.value))
            .collect()
    }

    /// The raw text a template produces, before any checks.
    pub fn render_text(&self, name: &str, ctx: &Value) -> Result<String> {
        let template = self.env.get_template(name)?;
        Ok(template.render(to_template_value(ctx))?)
    }

    fn check(&self, template: &'static str, expected: Kind, value: Value) -> Result<Rendered> {
        let kind_field = value.get("kind").and_then(Value::as_str).unwrap_or("");
        let api_version = value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let kind = Kind::of(api_version, kind_field).unwrap_or(expected);
        let name = value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let ns = value
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or("");
        // Escaped so a hostile name cannot break the message over lines.
        let what = format!(
            "{kind_field} `{}/{}` from template `{template}`",
            ns.escape_debug(),
            name.escape_debug()
        );
        if let Err(message) = kind.check_typed(&value) {
            return Err(
                Error::invalid(format!("rendered {what} cannot be read back"))
                    .with_detail(message)
                    .with_hint(self.template_hint(template)),
            );
        }
        let violations = Catalog::builtin().validate(&value);
        if !violations.is_empty() {
            return Err(Error::new(
                ErrorKind::Invalid,
                format!("rendered {what} is not valid for Istio"),
            )
            .with_details(
                violations
                    .iter()
                    .map(|v| format!("{}: {}", v.path, v.message)),
            )
            .with_hint(format!(
                "fix the values in the spec or flags that set these fields; {}",
                self.template_hint(template)
            )));
        }
        Ok(Rendered {
            kind,
            name,
            template,
            value,
        })
    }

    fn template_hint(&self, name: &str) -> String {
        match self.origins.iter().find(|(n, _)| *n == name) {
            Some((_, Origin::Override(path))) => format!(
                "the template `{name}` comes from `{path}`: fix it, or remove it to use the built-in one"
            ),
            _ => {
                format!(
                    "if the spec and flags look right, this is a bug in meshctl's built-in template `{name}`"
                )
            }
        }
    }
}

/// Template values from JSON values. (minijinja is built without serde here.)
pub(crate) fn to_template_value(value: &Value) -> minijinja::Value {
    use minijinja::Value as V;
    match value {
        Value::Null => V::from(()),
        Value::Bool(b) => V::from(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                V::from(i)
            } else if let Some(u) = n.as_u64() {
                V::from(u)
            } else {
                V::from(n.as_f64().unwrap_or(0.0))
            }
        }
        Value::String(s) => V::from(s.as_str()),
        Value::Array(items) => items.iter().map(to_template_value).collect(),
        Value::Object(map) => V::from(
            map.iter()
                .map(|(k, v)| (k.clone(), to_template_value(v)))
                .collect::<std::collections::BTreeMap<String, V>>(),
        ),
    }
}

#[cfg(test)]
mod tests;
