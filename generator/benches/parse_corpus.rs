//! Generator throughput over the sample corpus: every folder as a family through the whole
//! pipeline, timed by stage.
//!
//! - load: read + parse + prose + assemble + validate/lint (`sdkgen::load::load_family`);
//! - emit+format: IR → plan → tokens → syn → prettyplease (`sdkgen::emit::crate_files`), for
//!   the families without errors;
//! - write: `sdkgen::write::write_crate` into a fresh temporary folder.
//!
//! Then the same at 4× the pages (the corpus copied four times under different folder names) to
//! show the cost grows linearly. Also reported: how much of emit+format is syn + prettyplease
//! (re-parsing and re-printing the emitted `.rs` files), and parse+prose alone per page.
//!
//! `cargo bench -p sdkgen --bench parse_corpus` (release). Prints medians of several runs.
//! Needs `shared/corpus/ucloud-docs` above the repository (or `SDKGEN_CORPUS=DIR`); says so and
//! exits when absent.

use sdkgen::emit::{crate_files, CrateOptions, GeneratedFile};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 9;
const COPIES: usize = 4;

/// One pass of the pipeline over `folders`, with its per-stage times.
#[derive(Default, Clone, Copy)]
struct Pass {
    load: Duration,
    emit: Duration,
    write: Duration,
    /// Writing the same files again over the previous output (regeneration after a docs
    /// change: unchanged files are compared, not rewritten).
    rewrite: Duration,
    families: usize,
    with_errors: usize,
    actions: usize,
    files: usize,
    bytes: usize,
}

impl Pass {
    fn total(&self) -> Duration {
        self.load + self.emit + self.write
    }
}

/// A page whose request table is `rows` (one row per line).
fn page_with(rows: &str) -> String {
    format!(
        "# T - DescribeX\n\n## Request Parameters\n\n| Parameter name | Type | Description | Required |\n\
         |---|---|---|---|\n{rows}\n\n## Response Elements\n\n| Parameter name | Type | Description | Required |\n\
         |---|---|---|---|\n| RetCode | int | rc | Yes |\n"
    )
}

/// Load time (parse, prose, assemble, validate, lint) of one page, median of a few runs.
fn load_time(dir: &Path, text: &str) -> Duration {
    let _ = std::fs::create_dir_all(dir);
    std::fs::write(dir.join("page.md"), text).expect("write the page");
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(sdkgen::load::load_family(dir));
            start.elapsed()
        })
        .collect();
    median(&mut times)
}

/// Hostile sizes within the limits: the cost of a page must grow linearly with its rows (nested
/// names included: the nesting check once compared every row with every other) and with the
/// length of a pipe-less row (its name was once re-parsed at every length).
fn hostile_scaling() {
    let dir = std::env::temp_dir().join(format!("sdkgen-bench-hostile-{}", std::process::id()));
    let mut last: Option<Duration> = None;
    for rows in [5_000, 10_000, 20_000, 40_000] {
        let table: String =
            (0..rows).map(|i| format!("| A.N.B{i}.N | string | nested {i} | No |\n")).collect();
        let t = load_time(&dir, &page_with(&table));
        let growth = last.map_or(String::new(), |l| format!(" ({:.2}x the half; linear is 2)", ratio(t, l)));
        println!("hostile_scaling: {rows} nested rows: {:.1} ms{growth}", ms(t));
        last = Some(t);
    }
    last = None;
    for len in [250_000, 500_000, 1_000_000] {
        let row = format!("{} string a description No", "N".repeat(len));
        let text = page_with("").replace(
            "| Parameter name | Type | Description | Required |\n|---|---|---|---|\n\n\n## Response",
            &format!("Parameter name Type Description Required\n{row}\n\n## Response"),
        );
        let t = load_time(&dir, &text);
        let growth = last.map_or(String::new(), |l| format!(" ({:.2}x the half; linear is 2)", ratio(t, l)));
        println!("hostile_scaling: a pipe-less row of {} KB: {:.1} ms{growth}", len / 1000, ms(t));
        last = Some(t);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    hostile_scaling();
    let Some(corpus) = corpus() else {
        println!("parse_corpus: no shared/corpus/ucloud-docs beside the repository; nothing to measure");
        return;
    };
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        println!("parse_corpus: cannot read {}; nothing to measure", corpus.display());
        return;
    };
    let mut folders: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    folders.sort();

    let scratch = std::env::temp_dir().join(format!("sdkgen-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    // 4× the pages: each folder copied COPIES times under different names (so family names differ).
    let mut copies = Vec::new();
    for folder in &folders {
        for n in 0..COPIES {
            let name = format!("{}-copy{n}", folder.file_name().unwrap().to_string_lossy());
            let dest = scratch.join("corpus").join(name);
            copy_dir(folder, &dest);
            copies.push(dest);
        }
    }
    copies.sort();

    parse_only(&folders);
    let measured = measure(&[
        ("1x", folders.as_slice(), scratch.join("out1")),
        ("4x", copies.as_slice(), scratch.join("out4")),
    ]);
    let (one, four) = (measured[0], measured[1]);
    println!(
        "parse_corpus: 4x/1x total ratio {:.2} (load {:.2}, emit+format {:.2}, write {:.2}, rewrite {:.2}); \
         linear is 4.00",
        ratio(four.total(), one.total()),
        ratio(four.load, one.load),
        ratio(four.emit, one.emit),
        ratio(four.write, one.write),
        ratio(four.rewrite, one.rewrite)
    );
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let par1 = parallel(&folders, &scratch.join("par1"), threads);
    let par4 = parallel(&copies, &scratch.join("par4"), threads);
    println!(
        "parse_corpus: the same pipeline with families spread over {threads} threads: 1x {:.1} ms wall \
         ({:.2}x the sequential total), 4x {:.1} ms wall",
        ms(par1),
        ratio(one.total(), par1),
        ms(par4)
    );
    format_share(&folders);
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Runs the pipeline RUNS times over each set of folders, the sets taking turns (so load from
/// other work on the machine hits every set alike), and prints the median of each stage.
fn measure(sets: &[(&str, &[PathBuf], PathBuf)]) -> Vec<Pass> {
    let mut passes: Vec<Vec<Pass>> = vec![Vec::new(); sets.len()];
    for _ in 0..RUNS {
        for ((_, folders, out), done) in sets.iter().zip(&mut passes) {
            let _ = std::fs::remove_dir_all(out);
            let mut fresh = pass(folders, out);
            fresh.rewrite = pass(folders, out).write;
            done.push(fresh);
        }
    }
    sets.iter().zip(&passes).map(|((label, _, _), passes)| report(label, passes)).collect()
}

fn report(label: &str, passes: &[Pass]) -> Pass {
    let med = |f: fn(&Pass) -> Duration| {
        let mut v: Vec<Duration> = passes.iter().map(f).collect();
        median(&mut v)
    };
    let p = Pass {
        load: med(|p| p.load),
        emit: med(|p| p.emit),
        write: med(|p| p.write),
        rewrite: med(|p| p.rewrite),
        ..passes[0]
    };
    let total = med(|p| p.total());
    println!(
        "parse_corpus {label}: {} families ({} with errors, not emitted), {} actions -> {} files ({:.1} MB); \
         median of {RUNS}: load {:.1} ms, emit+format {:.1} ms, write {:.1} ms, total {:.1} ms ({:.3} ms/action); \
         writing the same files over that output again (regeneration) {:.1} ms",
        p.families,
        p.with_errors,
        p.actions,
        p.files,
        p.bytes as f64 / 1e6,
        ms(p.load),
        ms(p.emit),
        ms(p.write),
        ms(total),
        ms(total) / p.actions.max(1) as f64,
        ms(p.rewrite),
    );
    p
}

fn pass(folders: &[PathBuf], out: &Path) -> Pass {
    let mut p = Pass::default();
    for folder in folders {
        let start = Instant::now();
        let loaded = sdkgen::load::load_family(folder);
        p.load += start.elapsed();
        p.families += 1;
        let Some(family) = loaded.family.as_ref().filter(|_| !loaded.has_errors()) else {
            p.with_errors += 1;
            continue;
        };
        p.actions += family.actions.len();
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let options = CrateOptions {
            source: format!("corpus/{name}"),
            version: "0.1.0".into(),
            runtime_path: "../../runtime".into(),
        };
        let start = Instant::now();
        let files =
            sdkgen::validate::ValidFamily::checked(family).and_then(|valid| crate_files(valid, &options));
        p.emit += start.elapsed();
        let files = match files {
            Ok(files) => files,
            Err(d) => {
                eprintln!("parse_corpus: {name}: emit failed: {}", d.message);
                p.with_errors += 1;
                continue;
            }
        };
        p.files += files.len();
        p.bytes += files.iter().map(|f| f.contents.len()).sum::<usize>();
        let start = Instant::now();
        sdkgen::write::write_crate(&out.join(&name), &files).expect("write the crate");
        p.write += start.elapsed();
    }
    p
}

/// Wall time of the whole pipeline with families handed out to `threads` workers (as
/// `generate_all` does), median of RUNS.
fn parallel(folders: &[PathBuf], out: &Path, threads: usize) -> Duration {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let _ = std::fs::remove_dir_all(out);
        let next = std::sync::atomic::AtomicUsize::new(0);
        let start = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(folder) = folders.get(i) else { break };
                    std::hint::black_box(pass(std::slice::from_ref(folder), out));
                });
            }
        });
        times.push(start.elapsed());
    }
    median(&mut times)
}

/// Parse + prose alone, page by page, from text already in memory.
fn parse_only(folders: &[PathBuf]) {
    let mut pages: Vec<(String, String)> = Vec::new();
    for folder in folders {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(folder).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            if let Ok(text) = std::fs::read_to_string(&f) {
                pages.push((f.display().to_string(), text));
            }
        }
    }
    let bytes: usize = pages.iter().map(|(_, t)| t.len()).sum();
    let mut times = Vec::new();
    let mut action_pages = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        action_pages = 0;
        for (path, text) in &pages {
            let result = sdkgen::load::read_file(path, text);
            if matches!(result.outcome, sdkgen::load::FileOutcome::Document(_)) {
                action_pages += 1;
            }
            std::hint::black_box(result);
        }
        times.push(start.elapsed());
    }
    let parse = median(&mut times);
    println!(
        "parse_corpus: {} files ({} action pages, {:.1} MB): parse+prose alone median {:.1} ms ({:.3} ms/page)",
        pages.len(),
        action_pages,
        bytes as f64 / 1e6,
        ms(parse),
        ms(parse) / pages.len() as f64,
    );
}

/// How much of emit+format is syn + prettyplease: re-parse and re-print the emitted `.rs` files
/// (the same token volume the emitter hands to `format_tokens`).
fn format_share(folders: &[PathBuf]) {
    let mut rust: Vec<GeneratedFile> = Vec::new();
    for folder in folders {
        let loaded = sdkgen::load::load_family(folder);
        let Some(family) = loaded.family.as_ref().filter(|_| !loaded.has_errors()) else { continue };
        let options = CrateOptions {
            source: "corpus".into(),
            version: "0.1.0".into(),
            runtime_path: "../../runtime".into(),
        };
        let Ok(valid) = sdkgen::validate::ValidFamily::new(family) else { continue };
        if let Ok(files) = crate_files(valid, &options) {
            rust.extend(files.into_iter().filter(|f| f.path.ends_with(".rs")));
        }
    }
    let mut parse_times = Vec::new();
    let mut print_times = Vec::new();
    for _ in 0..RUNS {
        let mut parse = Duration::ZERO;
        let mut print = Duration::ZERO;
        for f in &rust {
            let start = Instant::now();
            let file = syn::parse_file(&f.contents).expect("generated code parses");
            parse += start.elapsed();
            let start = Instant::now();
            std::hint::black_box(prettyplease::unparse(&file));
            print += start.elapsed();
        }
        parse_times.push(parse);
        print_times.push(print);
    }
    println!(
        "parse_corpus: of emit+format at 1x, syn parse of the {} .rs files ~{:.1} ms, prettyplease ~{:.1} ms \
         (measured by re-formatting the output)",
        rust.len(),
        ms(median(&mut parse_times)),
        ms(median(&mut print_times)),
    );
}

/// The sample corpus: `$SDKGEN_CORPUS`, else `shared/corpus/ucloud-docs` in the nearest folder
/// above the crate that has one (`../../shared/…` from the main checkout, one more level up from
/// a worktree under `wt/`).
fn corpus() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SDKGEN_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/corpus/ucloud-docs"))
        .find(|p| p.is_dir())
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a corpus copy");
    for entry in std::fs::read_dir(from).expect("read a corpus folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy a page");
        }
    }
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
