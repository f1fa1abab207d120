//! `meshctl egress revoke HOST`: deletes the objects `egress allow` created for the
//! host — found by meshctl's managed-by label and egress annotation, never by name, so
//! a ServiceEntry someone wrote by hand for the same host stays.

use super::KINDS;
use crate::cmd::Ctx;
use crate::core::policy::egress::egress_host;
use crate::core::store::{self, ISTIO_NETWORKING, ListQuery, ObjectRef};
use crate::{Error, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Stop allowing api.stripe.com (and its egress gateway routing)
  meshctl egress revoke api.stripe.com")]
pub struct Args {
    /// The external host given to `egress allow`
    pub host: String,

    /// Succeed even if nothing was allowed for the host
    #[arg(long)]
    pub ignore_not_found: bool,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let query = ListQuery {
        namespace: Some(namespace.clone()),
        label_selector: Some(format!(
            "{}={}",
            store::MANAGED_BY_LABEL,
            store::MANAGED_BY_VALUE
        )),
    };
    let mut deleted = 0;
    // Routes first, the ServiceEntry last: traffic never routes to a missing entry.
    for kind in KINDS.iter().rev() {
        for object in store.list(ISTIO_NETWORKING, kind, &query).await? {
            if egress_host(&object) != Some(args.host.as_str()) {
                continue;
            }
            let Some(r) = ObjectRef::of(&object) else {
                continue;
            };
            if store.delete(&r).await? {
                deleted += 1;
                ctx.printer.data(&format!(
                    "{}.{ISTIO_NETWORKING} \"{}\" deleted\n",
                    kind.to_lowercase(),
                    r.name
                ))?;
            }
        }
    }
    if deleted == 0 && !args.ignore_not_found {
        return Err(Error::not_found(format!(
            "meshctl allowed no egress to `{}` in namespace `{namespace}`",
            args.host
        ))
        .with_hint("`meshctl egress list -A` shows the hosts meshctl allowed"));
    }
    Ok(ExitStatus::Success)
}
