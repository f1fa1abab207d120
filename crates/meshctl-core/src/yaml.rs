//! Reading and writing YAML: multi-document streams with the line each document starts
//! on (so findings can name `file:line`), and serialisation of objects for output.
//!
//! Everything is parsed into `serde_json::Value` first: one in-memory form for all
//! kinds, which keeps fields meshctl does not model.

use serde_json::Value;

/// One document of a YAML stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Position in the stream, from 0, counting only non-empty documents.
    pub index: usize,
    /// 1-based line where the document's content starts.
    pub line: usize,
    pub value: Value,
}

/// A document that is not valid YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub index: usize,
    /// 1-based line in the whole stream, as close to the fault as known.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for YamlError {}

/// Splits a YAML stream on `---` and parses each non-empty document.
pub fn parse_documents(text: &str) -> Result<Vec<Document>, YamlError> {
    let mut docs = Vec::new();
    for chunk in split_stream(text) {
        if chunk.is_blank() {
            continue;
        }
        let index = docs.len();
        let value: Value = serde_saphyr::from_str(&chunk.text).map_err(|e| YamlError {
            index,
            line: chunk.first_line + error_line(&e).unwrap_or(1) - 1,
            message: first_line_of(&e.to_string()),
        })?;
        if value.is_null() {
            continue;
        }
        docs.push(Document {
            index,
            line: chunk.content_line(),
            value,
        });
    }
    Ok(docs)
}

/// Serialises one value as a YAML document (no leading `---`).
pub fn to_yaml(value: &Value) -> String {
    // Serialising a JSON value cannot fail: keys are strings and there are no cycles.
    serde_saphyr::to_string(value).unwrap_or_else(|e| format!("# cannot serialise: {e}\n"))
}

/// Serialises values as a YAML stream separated by `---`.
pub fn to_yaml_stream<'a>(values: impl IntoIterator<Item = &'a Value>) -> String {
    let mut out = String::new();
    for (i, value) in values.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_yaml(value));
    }
    out
}

struct Chunk {
    text: String,
    first_line: usize,
}

impl Chunk {
    fn is_blank(&self) -> bool {
        self.text.lines().all(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#')
        })
    }

    /// The first line that holds content (not blank, not a comment).
    fn content_line(&self) -> usize {
        self.text
            .lines()
            .position(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            })
            .map_or(self.first_line, |offset| self.first_line + offset)
    }
}

fn is_separator(line: &str) -> bool {
    line == "---" || line.starts_with("--- ") || line.starts_with("---\t")
}

fn split_stream(text: &str) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut current = Chunk {
        text: String::new(),
        first_line: 1,
    };
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if is_separator(line) {
            chunks.push(std::mem::replace(
                &mut current,
                Chunk {
                    text: String::new(),
                    first_line: number + 1,
                },
            ));
            // Content after `--- ` on the same line belongs to the new document.
            let rest = line[3..].trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                current.first_line = number;
                current.text.push_str(rest);
                current.text.push('\n');
            }
            continue;
        }
        if line == "..." {
            continue;
        }
        current.text.push_str(line);
        current.text.push('\n');
    }
    chunks.push(current);
    chunks
}

fn error_line(err: &serde_saphyr::Error) -> Option<usize> {
    err.location().map(|loc| loc.line() as usize)
}

fn first_line_of(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn splits_documents_and_records_their_lines() {
        let text = "# leading comment\n---\na: 1\n---\n\n# only a comment\n---\nb: two\n";
        let docs = parse_documents(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!((docs[0].index, docs[0].line), (0, 3));
        assert_eq!(docs[0].value, json!({"a": 1}));
        assert_eq!((docs[1].index, docs[1].line), (1, 8));
        assert_eq!(docs[1].value, json!({"b": "two"}));
    }

    #[test]
    fn reports_the_stream_line_of_a_syntax_error() {
        let text = "a: 1\n---\nb: [1, 2\n";
        let err = parse_documents(text).unwrap_err();
        assert_eq!(err.index, 1);
        assert!(
            err.line >= 3,
            "line {} should be in the second document",
            err.line
        );
    }

    #[test]
    fn strings_that_look_like_other_types_stay_strings() {
        let value = json!({
            "a": "true", "b": "443", "c": "null", "d": "a: b", "e": "x\ny: z",
            "f": "~", "g": "1.5", "h": "- x", "i": "#c", "j": "yes", "k": "0755", "l": ""
        });
        let text = to_yaml(&value);
        let back = parse_documents(&text).unwrap();
        assert_eq!(back[0].value, value, "round trip through:\n{text}");
    }
}
