//! The fetch benchmark's crawler: discovers a sitemap and fetches every page it
//! lists through [`Fetcher`], with politeness lifted (no delay, N requests in
//! flight), then prints pages/s. Bodies are dropped once counted.
//!
//! `cargo run --release -p newsmill-fetch --example crawl -- http://127.0.0.1:8099/sitemap.xml 16`

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Instant,
};

use newsmill_fetch::{FetchConfig, Fetched, Fetcher, SourceConfig, SourceKind, Validators};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let sitemap = args
        .get(1)
        .ok_or("usage: crawl SITEMAP_URL [CONCURRENCY]")?
        .clone();
    let concurrency: usize = args.get(2).map(|c| c.parse()).transpose()?.unwrap_or(16);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let fetcher = Arc::new(Fetcher::new(FetchConfig {
            per_host_delay_secs: 0.0,
            per_host_concurrency: concurrency,
            global_concurrency: concurrency,
            allow_private: true,
            ..FetchConfig::default()
        })?);
        let start = Instant::now();
        let source = SourceConfig::new("bench", SourceKind::Sitemap, &sitemap);
        let discovery = fetcher.discover(&source).await?;
        let leads = Arc::new(std::sync::Mutex::new(discovery.leads));
        let (pages, bytes, failed) = (
            Arc::new(AtomicU64::new(0)),
            Arc::new(AtomicU64::new(0)),
            Arc::new(AtomicU64::new(0)),
        );
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..concurrency {
            let (f, leads, pages, bytes, failed) = (
                fetcher.clone(),
                leads.clone(),
                pages.clone(),
                bytes.clone(),
                failed.clone(),
            );
            workers.spawn(async move {
                loop {
                    let Some(lead) = leads.lock().expect("leads").pop() else {
                        return;
                    };
                    match f.fetch(&lead, &Validators::default()).await {
                        Ok(Fetched::Page(p)) => {
                            pages.fetch_add(1, Ordering::Relaxed);
                            bytes.fetch_add(p.body.len() as u64, Ordering::Relaxed);
                        }
                        Ok(Fetched::NotModified) => {}
                        Err(e) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                            eprintln!("{e}");
                        }
                    }
                }
            });
        }
        while workers.join_next().await.is_some() {}
        let secs = start.elapsed().as_secs_f64();
        let n = pages.load(Ordering::Relaxed);
        println!(
            "newsmill-fetch pages={n} failed={} bytes={} secs={secs:.2} pages_per_s={:.0}",
            failed.load(Ordering::Relaxed),
            bytes.load(Ordering::Relaxed),
            n as f64 / secs
        );
        Ok::<(), Box<dyn std::error::Error>>(())
    })
}
