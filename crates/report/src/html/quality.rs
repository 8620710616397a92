//! Data quality: articles flagged paywalled, truncated or needing JavaScript,
//! articles with disagreeing or missing dates, failures by reason, and records
//! the report could not read.

use maud::{html, Markup};

use super::{Count, Ctx};
use crate::collect::flag;

/// Articles listed per flag.
const LISTED: usize = 25;

pub(super) fn quality(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let data = &r.data;
    let flags: [(u8, &str, &str, &str); 5] = [
        (
            flag::PAYWALLED,
            "paywalled",
            "Paywalled",
            "the page declares or shows a paywall: the text may be a teaser",
        ),
        (
            flag::TRUNCATED,
            "truncated",
            "Truncated",
            "the body is much shorter than the page promised, or the fetch hit the size cap",
        ),
        (
            flag::NEEDS_JS,
            "needs-js",
            "Needs JavaScript",
            "an app shell with no server-rendered text",
        ),
        (
            flag::DATES_DISAGREE,
            "dates-disagree",
            "Dates disagree",
            "the page's date candidates name different days; the chosen one may be wrong",
        ),
        (
            flag::UNDATED,
            "undated",
            "No publication date",
            "no date was found; the article counts on its fetch day",
        ),
    ];
    let count = |bit: u8| data.articles.iter().filter(|a| a.flags & bit != 0).count() as u64;
    html! {
        section #quality {
            h2 { "Data quality" }
            p.caption {
                "Which rows to distrust: articles flagged by the extractor, dates whose sources disagreed, "
                "and the items that failed, grouped by reason."
            }
            table #flags {
                thead { tr { th { "Flag" } th.n { "Articles" } th { "Meaning" } } }
                tbody {
                    @for (bit, id, label, meaning) in flags {
                        @let n = count(bit);
                        tr data-flag=(id) { td { (label) } td.n data-n=(n) { (Count(n)) } td { (meaning) } }
                    }
                }
            }
            @for (bit, id, label, _) in &flags[..3] {
                @let list: Vec<u32> = (0..data.articles.len() as u32).filter(|&i| data.articles[i as usize].flags & bit != 0).take(LISTED).collect();
                @if !list.is_empty() {
                    h3 id={ "flag-" (id) } { (label) " articles" @if count(*bit) > LISTED as u64 { " (first " (LISTED) ")" } }
                    ul.articles {
                        @for &i in &list { li { (ctx.article_meta(i)) " · " (ctx.article_link(i)) } }
                    }
                }
            }
            h3 #failures { "Failures by reason" }
            @if r.analysis.failure_groups.is_empty() {
                p.empty { "No failures." }
            } @else {
                p.caption { "URLs in the reasons are shown as <URL>, so that one cause is one row. Failed URLs are retried by the next run." }
                table.sortable #failure-reasons {
                    thead { tr { th { "Stage" } th { "Reason" } th.n { "Items" } th { "Sources" } th { "Example" } } }
                    tbody {
                        @for g in &r.analysis.failure_groups {
                            tr {
                                td { (serde_json::to_value(g.stage).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()) }
                                td { (g.reason) }
                                td.n data-n=(g.count) { (Count(g.count)) }
                                td { (g.sources.join(", ")) }
                                td { code { (crate::collect::cut(&g.example, 160)) } }
                            }
                        }
                    }
                }
            }
            h3 #disagreements { "Dates whose sources disagreed" }
            @if data.disagreements.is_empty() {
                p.empty { "None: wherever a page gave several dates, they named the same day." }
            } @else {
                p.caption { "Every date candidate with where it was found (JSON-LD, meta tags, the URL, the visible text…); \"chosen by\" names the rule whose date was kept." }
                table #disagreement-list {
                    thead { tr { th { "Article" } th { "Chosen by" } th { "Candidates" } } }
                    tbody {
                        @for d in data.disagreements.iter().take(LISTED * 2) {
                            tr {
                                td { (ctx.article_link(d.article)) br; (ctx.article_meta(d.article)) }
                                td { (d.rule) }
                                td {
                                    @for (i, c) in d.candidates.iter().enumerate() {
                                        @if i > 0 { br; }
                                        code { (c.value) } " ← " (c.origin)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if data.unreadable > 0 {
                h3 #unreadable { "Records that could not be read" }
                p { (Count(data.unreadable)) " stored records could not be read and are left out of this report:" }
                ul { @for (id, reason) in &data.unreadable_named { li { code { (id) } ": " (reason) } } }
            }
        }
    }
}
