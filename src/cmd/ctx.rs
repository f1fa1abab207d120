//! The context every command receives: settings resolved once from flags and the
//! environment, and the printer. Clients to clusters and metric backends are built
//! on first use, so `render`, `validate` and `completion` never need a cluster.

use crate::Result;
use crate::cli::{Cli, KubeArgs};
use crate::output::Printer;
use std::path::PathBuf;

/// Everything a command needs to know from flags and environment, resolved once.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `-n`; `None` means "the context's namespace, then `default`".
    pub namespace: Option<String>,
    /// `--templates` / `MESHCTL_TEMPLATES`.
    pub templates_dir: Option<PathBuf>,
    pub kube: KubeArgs,
    /// -1 quiet, 0 normal, 1+ verbose.
    pub verbosity: i8,
}

pub struct Ctx {
    pub settings: Settings,
    pub printer: Printer,
}

impl Ctx {
    pub fn from_cli(cli: &Cli) -> Result<Self> {
        let g = &cli.global;
        let verbosity = if g.quiet { -1 } else { g.verbose.min(3) as i8 };
        let settings = Settings {
            namespace: g.namespace.clone(),
            templates_dir: g.templates.clone(),
            kube: g.kube.clone(),
            verbosity,
        };
        let printer = Printer::from_env(g.color).with_verbosity(verbosity);
        Ok(Ctx { settings, printer })
    }

    /// A context for tests: given settings, a capturing printer.
    pub fn for_tests(settings: Settings, printer: Printer) -> Self {
        Ctx { settings, printer }
    }

    /// The namespace for namespaced objects when no cluster is consulted.
    pub fn namespace_or_default(&self) -> &str {
        self.settings.namespace.as_deref().unwrap_or("default")
    }
}
