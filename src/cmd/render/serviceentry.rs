//! `meshctl render serviceentry NAME --host H --port 443`: a ServiceEntry that lets
//! the mesh call an external service (egress), from flags or the spec's `egress`.

use super::{CommonArgs, Draft, flags};
use crate::cmd::Ctx;
use crate::core::spec::{EgressSpec, Location, Parts, PortSpec, Protocol, Resolution};
use crate::{Error, ExitStatus, Result};

const EXAMPLES: &str = "\
Examples:
  # Let the mesh call an external HTTPS API
  meshctl render serviceentry payments-api --host api.payments.example.com --port 443

  # Plain HTTP on two ports, resolved by DNS round robin
  meshctl render se legacy --host legacy.example.org --port 80 --port 8080 \\
    --protocol HTTP --resolution DNS_ROUND_ROBIN

  # Every `egress` entry of a spec, or one of them by name
  meshctl render se -f reviews.yaml
  meshctl render se ratings-api -f reviews.yaml";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Name of the ServiceEntry; with `-f`, picks that `egress` entry (default: all)
    #[arg(value_name = "NAME", value_parser = flags::object_name)]
    pub name: Option<String>,

    /// External host (repeatable)
    #[arg(long = "host", value_name = "HOST", value_parser = flags::host)]
    pub hosts: Vec<String>,

    /// Port of the external service (repeatable)
    #[arg(long = "port", value_name = "PORT", value_parser = flags::port)]
    pub ports: Vec<u32>,

    /// Protocol of the `--port`s (default: by number: 443 `TLS`, 80 `HTTP`, else `TCP`)
    #[arg(long, value_name = "PROTOCOL", value_parser = flags::choice::<Protocol>())]
    pub protocol: Option<Protocol>,

    /// How endpoints are found (default `DNS`)
    #[arg(long, value_name = "RESOLUTION", value_parser = flags::choice::<Resolution>())]
    pub resolution: Option<Resolution>,

    /// Whether the service is outside the mesh (default `MESH_EXTERNAL`)
    #[arg(long, value_name = "LOCATION", value_parser = flags::choice::<Location>())]
    pub location: Option<Location>,

    #[command(flatten)]
    pub common: CommonArgs,
}

impl Args {
    fn has_overrides(&self) -> bool {
        !self.hosts.is_empty()
            || !self.ports.is_empty()
            || self.protocol.is_some()
            || self.resolution.is_some()
            || self.location.is_some()
    }
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let mut draft = Draft::load(&args.common, "serviceentry")?;
    // A new entry (not in the spec): whatever it lacks, the flags should have given.
    let is_new = args
        .name
        .as_ref()
        .is_some_and(|n| !draft.spec.egress.iter().any(|e| &e.name == n));
    let index = match &args.name {
        Some(name) => match draft.spec.egress.iter().position(|e| &e.name == name) {
            Some(i) => i,
            None => {
                draft.spec.egress.push(EgressSpec {
                    name: name.clone(),
                    ..EgressSpec::default()
                });
                draft.spec.egress.len() - 1
            }
        },
        None if draft.spec.egress.is_empty() => {
            return Err(Error::usage("no ServiceEntry to render: pass NAME")
                .with_hint("e.g. `meshctl render serviceentry payments-api --host api.payments.example.com --port 443`, or `-f` a spec with an `egress` section"));
        }
        None if draft.spec.egress.len() > 1 && args.has_overrides() => {
            return Err(Error::usage(
                "the spec has several `egress` entries: pass NAME to choose the one the flags change",
            )
            .with_hint(format!(
                "entries: {}",
                draft
                    .spec
                    .egress
                    .iter()
                    .map(|e| format!("`{}`", e.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        None => 0,
    };
    if args.name.is_some() {
        // Only the chosen entry is rendered.
        let chosen = draft.spec.egress.swap_remove(index);
        draft.spec.egress = vec![chosen];
    }
    let at = if args.name.is_some() { 0 } else { index };
    let entry = &mut draft.spec.egress[at];
    if !args.hosts.is_empty() {
        entry.hosts = args.hosts.clone();
    }
    if !args.ports.is_empty() {
        entry.ports = args
            .ports
            .iter()
            .map(|&number| PortSpec {
                number,
                protocol: args.protocol,
                name: None,
            })
            .collect();
    } else if let Some(protocol) = args.protocol {
        for port in &mut entry.ports {
            port.protocol = Some(protocol);
        }
    }
    if args.resolution.is_some() {
        entry.resolution = args.resolution;
    }
    if args.location.is_some() {
        entry.location = args.location;
    }
    draft.setter(format!("egress[{at}].hosts"), "--host");
    draft.setter(format!("egress[{at}].ports"), "--port");
    if !args.hosts.is_empty() {
        draft.flag(format!("egress[{at}].hosts"), "--host");
    }
    if !args.ports.is_empty() {
        draft.flag(format!("egress[{at}].ports"), "--port");
    }
    if args.name.is_some() {
        draft.flag(format!("egress[{at}].name"), "NAME");
    }
    if is_new {
        draft.flag(format!("egress[{at}]"), "NAME");
    }
    let parts = Parts {
        egress: true,
        ..Parts::default()
    };
    draft.render(ctx, &args.common, parts)
}
