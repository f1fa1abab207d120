//! How `analyze` reads: one line per finding (with the file and line when it came from
//! a file, and its hint below it when the analyzer has one), a one-line summary, and
//! the registry of codes as a table.

use super::{CODES, Code, Finding, Level};
use crate::view::{Document, Table, View};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// A finding as printed: the analyzer's finding plus the file and line when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located {
    #[serde(flatten)]
    pub finding: Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Located {
    /// `LEVEL[CODE] KIND NS/NAME (FILE:LINE): MESSAGE`.
    pub fn to_line(&self) -> String {
        let f = &self.finding;
        let at = match (&self.file, self.line) {
            (Some(file), Some(line)) => format!(" ({file}:{line})"),
            _ => String::new(),
        };
        format!("{}[{}] {}{at}: {}", f.level, f.code, f.resource, f.message)
    }
}

/// What one run found: the findings shown, how many objects were read, and how many
/// findings were hidden (suppressed, or about objects outside the scope).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub findings: Vec<Located>,
    pub objects: usize,
    pub hidden: usize,
}

/// Scripts get the list of findings.
impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.findings.serialize(s)
    }
}

impl View for Report {
    fn document(&self) -> Document {
        self.findings.iter().fold(Document::new(), |doc, f| {
            let doc = doc.line(f.to_line());
            // Indented under its finding, as an error's hint is under the error.
            match &f.finding.hint {
                Some(hint) => doc.line(format!("  hint: {hint}")),
                None => doc,
            }
        })
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Report {
    /// `✖ 3 findings (1 error, 2 warnings) in 12 objects`, readable without colour.
    pub fn summary(&self) -> String {
        let mut line = if self.findings.is_empty() {
            format!("✔ No findings in {}", plural(self.objects, "object"))
        } else {
            let mut counts: BTreeMap<Level, usize> = BTreeMap::new();
            for f in &self.findings {
                *counts.entry(f.finding.level).or_default() += 1;
            }
            let parts: Vec<String> = counts
                .iter()
                .rev()
                .map(|(l, n)| plural(*n, l.as_str()))
                .collect();
            format!(
                "✖ {} ({}) in {}",
                plural(self.findings.len(), "finding"),
                parts.join(", "),
                plural(self.objects, "object")
            )
        };
        if self.hidden > 0 {
            line.push_str(&format!(", {} suppressed or out of scope", self.hidden));
        }
        line
    }

    /// Whether a finding is at or above `threshold`.
    pub fn fails(&self, threshold: Level) -> bool {
        self.findings.iter().any(|f| f.finding.level >= threshold)
    }
}

/// `analyze --list`: every code meshctl reports.
#[derive(Debug, Clone, Copy, Default)]
pub struct Codes;

impl Serialize for Codes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        <[Code]>::serialize(CODES, s)
    }
}

impl View for Codes {
    fn document(&self) -> Document {
        let mut t = Table::new(["code", "level", "istioctl", "name", "needs", "description"]);
        for c in CODES {
            let needs = if c.cluster_only { "cluster" } else { "-" };
            let istio = c.istio.unwrap_or("-");
            t.row([
                c.code,
                c.level.as_str(),
                istio,
                c.name,
                needs,
                c.description,
            ]);
        }
        Document::table(t)
    }
}
