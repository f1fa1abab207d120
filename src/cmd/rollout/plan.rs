//! Reading a step plan file (`--plan FILE`) for the commands: the core parses and
//! checks it; this names the file and line in the error, so a mistake is found before
//! anything is written.

use crate::core::rollout::plan::{self, Plan};
use crate::{Error, ErrorKind, Result};
use std::path::Path;

/// The plan in `path` (its steps, webhooks and notification channels), checked.
pub fn load(path: &Path) -> Result<Plan> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(format!("cannot read plan `{shown}`"), e))?;
    plan::parse(&text).map_err(|e| {
        let at = e.line.map(|l| format!(":{l}")).unwrap_or_default();
        Error::new(
            ErrorKind::Invalid,
            format!("invalid plan `{shown}{at}`: {}", e.message),
        )
        .with_hint(e.hint)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.yaml");
        std::fs::write(&path, "steps:\n- setWeight: 10\n- pause: {duraton: 1m}\n").unwrap();
        let err = load(&path).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(
            err.message()
                .starts_with(&format!("invalid plan `{}:3`: ", path.display())),
            "{}",
            err.message()
        );
        assert!(
            err.message().contains("unknown field `duraton`"),
            "{}",
            err.message()
        );
        let missing = load(&dir.path().join("nope.yaml")).unwrap_err();
        assert!(
            missing.message().contains("cannot read plan"),
            "{}",
            missing.message()
        );
    }
}
