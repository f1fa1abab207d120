//! `meshctl validate`: checks files against the CRD schemas of Istio and the Gateway
//! API (with their CEL rules) and Istio's webhook rules before they reach a cluster, finding what a real Istio would reject (and
//! naming file, line, object and field), so CI can fail early with exit code 79.

use super::Ctx;
use crate::cli::flags::{FileArgs, OutputArgs};
use crate::core::schema::Catalog;
use crate::core::view::{self, View};
use crate::core::yaml::{Document, YamlError, parse_documents};
use crate::{ExitStatus, Result};
use serde::Serialize;
use serde_json::Value;

const EXAMPLES: &str = "\
Examples:
  # Check every *.yaml, *.yml and *.json file under a directory
  meshctl validate -f ./mesh/

  # Check what a render would apply, from stdin
  meshctl render service -f reviews.yaml | meshctl validate -f -

  # Findings as JSON for scripts
  meshctl validate -f mesh.yaml -o json

Exit codes: 0 all valid, 79 issues found, 1 a file could not be read, 2 usage error.";

/// Formats `validate` can print its findings in.
#[derive(Debug, clap::Args)]
#[command(mut_arg("files", |a| a.required(true)))]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    pub files: FileArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// One problem, where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub file: String,
    /// 1-based line of the field (as far as block-style YAML shows it), else of the
    /// nearest enclosing field or the document; of the fault for a syntax error.
    pub line: usize,
    /// Position of the document in its file, from 0.
    pub index: usize,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    /// Field path such as `spec.http[0].route[0].weight`; empty for the whole document.
    pub path: String,
    pub message: String,
}

impl Finding {
    fn to_line(&self) -> String {
        let mut parts = vec![format!("{}:{}", self.file, self.line)];
        if !self.kind.is_empty() || !self.name.is_empty() {
            let kind = if self.kind.is_empty() {
                "object"
            } else {
                &self.kind
            };
            let name = if self.name.is_empty() {
                format!("(document {})", self.index)
            } else if self.namespace.is_empty() {
                self.name.clone()
            } else {
                format!("{}/{}", self.namespace, self.name)
            };
            parts.push(format!("{kind} {name}"));
        }
        if !self.path.is_empty() {
            parts.push(self.path.clone());
        }
        parts.push(self.message.clone());
        parts.join(": ")
    }
}

/// What checking a set of files found; scripts get the findings, people a line each.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Documents checked (including ones that are not valid YAML).
    pub objects: usize,
    pub objects_with_issues: usize,
    /// Documents of API groups meshctl does not validate, as `file:line: Kind name`.
    pub skipped: Vec<String>,
    /// Judge by the API server's schema alone, without Istio's webhook rules (the
    /// differential test compares that layer with the API server).
    pub schema_only: bool,
}

impl serde::Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.findings.serialize(s)
    }
}

impl View for Report {
    fn document(&self) -> view::Document {
        self.findings
            .iter()
            .fold(view::Document::new(), |doc, f| doc.line(f.to_line()))
    }
}

impl Report {
    /// Checks one file's text; `namespace` is assumed where an object names none.
    pub fn check_text(&mut self, catalog: &Catalog, file: &str, text: &str, namespace: &str) {
        let lines: Vec<&str> = text.lines().collect();
        for doc in split_documents(text) {
            let doc = match doc {
                Ok(doc) => doc,
                Err(e) => {
                    self.objects += 1;
                    self.objects_with_issues += 1;
                    self.findings.push(Finding {
                        file: file.to_string(),
                        line: e.line,
                        index: e.index,
                        kind: String::new(),
                        namespace: String::new(),
                        name: String::new(),
                        path: String::new(),
                        message: format!("invalid YAML: {}", syntax_message(&e.message)),
                    });
                    continue;
                }
            };
            let value = &doc.value;
            let text = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or_default();
            let meta = |key: &str| {
                value
                    .pointer(&format!("/metadata/{key}"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let api_version = text("apiVersion");
            let kind = text("kind").to_string();
            let name = meta("name");
            if value.is_object() && !api_version.is_empty() && !catalog.knows_group(api_version) {
                self.skipped.push(format!(
                    "{file}:{}: {kind} {name} (`{api_version}` is not an Istio or Gateway API group)",
                    doc.line
                ));
                continue;
            }
            self.objects += 1;
            let violations = if self.schema_only {
                catalog.validate_schema(value)
            } else {
                catalog.validate(value)
            };
            if violations.is_empty() {
                continue;
            }
            self.objects_with_issues += 1;
            let namespace = match meta("namespace") {
                ns if ns.is_empty() && !name.is_empty() => namespace.to_string(),
                ns => ns,
            };
            for v in violations {
                self.findings.push(Finding {
                    file: file.to_string(),
                    line: locate(&lines, doc.line, &v.path),
                    index: doc.index,
                    kind: kind.clone(),
                    namespace: namespace.clone(),
                    name: name.clone(),
                    path: v.path,
                    message: v.message,
                });
            }
        }
    }

    /// The one-line summary: icon and words, so it reads without colour.
    pub fn summary(&self) -> String {
        let mut line = if self.findings.is_empty() {
            format!("✔ {} valid", plural(self.objects, "object"))
        } else {
            format!(
                "✖ {} in {} of {}",
                plural(self.findings.len(), "issue"),
                self.objects_with_issues,
                plural(self.objects, "object")
            )
        };
        if !self.skipped.is_empty() {
            let n = self.skipped.len();
            let what = if n == 1 {
                "not an Istio or Gateway API kind"
            } else {
                "not Istio or Gateway API kinds"
            };
            line.push_str(&format!(", {n} skipped ({what})"));
        }
        line
    }
}

/// Parses each document of a stream on its own, so one with a syntax error does not
/// hide the others; lines and indexes are those of the whole stream.
pub(crate) fn split_documents(text: &str) -> Vec<std::result::Result<Document, YamlError>> {
    // Each start is `(byte offset, lines before it)`, counted in the one pass over the
    // text: counting from the top of the file for every document made a big file
    // quadratic.
    let mut starts = vec![(0, 0)];
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if offset > 0 && (bare == "---" || bare.starts_with("--- ") || bare.starts_with("---\t")) {
            starts.push((offset, number));
        }
        offset += line.len();
    }
    starts.push((text.len(), 0));
    let mut out = Vec::new();
    let mut index = 0;
    for pair in starts.windows(2) {
        let ((from, first_line), (to, _)) = (pair[0], pair[1]);
        let chunk = &text[from..to];
        match parse_documents(chunk) {
            Ok(docs) => {
                for mut doc in docs {
                    doc.line += first_line;
                    doc.index = index;
                    index += 1;
                    out.push(Ok(doc));
                }
            }
            Err(mut e) => {
                e.line += first_line;
                e.index = index;
                index += 1;
                out.push(Err(e));
            }
        }
    }
    out
}

/// One step of a field path: `name`, `[3]` or `[key]`.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Field(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(after.len());
            let inner = &after[..end];
            out.push(match inner.parse() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Field(inner),
            });
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            let rest_trim = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_trim.find(['.', '[']).unwrap_or(rest_trim.len());
            out.push(Step::Field(&rest_trim[..end]));
            rest = &rest_trim[end..];
        }
    }
    out
}

/// A line of block YAML: its indent, the column of its key or item content after any
/// `- `, whether it starts a list item, and the key it holds, if any.
struct LineShape<'a> {
    indent: usize,
    column: usize,
    item: bool,
    key: Option<&'a str>,
}

fn shape(line: &str) -> Option<LineShape<'_>> {
    let trimmed = line.trim_start_matches(' ');
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    let indent = line.len() - trimmed.len();
    let mut content = trimmed;
    let mut column = indent;
    let item = content.starts_with("- ") || content == "-";
    while let Some(after) = content.strip_prefix("- ") {
        let after_trim = after.trim_start_matches(' ');
        column += content.len() - after_trim.len();
        content = after_trim;
    }
    let key = content
        .find(": ")
        .or_else(|| content.ends_with(':').then(|| content.len() - 1))
        .map(|end| content[..end].trim_matches(['"', '\'']));
    Some(LineShape {
        indent,
        column,
        item,
        key,
    })
}

/// The 1-based line of `path` in the document starting at line `start` (1-based), as
/// far as block-style YAML shows it; the nearest enclosing line found otherwise (flow
/// style, JSON arrays, fields that are missing).
pub(crate) fn locate(lines: &[&str], start: usize, path: &str) -> usize {
    let first = start.saturating_sub(1).min(lines.len());
    let end = lines[first..]
        .iter()
        .position(|l| *l == "---" || l.starts_with("--- "))
        .map_or(lines.len(), |n| first + n.max(1));
    let (mut lo, mut hi) = (first, end);
    let mut found = start;
    for step in steps(path) {
        let Some((first_content, head)) = (lo..hi).find_map(|i| shape(lines[i]).map(|s| (i, s)))
        else {
            break;
        };
        let hit = match step {
            Step::Field(name) => (first_content..hi).find(|&i| {
                shape(lines[i]).is_some_and(|s| s.column == head.column && s.key == Some(name))
            }),
            Step::Index(n) => (first_content..hi)
                .filter(|&i| shape(lines[i]).is_some_and(|s| s.item && s.indent == head.indent))
                .nth(n),
        };
        let Some(line) = hit else {
            break;
        };
        found = line + 1;
        let at = shape(lines[line]).expect("a hit is a content line");
        // The value's lines: those indented deeper than the key (or item), plus a list
        // written at the key's own indent.
        let (own, is_item) = match step {
            Step::Field(_) => (at.column, false),
            Step::Index(_) => (at.indent, true),
        };
        let next = (line + 1..hi)
            .find(|&i| {
                shape(lines[i])
                    .is_some_and(|s| s.indent < own || (s.indent == own && (is_item || !s.item)))
            })
            .unwrap_or(hi);
        // An item's own line holds its first field, so the item's body starts there.
        lo = if is_item { line } else { line + 1 };
        hi = next;
    }
    found
}

/// The parser's message without its own `line N column M` (relative to the document).
fn syntax_message(message: &str) -> String {
    let rest = message.strip_prefix("error: ").unwrap_or(message);
    // The parser's advice to its own caller means nothing to a user.
    let rest = rest
        .replace(", set DuplicateKeyPolicy in Options if acceptable", "")
        .replace("duplicate mapping key: ", "duplicate key: ");
    let rest = rest.as_str();
    match rest.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((position, text)) => match position.split_once(" column ") {
            Some((_, column)) => format!("{text} (column {column})"),
            None => text.to_string(),
        },
        None => rest.to_string(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let catalog = Catalog::builtin();
    let mut report = Report::default();
    for source in args.files.read()? {
        report.check_text(
            catalog,
            &source.name,
            &source.text,
            ctx.namespace_or_default(),
        );
    }
    for skipped in &report.skipped {
        ctx.printer.verbose(&format!("skipped {skipped}"));
    }
    ctx.printer.show_as(&report, &args.output)?;
    ctx.printer.info(&report.summary());
    Ok(if report.findings.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::ValidationFailed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_reads_as_words() {
        let mut report = Report {
            objects: 5,
            ..Report::default()
        };
        assert_eq!(report.summary(), "✔ 5 objects valid");
        report.objects_with_issues = 1;
        report.findings = vec![Finding {
            file: "a.yaml".into(),
            line: 3,
            index: 0,
            kind: "VirtualService".into(),
            namespace: "default".into(),
            name: "reviews".into(),
            path: "spec.hosts".into(),
            message: "required value".into(),
        }];
        report.skipped = vec!["x".into()];
        assert_eq!(
            report.summary(),
            "✖ 1 issue in 1 of 5 objects, 1 skipped (not an Istio or Gateway API kind)"
        );
        assert_eq!(
            report.findings[0].to_line(),
            "a.yaml:3: VirtualService default/reviews: spec.hosts: required value"
        );
    }

    #[test]
    fn non_istio_kinds_are_skipped_and_the_default_namespace_is_assumed() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec: {}\n";
        let mut report = Report::default();
        report.check_text(Catalog::builtin(), "m.yaml", text, "shop");
        assert_eq!(report.skipped.len(), 1);
        assert_eq!(report.objects, 1);
        assert_eq!(
            report.findings[0].to_line(),
            "m.yaml:8: DestinationRule shop/r: spec.host: required value"
        );
        assert_eq!(report.findings[0].index, 1);
    }

    #[test]
    fn syntax_messages_lose_the_parser_position_and_advice() {
        assert_eq!(
            syntax_message("error: line 6 column 9: unclosed bracket '['"),
            "unclosed bracket '[' (column 9)"
        );
        assert_eq!(
            syntax_message(
                "error: line 2 column 3: duplicate mapping key: host, set DuplicateKeyPolicy in Options if acceptable"
            ),
            "duplicate key: host (column 3)"
        );
    }

    #[test]
    fn paths_split_into_steps() {
        assert_eq!(
            steps("spec.http[0].route[12].weight"),
            [
                Step::Field("spec"),
                Step::Field("http"),
                Step::Index(0),
                Step::Field("route"),
                Step::Index(12),
                Step::Field("weight")
            ]
        );
        assert_eq!(
            steps("metadata.labels[app.kubernetes.io/name]"),
            [
                Step::Field("metadata"),
                Step::Field("labels"),
                Step::Field("app.kubernetes.io/name")
            ]
        );
    }

    #[test]
    fn findings_point_at_the_line_of_their_field() {
        let text = "\
apiVersion: v1
kind: X
metadata:
  name: a
  labels:
    app.kubernetes.io/name: x
spec:
  hosts:
  - reviews
  http:
  - match:
    - uri: {prefix: /}
    route:
    - destination:
        host: reviews
      weight: 90
    - destination:
        host: ratings
      weight: x
    timeout: 1ns
  - route:
      - destination: {host: a}
        weight: 1
---
spec:
  hosts: []
";
        let lines: Vec<&str> = text.lines().collect();
        let at = |path| locate(&lines, 1, path);
        assert_eq!(at("kind"), 2);
        assert_eq!(at("metadata.labels[app.kubernetes.io/name]"), 6);
        assert_eq!(at("spec.hosts[0]"), 9);
        assert_eq!(at("spec.http[0].match[0].uri"), 12);
        assert_eq!(at("spec.http[0].route[0].weight"), 16);
        assert_eq!(at("spec.http[0].route[1].destination.host"), 18);
        assert_eq!(at("spec.http[0].route[1].weight"), 19);
        assert_eq!(at("spec.http[0].timeout"), 20);
        assert_eq!(at("spec.http[1].route[0].weight"), 23);
        // Flow style and missing fields: the nearest line that is there.
        assert_eq!(at("spec.http[1].route[0].destination.host"), 22);
        assert_eq!(at("spec.http[0].retries"), 11);
        assert_eq!(at(""), 1);
        // The next document is not searched.
        assert_eq!(locate(&lines, 25, "spec.hosts"), 26);
        assert_eq!(at("spec.hostz"), 7);
    }

    #[test]
    fn a_broken_document_does_not_hide_the_others() {
        let text = "a: 1\n---\nb: [1\n---\n# comment\nc: 3\n";
        let docs = split_documents(text);
        assert_eq!(docs.len(), 3);
        let first = docs[0].as_ref().unwrap();
        assert_eq!((first.index, first.line), (0, 1));
        let broken = docs[1].as_ref().unwrap_err();
        assert_eq!((broken.index, broken.line), (1, 3));
        let last = docs[2].as_ref().unwrap();
        assert_eq!((last.index, last.line), (2, 6));
    }
}
