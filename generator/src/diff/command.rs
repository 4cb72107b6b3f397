//! The `sdkgen diff` command: load both sides, compare, print, and pick the exit code.

use super::{diff, render_with_version, source, Api, Format};
use crate::cli::{Color, Io};
use crate::diag::{self, Diagnostic, Severity};
use clap::ValueEnum;
use std::path::Path;

/// Arguments of `sdkgen diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version: a family folder, an api.json, or REV:PATH (e.g. HEAD~1:specs/billing).
    pub old: String,
    /// The new version, in the same forms.
    pub new: String,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when a change at least this strong is found (breaking is stronger than additive).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// The version of the crate generated from OLD; the report ends with the version NEW needs.
    /// Default: when OLD is a crate's `api.json`, the version in the `Cargo.toml` beside it;
    /// otherwise 0.1.0.
    #[arg(long, value_parser = check_version)]
    pub current_version: Option<String>,
    /// Colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Report formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Aligned lines.
    Text,
    /// A Markdown table.
    Markdown,
    /// JSON.
    Json,
}

/// Thresholds for `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on breaking changes.
    Breaking,
    /// Fail on breaking or additive changes.
    Additive,
}

fn check_version(text: &str) -> Result<String, String> {
    super::parse_version(text).map(|_| text.to_string()).map_err(|e| e.to_string())
}

/// Runs `sdkgen diff` with `cwd` as the starting point of relative paths and git commands.
/// Exit code: 1 when a side cannot be loaded or `--fail-on` is met, else 0.
pub fn run(args: &DiffArgs, color: bool, cwd: &Path, io: &mut Io) -> i32 {
    let sides = [source::load_side(&args.old, cwd), source::load_side(&args.new, cwd)];
    let mut failed = false;
    for (label, side) in ["old", "new"].iter().zip(&sides) {
        let errors: Vec<Diagnostic> =
            side.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
        let _ = write!(io.err, "{}", diag::render(&errors, &side.sources, color));
        if !errors.is_empty() || side.family.is_none() {
            failed = true;
            let _ = writeln!(io.err, "error: cannot load the {label} side of the diff");
        }
    }
    let [old, new] = &sides;
    let (Some(old), Some(new), false) = (&old.family, &new.family, failed) else {
        return 1;
    };
    let report = diff(old, new);
    let format = match args.format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Markdown => Format::Markdown,
        DiffFormat::Json => Format::Json,
    };
    let current = args.current_version.clone().unwrap_or_else(|| crate_version_beside(&args.old, cwd));
    let _ = write!(io.out, "{}", render_with_version(&report, format, &current));
    let threshold = match args.fail_on {
        None => return 0,
        Some(FailOn::Breaking) => Api::Breaking,
        Some(FailOn::Additive) => Api::Additive,
    };
    if report.level() >= threshold {
        let _ = writeln!(io.err, "error: --fail-on {}: the changes reach it", threshold_word(threshold));
        1
    } else {
        0
    }
}

/// The version of the crate whose `api.json` is `old` (its `Cargo.toml` sits beside it), so a
/// crate at 0.1.2 is not reported as 0.1.0; 0.1.0 when `old` is not a crate's `api.json`.
fn crate_version_beside(old: &str, cwd: &Path) -> String {
    let path = cwd.join(old);
    path.is_file()
        .then(|| path.parent().and_then(crate::generate::existing_version))
        .flatten()
        .filter(|v| super::parse_version(v).is_ok())
        .unwrap_or_else(|| "0.1.0".to_string())
}

fn threshold_word(api: Api) -> &'static str {
    if api == Api::Breaking {
        "breaking"
    } else {
        "additive"
    }
}
