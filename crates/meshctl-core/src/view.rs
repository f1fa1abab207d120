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
