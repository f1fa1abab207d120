//! Colour for people at a terminal (`--color`, `NO_COLOR`): the labels of stderr
//! messages (`error:`, `warning:`, `hint:`). Words and icons carry the meaning; colour
//! only helps the eye, so output reads the same without it.

/// The style of a message label.
#[derive(Debug, Clone, Copy)]
pub enum Label {
    Error,
    Warning,
    Hint,
}

/// `label` followed by `:`, in its colour when `on`.
pub fn label(on: bool, label: Label) -> String {
    let (word, code) = match label {
        Label::Error => ("error", "1;31"),
        Label::Warning => ("warning", "1;33"),
        Label::Hint => ("hint", "36"),
    };
    if on {
        format!("\x1b[{code}m{word}\x1b[0m:")
    } else {
        format!("{word}:")
    }
}

/// A rendered error (`error: …`, `hint: …` lines) with its labels coloured.
pub fn error_text(on: bool, text: &str) -> String {
    if !on {
        return text.to_string();
    }
    text.lines()
        .map(|line| {
            if let Some(rest) = line.strip_prefix("error:") {
                format!("{}{rest}\n", label(true, Label::Error))
            } else if let Some(rest) = line.strip_prefix("hint:") {
                format!("{}{rest}\n", label(true, Label::Hint))
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_coloured_only_when_asked() {
        assert_eq!(label(false, Label::Warning), "warning:");
        assert_eq!(label(true, Label::Warning), "\x1b[1;33mwarning\x1b[0m:");
        let text = "error: bad\n  detail\n\nhint: fix it\n";
        assert_eq!(error_text(false, text), text);
        assert_eq!(
            error_text(true, text),
            "\x1b[1;31merror\x1b[0m: bad\n  detail\n\n\x1b[36mhint\x1b[0m: fix it\n"
        );
    }
}
