//! Articles over time, per source, and the run history.

use maud::{html, Markup};

use super::{Count, Ctx};
use crate::analysis::RUNS_LISTED;
use crate::report::Scope;
use crate::svg::bars;

pub(super) fn volume(ctx: &Ctx) -> Markup {
    let a = &ctx.report.analysis;
    html! {
        section #volume {
            h2 { "Articles over time" }
            @match &a.timeline {
                None => p.empty { "No articles in this period." },
                Some(t) => {
                    figure {
                        (bars::stacked(t, &a.volume))
                        figcaption {
                            "Articles per " (t.unit.noun()) ", stacked by source. An article counts on the day it was published "
                            "(as the page wrote it), or on the day it was fetched when no publication date was found. "
                            "Hover over a bar for its figures."
                        }
                    }
                    table.sortable #sources {
                        thead { tr { th { "Source" } th.n { "Articles" } th.n { "Share" } } }
                        tbody {
                            @for s in &a.volume {
                                @let share = 100.0 * s.total as f64 / ctx.report.data.articles.len().max(1) as f64;
                                tr data-source=[s.name.as_deref()] {
                                    td {
                                        @match &s.name {
                                            Some(n) => (n),
                                            None => { (s.members) " other sources" },
                                        }
                                    }
                                    td.n data-n=(s.total) { (Count(s.total)) }
                                    td.n data-n=(format!("{share:.1}")) { (format!("{share:.1}")) " %" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn runs(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let caption = match &r.options.scope {
        Scope::Store => "Each crawl: URLs discovered, pages fetched, new and changed articles, items that failed and articles exported. Newest first",
        Scope::Run(_) => "This run and the runs before it on the same state store: URLs discovered, pages fetched, new and changed articles, items that failed and articles exported. Newest first",
    };
    html! {
        section #runs {
            h2 { "Runs" }
            p.caption {
                (caption)
                @if r.runs.len() >= RUNS_LISTED { "; the latest " (RUNS_LISTED) " are listed" }
                @if let Some(s) = &r.options.filter.source { "; figures are those of source " code { (s) } " (exported: all sources)" }
                "."
            }
            @if r.runs.is_empty() {
                p.empty { "No runs in this period." }
            } @else {
                table.sortable #run-history {
                    thead {
                        tr {
                            th { "Run" } th { "Status" } th.n { "Seconds" } th.n { "Discovered" }
                            th.n { "Fetched" } th.n { "New" } th.n { "Updated" } th.n { "Failed" } th.n { "Exported" }
                        }
                    }
                    tbody {
                        @for run in &r.runs {
                            tr data-run=(run.run_id) {
                                td { code { (run.run_id) } }
                                td { (run.status) }
                                @match run.duration_s {
                                    Some(s) => td.n data-n=(format!("{s:.1}")) { (format!("{s:.1}")) },
                                    None => td.n data-n="0" { "–" },
                                }
                                @match &run.figures {
                                    Some(f) => {
                                        @for n in [f.discovered, f.fetched, f.new_articles, f.updated_articles, f.failed, f.exported] {
                                            td.n data-n=(n) { (Count(n)) }
                                        }
                                    }
                                    None => { @for _ in 0..6 { td.n data-n="0" { "–" } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
