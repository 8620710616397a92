//! Trains the metadata ranker (title, authors, publication date) and prints its
//! cross-validated and fit figures.
//!
//! ```sh
//! cargo run --release -p newsmill-scrape --example train_metadata -- ../shared/bench
//! ```
//!
//! Data (read, never copied): `wcxb/` (WCXB development split, CC-BY-4.0: title,
//! author and publication date of 1,497 pages of 2025, seven page types) and
//! `dates/` (497 multilingual news and blog pages with their original publication
//! date, labels from the htmldate project, Apache-2.0). Each set's `folds.tsv`
//! assigns pages to five folds by registrable domain; the figures marked CV come
//! from models trained on four folds of both sets and scored on the fifth, in
//! turn. "fit" is the model trained on everything, scored on everything: the
//! gap is the overfitting. The final model is written to
//! `crates/scrape/src/metadata/model.json` (unless `--eval`).
//!
//! Options: `--eval` (do not write the model), `--predictions DIR` (write the
//! held-out and fit predictions as JSON Lines, the format the sets' `score.py`
//! read), `--drop TEXT` (train without features whose name contains TEXT, for
//! ablations; repeatable), `--dump FILE` (every page's candidates with their
//! features and the held-out choice, as JSON Lines, for error analysis).

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use newsmill_records::Page;
use newsmill_scrape::metadata_training::{
    self as mt, Bag, Boost, Example, Fit, Model, PageCandidates,
};

const FOLDS: usize = 5;
const TYPES: &[&str] = &[
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
];

/// One page with its gold metadata.
struct Item {
    set: &'static str,
    id: String,
    fold: usize,
    page_type: String,
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    cands: PageCandidates,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("train_metadata: {e}");
        std::process::exit(2);
    }
}

struct Args {
    bench: PathBuf,
    eval: bool,
    predictions: Option<PathBuf>,
    drop: Vec<String>,
    dump: Option<PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut out = Args {
        bench: PathBuf::from("../shared/bench"),
        eval: false,
        predictions: None,
        drop: Vec::new(),
        dump: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--eval" => out.eval = true,
            "--predictions" => {
                out.predictions = Some(it.next().ok_or("--predictions needs a folder")?.into())
            }
            "--drop" => out.drop.push(it.next().ok_or("--drop needs a text")?),
            "--dump" => out.dump = Some(it.next().ok_or("--dump needs a file")?.into()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s => out.bench = PathBuf::from(s),
        }
    }
    Ok(out)
}

fn run() -> Result<(), String> {
    let args = args()?;
    let started = std::time::Instant::now();
    let mut items = Vec::new();
    load(&args.bench, "wcxb", &mut items)?;
    load(&args.bench, "dates", &mut items)?;
    if !args.drop.is_empty() {
        for it in &mut items {
            let keep = |f: &mut mt::Features| {
                f.0.retain(|(n, _)| !args.drop.iter().any(|d| n.contains(d.as_str())))
            };
            it.cands
                .titles
                .iter_mut()
                .for_each(|c| keep(&mut c.features));
            it.cands
                .authors
                .iter_mut()
                .for_each(|c| keep(&mut c.features));
            it.cands
                .dates
                .iter_mut()
                .for_each(|c| keep(&mut c.features));
        }
    }
    eprintln!(
        "read {} pages in {:.1}s",
        items.len(),
        started.elapsed().as_secs_f64()
    );
    type MakeExample = fn(&Item) -> Option<Example>;
    let fields: [(&str, MakeExample); 3] = [
        ("title", title_example),
        ("author", author_example),
        ("date", date_example),
    ];
    let examples: Vec<[Option<Example>; 3]> = items
        .iter()
        .map(|it| fields.map(|(_, make)| make(it)))
        .collect();

    // Held-out choices: fold k's pages chosen by a model trained on the others.
    let mut cv: Vec<[Option<usize>; 3]> = vec![[None; 3]; items.len()];
    let mut fit_cfg = Fit::default();
    let mut boost = Boost {
        rounds: 100,
        ..Boost::default()
    };
    // NEWSMILL_BOOST="rounds,depth,rate,min_options" overrides the tree settings.
    if let Ok(v) = std::env::var("NEWSMILL_BOOST") {
        let p: Vec<f64> = v.split(',').filter_map(|x| x.trim().parse().ok()).collect();
        if let [rounds, depth, rate, min] = p[..] {
            boost = Boost {
                rounds: rounds as usize,
                depth: depth as usize,
                rate,
                min_options: min as usize,
                ..Boost::default()
            };
        }
    }
    // NEWSMILL_FIT="l2,steps,rate" overrides the settings, for experiments.
    if let Ok(v) = std::env::var("NEWSMILL_FIT") {
        let p: Vec<f64> = v.split(',').filter_map(|x| x.trim().parse().ok()).collect();
        if let [l2, steps, rate] = p[..] {
            fit_cfg = Fit {
                l2,
                steps: steps as usize,
                rate,
            };
        }
    }
    // NEWSMILL_BAG="models,fraction,seed" overrides the bagging settings.
    let mut bag = Bag::default();
    if let Ok(v) = std::env::var("NEWSMILL_BAG") {
        let p: Vec<f64> = v.split(',').filter_map(|x| x.trim().parse().ok()).collect();
        if let [models, fraction, seed] = p[..] {
            bag = Bag {
                models: models as usize,
                fraction,
                seed: seed as u64,
            };
        }
    }
    for k in 0..FOLDS {
        for (f, _) in fields.iter().enumerate() {
            let train: Vec<&Example> = items
                .iter()
                .zip(&examples)
                .filter(|(it, _)| it.fold != k)
                .filter_map(|(_, ex)| ex[f].as_ref())
                .collect();
            let w = mt::fit_bagged(&train, fit_cfg, boost, bag);
            for (i, it) in items.iter().enumerate() {
                if it.fold == k {
                    cv[i][f] = examples[i][f].as_ref().and_then(|e| w.best(&e.options));
                }
            }
        }
        eprintln!("fold {k} done ({:.1}s)", started.elapsed().as_secs_f64());
    }
    // The final model, and its fit.
    let mut model = Model::default();
    let mut fit: Vec<[Option<usize>; 3]> = vec![[None; 3]; items.len()];
    for (f, _) in fields.iter().enumerate() {
        let all: Vec<&Example> = examples.iter().filter_map(|ex| ex[f].as_ref()).collect();
        let w = mt::fit_bagged(&all, fit_cfg, boost, bag);
        for (i, ex) in examples.iter().enumerate() {
            fit[i][f] = ex[f].as_ref().and_then(|e| w.best(&e.options));
        }
        match f {
            0 => model.title = w,
            1 => model.author = w,
            _ => model.date = w,
        }
    }

    let report = report(&items, &cv, &fit);
    print!("{report}");
    if let Some(dir) = &args.predictions {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for (name, choice) in [("cv", &cv), ("fit", &fit)] {
            for set in ["wcxb", "dates"] {
                let path = dir.join(format!("{set}-{name}.jsonl"));
                write_predictions(&path, set, &items, choice)?;
            }
        }
        eprintln!("predictions in {}", dir.display());
    }
    if let Some(path) = &args.dump {
        dump(path, &items, &cv).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if !args.eval {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/metadata/model.json");
        let mut notes = vec![
            "Written by `cargo run --release -p newsmill-scrape --example train_metadata -- ../shared/bench`; do not edit.".to_string(),
            "Trained on WCXB dev split (CC-BY-4.0, github.com/Murrough-Foley/web-content-extraction-benchmark) and the htmldate evaluation pages' labels (Apache-2.0, github.com/adbar/htmldate), read from ../shared/bench; no page text is stored here.".to_string(),
            format!("Fit: conditional logit, Adam, l2 {}, {} steps, rate {}; then {} trees of depth {}, rate {}, lambda {}, at least {} options a side.", fit_cfg.l2, fit_cfg.steps, fit_cfg.rate, boost.rounds, boost.depth, boost.rate, boost.lambda, boost.min_options),
            format!("Bagging: {} scorers on bootstrap samples of {} of the examples (seed {}), averaged.", bag.models, bag.fraction, bag.seed),
        ];
        notes.extend(
            report
                .lines()
                .filter(|l| l.starts_with("  ") && l.contains("CV"))
                .map(|l| l.trim().to_string()),
        );
        std::fs::write(&path, model.to_json(&notes))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("model written to {}", path.display());
    }
    Ok(())
}

fn load(bench: &Path, set: &'static str, items: &mut Vec<Item>) -> Result<(), String> {
    let dir = bench.join(set);
    let gt_path = dir.join("ground-truth.json");
    let gt: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&gt_path).map_err(|e| format!("{}: {e}", gt_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", gt_path.display()))?;
    let folds_path = dir.join("folds.tsv");
    let folds: HashMap<String, usize> = std::fs::read_to_string(&folds_path)
        .map_err(|e| format!("{}: {e}", folds_path.display()))?
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut p = l.split('\t');
            let id = p.next()?.to_string();
            let fold = p.nth(1)?.trim().parse().ok()?;
            Some((id, fold))
        })
        .collect();
    let obj = gt
        .as_object()
        .ok_or(format!("{}: not an object", gt_path.display()))?;
    let mut ids: Vec<&String> = obj.keys().collect();
    ids.sort();
    // A fixed fetch time: candidates after it are dropped, the same on every run.
    let fetched = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    for id in ids {
        let g = &obj[id];
        let s = |k: &str| {
            g.get(k)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .filter(|v| !v.trim().is_empty())
        };
        let Some(&fold) = folds.get(id) else {
            return Err(format!("{set}: page {id} has no fold"));
        };
        let html = dir.join("html").join(format!("{id}.html.gz"));
        let body = read_gz(&html).map_err(|e| format!("{}: {e}", html.display()))?;
        let url = s("url").unwrap_or_else(|| format!("file:///{id}.html"));
        let mut page = Page::from_bytes("train", &url, body);
        page.fetched_at = fetched;
        let cands = match mt::candidates(&page) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{set} {id}: {e}");
                continue;
            }
        };
        items.push(Item {
            set,
            id: id.clone(),
            fold,
            page_type: s("page_type").unwrap_or_else(|| "article".into()),
            title: s("title"),
            author: s("author"),
            date: if set == "dates" {
                s("date")
            } else {
                s("publish_date")
            }
            .map(|d| d.chars().take(10).collect()),
            cands,
        });
    }
    Ok(())
}

fn read_gz(path: &Path) -> std::io::Result<Vec<u8>> {
    let raw = std::fs::read(path)?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out)?;
    Ok(out)
}

/// Folded as the benchmark's scorer folds (NFKD, then ASCII only, lower case,
/// `\w+` words joined by single spaces): accented letters lose their accents,
/// other non-ASCII marks (’, —) vanish without splitting the word.
fn fold(s: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    let push = |c: char, out: &mut String, gap: &mut bool| {
        if *gap && !out.is_empty() {
            out.push(' ');
        }
        *gap = false;
        out.push(c.to_ascii_lowercase());
    };
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            push(c, &mut out, &mut gap);
        } else if c.is_ascii() || c.is_whitespace() {
            gap = true;
        } else if c.is_alphanumeric() {
            for t in deunicode::deunicode_char(c).unwrap_or("").chars() {
                if t.is_ascii_alphanumeric() {
                    push(t, &mut out, &mut gap);
                }
            }
        }
    }
    out
}

fn title_example(it: &Item) -> Option<Example> {
    if it.set != "wcxb" {
        return None;
    }
    let gold = fold(it.title.as_deref()?);
    Some(Example {
        options: it.cands.titles.iter().map(|c| c.features.clone()).collect(),
        right: it
            .cands
            .titles
            .iter()
            .map(|c| fold(&c.text) == gold)
            .collect(),
        weight: 1.0,
    })
}

fn author_right(names: &[String], gold: &str) -> bool {
    let g = fold(gold);
    names
        .iter()
        .map(|n| fold(n))
        .any(|n| !n.is_empty() && (g.contains(&n) || n.contains(&g)))
}

fn author_example(it: &Item) -> Option<Example> {
    if it.set != "wcxb" {
        return None;
    }
    Some(Example {
        options: it
            .cands
            .authors
            .iter()
            .map(|c| c.features.clone())
            .collect(),
        right: it
            .cands
            .authors
            .iter()
            .map(|c| match &it.author {
                Some(g) => author_right(&c.names, g),
                None => c.source == "none",
            })
            .collect(),
        // Missing a page's author costs more than naming one on a page without.
        weight: if it.author.is_some() {
            weight("NEWSMILL_AUTHORED_WEIGHT", 4.0)
        } else {
            1.0
        },
    })
}

fn date_example(it: &Item) -> Option<Example> {
    Some(Example {
        options: it.cands.dates.iter().map(|c| c.features.clone()).collect(),
        right: it
            .cands
            .dates
            .iter()
            .map(|c| day(c.value.as_deref()) == it.date)
            .collect(),
        // Missing a page's date costs more than giving a date to a page
        // without one.
        weight: if it.date.is_some() {
            weight("NEWSMILL_DATED_WEIGHT", 3.0)
        } else {
            1.0
        },
    })
}

/// A decision weight from the environment variable `name`, else `default`.
fn weight(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn day(v: Option<&str>) -> Option<String> {
    v.map(|v| v.chars().take(10).collect())
}

/// Per-page outcome of a choice, for the report: title, author and date right
/// or not, and whether a date (or an author) was given to a page that has none.
fn outcome(it: &Item, choice: &[Option<usize>; 3]) -> [Option<bool>; 5] {
    let title = it.title.as_ref().map(|g| {
        choice[0]
            .and_then(|i| it.cands.titles.get(i))
            .is_some_and(|c| fold(&c.text) == fold(g))
    });
    let author = it.author.as_ref().map(|g| {
        choice[1]
            .and_then(|i| it.cands.authors.get(i))
            .is_some_and(|c| author_right(&c.names, g))
    });
    let given = choice[2]
        .and_then(|i| it.cands.dates.get(i))
        .and_then(|c| day(c.value.as_deref()));
    let date = it.date.as_ref().map(|g| given.as_ref() == Some(g));
    let spurious = it.date.is_none().then_some(given.is_some());
    let named = choice[1]
        .and_then(|i| it.cands.authors.get(i))
        .is_some_and(|c| !c.names.is_empty());
    let spurious_author = (it.set == "wcxb" && it.author.is_none()).then_some(named);
    [
        (it.set == "wcxb").then_some(title).flatten(),
        (it.set == "wcxb").then_some(author).flatten(),
        date,
        spurious,
        spurious_author,
    ]
}

fn report(items: &[Item], cv: &[[Option<usize>; 3]], fit: &[[Option<usize>; 3]]) -> String {
    let mut out = String::new();
    // (set, group) -> [right, n] per measure, for CV and fit.
    type Tally = BTreeMap<(String, String), [[usize; 2]; 10]>;
    let mut tally: Tally = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        for (k, choice) in [&cv[i], &fit[i]].into_iter().enumerate() {
            let o = outcome(it, choice);
            for group in [it.page_type.clone(), "all".to_string()] {
                let t = tally
                    .entry((it.set.to_string(), group))
                    .or_insert([[0; 2]; 10]);
                for (m, r) in o.iter().enumerate() {
                    if let Some(r) = r {
                        t[k * 5 + m][0] += usize::from(*r);
                        t[k * 5 + m][1] += 1;
                    }
                }
            }
        }
    }
    let cell = |t: &[usize; 2]| {
        if t[1] == 0 {
            format!("{:>15}", "-")
        } else {
            format!("{:>6.3} ({:>4})", t[0] as f64 / t[1] as f64, t[1])
        }
    };
    let spur = |t: &[usize; 2]| {
        if t[1] == 0 {
            format!("{:>11}", "-")
        } else {
            format!("{:>5} / {:<4}", t[0], t[1])
        }
    };
    for set in ["wcxb", "dates"] {
        out.push_str(&format!(
            "\n{set}: CV (5 folds by domain) | fit\n{:<14}{:>15}{:>15}{:>13}{:>15}{:>13} | {:>15}{:>15}{:>13}{:>15}{:>13}\n",
            "type", "title", "author", "no author", "date", "no date", "title", "author", "no author", "date", "no date"
        ));
        let groups: Vec<&str> = if set == "wcxb" {
            TYPES.iter().copied().chain(["all"]).collect()
        } else {
            vec!["all"]
        };
        for g in groups {
            let Some(t) = tally.get(&(set.to_string(), g.to_string())) else {
                continue;
            };
            out.push_str(&format!(
                "{g:<14}{}{}{:>13}{}{:>13} | {}{}{:>13}{}{:>13}\n",
                cell(&t[0]),
                cell(&t[1]),
                spur(&t[4]),
                cell(&t[2]),
                spur(&t[3]),
                cell(&t[5]),
                cell(&t[6]),
                spur(&t[9]),
                cell(&t[7]),
                spur(&t[8]),
            ));
        }
        if let Some(t) = tally.get(&(set.to_string(), "all".to_string())) {
            let pct = |t: &[usize; 2]| t[0] as f64 / t[1].max(1) as f64;
            out.push_str(&match set {
                "wcxb" => format!(
                    "  {set} CV: title {:.3}, author {:.3}, date {:.3}, dates given to undated pages {} of {}, authors to unsigned {} of {} | fit: title {:.3}, author {:.3}, date {:.3}, {} undated, {} unsigned\n",
                    pct(&t[0]), pct(&t[1]), pct(&t[2]), t[3][0], t[3][1], t[4][0], t[4][1], pct(&t[5]), pct(&t[6]), pct(&t[7]), t[8][0], t[9][0]
                ),
                _ => format!("  {set} CV: date {:.3} | fit: date {:.3}\n", pct(&t[2]), pct(&t[7])),
            });
        }
    }
    out
}

fn write_predictions(
    path: &Path,
    set: &str,
    items: &[Item],
    choice: &[[Option<usize>; 3]],
) -> Result<(), String> {
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?,
    );
    for (i, it) in items.iter().enumerate().filter(|(_, it)| it.set == set) {
        let title = choice[i][0]
            .and_then(|k| it.cands.titles.get(k))
            .map(|c| c.text.clone());
        let authors = choice[i][1]
            .and_then(|k| it.cands.authors.get(k))
            .map(|c| c.names.clone())
            .unwrap_or_default();
        let published = choice[i][2]
            .and_then(|k| it.cands.dates.get(k))
            .and_then(|c| c.value.clone());
        let line = serde_json::json!({
            "id": it.id,
            "title": title,
            "authors": authors,
            "published": published,
            "date": published,
        });
        writeln!(f, "{line}").map_err(|e| format!("{}: {e}", path.display()))?;
    }
    f.flush().map_err(|e| format!("{}: {e}", path.display()))
}

fn dump(path: &Path, items: &[Item], cv: &[[Option<usize>; 3]]) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    let names = |x: &mt::Features| -> Vec<String> { x.names().map(str::to_string).collect() };
    for (i, it) in items.iter().enumerate() {
        let line = serde_json::json!({
            "set": it.set, "id": it.id, "fold": it.fold, "type": it.page_type,
            "gold": {"title": it.title, "author": it.author, "date": it.date},
            "cv": cv[i],
            "titles": it.cands.titles.iter().map(|c| serde_json::json!([c.text, c.source, names(&c.features)])).collect::<Vec<_>>(),
            "authors": it.cands.authors.iter().map(|c| serde_json::json!([c.names, c.source, names(&c.features)])).collect::<Vec<_>>(),
            "dates": it.cands.dates.iter().map(|c| serde_json::json!([c.value, c.source, names(&c.features)])).collect::<Vec<_>>(),
        });
        writeln!(f, "{line}")?;
    }
    f.flush()
}
