//! People, organisations, places and other names: the top of each type with a
//! trend line (watch-list first and marked), who appears with whom (ranked tables
//! and a network drawing), and one section per listed entity.

use maud::{html, Markup};

use super::{counted, Count, Ctx};
use crate::analysis::{Pair, ARTICLES_PER_ENTITY, KINDS, PAIR_KINDS, TOP_PER_TYPE};
use crate::collect::{cut, EntityAcc};
use crate::svg::{bars, kind_colour, network};

/// Pairs drawn in the network.
const NETWORK_EDGES: usize = 18;

pub(super) fn tables(ctx: &Ctx) -> Markup {
    let a = &ctx.report.analysis;
    html! {
        section #entities {
            h2 { "People, organisations, places and other names" }
            p.caption {
                "The entities named most often in the period, " (TOP_PER_TYPE) " of each type, after the watch-list's entities, which come first and are marked "
                span.watch { "★ watch-list" } ". Mentions count every time an entity is named; articles count the articles naming it. "
                "The trend line shows mentions per " (a.timeline.as_ref().map_or("day", |t| t.unit.noun())) " over the period. Click a name for its section; click a column heading to sort."
            }
            @if ctx.report.data.entities.is_empty() {
                p.empty { "No entities were tagged in these articles." }
            }
            div {
                @for (k, (_, id, heading)) in KINDS.iter().enumerate() {
                    @let list = &a.top[k];
                    @if !list.is_empty() {
                        h3 #(id) { (heading) }
                        table.sortable.entities id={ "top-" (id) } {
                            thead { tr { th.n { "#" } th { "Name" } th.n { "Mentions" } th.n { "Articles" } th { "Trend" } } }
                            tbody {
                                @for (rank, &e) in list.iter().enumerate() {
                                    @let entity = &ctx.report.data.entities[e as usize];
                                    tr.watched[entity.watched] data-entity=(entity.id) {
                                        td.n data-n=(rank + 1) { (rank + 1) }
                                        td { (ctx.entity_link(e)) @if entity.watched { " " (watch_mark(entity)) } }
                                        td.n.mentions data-n=(entity.mentions) { (Count(entity.mentions)) }
                                        td.n.articles data-n=(entity.articles) { (Count(u64::from(entity.articles))) }
                                        td.spark {
                                            @if let Some(series) = a.series.get(&e) {
                                                (bars::sparkline(series, &format!("Mentions of {} over time", entity.name)))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn watch_mark(entity: &EntityAcc) -> Markup {
    html! {
        span.watch title="On the watch-list" {
            "★ watch-list"
            @if !entity.labels.is_empty() { " (" (entity.labels.join(", ")) ")" }
        }
    }
}

pub(super) fn pairs(ctx: &Ctx) -> Markup {
    let a = &ctx.report.analysis;
    let data = &ctx.report.data;
    let mut strongest: Vec<Pair> = a.pairs.iter().flatten().copied().collect();
    strongest.sort_by(|x, y| y.articles.cmp(&x.articles).then(x.kind.cmp(&y.kind)));
    strongest.truncate(NETWORK_EDGES);
    let mut members: Vec<u32> = strongest.iter().flat_map(|p| [p.a, p.b]).collect();
    members.sort_by_key(|&e| {
        (
            KINDS
                .iter()
                .position(|k| k.0 == data.entities[e as usize].label),
            e,
        )
    });
    members.dedup();
    let nodes: Vec<network::Node> = members
        .iter()
        .map(|&e| network::Node {
            name: cut(&data.entities[e as usize].name, 28),
            label: data.entities[e as usize].label,
            anchor: ctx.anchors.get(&e).cloned(),
        })
        .collect();
    let position = |e: u32| members.iter().position(|&m| m == e).unwrap_or(0);
    let edges: Vec<network::Edge> = strongest
        .iter()
        .map(|p| network::Edge {
            a: position(p.a),
            b: position(p.b),
            weight: p.articles,
        })
        .collect();
    html! {
        section #cooccurrence {
            h2 { "Who appears with whom" }
            p.caption {
                "Pairs of entities named in the same articles, ranked by the number of articles naming both, "
                "among the most frequent entities of each type. A pair of frequent entities can rank high by chance: "
                "compare with each entity's own article count."
            }
            @if strongest.is_empty() {
                p.empty { "No person was named together with another entity." }
            } @else {
                div.grid2 {
                    @for (k, (_, _, heading)) in PAIR_KINDS.iter().enumerate() {
                        div {
                            h3 { (heading) }
                            @if a.pairs[k].is_empty() {
                                p.empty { "None." }
                            } @else {
                                table.sortable.pairs id={ "pairs-" (k) } {
                                    thead { tr { th { "Entity" } th { "with" } th.n { "Articles" } } }
                                    tbody {
                                        @for p in &a.pairs[k] {
                                            tr data-a=(data.entities[p.a as usize].id) data-b=(data.entities[p.b as usize].id) {
                                                td { (ctx.entity_link(p.a)) }
                                                td { (ctx.entity_link(p.b)) }
                                                td.n data-n=(p.articles) { (p.articles) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                figure {
                    (network::network(&nodes, &edges))
                    figcaption {
                        "The " (strongest.len()) " strongest pairs as a network: lines are thicker the more articles name both; colours give the type ("
                        @for (i, (label, _, heading)) in KINDS.iter().enumerate() {
                            @if i > 0 { ", " }
                            svg.swatch width="10" height="10" aria-hidden="true" {
                                rect width="10" height="10" fill=(kind_colour(*label)) {}
                            }
                            " " (heading.to_lowercase())
                        }
                        ")."
                    }
                }
            }
        }
    }
}

pub(super) fn pages(ctx: &Ctx) -> Markup {
    let r = ctx.report;
    let a = &r.analysis;
    html! {
        section #entity-pages {
            h2 { "Entity pages" }
            p.caption {
                "One section per listed entity: its type and id, the ways it was written, mentions over time, "
                "the entities most often named with it, and its latest " (ARTICLES_PER_ENTITY) " articles with links."
            }
            @if a.shown.is_empty() {
                p.empty { "No entities to show." }
            }
            @for &e in &a.shown {
                (entity_page(ctx, e))
            }
        }
    }
}

fn entity_page(ctx: &Ctx, e: u32) -> Markup {
    let r = ctx.report;
    let a = &r.analysis;
    let entity = &r.data.entities[e as usize];
    let kind = KINDS
        .iter()
        .find(|k| k.0 == entity.label)
        .map_or("other", |k| k.2);
    let mut aliases = entity.aliases.clone();
    aliases.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    let articles = a.entity_articles.get(&e).map_or(&[][..], Vec::as_slice);
    html! {
        article.entity id=[ctx.anchors.get(&e)] data-entity=(entity.id) {
            h3 {
                (entity.name) " " span.kind { (kind) }
                @if entity.watched { " " (watch_mark(entity)) }
            }
            p {
                code { (entity.id) } " · "
                span.mentions data-n=(entity.mentions) { (counted(entity.mentions, "mention", "mentions")) } " in "
                span.articles data-n=(entity.articles) { (counted(u64::from(entity.articles), "article", "articles")) }
                @if let Some(geo) = &entity.geo {
                    " · GeoNames "
                    a href={ "https://www.geonames.org/" (geo.geonames_id) } rel="noopener noreferrer" referrerpolicy="no-referrer" { (geo.geonames_id) }
                    " (" (geo.country_code) ", " (format!("{:.2}", geo.latitude)) ", " (format!("{:.2}", geo.longitude)) ")"
                }
            }
            @if !aliases.is_empty() {
                p { "Written as: "
                    @for (i, (alias, n)) in aliases.iter().take(12).enumerate() {
                        @if i > 0 { ", " }
                        (cut(alias, 80)) " (" (n) ")"
                    }
                    @if aliases.len() > 12 { ", …" }
                }
            }
            @if let (Some(t), Some(series)) = (&a.timeline, a.series.get(&e)) {
                figure {
                    (bars::trend(t, series, &format!("Mentions of {} per {}", entity.name, t.unit.noun())))
                    figcaption { "Mentions per " (t.unit.noun()) "." }
                }
            }
            @if let Some(partners) = a.partners.get(&e).filter(|p| !p.is_empty()) {
                p { "Most often named with: "
                    @for (i, (o, n)) in partners.iter().enumerate() {
                        @if i > 0 { ", " }
                        (ctx.entity_link(*o)) " (" (n) ")"
                    }
                }
            }
            h4 { "Articles" @if u64::from(entity.articles) > articles.len() as u64 { " (latest " (articles.len()) " of " (Count(u64::from(entity.articles))) ")" } }
            ul.articles {
                @for &i in articles {
                    li { (ctx.article_meta(i)) " · " (ctx.article_link(i)) }
                }
            }
        }
    }
}
