//! Front-end throughput over the sample corpus: every page through the Markdown front-end and
//! prose analysis, then each folder assembled as a family (duplicates, models, lint).
//!
//! `cargo bench -p sdkgen --bench parse_corpus` (release). Prints the median of several runs.
//! Needs `../shared/corpus/ucloud-docs` beside the repository; says so and exits when absent.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 15;

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/ucloud-docs");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        println!("parse_corpus: no corpus at {}; nothing to measure", corpus.display());
        return;
    };
    let mut folders: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    let mut pages: Vec<(String, String)> = Vec::new();
    for folder in &folders {
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

    let mut parse_times = Vec::new();
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
        parse_times.push(start.elapsed());
    }
    let mut family_times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        for folder in &folders {
            std::hint::black_box(sdkgen::load::load_family(folder));
        }
        family_times.push(start.elapsed());
    }
    let parse = median(&mut parse_times);
    let family = median(&mut family_times);
    println!(
        "parse_corpus: {} files ({} action pages, {:.1} MB): parse+prose median {:.1} ms ({:.3} ms/page); \
         read+parse+assemble+lint per folder median {:.1} ms ({} runs)",
        pages.len(),
        action_pages,
        bytes as f64 / 1e6,
        ms(parse),
        ms(parse) / pages.len() as f64,
        ms(family),
        RUNS
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
