//! The `sdkgen` command line: parse arguments (clap), run a command, return the exit code.
//!
//! Exit codes: 0 success; 1 the input has errors (or warnings under `--deny warnings`);
//! 2 usage errors (clap's).

use crate::diag::{self, Diagnostic};
use crate::load::{self, Loaded};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// sdkgen: API documentation in, Rust SDK out.
#[derive(Debug, Parser)]
#[command(name = "sdkgen", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the IR of a family folder, any folder of pages, or single pages.
    Ir {
        /// Family folders, folders of pages, or page/spec files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = IrFormat::Json)]
        format: IrFormat,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Check specs and report what the docs get wrong.
    Lint {
        /// Family folders, folders of pages, or page/spec files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print diagnostics as rendered text or as JSON.
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Generate a crate per family: `specs/<family>` → `generated/<family>`.
    Generate(GenerateArgs),
    /// Exit 1, listing stale files, when `generated/` differs from a fresh generation.
    Check(GenerateArgs),
    /// Convert a doc page (or spec) to the clean YAML spec format.
    Convert {
        /// The page or spec file.
        page: PathBuf,
        /// Target format.
        #[arg(long, value_enum, default_value_t = ConvertTo::Yaml)]
        to: ConvertTo,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Compare two versions of a family's API and classify each change (docs/diff.md).
    Diff(crate::diff::DiffArgs),
    /// Serve a fake of the family's API (signature, validation, synthesised data) locally.
    #[cfg(feature = "serve")]
    Serve(crate::serve::ServeArgs),
}

/// Where `generate` reads and writes (and `check` compares).
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// The specs root: one sub-folder per family.
    #[arg(default_value = "specs")]
    pub specs: PathBuf,
    /// The crates' root: `<out>/<family>`.
    #[arg(long, default_value = "generated")]
    pub out: PathBuf,
    /// Path of the runtime crate, relative to a generated crate's folder.
    #[arg(long, default_value = "../../runtime")]
    pub runtime_path: String,
    /// After an API change, do not run `cargo check --workspace --all-targets` (which lists the
    /// workspace's own code that uses a removed or retyped item).
    #[arg(long)]
    pub no_cargo_check: bool,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Flags shared by commands that report diagnostics.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// `--deny warnings` turns warnings into errors.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// What `--deny` can promote to errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Every warning.
    Warnings,
}

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When standard error is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// IR output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IrFormat {
    /// JSON, the shape of `api.json`.
    Json,
    /// YAML.
    Yaml,
}

/// Diagnostic output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Rendered like rustc, on standard output.
    Text,
    /// A JSON array of diagnostics.
    Json,
}

/// `convert` targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertTo {
    /// The YAML spec format.
    Yaml,
}

/// Where a command writes: standard output and standard error, swappable for tests.
pub struct Io<'a> {
    /// Results.
    pub out: &'a mut dyn Write,
    /// Diagnostics and summaries.
    pub err: &'a mut dyn Write,
}

/// Parses `args` and runs the command, returning the exit code.
pub fn run<I, T>(args: I, io: &mut Io) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(cli) => execute(cli, io),
        Err(err) => {
            let _ = write!(io.err, "{}", err.render());
            err.exit_code()
        }
    }
}

fn execute(cli: Cli, io: &mut Io) -> i32 {
    match cli.command {
        Command::Ir { paths, format, report } => {
            let loaded: Vec<Loaded> = paths.iter().map(|p| load::load_path(p)).collect();
            let status = report_all(&loaded, &report, io);
            let families: Vec<_> = loaded.iter().filter_map(|l| l.family.as_ref()).collect();
            let text = match (format, families.as_slice()) {
                (IrFormat::Json, [one]) => serde_json::to_string_pretty(one).map_err(|e| e.to_string()),
                (IrFormat::Json, many) => serde_json::to_string_pretty(many).map_err(|e| e.to_string()),
                // Through a JSON value: serde_yaml cannot write nested enums (`array[Model]`) directly,
                // and this way both formats have the same shape.
                (IrFormat::Yaml, [one]) => to_yaml_via_json(one),
                (IrFormat::Yaml, many) => to_yaml_via_json(&many),
            };
            match text {
                Ok(text) => {
                    let _ = writeln!(io.out, "{}", text.trim_end());
                    status
                }
                Err(err) => {
                    let _ = writeln!(io.err, "error: cannot print the IR: {err}");
                    1
                }
            }
        }
        Command::Lint { paths, format, report } => {
            let mut loaded: Vec<Loaded> = paths.iter().map(|p| load::load_path(p)).collect();
            if report.deny == Some(Deny::Warnings) {
                loaded.iter_mut().for_each(|l| diag::deny_warnings(&mut l.diagnostics));
            }
            match format {
                LintFormat::Text => {
                    for l in &loaded {
                        let _ = write!(
                            io.out,
                            "{}",
                            diag::render(&l.diagnostics, &l.sources, use_color(report.color))
                        );
                    }
                }
                LintFormat::Json => {
                    let all: Vec<&Diagnostic> = loaded.iter().flat_map(|l| &l.diagnostics).collect();
                    let _ = writeln!(io.out, "{}", serde_json::to_string_pretty(&all).unwrap_or_default());
                }
            }
            let all: Vec<Diagnostic> = loaded.iter().flat_map(|l| l.diagnostics.clone()).collect();
            let (errors, warnings, notes) = diag::counts(&all);
            let files: usize = loaded.iter().map(|l| l.files.len()).sum();
            let _ =
                writeln!(io.err, "lint: {files} files, {errors} errors, {warnings} warnings, {notes} notes");
            i32::from(errors > 0)
        }
        Command::Generate(args) => generate(&args, false, io),
        Command::Check(args) => generate(&args, true, io),
        Command::Convert { page, to: ConvertTo::Yaml, output, report } => {
            let loaded = load::load_path(&page);
            let status = report_all(std::slice::from_ref(&loaded), &report, io);
            let docs: Vec<crate::ir::Document> = loaded
                .family
                .iter()
                .map(|f| crate::ir::Document {
                    actions: f.actions.clone(),
                    models: f.models.values().cloned().collect(),
                })
                .collect();
            let Some(doc) = docs.into_iter().next().filter(|d| !d.actions.is_empty() || !d.models.is_empty())
            else {
                let _ = writeln!(io.err, "error: {} documents no action", page.display());
                return 1;
            };
            let text = crate::yaml::to_yaml(&doc);
            match output {
                Some(path) => {
                    if let Err(err) = std::fs::write(&path, text) {
                        let _ = writeln!(io.err, "error: cannot write {}: {err}", path.display());
                        return 1;
                    }
                }
                None => {
                    let _ = write!(io.out, "{text}");
                }
            }
            status
        }
        Command::Diff(args) => crate::diff::run(&args, use_color(args.color), std::path::Path::new("."), io),
        #[cfg(feature = "serve")]
        Command::Serve(args) => crate::serve::run(args, io, use_color(Color::Auto)),
    }
}

/// `generate` (write) and `check` (compare only).
/// `generate` (write) and `check` (compare only). Errors are shown in full; warnings are counted
/// (`sdkgen lint` shows them), so regenerating stays quiet.
fn generate(args: &GenerateArgs, check_only: bool, io: &mut Io) -> i32 {
    let GenerateArgs { specs, out, runtime_path, no_cargo_check, report } = args;
    let outputs = crate::generate::generate_all(specs, out, runtime_path);
    let mut status = 0;
    for output in &outputs {
        let mut diags = output.loaded.diagnostics.clone();
        if report.deny == Some(Deny::Warnings) {
            diag::deny_warnings(&mut diags);
        }
        let errors: Vec<Diagnostic> = diags.iter().filter(|d| d.is_error()).cloned().collect();
        let _ = write!(io.err, "{}", diag::render(&errors, &output.loaded.sources, use_color(report.color)));
        let warnings = diags.iter().filter(|d| d.severity == diag::Severity::Warning).count();
        if warnings > 0 {
            let _ = writeln!(
                io.err,
                "{}: {warnings} warnings about the docs (`sdkgen lint` shows them)",
                output.crate_dir.display()
            );
        }
        if !errors.is_empty() {
            status = 1;
        }
        if output.loaded.has_errors() || output.files.is_empty() {
            let _ = writeln!(
                io.err,
                "error: {} not generated: the specs have errors",
                output.crate_dir.display()
            );
            status = 1;
            continue;
        }
        let dir = &output.crate_dir;
        if check_only {
            let stale = crate::write::stale_files(dir, &output.files);
            for path in &stale {
                let _ = writeln!(io.out, "stale: {}", dir.join(path).display());
            }
            if !stale.is_empty() {
                let _ = writeln!(io.err, "{} is stale; run `sdkgen generate`", dir.display());
                status = 1;
            }
        } else {
            match crate::write::write_crate(dir, &output.files) {
                Ok(r) => {
                    let _ = writeln!(
                        io.out,
                        "{}: {} written, {} unchanged, {} removed",
                        dir.display(),
                        r.written.len(),
                        r.unchanged,
                        r.removed.len()
                    );
                    if let Some(release) = &output.release {
                        print_release(dir, release, io);
                    }
                }
                Err(err) => {
                    let _ = writeln!(io.err, "error: cannot write {}: {err}", dir.display());
                    status = 1;
                }
            }
        }
    }
    if check_only || !outputs.iter().any(|o| o.release.is_some()) {
        return status;
    }
    match crate::generate::bump_build_mode_package(specs, &outputs) {
        Ok(Some((manifest, from, to))) => {
            let _ = writeln!(
                io.out,
                "{}: the build-mode package {from} → {to} (its largest family change)",
                manifest.display()
            );
        }
        Ok(None) => {}
        Err(err) => {
            let _ = writeln!(io.err, "error: {err}");
            status = 1;
        }
    }
    if !no_cargo_check && status == 0 {
        status = check_workspace(out, io);
    }
    status
}

/// What a maintainer reviews after a crate's API changed: the versions, each breaking change,
/// and where the CHANGELOG entry went.
fn print_release(dir: &std::path::Path, release: &crate::generate::Release, io: &mut Io) {
    let (breaking, additive, docs) = release.report.counts();
    let _ = writeln!(
        io.out,
        "{}: {} → {} ({breaking} breaking, {additive} additive, {docs} docs; CHANGELOG.md has the entry)",
        dir.display(),
        release.from,
        release.to
    );
    for change in release.report.changes.iter().filter(|c| c.effect.api == crate::diff::Api::Breaking) {
        let _ = writeln!(io.out, "  breaking: {}", change.line());
    }
}

/// After an API change: `cargo check --workspace --all-targets` in the workspace holding `out`,
/// so code that uses a removed or retyped item is listed now (file:line), not at the next build.
/// Returns 1 when the workspace does not compile.
fn check_workspace(out: &std::path::Path, io: &mut Io) -> i32 {
    let root = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    if !root.join("Cargo.toml").is_file() {
        return 0;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let _ =
        writeln!(io.out, "checking the workspace against the new API: cargo check --workspace --all-targets");
    let result = std::process::Command::new(cargo)
        .args(["check", "--workspace", "--all-targets", "--quiet", "--message-format", "short"])
        .current_dir(root)
        .output();
    match result {
        Ok(o) if o.status.success() => {
            let _ = writeln!(io.out, "cargo check: the workspace compiles against the regenerated crates");
            0
        }
        Ok(o) => {
            let stderr = String::from_utf8_lossy(&o.stderr);
            let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error")).collect();
            let _ = writeln!(
                io.err,
                "error: the workspace no longer compiles: fix these uses of changed items (or re-run with \
                 `--no-cargo-check` to skip this check):"
            );
            for line in if errors.is_empty() { stderr.lines().collect() } else { errors } {
                let _ = writeln!(io.err, "  {line}");
            }
            1
        }
        Err(err) => {
            let _ = writeln!(
                io.err,
                "warning: cannot run cargo check ({err}); run it yourself to find uses of changed items"
            );
            0
        }
    }
}

fn to_yaml_via_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    let json = serde_json::to_value(value).map_err(|e| e.to_string())?;
    serde_yaml::to_string(&json).map_err(|e| e.to_string())
}

fn use_color(color: Color) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal(),
    }
}

/// Renders the diagnostics of each load to standard error (warnings promoted under `--deny`),
/// returning 1 when any is an error.
fn report_all(loaded: &[Loaded], report: &ReportArgs, io: &mut Io) -> i32 {
    let mut status = 0;
    for l in loaded {
        let mut diags = l.diagnostics.clone();
        if report.deny == Some(Deny::Warnings) {
            diag::deny_warnings(&mut diags);
        }
        let shown: Vec<Diagnostic> =
            diags.iter().filter(|d| d.severity > diag::Severity::Note).cloned().collect();
        let _ = write!(io.err, "{}", diag::render(&shown, &l.sources, use_color(report.color)));
        if diags.iter().any(Diagnostic::is_error) {
            status = 1;
        }
    }
    status
}
