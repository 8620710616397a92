//! `newsmill extract INPUT... [--format jsonl|json|csv|markdown|text] [-o FILE]`:
//! one record per web page, HTML file (plain or gzip-compressed), file of a folder,
//! or HTML on stdin (`-`), in input order, on stdout or into a file.
//!
//! URLs are fetched with the crawler's fetcher: robots.txt, timeouts, size caps,
//! retries, and private, loopback and link-local addresses refused unless
//! `--allow-private` names the URL's own host (redirects elsewhere stay refused).
//! `[fetch]` of `--config` applies.
//!
//! The JSON record is the `articles.jsonl` record (`schema/articles.schema.json`)
//! plus `id` (the file name without `.gz` and `.html`/`.htm`, the URL as given, or
//! `-`) and, for a page the extractor judges not to be an article (listing, stub),
//! which is still printed, `not_article` with the reason. `--no-tag` leaves out
//! `entities`, `mentions` and `quotes`. An input that cannot be read or fetched
//! (missing, not HTML, bad gzip, HTTP error) gets one line on stderr naming it; the
//! other inputs go on, and the exit code is 1 when any failed.

mod input;
mod sink;

use std::collections::HashMap;
use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::Utc;
use newsmill_export::CsvOptions;
use newsmill_fetch::{FetchConfig, Fetched, Fetcher, Validators};
use newsmill_records::{Lead, Page, Record, RunId};
use newsmill_scrape::Extractor;
use newsmill_tag::Tagger;
use rayon::prelude::*;

use crate::args::{ExtractArgs, Locations};
use crate::commands::{build_extractor, build_tagger};
use crate::config::ConfigFile;
use input::Input;
use sink::{Extracted, Sink};

/// What the command needs from `--config` (or the defaults).
struct Settings {
    extractor: Extractor,
    watchlist: Option<std::path::PathBuf>,
    fetch: FetchConfig,
    csv: CsvOptions,
}

fn settings(args: &ExtractArgs) -> Result<Settings> {
    Ok(match &args.config {
        Some(path) => {
            let config = ConfigFile::read(path)?.resolve_offline(&Locations::default())?;
            Settings {
                extractor: build_extractor(&config)?,
                watchlist: config.watchlist,
                fetch: config.fetch,
                csv: config.export.csv,
            }
        }
        None => Settings {
            extractor: Extractor::new(Default::default()).context("cannot build the extractor")?,
            watchlist: None,
            fetch: FetchConfig::default(),
            csv: CsvOptions::default(),
        },
    })
}

/// Runs the command.
pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    let inputs = input::expand(&args.inputs)?;
    let Settings {
        extractor,
        watchlist,
        mut fetch,
        csv,
    } = settings(&args)?;
    let tagger = if args.no_tag {
        None
    } else {
        Some(build_tagger(watchlist.as_deref())?)
    };
    let urls = match &args.urls {
        Some(path) => input::read_url_map(path)?,
        None => HashMap::new(),
    };
    let fetcher = web_fetcher(&inputs, &mut fetch, args.allow_private)?;
    let stdin = match inputs.contains(&Input::Stdin) {
        true => Some(read_stdin()?),
        false => None,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.max(1))
        .build()
        .context("cannot start worker threads")?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut sink = Sink::new(args.format, BufWriter::new(out), &csv)?;
    let run_id = RunId::at(Utc::now());
    let mut failed = 0usize;
    for chunk in inputs.chunks(args.jobs.max(1) * 16) {
        let mut fetched = match &fetcher {
            Some((fetcher, runtime)) => runtime.block_on(fetch_urls(fetcher, chunk)),
            None => HashMap::new(),
        };
        let pages: Vec<Result<Page>> = chunk
            .iter()
            .enumerate()
            .map(|(i, input)| match input {
                Input::Url(_) => fetched
                    .remove(&i)
                    .unwrap_or_else(|| Err(anyhow::anyhow!("not fetched (internal error)"))),
                Input::File(path) => {
                    let url = args
                        .url
                        .as_deref()
                        .or_else(|| urls.get(&input.id()).map(String::as_str));
                    input::file_page(path, url)
                }
                Input::Stdin => {
                    let body = input::gunzip_if_needed(stdin.clone().unwrap_or_default())?;
                    let url = args.url.as_deref().unwrap_or("file:///dev/stdin");
                    Ok(Page::from_bytes("extract", url, body))
                }
            })
            .collect();
        let results: Vec<Result<Extracted>> = pool.install(|| {
            chunk
                .par_iter()
                .zip(pages)
                .map(|(input, page)| extract(input, page?, &extractor, tagger.as_ref(), &run_id))
                .collect()
        });
        for (input, result) in chunk.iter().zip(results) {
            match result {
                Ok(item) => sink.write(&item).context("cannot write the output")?,
                Err(err) => {
                    failed += 1;
                    sink.flush().context("cannot write the output")?;
                    eprintln!("newsmill: {}: {err:#}", input.display());
                }
            }
        }
    }
    sink.finish().context("cannot write the output")?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The fetcher and a runtime for it, when any input is a URL. `--allow-private`
/// adds each URL's own host (and port) to `allow_private_hosts`.
fn web_fetcher(
    inputs: &[Input],
    fetch: &mut FetchConfig,
    allow_private: bool,
) -> Result<Option<(Arc<Fetcher>, tokio::runtime::Runtime)>> {
    let urls: Vec<&url::Url> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Url(u) => Some(u),
            _ => None,
        })
        .collect();
    if urls.is_empty() {
        if allow_private {
            anyhow::bail!("--allow-private applies to URLs; no input is a URL");
        }
        return Ok(None);
    }
    if allow_private {
        for url in &urls {
            let host = url.host_str().context("a URL without a host")?;
            let port = url.port_or_known_default().unwrap_or(80);
            // `host_str` keeps IPv6 brackets: `[::1]:8080`.
            let entry = format!("{host}:{port}");
            if !fetch.allow_private_hosts.contains(&entry) {
                fetch.allow_private_hosts.push(entry);
            }
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let fetcher = {
        let _guard = runtime.enter();
        Fetcher::new(fetch.clone()).context("invalid [fetch] settings")?
    };
    Ok(Some((Arc::new(fetcher), runtime)))
}

/// Fetches the URL inputs of `chunk` at once (the fetcher keeps them polite), by
/// index in the chunk.
async fn fetch_urls(fetcher: &Arc<Fetcher>, chunk: &[Input]) -> HashMap<usize, Result<Page>> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, input) in chunk.iter().enumerate() {
        let Input::Url(url) = input else { continue };
        let fetcher = fetcher.clone();
        let lead = Lead {
            source: "extract".to_string(),
            url: url.to_string(),
            hints: Default::default(),
        };
        tasks.spawn(async move {
            let result = match fetcher.fetch(&lead, &Validators::default()).await {
                Ok(Fetched::Page(page)) => Ok(page),
                Ok(Fetched::NotModified) => Err(anyhow::anyhow!("304 Not Modified")),
                Err(err) => Err(anyhow::anyhow!("{}", err.reason())),
            };
            (i, result)
        });
    }
    let mut out = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((i, result)) => {
                out.insert(i, result);
            }
            Err(err) => tracing::error!(%err, "A fetch task failed."),
        }
    }
    out
}

fn read_stdin() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .context("cannot read stdin")?;
    Ok(bytes)
}

fn extract(
    input: &Input,
    page: Page,
    extractor: &Extractor,
    tagger: Option<&Tagger>,
    run_id: &RunId,
) -> Result<Extracted> {
    // Lenient: a page the extractor judges not to be an article (a listing, a stub)
    // still prints what was found, with the reason in `not_article`.
    let (article, not_article) = extractor.extract_lenient(&page)?;
    let tagged = tagger.map(|t| t.tag(&article)).unwrap_or_default();
    Ok(Extracted {
        id: input.id(),
        record: Record {
            run_id: run_id.clone(),
            article,
            tagged,
        },
        not_article,
        tagged: tagger.is_some(),
    })
}
