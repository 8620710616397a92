//! Quotations grouped by speaker, each linking to its article.

use maud::{html, Markup};

use super::{counted, Count, Ctx};
use crate::collect::{Collected, QuoteRow};

pub(super) fn quotes(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let data = &r.data;
    html! {
        section #quotes {
            h2 { "Who said what" }
            p.caption {
                "Direct quotations grouped by speaker, speakers with the most quotations first ("
                (r.analysis.speakers.len()) " of " (data.speakers.len()) " speakers, " (Count(data.quotes)) " quotations in all). "
                "Each speaker shows up to five of their latest quotations, each linking to its article. "
                "A quotation whose speaker could not be identified is listed last."
            }
            @if data.quotes == 0 {
                p.empty { "No quotations in these articles." }
            }
            @for &s in &r.analysis.speakers {
                @let speaker = &data.speakers[s as usize];
                @let kept = latest_first(&speaker.kept, data);
                div.speaker data-quotes=(speaker.quotes) data-speaker=[speaker.entity.map(|e| &data.entities[e as usize].id)] {
                    h3 {
                        @match (speaker.entity, speaker.name.is_empty()) {
                            (Some(e), _) => (ctx.entity_link(e)),
                            (None, false) => (speaker.name),
                            (None, true) => "Speaker not identified",
                        }
                        " " span.kind { (counted(speaker.quotes, "quotation", "quotations")) }
                    }
                    ul.quotes {
                        @for q in &kept {
                            li {
                                q { (q.text) }
                                br;
                                (ctx.article_meta(q.article)) " · " (ctx.article_link(q.article))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn latest_first(kept: &[QuoteRow], data: &Collected) -> Vec<QuoteRow> {
    let mut kept = kept.to_vec();
    kept.sort_by_key(|q| std::cmp::Reverse(data.articles[q.article as usize].day));
    kept
}
