//! The flags that add webhooks to a rollout (`--webhook TYPE=URL`, `--webhook-file`,
//! `--webhook-env`, and the defaults of every hook), one group flattened into every
//! command that starts a rollout; and how they and a plan's hooks go into the spec.

use crate::core::duration::Duration;
use crate::core::rollout::hooks::{
    self, DEFAULT_GATE_INTERVAL, Hook, HookError, HookType, SecretRef,
};
use crate::core::rollout::plan::PlanStep;
use crate::core::rollout::{RolloutSpec, Strategy};
use crate::{Error, Result};

/// Webhooks from the command line (the plan file has its own `webhooks:`).
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Webhooks")]
pub struct HookArgs {
    /// Call URL at a hook point (repeatable). TYPE: confirm-rollout, pre-rollout,
    /// rollout, confirm-traffic-increase, confirm-promotion, post-rollout, rollback.
    /// A URL with a token must come from --webhook-file
    #[arg(long = "webhook", value_name = "TYPE=URL")]
    pub webhook: Vec<String>,
    /// Like --webhook, the URL read from FILE each time the hook is called
    #[arg(long = "webhook-file", value_name = "TYPE=FILE")]
    pub webhook_file: Vec<String>,
    /// Like --webhook, the URL read from the environment variable VAR when called
    #[arg(long = "webhook-env", value_name = "TYPE=VAR")]
    pub webhook_env: Vec<String>,
    /// How long one webhook call may take (unless the hook says)
    #[arg(long, value_name = "DURATION", default_value = "10s")]
    pub hook_timeout: Duration,
    /// Extra attempts of a failed webhook call (unless the hook says)
    #[arg(long, value_name = "N", default_value_t = hooks::DEFAULT_RETRIES)]
    pub hook_retries: u32,
    /// How often a closed gate is asked again
    #[arg(long, value_name = "DURATION", default_value = "5s")]
    pub gate_interval: Duration,
}

fn flag_error(flag: &str, value: &str, e: HookError) -> Error {
    Error::usage(format!("`--{flag} {value}`: {}", e.message)).with_hint(e.hint)
}

impl HookArgs {
    /// The hooks the flags name, in the order given.
    fn hooks(&self) -> Result<Vec<Hook>> {
        let mut out = Vec::new();
        let groups: [(&str, &Vec<String>); 3] = [
            ("webhook", &self.webhook),
            ("webhook-file", &self.webhook_file),
            ("webhook-env", &self.webhook_env),
        ];
        for (flag, values) in groups {
            for value in values {
                // The value may be a secret itself (a URL with a token): never echo it.
                let shown = crate::core::http::redact_url(value);
                let Some((kind, target)) = value.split_once('=') else {
                    return Err(Error::usage(format!("`--{flag} {shown}` is not TYPE=…"))
                        .with_hint(format!(
                            "e.g. `--{flag} confirm-promotion={}`",
                            match flag {
                                "webhook" => "http://127.0.0.1:8080/gate",
                                "webhook-file" => "gate-url.txt",
                                _ => "GATE_URL",
                            }
                        )));
                };
                let kind = HookType::parse(kind).map_err(|e| flag_error(flag, &shown, e))?;
                let hook = match flag {
                    "webhook" => Hook::at(kind, target).map_err(|e| flag_error(flag, &shown, e))?,
                    "webhook-file" => Hook::from_secret(kind, SecretRef::File(target.into())),
                    _ => Hook::from_secret(kind, SecretRef::Env(target.into())),
                };
                hook.validate().map_err(|e| flag_error(flag, &shown, e))?;
                out.push(hook);
            }
        }
        Ok(out)
    }

    /// Puts the plan's and the flags' hooks into `spec`, with the flags' defaults for
    /// what each leaves out (a plan's `webhook` steps included).
    pub fn apply(&self, spec: &mut RolloutSpec, from_plan: Vec<Hook>) -> Result<()> {
        let (timeout, retries) = (self.hook_timeout, self.hook_retries);
        if timeout.as_millis() == 0 {
            return Err(Error::usage("`--hook-timeout` is zero")
                .with_hint("give each call time to answer, e.g. `--hook-timeout 10s`"));
        }
        let mut all = from_plan;
        all.extend(self.hooks()?);
        spec.webhooks = all
            .into_iter()
            .map(|h| h.with_defaults(timeout, retries))
            .collect();
        let mut steps = false;
        if let Strategy::Plan { steps: plan } = &mut spec.strategy {
            for step in plan.iter_mut() {
                if let PlanStep::Webhook(hook) = step {
                    *hook = hook.clone().with_defaults(timeout, retries);
                    steps = true;
                }
            }
        }
        if (steps || !spec.webhooks.is_empty()) && self.gate_interval != DEFAULT_GATE_INTERVAL {
            spec.gate_interval = Some(self.gate_interval);
        }
        Ok(())
    }
}
