//! Views as text: the one place that knows `-o table|wide|json|yaml|name` and how a
//! `--watch` redraws. Commands hand a [`View`] to [`Printer::show`] (or render it with
//! [`render`] to compare renderings under `--watch`) and never format themselves.

use super::format::without_managed_fields;
use super::{OutputFormat, Printer, table};
use crate::cli::flags::OutputArgs;
use crate::core::view::{Block, Document, Node, View};
use crate::{Error, Result};

/// The text of `view` in `format`: JSON and YAML from its serialisation (without
/// `managedFields`), tables and trees from its document (`wide` adds the wide
/// columns), `name` one `kind.group/name` line per object.
pub fn render<V: View>(view: &V, format: OutputFormat) -> Result<String> {
    render_as(view, &OutputArgs::from(format))
}

/// [`render`] as the `-o` flags ask, `--show-managed-fields` included.
pub fn render_as<V: View>(view: &V, output: &OutputArgs) -> Result<String> {
    let data = || -> Result<serde_json::Value> {
        let mut value = serde_json::to_value(view)?;
        if !output.show_managed_fields {
            without_managed_fields(&mut value);
        }
        Ok(value)
    };
    Ok(match output.output {
        OutputFormat::Json => format!("{}\n", serde_json::to_string_pretty(&data()?)?),
        OutputFormat::Yaml => crate::core::yaml::to_yaml(&data()?),
        OutputFormat::Table => document(&view.document(), false),
        OutputFormat::Wide => document(&view.document(), true),
        OutputFormat::Name => {
            let names = view.names().ok_or_else(no_names)?;
            names.iter().map(|n| format!("{n}\n")).collect()
        }
    })
}

/// `-o name` asked of a view that shows no Kubernetes objects.
fn no_names() -> Error {
    Error::usage("`-o name` needs objects to name, and this command shows none")
        .with_hint("use `-o json` or `-o yaml` for scripts")
}

/// A document as people read it.
pub fn document(doc: &Document, wide: bool) -> String {
    let mut out = String::new();
    blocks(&doc.blocks, wide, &mut out);
    out
}

fn blocks(list: &[Block], wide: bool, out: &mut String) {
    for block in list {
        match block {
            Block::Line(text) => {
                out.push_str(text);
                out.push('\n');
            }
            Block::Table(t) => {
                let (headers, rows) = t.shown(wide);
                let mut rendered = table::new_table(headers);
                for row in rows {
                    rendered.add_row(row);
                }
                out.push_str(&table::render(&rendered));
            }
            Block::Tree(nodes) => tree(nodes, "", out),
            Block::Indent(by, inner) => {
                let mut text = String::new();
                blocks(inner, wide, &mut text);
                let pad = " ".repeat(*by);
                for line in text.lines() {
                    if !line.is_empty() {
                        out.push_str(&pad);
                    }
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
}

fn tree(nodes: &[Node], prefix: &str, out: &mut String) {
    for (i, node) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        out.push_str(prefix);
        out.push_str(if last { "└─ " } else { "├─ " });
        out.push_str(&node.label);
        out.push('\n');
        let deeper = format!("{prefix}{}", if last { "   " } else { "│  " });
        tree(&node.children, &deeper, out);
    }
}

/// Whether a format is for people (a table or tree) rather than scripts.
fn for_people(format: OutputFormat) -> bool {
    matches!(format, OutputFormat::Table | OutputFormat::Wide)
}

impl Printer {
    /// Prints `view` in `format` on stdout; for people, an empty view's message goes to
    /// stderr instead of an empty table.
    pub fn show<V: View>(&self, view: &V, format: OutputFormat) -> Result<()> {
        self.show_as(view, &OutputArgs::from(format))
    }

    /// [`Printer::show`] as the `-o` flags ask.
    pub fn show_as<V: View>(&self, view: &V, output: &OutputArgs) -> Result<()> {
        if for_people(output.output)
            && let Some(message) = view.empty_message()
        {
            self.info(&message);
            return Ok(());
        }
        self.data(&render_as(view, output)?)
    }
}

/// `--watch` of a list or status: reads the view with `read` every `interval` and
/// draws it when it changed (never more often than [`MIN_REDRAW`]): in place on a
/// terminal, else a new rendering per change. Ends on Ctrl-C.
pub async fn watch<V, F, Fut>(
    printer: &Printer,
    clock: &dyn crate::core::clock::Clock,
    output: &OutputArgs,
    interval: std::time::Duration,
    mut read: F,
) -> Result<()>
where
    V: View,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<V>>,
{
    let mut watch = Watch::new(printer, output.output).with_gap();
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        let view = tokio::select! {
            _ = &mut ctrl_c => return Ok(()),
            view = read() => view?,
        };
        if watch.changed(&render_as(&view, output)?) {
            tokio::select! {
                _ = &mut ctrl_c => return Ok(()),
                _ = watch.until_allowed() => {}
            }
            watch.draw_view(printer, &view, output)?;
        }
        tokio::select! {
            _ = &mut ctrl_c => return Ok(()),
            _ = clock.sleep(interval) => {}
        }
    }
}

/// Redraws at most this often.
pub const MIN_REDRAW: std::time::Duration = std::time::Duration::from_millis(200);

/// `--watch`: renderings of a view over time. On a terminal, a view for people
/// replaces the screen; otherwise each rendering is appended (after a blank line with
/// `gap`), so logs and pipes get plain text without escapes.
pub struct Watch {
    in_place: bool,
    gap: bool,
    last: Option<String>,
    last_draw: Option<tokio::time::Instant>,
}

impl Watch {
    pub fn new(printer: &Printer, format: OutputFormat) -> Self {
        Watch {
            in_place: printer.stdout_is_terminal() && for_people(format),
            gap: false,
            last: None,
            last_draw: None,
        }
    }

    /// Separates appended renderings by a blank line.
    pub fn with_gap(mut self) -> Self {
        self.gap = true;
        self
    }

    /// Whether `text` differs from what was drawn last.
    pub fn changed(&self, text: &str) -> bool {
        self.last.as_deref() != Some(text)
    }

    /// Waits until the next redraw is allowed ([`MIN_REDRAW`] after the last).
    pub async fn until_allowed(&self) {
        if let Some(at) = self.last_draw {
            tokio::time::sleep_until(at + MIN_REDRAW).await;
        }
    }

    /// Draws `view` as [`Printer::show`] does, replacing the screen or appended.
    pub fn draw_view<V: View>(
        &mut self,
        printer: &Printer,
        view: &V,
        output: &OutputArgs,
    ) -> Result<()> {
        let text = render_as(view, output)?;
        match view.empty_message().filter(|_| for_people(output.output)) {
            Some(message) => {
                if self.in_place {
                    printer.redraw("")?;
                }
                printer.info(&message);
                self.last = Some(text);
                self.last_draw = Some(tokio::time::Instant::now());
                Ok(())
            }
            None => self.draw(printer, &text),
        }
    }

    /// Draws `text`: replaces the screen, or appends it.
    pub fn draw(&mut self, printer: &Printer, text: &str) -> Result<()> {
        if self.in_place {
            printer.redraw(text)?;
        } else {
            if self.gap && self.last.is_some() {
                printer.data("\n")?;
            }
            printer.data(text)?;
        }
        self.last = Some(text.to_string());
        self.last_draw = Some(tokio::time::Instant::now());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::view::Table;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Pods(Vec<(String, u32)>);

    impl View for Pods {
        fn document(&self) -> Document {
            let mut t = Table::new(["name", "ready"]).with_wide(["restarts"]);
            for (name, ready) in &self.0 {
                t.row([name.clone(), ready.to_string(), "0".into()]);
            }
            Document::table(t)
        }

        fn empty_message(&self) -> Option<String> {
            self.0.is_empty().then(|| "No pods.".to_string())
        }
    }

    #[test]
    fn one_view_in_every_format() {
        let v = Pods(vec![("a".into(), 1)]);
        assert_eq!(
            render(&v, OutputFormat::Table).unwrap(),
            "NAME   READY\na      1\n"
        );
        assert_eq!(
            render(&v, OutputFormat::Wide).unwrap(),
            "NAME   READY   RESTARTS\na      1       0\n"
        );
        assert_eq!(
            render(&v, OutputFormat::Json).unwrap(),
            "[\n  [\n    \"a\",\n    1\n  ]\n]\n"
        );
        assert_eq!(render(&v, OutputFormat::Yaml).unwrap(), "- - a\n  - 1\n");
    }

    #[test]
    fn an_empty_view_says_so_on_stderr_for_people_only() {
        let (printer, captured) = Printer::capture();
        printer.show(&Pods(vec![]), OutputFormat::Table).unwrap();
        printer.show(&Pods(vec![]), OutputFormat::Json).unwrap();
        assert_eq!(captured.stdout(), "[]\n");
        assert_eq!(captured.stderr(), "No pods.\n");
    }

    #[test]
    fn trees_and_indented_blocks() {
        let doc = Document::new()
            .line("root")
            .push(Block::Tree(vec![
                Node {
                    label: "a".into(),
                    children: vec![Node::leaf("a1")],
                },
                Node::leaf("b"),
            ]))
            .line("")
            .push(Block::Indent(2, vec![Block::Line("x".into())]));
        assert_eq!(document(&doc, false), "root\n├─ a\n│  └─ a1\n└─ b\n\n  x\n");
    }

    #[test]
    fn a_watch_off_a_terminal_appends_and_knows_what_changed() {
        let (printer, captured) = Printer::capture();
        let mut watch = Watch::new(&printer, OutputFormat::Table).with_gap();
        assert!(watch.changed("one\n"));
        watch.draw(&printer, "one\n").unwrap();
        assert!(!watch.changed("one\n"));
        watch.draw(&printer, "two\n").unwrap();
        assert_eq!(captured.stdout(), "one\n\ntwo\n");
    }
}
