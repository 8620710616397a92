//! The map of linked places.

use maud::{html, Markup};

use super::{Count, Ctx};
use crate::svg::map;

/// Places listed under the map.
const LISTED: usize = 15;

pub(super) fn map(ctx: &Ctx) -> Markup {
    let data = &ctx.report.data;
    let places: Vec<map::Place> = ctx
        .report
        .analysis
        .places
        .iter()
        .filter_map(|&e| {
            let entity = &data.entities[e as usize];
            let geo = entity.geo.as_ref()?;
            Some(map::Place {
                name: entity.name.to_string(),
                lon: geo.longitude,
                lat: geo.latitude,
                mentions: entity.mentions,
                articles: entity.articles,
                anchor: ctx.anchors.get(&e).cloned(),
            })
        })
        .filter(|p| {
            p.lon.is_finite() && p.lat.is_finite() && p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0
        })
        .collect();
    let linked = data.entities.iter().filter(|e| e.geo.is_some()).count();
    let view = map::frame(&places);
    let outside: Vec<&map::Place> = places
        .iter()
        .filter(|p| !view.contains(p.lon, p.lat))
        .collect();
    html! {
        section #map {
            h2 { "Map of places" }
            p.caption {
                "Places linked to GeoNames, each a circle whose area grows with its mentions; the "
                (places.len()) " most mentioned of " (linked) " linked places are drawn. "
                "Equirectangular projection, framed around the places; country outlines from Natural Earth 1:110m. "
                "Places the tagger could not link to GeoNames are not drawn (they are in the tables above)."
                @if !outside.is_empty() {
                    " The frame holds the bulk of the mentions; " (outside.len()) " places lie outside it: "
                    @for (i, p) in outside.iter().take(10).enumerate() {
                        @if i > 0 { ", " }
                        (p.name) " (" (p.mentions) ")"
                    }
                    @if outside.len() > 10 { ", …" }
                    "."
                }
            }
            @if places.is_empty() {
                p.empty { "No linked places in these articles." }
            } @else {
                figure {
                    (map::map(&places, &view))
                    figcaption { "Click a circle for the place's section." }
                }
                table.sortable #map-places {
                    thead { tr { th { "Place" } th { "Country" } th.n { "Mentions" } th.n { "Articles" } } }
                    tbody {
                        @for &e in ctx.report.analysis.places.iter().take(LISTED) {
                            @let entity = &data.entities[e as usize];
                            tr data-entity=(entity.id) {
                                td { (ctx.entity_link(e)) }
                                td { @if let Some(g) = &entity.geo { (g.country_code) } }
                                td.n data-n=(entity.mentions) { (Count(entity.mentions)) }
                                td.n data-n=(entity.articles) { (Count(u64::from(entity.articles))) }
                            }
                        }
                    }
                }
            }
        }
    }
}
