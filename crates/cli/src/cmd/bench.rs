//! `backchannel bench`: throughput benchmarks (not tests: this machine is noisy,
//! so each benchmark runs several times and reports the median).

use std::path::{Path, PathBuf};
use std::time::Instant;

use backchannel_read::{read_bytes, ReadOptions};

use crate::Pipeline;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// Reading + cleaning + segmentation of HTML pages on one thread (MB/s of HTML).
    Read {
        /// HTML files or directories; default: pages synthesised from PolNeAR dev texts
        /// (../shared) wrapped in news-site boilerplate, else the repo's examples.
        paths: Vec<PathBuf>,
        /// Timed runs (the median is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Model load time, and tagging + parsing + NER (+ attribution) throughput on
    /// clean texts (words/s, one thread); default texts: PolNeAR dev.
    Nlp {
        /// Plain-text files or directories.
        paths: Vec<PathBuf>,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// `ingest` into a fresh store with 1 and with N worker threads, alternating,
    /// and the speed-up; default input: PolNeAR train texts (../shared), else the examples.
    Ingest {
        /// Inputs as `ingest` takes them.
        paths: Vec<PathBuf>,
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Worker threads of the parallel run (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    match args.what {
        What::Read { paths, runs } => bench_read(&paths, runs.max(1)),
        What::Nlp { paths, runs } => bench_nlp(&paths, runs.max(1)),
        What::Ingest {
            paths,
            runs,
            threads,
        } => super::bench_ingest::run(&paths, runs.max(1), threads),
    }
}

fn bench_read(paths: &[PathBuf], runs: usize) -> anyhow::Result<i32> {
    let pages = if paths.is_empty() {
        default_pages()?
    } else {
        load_pages(paths)?
    };
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    anyhow::ensure!(bytes > 0, "no pages to benchmark");
    let opts = ReadOptions::default();
    let mut raws = Vec::new();
    let mut docs = Vec::new();
    let (read_s, clean_s, segment_s) = (
        median_secs(runs, || {
            raws = pages
                .iter()
                .flat_map(|(origin, page)| read_bytes(origin, page.clone(), &opts).flatten())
                .collect();
        }),
        median_secs(runs, || {
            docs = raws
                .iter()
                .filter_map(|raw| backchannel_clean::clean(raw.clone()).ok())
                .collect();
        }),
        median_secs(runs, || {
            for doc in docs.iter_mut() {
                backchannel_segment::segment(doc);
            }
        }),
    );
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let mb = bytes as f64 / 1e6;
    let text_mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "{} pages, {mb:.2} MB of HTML, {text_mb:.2} MB of clean text, {tokens} tokens; medians of {runs} runs, one thread:",
        pages.len()
    );
    println!("  read               {:8.1} MB/s of HTML", mb / read_s);
    println!("  clean              {:8.1} MB/s of HTML", mb / clean_s);
    println!(
        "  segment            {:8.1} MB/s of clean text",
        text_mb / segment_s
    );
    println!(
        "  read+clean+segment {:8.1} MB/s of HTML",
        mb / (read_s + clean_s + segment_s)
    );
    Ok(0)
}

/// The median of some measurements.
pub(super) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Wall and CPU seconds of one timed call (CPU: this thread only, so other
/// processes on a busy machine count less than in wall time).
struct Clock {
    wall: f64,
    cpu: f64,
}

impl Clock {
    fn time(f: impl FnOnce()) -> Clock {
        let (t, c) = (Instant::now(), thread_cpu_secs());
        f();
        Clock {
            wall: t.elapsed().as_secs_f64(),
            cpu: thread_cpu_secs() - c,
        }
    }
}

pub(super) fn thread_cpu_secs() -> f64 {
    cpu_secs(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU seconds of the whole process, all threads.
pub(super) fn process_cpu_secs() -> f64 {
    cpu_secs(libc::CLOCK_PROCESS_CPUTIME_ID)
}

fn cpu_secs(clock: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass it.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    if rc != 0 {
        return 0.0;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// Median wall time of `runs` calls of `f`, in seconds.
fn median_secs(runs: usize, mut f: impl FnMut()) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

fn bench_nlp(paths: &[PathBuf], runs: usize) -> anyhow::Result<i32> {
    let paths = if paths.is_empty() {
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/polnear/dev/text")]
    } else {
        paths.to_vec()
    };
    // The first load in a process is the one a command pays: the kernel
    // has to hand out (and zero) fresh pages for every table. Later loads
    // reuse memory the allocator kept, so they are reported apart.
    let pipeline = Pipeline::load()?;
    let first_ms = pipeline.load_ms;
    let again_ms = median_secs(runs, || {
        let _ = Pipeline::load();
    }) * 1e3;
    let mut docs = Vec::new();
    for (origin, bytes) in load_pages(&paths)? {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let meta = backchannel_core::DocMeta {
            origin: Some(origin),
            ..Default::default()
        };
        let mut doc = backchannel_core::Document::from_plain(text, meta);
        backchannel_segment::segment(&mut doc);
        docs.push(doc);
    }
    let words: usize = docs.iter().map(|d| d.tokens.len()).sum();
    anyhow::ensure!(words > 0, "no text to benchmark");
    // Core and attribution alternate within each run so that a noisy
    // neighbour slows both alike; the share is the median of per-run shares.
    let mut core = Vec::with_capacity(runs);
    let mut attrib = Vec::with_capacity(runs);
    for _ in 0..runs {
        core.push(Clock::time(|| {
            for d in docs.iter_mut() {
                pipeline.nlp().annotate(d);
                pipeline.ner().recognize(d);
            }
        }));
        attrib.push(Clock::time(|| {
            for d in docs.iter_mut() {
                pipeline.attrib().annotate(d);
            }
        }));
    }
    let share: Vec<f64> = core
        .iter()
        .zip(&attrib)
        .map(|(c, a)| a.cpu / c.cpu)
        .collect();
    let wall = |v: &[Clock]| median(v.iter().map(|c| c.wall).collect());
    let cpu = |v: &[Clock]| median(v.iter().map(|c| c.cpu).collect());
    let w = words as f64;
    println!(
        "{} texts, {words} tokens; medians of {runs} runs, one thread:",
        docs.len()
    );
    println!("  model load (all models)     {first_ms:8.1} ms first in the process, {again_ms:.1} ms again (median)");
    println!(
        "  tag+lemma+parse+NER         {:8.0} words/s  ({:.0} words per CPU second)",
        w / wall(&core),
        w / cpu(&core)
    );
    println!(
        "  attribution                 {:8.0} words/s  ({:.0} words per CPU second; +{:.1}% CPU on the linguistic core)",
        w / wall(&attrib),
        w / cpu(&attrib),
        100.0 * median(share)
    );
    Ok(0)
}

fn load_pages(paths: &[PathBuf]) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for p in paths {
        collect_files(p, &mut files)?;
    }
    files.sort();
    files
        .into_iter()
        .map(|f| Ok((f.display().to_string(), std::fs::read(&f)?)))
        .collect()
}

fn collect_files(p: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if p.is_dir() {
        for e in std::fs::read_dir(p)? {
            collect_files(&e?.path(), out)?;
        }
    } else {
        out.push(p.to_path_buf());
    }
    Ok(())
}

/// PolNeAR dev texts as realistic pages when ../shared is present; the examples otherwise.
fn default_pages() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/polnear/dev/text");
    if dev.is_dir() {
        let texts = load_pages(&[dev])?;
        return Ok(texts
            .into_iter()
            .map(|(name, t)| {
                let page = super::synth::news_page(&String::from_utf8_lossy(&t));
                (name, page.into_bytes())
            })
            .collect());
    }
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    eprintln!("../shared not found: benchmarking the example pages instead");
    Ok(load_pages(&[examples])?
        .into_iter()
        .filter(|(n, _)| n.ends_with(".html"))
        .collect())
}
