//! How an [`Error`] reads on stderr: `error: …`, indented details and causes, then
//! `hint:` lines after a blank line.

use crate::error::Error;

pub fn render_error(err: &Error) -> String {
    let mut text = format!("error: {}\n", err.message());
    for detail in err.details() {
        text.push_str(&format!("  {detail}\n"));
    }
    for cause in err.causes() {
        text.push_str(&format!("  Caused by: {cause}\n"));
    }
    if !err.hints().is_empty() {
        text.push('\n');
        for hint in err.hints() {
            text.push_str(&format!("hint: {hint}\n"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn renders_message_details_causes_and_hints() {
        let inner = Error::not_found("file `spec.yaml` not found");
        let err = inner
            .context(ErrorKind::Invalid, "cannot load the service spec")
            .with_detail("spec.http[0]: bad")
            .with_hint("pass `-f` with an existing file");
        assert_eq!(
            render_error(&err),
            "error: cannot load the service spec\n  spec.http[0]: bad\n  Caused by: file `spec.yaml` not found\n\nhint: pass `-f` with an existing file\n"
        );
    }
}
