//! Flag groups many commands share, defined once so each means the same everywhere
//! and reads the same in `--help` (kubectl's conventions): `-o`, `--dry-run`,
//! `-f`/`-R`, `-l`, `-w`. A command flattens the group it needs; the table-driven
//! CLI test (`tests/it/conventions.rs`) walks the command tree and holds every
//! command to them.

use crate::output::OutputFormat;
use crate::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// `-o` for every command that reads.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OutputArgs {
    /// Output format: `table`, `wide` (more columns), `json`, `yaml` or `name` (`kind/name` lines)
    #[arg(
        short = 'o',
        long,
        value_enum,
        value_name = "FORMAT",
        default_value_t = OutputFormat::Table,
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub output: OutputFormat,

    /// Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)
    #[arg(long)]
    pub show_managed_fields: bool,
}

impl From<OutputFormat> for OutputArgs {
    fn from(output: OutputFormat) -> Self {
        OutputArgs {
            output,
            show_managed_fields: false,
        }
    }
}

impl OutputArgs {
    pub fn is(&self, format: OutputFormat) -> bool {
        self.output == format
    }
}

/// What `--dry-run` does; the same three values on every command that writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DryRun {
    // Plain comments, not docs: documented values would turn `--help` into the long form.
    // Write (the default).
    #[default]
    None,
    // Compute the result on this side and show it; nothing is sent but reads.
    Client,
    // The API server checks and computes the result (dryRun=All) without saving it.
    Server,
}

/// `--dry-run[=none|client|server]` for every command that writes.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct DryRunArgs {
    /// `client`: compute and show the result, write nothing; `server`: the API server checks it without saving; `none` (default): write
    #[arg(
        long,
        value_enum,
        value_name = "MODE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "client",
        default_value_t = DryRun::None,
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub dry_run: DryRun,
}

impl DryRunArgs {
    /// Whether anything is written.
    pub fn writes(&self) -> bool {
        self.dry_run == DryRun::None
    }

    /// What to add to an outcome line: ` (dry run)`, ` (server dry run)` or nothing.
    pub fn suffix(&self) -> &'static str {
        match self.dry_run {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// `-f FILE|DIR|-` (repeatable) and `-R`, for every command that reads files of objects.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FileArgs {
    /// File, directory or `-` (stdin) with the objects; repeatable
    #[arg(short = 'f', long = "filename", value_name = "FILE|DIR|-")]
    pub files: Vec<PathBuf>,

    /// Read the directories given with `-f` recursively
    #[arg(short = 'R', long)]
    pub recursive: bool,
}

/// The text of one file read for `-f`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The path as given (or found in a directory); `<stdin>` for `-`.
    pub name: String,
    pub text: String,
}

impl FileArgs {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file `-f` names, in order: a directory gives its `.yaml`, `.yml` and
    /// `.json` files sorted by name (those of subdirectories too with `-R`), `-` the
    /// standard input (read once, however often it is named).
    pub fn read(&self) -> Result<Vec<SourceText>> {
        let mut out = Vec::new();
        let mut stdin_read = false;
        for path in &self.files {
            if path.as_os_str() == "-" {
                if !std::mem::replace(&mut stdin_read, true) {
                    let text = read_text(path)?;
                    out.push(SourceText {
                        name: "<stdin>".into(),
                        text,
                    });
                }
                continue;
            }
            for file in expand(path, self.recursive)? {
                let text = read_text(&file)?;
                out.push(SourceText {
                    name: file.display().to_string(),
                    text,
                });
            }
        }
        Ok(out)
    }
}

/// The text of a `-f` file (`-`: stdin). A missing file says to check the path; a
/// file that is not UTF-8 says so, with the line of the first bad byte.
pub fn read_text(path: &Path) -> Result<String> {
    read_described(path, "")
}

/// [`read_text`], the file named as `what` in messages (`service spec `).
pub fn read_described(path: &Path, what: &str) -> Result<String> {
    let (shown, bytes) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("cannot read stdin", e))?;
        ("stdin".to_string(), bytes)
    } else {
        let bytes = std::fs::read(path).map_err(|e| {
            Error::io(format!("cannot read {what}`{}`", path.display()), e)
                .with_hint("check the path given to `-f`")
        })?;
        (format!("{what}`{}`", path.display()), bytes)
    };
    String::from_utf8(bytes).map_err(|e| not_utf8(&shown, e.as_bytes(), e.utf8_error()))
}

fn not_utf8(shown: &str, bytes: &[u8], err: std::str::Utf8Error) -> Error {
    let at = err.valid_up_to();
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    Error::new(
        crate::ErrorKind::Io,
        format!(
            "{shown} is not UTF-8 text: line {line} has a byte that is not UTF-8 (0x{:02X} at byte {at})",
            bytes[at]
        ),
    )
    .with_hint(if utf16 {
        "the file is UTF-16 (it starts with a byte order mark); save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`"
    } else {
        "meshctl reads YAML and JSON as UTF-8: save the file as UTF-8 (e.g. `iconv -f LATIN1 -t UTF-8`), or check that it is a text file"
    })
}

/// The files one `-f` argument names: the file itself, or a directory's object files.
fn expand(path: &Path, recursive: bool) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::io(format!("cannot read `{}`", path.display()), e)
            .with_hint("check the path given to `-f`")
    })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    let mut skipped_dirs = false;
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(format!("cannot read directory `{}`", dir.display()), e))?;
        for entry in entries {
            let p = entry
                .map_err(|e| Error::io(format!("cannot read directory `{}`", dir.display()), e))?
                .path();
            if p.is_dir() {
                if recursive {
                    dirs.push(p);
                } else {
                    skipped_dirs = true;
                }
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
            {
                files.push(p);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        let err = Error::not_found(format!(
            "directory `{}` has no `.yaml`, `.yml` or `.json` files",
            path.display()
        ));
        return Err(if skipped_dirs {
            err.with_hint("add `-R` to read its subdirectories too")
        } else {
            err
        });
    }
    Ok(files)
}

/// `-l/--selector` for every command that lists objects.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SelectorArgs {
    /// Only objects whose labels match, e.g. `app=reviews,tier!=canary` (as kubectl)
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,
}

/// `-w/--watch` for every list that can follow changes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WatchArgs {
    /// Keep showing the list as it changes (Ctrl-C ends it)
    #[arg(short = 'w', long)]
    pub watch: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "a: 1\n").unwrap();
    }

    #[test]
    fn directories_are_read_flat_unless_recursive() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("b.yaml"));
        touch(&dir.path().join("a.json"));
        touch(&dir.path().join("notes.txt"));
        touch(&dir.path().join("sub/c.yml"));
        let names = |recursive| {
            let args = FileArgs {
                files: vec![dir.path().to_path_buf()],
                recursive,
            };
            args.read()
                .unwrap()
                .into_iter()
                .map(|s| {
                    Path::new(&s.name)
                        .strip_prefix(dir.path())
                        .unwrap()
                        .display()
                        .to_string()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(names(false), ["a.json", "b.yaml"]);
        assert_eq!(names(true), ["a.json", "b.yaml", "sub/c.yml"]);
    }

    #[test]
    fn a_directory_with_only_subdirectories_hints_at_recursive() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("sub/c.yml"));
        let args = FileArgs {
            files: vec![dir.path().to_path_buf()],
            recursive: false,
        };
        let err = args.read().unwrap_err();
        assert!(err.hints().iter().any(|h| h.contains("-R")), "{err:?}");
    }
}

/// Which API's objects a command works on: Istio's networking API (VirtualService,
/// Gateway) or the Kubernetes Gateway API (HTTPRoute, Gateway). `render gateway`
/// renders with it; the rollout commands shift the VirtualService or the HTTPRoute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Api {
    // networking.istio.io (no doc comments here: they would turn every help that
    // shows `--api` into the long form)
    #[default]
    Istio,
    // gateway.networking.k8s.io
    GatewayApi,
}
