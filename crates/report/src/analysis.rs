//! From the gathered rows to what the report shows: the time axis and the
//! articles per source in each bin, the top entities of each type (watch-list
//! first), their trends and articles, who appears with whom, the places on the map,
//! the main speakers, failures grouped by reason and the run history.

use std::collections::HashMap;

use newsmill_records::{Failure, Label, Stage};
use newsmill_run::StoredRun;

use crate::collect::Collected;
use crate::timeline::Timeline;

/// Rows per entity table (watch-list entities are added on top).
pub const TOP_PER_TYPE: usize = 20;
/// Most watch-list entities shown per type.
const MAX_WATCHED: usize = 50;
/// Entities per type whose co-occurrences are counted.
const PAIR_CANDIDATES: usize = 100;
/// Rows per co-occurrence table.
pub const TOP_PAIRS: usize = 15;
/// Articles listed per entity.
pub const ARTICLES_PER_ENTITY: usize = 20;
/// Partners listed per entity.
const PARTNERS: usize = 8;
/// Places drawn on the map.
const MAP_PLACES: usize = 150;
/// Speakers shown.
const SPEAKERS: usize = 20;
/// Sources with a colour of their own in the volume chart.
const SOURCE_COLOURS: usize = 7;
/// Failure groups listed.
const FAILURE_GROUPS: usize = 50;
/// Runs listed.
pub const RUNS_LISTED: usize = 30;

/// The entity types in the order the report shows them, with their headings.
pub const KINDS: [(Label, &str, &str); 4] = [
    (Label::Per, "people", "People"),
    (Label::Org, "organisations", "Organisations"),
    (Label::Loc, "places", "Places"),
    (Label::Misc, "other-names", "Other names"),
];

/// The co-occurrence kinds, with their headings.
pub const PAIR_KINDS: [(Label, Label, &str); 3] = [
    (Label::Per, Label::Org, "Person – organisation"),
    (Label::Per, Label::Loc, "Person – place"),
    (Label::Per, Label::Per, "Person – person"),
];

/// Articles of one source (or of all the smaller sources together) per bin.
#[derive(Clone, Debug)]
pub struct SourceSeries {
    /// The source's name, or `None` for the other sources together.
    pub name: Option<String>,
    /// Sources merged into this series.
    pub members: usize,
    /// Articles per bin.
    pub bins: Vec<u32>,
    /// Articles in all.
    pub total: u64,
}

/// Two entities appearing in the same articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    /// Index into [`PAIR_KINDS`].
    pub kind: usize,
    /// First entity (the person).
    pub a: u32,
    /// Second entity.
    pub b: u32,
    /// Articles naming both.
    pub articles: u32,
}

/// Failures with the same stage and reason.
#[derive(Clone, Debug)]
pub struct FailureGroup {
    /// The stage.
    pub stage: Stage,
    /// The reason, URLs replaced by `<URL>`.
    pub reason: String,
    /// Failures.
    pub count: u64,
    /// Sources they came from.
    pub sources: Vec<String>,
    /// One item that failed so.
    pub example: String,
}

/// What the report shows, computed from the gathered rows.
#[derive(Debug, Default)]
pub struct Analysis {
    /// The time axis (none without articles).
    pub timeline: Option<Timeline>,
    /// Articles per source per bin, largest source first.
    pub volume: Vec<SourceSeries>,
    /// Per [`KINDS`] entry: the entities listed, watch-list first.
    pub top: Vec<Vec<u32>>,
    /// Entities with a section of their own (every listed one), in listing order.
    pub shown: Vec<u32>,
    /// Mentions per bin, for each shown entity.
    pub series: HashMap<u32, Vec<u32>>,
    /// The latest articles of each shown entity (indices, newest first).
    pub entity_articles: HashMap<u32, Vec<u32>>,
    /// Per [`PAIR_KINDS`] entry: the strongest pairs.
    pub pairs: Vec<Vec<Pair>>,
    /// Entities most often named with each shown entity, with the articles shared.
    pub partners: HashMap<u32, Vec<(u32, u32)>>,
    /// Linked places, most mentioned first.
    pub places: Vec<u32>,
    /// Speakers with the most quotations.
    pub speakers: Vec<u32>,
    /// Failures grouped by stage and reason, most frequent first.
    pub failure_groups: Vec<FailureGroup>,
    /// Failures in all.
    pub failures: u64,
}

/// Computes the [`Analysis`] of `data`, with `failures` in the report's scope.
pub fn analyse(data: &Collected, failures: &[Failure]) -> Analysis {
    let mut out = Analysis {
        failures: failures.len() as u64,
        failure_groups: group_failures(failures),
        ..Analysis::default()
    };
    let (Some(first), Some(last)) = (
        data.articles.iter().map(|a| a.day).min(),
        data.articles.iter().map(|a| a.day).max(),
    ) else {
        out.top = vec![Vec::new(); KINDS.len()];
        out.pairs = vec![Vec::new(); PAIR_KINDS.len()];
        return out;
    };
    let timeline = Timeline::new(first, last);
    out.volume = volume(data, &timeline);
    out.top = KINDS.iter().map(|(k, _, _)| top(data, *k)).collect();
    out.shown = out.top.iter().flatten().copied().collect();
    let shown: HashMap<u32, usize> = out.shown.iter().enumerate().map(|(i, &e)| (e, i)).collect();
    let mut series = vec![vec![0u32; timeline.bins]; out.shown.len()];
    let mut articles: Vec<Vec<u32>> = vec![Vec::new(); out.shown.len()];
    for (i, article) in data.articles.iter().enumerate() {
        let bin = timeline.bin(article.day);
        for &(e, mentions) in data.links(i) {
            if let Some(&s) = shown.get(&e) {
                series[s][bin] += mentions;
                articles[s].push(i as u32);
            }
        }
    }
    for (s, mut list) in articles.into_iter().enumerate() {
        list.sort_by(|&x, &y| {
            let (x, y) = (&data.articles[x as usize], &data.articles[y as usize]);
            y.day.cmp(&x.day).then_with(|| x.title.cmp(&y.title))
        });
        list.truncate(ARTICLES_PER_ENTITY);
        out.entity_articles.insert(out.shown[s], list);
    }
    out.series = out.shown.iter().copied().zip(series).collect();
    (out.pairs, out.partners) = cooccurrences(data, &out.shown);
    let mut places: Vec<u32> = (0..data.entities.len() as u32)
        .filter(|&e| data.entities[e as usize].geo.is_some())
        .collect();
    places.sort_by(|&x, &y| rank(data, x, y));
    places.truncate(MAP_PLACES);
    out.places = places;
    let mut speakers: Vec<u32> = (0..data.speakers.len() as u32).collect();
    speakers.sort_by(|&x, &y| {
        let (x, y) = (&data.speakers[x as usize], &data.speakers[y as usize]);
        (x.name.is_empty().cmp(&y.name.is_empty()))
            .then(y.quotes.cmp(&x.quotes))
            .then_with(|| x.name.cmp(&y.name))
    });
    speakers.truncate(SPEAKERS);
    out.speakers = speakers;
    out.timeline = Some(timeline);
    out
}

/// Most mentions first, then most articles, then by name and id.
fn rank(data: &Collected, x: u32, y: u32) -> std::cmp::Ordering {
    let (x, y) = (&data.entities[x as usize], &data.entities[y as usize]);
    y.mentions
        .cmp(&x.mentions)
        .then(y.articles.cmp(&x.articles))
        .then_with(|| x.name.cmp(&y.name))
        .then_with(|| x.id.cmp(&y.id))
}

fn top(data: &Collected, kind: Label) -> Vec<u32> {
    let of_kind =
        (0..data.entities.len() as u32).filter(|&e| data.entities[e as usize].label == kind);
    let (mut watched, mut rest): (Vec<u32>, Vec<u32>) =
        of_kind.partition(|&e| data.entities[e as usize].watched);
    watched.sort_by(|&x, &y| rank(data, x, y));
    watched.truncate(MAX_WATCHED);
    rest.sort_by(|&x, &y| rank(data, x, y));
    rest.truncate(TOP_PER_TYPE);
    watched.extend(rest);
    watched
}

fn volume(data: &Collected, timeline: &Timeline) -> Vec<SourceSeries> {
    let mut per_source = vec![vec![0u32; timeline.bins]; data.sources.len()];
    for a in &data.articles {
        per_source[a.source as usize][timeline.bin(a.day)] += 1;
    }
    let mut series: Vec<SourceSeries> = per_source
        .into_iter()
        .enumerate()
        .map(|(s, bins)| SourceSeries {
            name: Some(data.sources[s].clone()),
            members: 1,
            total: bins.iter().map(|&n| u64::from(n)).sum(),
            bins,
        })
        .collect();
    series.sort_by(|x, y| y.total.cmp(&x.total).then_with(|| x.name.cmp(&y.name)));
    if series.len() > SOURCE_COLOURS + 1 {
        let rest = series.split_off(SOURCE_COLOURS);
        let mut other = SourceSeries {
            name: None,
            members: rest.len(),
            bins: vec![0; timeline.bins],
            total: 0,
        };
        for s in rest {
            other.total += s.total;
            for (o, n) in other.bins.iter_mut().zip(s.bins) {
                *o += n;
            }
        }
        series.push(other);
    }
    series
}

type Partners = HashMap<u32, Vec<(u32, u32)>>;

/// Counts, for the most frequent entities of each type (and every shown one), the
/// articles each two appear in together; one pass over the articles with a dense
/// matrix, so the cost does not depend on how many entities there are in all.
fn cooccurrences(data: &Collected, shown: &[u32]) -> (Vec<Vec<Pair>>, Partners) {
    let mut slot = vec![u32::MAX; data.entities.len()];
    let mut candidates: Vec<u32> = Vec::new();
    let mut add = |e: u32, candidates: &mut Vec<u32>| {
        if slot[e as usize] == u32::MAX {
            slot[e as usize] = candidates.len() as u32;
            candidates.push(e);
        }
    };
    for &e in shown {
        add(e, &mut candidates);
    }
    for (kind, _, _) in KINDS {
        let mut of_kind: Vec<u32> = (0..data.entities.len() as u32)
            .filter(|&e| data.entities[e as usize].label == kind)
            .collect();
        of_kind.sort_by(|&x, &y| {
            let (a, b) = (&data.entities[x as usize], &data.entities[y as usize]);
            b.articles.cmp(&a.articles).then(x.cmp(&y))
        });
        for e in of_kind.into_iter().take(PAIR_CANDIDATES) {
            add(e, &mut candidates);
        }
    }
    let n = candidates.len();
    let mut matrix = vec![0u32; n * n];
    let mut present: Vec<u32> = Vec::new();
    for i in 0..data.articles.len() {
        present.clear();
        present.extend(
            data.links(i)
                .iter()
                .map(|&(e, _)| slot[e as usize])
                .filter(|&s| s != u32::MAX),
        );
        present.sort_unstable();
        present.dedup();
        for (k, &x) in present.iter().enumerate() {
            for &y in &present[k + 1..] {
                matrix[x as usize * n + y as usize] += 1;
            }
        }
    }
    let together = |x: u32, y: u32| {
        let (x, y) = (slot[x as usize] as usize, slot[y as usize] as usize);
        matrix[x.min(y) * n + x.max(y)]
    };
    let label = |e: u32| data.entities[e as usize].label;
    let mut pairs: Vec<Vec<Pair>> = vec![Vec::new(); PAIR_KINDS.len()];
    for (k, (la, lb, _)) in PAIR_KINDS.iter().enumerate() {
        let firsts: Vec<u32> = candidates
            .iter()
            .copied()
            .filter(|&e| label(e) == *la)
            .collect();
        let seconds: Vec<u32> = candidates
            .iter()
            .copied()
            .filter(|&e| label(e) == *lb)
            .collect();
        for &a in &firsts {
            for &b in &seconds {
                if la == lb && slot[b as usize] <= slot[a as usize] {
                    continue;
                }
                let articles = together(a, b);
                if articles > 0 {
                    pairs[k].push(Pair {
                        kind: k,
                        a,
                        b,
                        articles,
                    });
                }
            }
        }
        pairs[k].sort_by(|x, y| {
            y.articles
                .cmp(&x.articles)
                .then_with(|| {
                    data.entities[x.a as usize]
                        .name
                        .cmp(&data.entities[y.a as usize].name)
                })
                .then_with(|| {
                    data.entities[x.b as usize]
                        .name
                        .cmp(&data.entities[y.b as usize].name)
                })
        });
        pairs[k].truncate(TOP_PAIRS);
    }
    let mut partners = HashMap::new();
    for &e in shown {
        let mut list: Vec<(u32, u32)> = candidates
            .iter()
            .filter(|&&o| o != e)
            .map(|&o| (o, together(e, o)))
            .filter(|&(_, n)| n > 0)
            .collect();
        list.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| rank(data, x.0, y.0)));
        list.truncate(PARTNERS);
        partners.insert(e, list);
    }
    (pairs, partners)
}

/// Groups failures by stage and reason, URLs in the reason replaced by `<URL>` so
/// that one cause failing on many pages is one row.
fn group_failures(failures: &[Failure]) -> Vec<FailureGroup> {
    let mut groups: Vec<FailureGroup> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for f in failures {
        let reason = without_urls(&f.reason);
        let stage = serde_json::to_value(f.stage)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let g = *index.entry((stage, reason.clone())).or_insert_with(|| {
            groups.push(FailureGroup {
                stage: f.stage,
                reason,
                count: 0,
                sources: Vec::new(),
                example: f.item.clone(),
            });
            groups.len() - 1
        });
        let group = &mut groups[g];
        group.count += 1;
        if !group.sources.contains(&f.source) {
            group.sources.push(f.source.clone());
        }
    }
    groups.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.reason.cmp(&y.reason)));
    groups.truncate(FAILURE_GROUPS);
    for g in &mut groups {
        g.sources.sort();
    }
    groups
}

fn without_urls(reason: &str) -> String {
    let mut out = String::with_capacity(reason.len());
    let mut rest = reason;
    while let Some(at) = ["http://", "https://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        out.push_str(&rest[..at]);
        out.push_str("<URL>");
        let end = rest[at..]
            .find(|c: char| c.is_whitespace() || c == ')' || c == '"' || c == '\'')
            .map_or(rest.len(), |n| at + n);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// One run, as the report lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunRow {
    /// The run id.
    pub run_id: String,
    /// `finished`, `running` or `interrupted`.
    pub status: String,
    /// Seconds it took, when finished.
    pub duration_s: Option<f64>,
    /// URLs discovered, pages fetched, new and updated articles, failures, exported
    /// articles (for a finished run; with a source filter, that source's figures).
    pub figures: Option<RunFigures>,
}

/// A finished run's totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunFigures {
    /// URLs discovered.
    pub discovered: u64,
    /// Pages fetched.
    pub fetched: u64,
    /// New articles.
    pub new_articles: u64,
    /// Changed articles.
    pub updated_articles: u64,
    /// Items failed.
    pub failed: u64,
    /// Articles exported (all sources).
    pub exported: u64,
}

/// The run history, newest first, at most [`RUNS_LISTED`] runs; with `source`, the
/// figures are that source's.
pub fn run_rows(runs: &[StoredRun], source: Option<&str>) -> Vec<RunRow> {
    runs.iter()
        .rev()
        .take(RUNS_LISTED)
        .map(|r| RunRow {
            run_id: r.run_id.clone(),
            status: r.status.clone(),
            duration_s: r
                .summary
                .as_ref()
                .map(|s| (s.finished - s.started).num_milliseconds() as f64 / 1000.0),
            figures: r.summary.as_ref().map(|s| {
                let mut f = RunFigures {
                    exported: s.exported,
                    ..RunFigures::default()
                };
                for src in s
                    .sources
                    .iter()
                    .filter(|x| source.is_none_or(|n| n == x.name))
                {
                    f.discovered += src.discovered;
                    f.fetched += src.fetched;
                    f.new_articles += src.new_articles;
                    f.updated_articles += src.updated_articles;
                }
                f.failed = match source {
                    None => s.failures.len() as u64,
                    Some(_) => s
                        .sources
                        .iter()
                        .filter(|x| source.is_none_or(|n| n == x.name))
                        .map(|x| x.failed)
                        .sum(),
                };
                f
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_leave_failure_reasons() {
        assert_eq!(
            without_urls("HTTP 500 from https://a.example/x?y=1 after 3 attempts"),
            "HTTP 500 from <URL> after 3 attempts"
        );
        assert_eq!(
            without_urls("cannot fetch (http://b.example/) and https://c.example"),
            "cannot fetch (<URL>) and <URL>"
        );
        assert_eq!(without_urls("timed out"), "timed out");
    }
}
