//! Views: what a command shows, as data. A view is a `Serialize` value — what
//! `-o json` and `-o yaml` print — plus a description of how people read it: tables
//! (with the columns only `-o wide` adds), lines and trees. The output layer turns a
//! view into text for the format asked, redraws it under `--watch`, and is the only
//! place that prints; commands build views and never format.
//!
//! A description is plain data (no terminal, no widths): the output layer decides how
//! columns line up, so every view reads the same and tests compare data, not layout.

use serde::Serialize;

/// What a command shows.
pub trait View: Serialize {
    /// How people read it (`-o table`, and `-o wide` with its extra columns).
    fn document(&self) -> Document;

    /// When there is nothing to show: the message for people (on stderr) instead of
    /// an empty table. Scripts (`-o json`) still get the empty value.
    fn empty_message(&self) -> Option<String> {
        None
    }

    /// The objects it shows as `kind.group/name` (what `-o name` prints, as kubectl);
    /// `None` when it shows no Kubernetes objects (metrics, a version, templates).
    fn names(&self) -> Option<Vec<String>> {
        None
    }
}

/// How long ago `then` was, as kubectl's AGE column writes it: `45s`, `3m12s`,
/// `25m`, `4h10m`, `20h`, `3d4h`, `45d`, `2y30d`.
pub fn age(then: jiff::Timestamp, now: jiff::Timestamp) -> String {
    let secs = now.as_second().saturating_sub(then.as_second()).max(0);
    let (m, h, d) = (secs / 60, secs / 3600, secs / 86_400);
    match secs {
        s if s < 120 => format!("{s}s"),
        s if s < 600 => format!("{m}m{}s", s % 60),
        s if s < 3 * 3600 => format!("{m}m"),
        s if s < 8 * 3600 => format!("{h}h{}m", m % 60),
        s if s < 48 * 3600 => format!("{h}h"),
        s if s < 8 * 86_400 => format!("{d}d{}h", h % 24),
        s if s < 2 * 365 * 86_400 => format!("{d}d"),
        _ => format!("{}y{}d", d / 365, d % 365),
    }
}

/// `virtualservice.networking.istio.io/reviews` (core kinds: `configmap/x`), as
/// `kubectl get -o name` prints an object.
pub fn object_name(api_version: &str, kind: &str, name: &str) -> String {
    let kind = kind.to_lowercase();
    match api_version.rsplit_once('/') {
        Some((group, _)) if !group.is_empty() => format!("{kind}.{group}/{name}"),
        _ => format!("{kind}/{name}"),
    }
}

/// The names of the objects in a value: one object, an array of them, or a `List`.
pub fn names_in(value: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    match value {
        Value::Array(items) => items.iter().flat_map(names_in).collect(),
        Value::Object(map) if map.contains_key("items") => {
            map.get("items").map(names_in).unwrap_or_default()
        }
        Value::Object(map) => {
            let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
            let name = text(value.pointer("/metadata/name"));
            match (text(map.get("apiVersion")), text(map.get("kind")), name) {
                (Some(api), Some(kind), Some(name)) => vec![object_name(&api, &kind, &name)],
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// A value no table fits (a policy, a version): people read it as YAML too.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Plain<T: Serialize>(pub T);

impl<T: Serialize> View for Plain<T> {
    fn document(&self) -> Document {
        let value = serde_json::to_value(&self.0).unwrap_or_default();
        let text = crate::yaml::to_yaml(&value);
        text.lines().fold(Document::new(), |doc, l| doc.line(l))
    }

    fn names(&self) -> Option<Vec<String>> {
        let names = names_in(&serde_json::to_value(&self.0).unwrap_or_default());
        (!names.is_empty()).then_some(names)
    }
}

/// A view for people: blocks, one after the other.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
}

/// One part of a [`Document`].
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// One line of text (may be empty: a blank line).
    Line(String),
    /// Rows under upper-case headers, aligned in columns.
    Table(Table),
    /// A tree, each child under its parent with `├─`/`└─`.
    Tree(Vec<Node>),
    /// Blocks shifted right by this many spaces.
    Indent(usize, Vec<Block>),
}

impl Document {
    pub fn new() -> Self {
        Document::default()
    }

    /// A document of one table.
    pub fn table(table: Table) -> Self {
        Document {
            blocks: vec![Block::Table(table)],
        }
    }

    pub fn line(mut self, text: impl Into<String>) -> Self {
        self.blocks.push(Block::Line(text.into()));
        self
    }

    pub fn push(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }
}

/// A line of a tree with its children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    pub label: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

impl Node {
    pub fn leaf(label: impl Into<String>) -> Node {
        Node {
            label: label.into(),
            children: Vec::new(),
        }
    }
}

/// A column: its header (written in lower case, shown upper case) and whether only
/// `-o wide` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub wide: bool,
}

/// Rows of cells under columns; a row has one cell per column, wide ones included.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these columns, all shown in every format.
    pub fn new<I, S>(columns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut table = Table::default();
        table.add_columns(columns, false);
        table
    }

    /// Adds columns only `-o wide` shows.
    pub fn with_wide<I, S>(mut self, columns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.add_columns(columns, true);
        self
    }

    fn add_columns<I, S>(&mut self, columns: I, wide: bool)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.columns.extend(columns.into_iter().map(|c| Column {
            name: c.into(),
            wide,
        }));
    }

    /// Adds a row: one cell per column, in order.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// The headers and rows shown: every column with `wide`, else the others.
    pub fn shown(&self, wide: bool) -> (Vec<&str>, Vec<Vec<&str>>) {
        let keep: Vec<bool> = self.columns.iter().map(|c| wide || !c.wide).collect();
        let headers = self
            .columns
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c.name.as_str())
            .collect();
        let rows = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&keep)
                    .filter(|(_, k)| **k)
                    .map(|(cell, _)| cell.as_str())
                    .collect()
            })
            .collect();
        (headers, rows)
    }
}

/// `a,b,c`, or `-` for nothing: how list cells read.
pub fn cell(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_string()
    } else {
        items.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_kubectl_writes_them() {
        let now = jiff::Timestamp::from_second(10_000_000).unwrap();
        let ago = |s: i64| age(jiff::Timestamp::from_second(10_000_000 - s).unwrap(), now);
        assert_eq!(ago(45), "45s");
        assert_eq!(ago(192), "3m12s");
        assert_eq!(ago(25 * 60), "25m");
        assert_eq!(ago(4 * 3600 + 600), "4h10m");
        assert_eq!(ago(20 * 3600), "20h");
        assert_eq!(ago(3 * 86_400 + 4 * 3600), "3d4h");
        assert_eq!(ago(45 * 86_400), "45d");
        assert_eq!(ago(-5), "0s");
    }

    #[test]
    fn names_are_kind_dot_group_slash_name_as_kubectl() {
        let vs = serde_json::json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "reviews"}});
        let cm =
            serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}});
        assert_eq!(
            names_in(&serde_json::json!({"kind": "List", "items": [vs, cm]})),
            ["virtualservice.networking.istio.io/reviews", "configmap/c"]
        );
        assert!(names_in(&serde_json::json!({"kind": "X"})).is_empty());
    }

    #[test]
    fn wide_columns_show_only_in_wide() {
        let mut t = Table::new(["name", "ready"]).with_wide(["node"]);
        t.row(["a", "1/1", "n1"]);
        assert_eq!(
            t.shown(false),
            (vec!["name", "ready"], vec![vec!["a", "1/1"]])
        );
        assert_eq!(
            t.shown(true),
            (vec!["name", "ready", "node"], vec![vec!["a", "1/1", "n1"]])
        );
        assert_eq!(cell(&[]), "-");
        assert_eq!(cell(&["a".into(), "b".into()]), "a,b");
    }
}
