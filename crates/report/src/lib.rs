/*!
The HTML report: one self-contained file an analyst opens in a browser to see what
a crawl found, with no server and no network.

Does:

* read the state store through the run crate's read-only API ([`from_store`]:
  the latest revision of every article in a period, optionally of one source, with
  the runs and failures of that period; [`from_run`]: the articles one run
  exported, for the `report.html` of its folder);
* read only what it shows of each record ([`Digest`]: no bodies, no mentions), in
  one pass whose memory grows with articles and distinct entities ([`Collector`]);
* show, each with a caption: articles per day (or week, month) per source and the
  run history; the top people, organisations, places and other names with mention
  and article counts and a trend line, watch-list entities first and marked; the
  strongest co-occurrences (person–organisation, person–place, person–person) as
  tables and a network drawing; a map of linked places (equirectangular, Natural
  Earth 1:110m outline shipped in `data/`); quotations by speaker linking to their
  articles; a section per entity (aliases, mentions over time, articles); data
  quality (flags, failures by reason, disagreeing dates);
* render one HTML file ([`Report::to_html`]): inline SVG charts built in Rust, the
  stylesheet and a small table-sorting script inline and allowed by hash in a
  Content-Security-Policy that forbids every load ([`content_security_policy`]),
  every stored text escaped, links only to `http(s)` pages; it prints, and works
  with JavaScript off.

Does not: write to the store, fetch anything, or load anything from the network
at view time (no tiles, fonts, scripts or images).

```no_run
use newsmill_report::{from_store, Filter, ReportOptions, Scope};
use newsmill_run::State;

let state = State::open_read_only("output/state.sqlite".as_ref())?.expect("a store");
let options = ReportOptions {
    title: "demo".into(),
    generated: chrono::Utc::now(),
    filter: Filter { source: Some("ledger-feed".into()), ..Filter::default() },
    scope: Scope::Store,
};
from_store(&state, options)?.write("report.html".as_ref())?;
# Ok::<(), Box<dyn std::error::Error>>(())
```
*/
#![deny(missing_docs)]

mod analysis;
mod collect;
mod digest;
mod error;
mod html;
mod report;
mod store;
mod svg;
mod timeline;

pub use crate::{
    analysis::{run_rows, Analysis, RunFigures, RunRow},
    collect::{Collected, Collector, Filter},
    digest::Digest,
    error::ReportError,
    html::content_security_policy,
    report::{write_atomic, Report, ReportOptions, Scope},
    store::{from_run, from_store},
    timeline::{Timeline, Unit},
};
