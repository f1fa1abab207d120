//! `meshctl render …`: turns a service's intent (a spec file, flags, or both) into
//! Istio resources on stdout or in a directory. Nothing is applied.
//!
//! Every subcommand follows the same steps: read the spec (`-f`), let flags override
//! it, check the values (a bad flag is a usage error naming the flag; a bad spec
//! field is an error naming the file and field), render through the templates, and
//! write what was rendered and validated.

mod destinationrule;
pub(crate) mod flags;
mod gateway;
mod httproute;
mod service;
mod serviceentry;
mod virtualservice;

use super::Ctx;
use crate::core::render::{Options, Rendered, Renderer};
use crate::core::spec::{ApiVersion, Parts, Problem, ServiceSpec};
use crate::output::OutputFormat;
use crate::{Error, ExitStatus, Result};
use std::path::{Path, PathBuf};

// Boxed: the argument structs are large and the command enum is moved around.
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  # A 90/10 canary split, from flags only
  meshctl render vs reviews --host reviews --route v1=90 --route v2=10

  # Everything a service needs, from its spec (docs/service-spec.md)
  meshctl render service -f reviews.yaml -n shop

  # One file per object for a GitOps repository
  meshctl render service -f reviews.yaml --output-dir ./mesh/shop/")]
pub enum Command {
    /// Render a Gateway (ingress at the mesh edge)
    #[command(visible_alias = "gw")]
    Gateway(Box<gateway::Args>),
    /// Render a VirtualService (routes, weights, timeouts, retries)
    #[command(visible_alias = "vs")]
    Virtualservice(Box<virtualservice::Args>),
    /// Render a DestinationRule (subsets, load balancing, outlier detection, TLS)
    #[command(visible_alias = "dr")]
    Destinationrule(Box<destinationrule::Args>),
    /// Render a ServiceEntry for an external service (egress)
    #[command(visible_alias = "se")]
    Serviceentry(Box<serviceentry::Args>),
    /// Render a Gateway API HTTPRoute (parents, weighted backends, matches, timeout)
    Httproute(Box<httproute::Args>),
    /// Render everything one service needs from its spec file
    Service(Box<service::Args>),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Gateway(args) => gateway::run(ctx, args).await,
        Command::Virtualservice(args) => virtualservice::run(ctx, args).await,
        Command::Destinationrule(args) => destinationrule::run(ctx, args).await,
        Command::Serviceentry(args) => serviceentry::run(ctx, args).await,
        Command::Httproute(args) => httproute::run(ctx, args).await,
        Command::Service(args) => service::run(ctx, args).await,
    }
}

/// Flags every render subcommand takes.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Input and output")]
pub struct CommonArgs {
    /// Service spec file (YAML, see docs/service-spec.md; `-` reads stdin); flags
    /// override its values
    #[arg(short = 'f', long = "filename", value_name = "SPEC")]
    pub spec: Option<PathBuf>,

    #[command(flatten)]
    pub out: OutputArgs,

    /// Istio API version of the rendered resources: `v1` (default), `v1beta1` or
    /// `v1alpha3`
    #[arg(long, value_name = "VERSION", value_parser = flags::choice::<ApiVersion>())]
    pub api_version: Option<ApiVersion>,
}

impl CommonArgs {
    /// The Istio API version to render (`v1` unless `--api-version` says otherwise).
    pub fn api_version(&self) -> ApiVersion {
        self.api_version.unwrap_or(ApiVersion::V1)
    }

    /// Gateway API objects have one version: `--api-version`, which only Istio's
    /// objects have, is refused rather than ignored.
    pub fn refuse_istio_version(&self) -> Result<()> {
        match self.api_version {
            Some(v) => Err(Error::usage(format!(
                "`--api-version {v}` sets the version of Istio's objects; the Gateway API's are rendered as `gateway.networking.k8s.io/v1`"
            ))
            .with_hint("leave out `--api-version`, or render Istio's objects (`--api istio`)")),
            None => Ok(()),
        }
    }
}

/// Where and how rendered objects are written.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format: `yaml` or `json`
    #[arg(
        short = 'o',
        long,
        default_value = "yaml",
        value_name = "FORMAT",
        value_parser = flags::output_format
    )]
    pub output: OutputFormat,

    /// Write one file per object (`<kind>-<name>.yaml`) into DIR instead of stdout
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
}

/// A spec being built from a file and flags, remembering which fields flags set so a
/// problem is reported against the flag the user typed.
pub(crate) struct Draft {
    pub spec: ServiceSpec,
    pub file: Option<String>,
    from_flags: Vec<(String, String)>,
    /// Field → the flag that would set it, for problems about a missing value.
    setters: Vec<(String, String)>,
    command: &'static str,
}

impl Draft {
    /// Reads `-f` when given; otherwise starts from an empty spec.
    pub fn load(common: &CommonArgs, command: &'static str) -> Result<Draft> {
        check_format(common.out.output)?;
        let (spec, file) = match &common.spec {
            None => (ServiceSpec::default(), None),
            Some(path) => {
                let shown = path.display().to_string();
                let text = read_spec(path)?;
                let spec = ServiceSpec::from_yaml(&text).map_err(|e| {
                    let at = e.line.map(|l| format!(":{l}")).unwrap_or_default();
                    Error::invalid(format!("invalid service spec `{shown}{at}`: {}", e.message))
                        .with_hint("fix the spec; docs/service-spec.md lists every field")
                })?;
                (spec, Some(shown))
            }
        };
        Ok(Draft {
            spec,
            file,
            from_flags: Vec::new(),
            setters: vec![("name".into(), "NAME".into())],
            command,
        })
    }

    /// Records that `flag` set the spec field `field` (and everything under it).
    pub fn flag(&mut self, field: impl Into<String>, flag: impl Into<String>) {
        self.from_flags.push((field.into(), flag.into()));
    }

    /// Records that `flag` is how this command sets `field`, so a problem about a
    /// missing value there says which flag to pass.
    pub fn setter(&mut self, field: impl Into<String>, flag: impl Into<String>) {
        self.setters.push((field.into(), flag.into()));
    }

    fn flag_for(&self, field: &str) -> Option<&str> {
        self.from_flags
            .iter()
            .rev()
            .find(|(prefix, _)| {
                field == prefix
                    || field
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
            })
            .map(|(_, flag)| flag.as_str())
    }

    /// Checks the fields `parts` uses. Problems from flags are usage errors naming the
    /// flag; problems from the file name the file and field.
    pub fn check(&self, parts: Parts) -> Result<()> {
        let problems = self.spec.check(parts);
        if problems.is_empty() {
            return Ok(());
        }
        let help = format!(
            "run `meshctl render {} --help` for the flag formats",
            self.command
        );
        let (from_flags, from_file): (Vec<&Problem>, Vec<&Problem>) = problems
            .iter()
            .partition(|p| self.file.is_none() || self.flag_for(&p.field).is_some());
        if let (Some(file), false) = (&self.file, from_file.is_empty()) {
            let mut lines: Vec<String> = from_file.iter().map(|p| p.to_string()).collect();
            lines.extend(from_flags.iter().map(|p| self.flag_line(p)));
            return Err(Error::invalid(format!("invalid service spec `{file}`"))
                .with_details(lines)
                .with_hint("fix the fields named above; docs/service-spec.md describes each"));
        }
        let mut lines = from_flags.iter().map(|p| self.flag_line(p));
        let first = lines.next().unwrap_or_default();
        Err(Error::usage(first).with_details(lines).with_hint(help))
    }

    fn flag_line(&self, p: &Problem) -> String {
        let set_exactly = self.from_flags.iter().any(|(f, _)| *f == p.field);
        let setter = self.setters.iter().find(|(f, _)| *f == p.field);
        match (setter, self.flag_for(&p.field)) {
            (Some((_, flag)), _) if !set_exactly => format!("missing `{flag}`: {}", p.message),
            (_, Some(flag)) => format!("invalid `{flag}`: {}", p.message),
            _ => format!("invalid `{}`: {}", p.field, p.message),
        }
    }

    /// The namespace: `-n`, else the spec's, else `default`.
    pub fn options(&self, ctx: &Ctx, common: &CommonArgs) -> Options {
        let namespace = ctx
            .settings
            .namespace
            .clone()
            .or_else(|| self.spec.namespace.clone())
            .unwrap_or_else(|| "default".to_string());
        Options {
            namespace,
            api_version: common.api_version(),
        }
    }

    /// Checks, renders and writes `parts` of the spec.
    pub fn render(&self, ctx: &Ctx, common: &CommonArgs, parts: Parts) -> Result<ExitStatus> {
        check_namespace(ctx)?;
        self.check(parts)?;
        let set = super::templates::load(ctx)?;
        let renderer = Renderer::new(&set)?;
        let options = self.options(ctx, common);
        // `-n` moves the whole spec: references to its own namespace follow.
        let spec = self.spec.in_namespace(&options.namespace);
        let objects = renderer.render(&spec, parts, &options)?;
        write(ctx, &common.out, &objects)?;
        Ok(ExitStatus::Success)
    }
}

/// `-n`, when given, must be a DNS label.
fn check_namespace(ctx: &Ctx) -> Result<()> {
    if let Some(ns) = &ctx.settings.namespace {
        crate::core::spec::check_dns_label(ns).map_err(|message| {
            Error::usage(format!("invalid `-n`: {message}"))
                .with_hint("a namespace is a DNS label such as `shop`")
        })?;
    }
    Ok(())
}

/// Renders already-built template contexts (the Gateway API kinds) and writes them.
fn render_contexts(
    ctx: &Ctx,
    out: &OutputArgs,
    contexts: &[(crate::core::model::Kind, serde_json::Value)],
) -> Result<ExitStatus> {
    check_format(out.output)?;
    let set = super::templates::load(ctx)?;
    let renderer = Renderer::new(&set)?;
    let mut objects = Vec::new();
    for (kind, context) in contexts {
        objects.extend(renderer.render_one(*kind, context)?);
    }
    write(ctx, out, &objects)?;
    Ok(ExitStatus::Success)
}

fn read_spec(path: &Path) -> Result<String> {
    crate::cli::flags::read_described(path, "service spec ")
}

fn check_format(format: OutputFormat) -> Result<()> {
    match format {
        OutputFormat::Yaml | OutputFormat::Json => Ok(()),
        other => Err(Error::usage(format!(
            "`render` does not support `-o {}`",
            format!("{other:?}").to_lowercase()
        ))
        .with_hint("use `-o yaml` (the default) or `-o json`")),
    }
}

fn to_text(format: OutputFormat, values: &[&serde_json::Value]) -> Result<String> {
    Ok(match format {
        OutputFormat::Json => {
            let value = match values {
                [one] => (*one).clone(),
                many => serde_json::json!({
                    "apiVersion": "v1",
                    "kind": "List",
                    "items": many,
                }),
            };
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        }
        _ => crate::core::yaml::to_yaml_stream(values.iter().copied()),
    })
}

/// Writes the objects to stdout, or one file each into `--output-dir`.
fn write(ctx: &Ctx, common: &OutputArgs, objects: &[Rendered]) -> Result<()> {
    let Some(dir) = &common.output_dir else {
        let values: Vec<&serde_json::Value> = objects.iter().map(|o| &o.value).collect();
        return ctx.printer.data(&to_text(common.output, &values)?);
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create directory `{}`", dir.display()), e))?;
    let ext = if common.output == OutputFormat::Json {
        "json"
    } else {
        "yaml"
    };
    for object in objects {
        let path = dir.join(object.file_name(ext));
        std::fs::write(&path, to_text(common.output, &[&object.value])?)
            .map_err(|e| Error::io(format!("cannot write `{}`", path.display()), e))?;
        ctx.printer.info(&format!("wrote {}", path.display()));
    }
    Ok(())
}
