//! Discovery: turning a configured source into [`Lead`]s, then filtering them
//! (include/exclude patterns, `since`, duplicates, `max_pages`).

mod dates;
mod feed;
mod listing;
mod site;
mod sitemap;

use chrono::NaiveDate;
use newsmill_records::Lead;
use tracing::{debug, info, info_span, Instrument};
use url::Url;

use crate::{
    config::{Filters, SourceConfig, SourceKind},
    error::FetchError,
    fetcher::Fetcher,
    url_set::UrlSet,
};

pub(crate) use dates::parse_w3c_date;
pub(crate) use feed::parse_feed;
pub use site::{feed_links, SiteSurvey, SurveyHit};
pub use sitemap::SitemapEntry;
pub(crate) use sitemap::{parse_sitemap, Sitemap};

/// What discovery found in one source.
#[derive(Debug, Default)]
pub struct Discovery {
    /// URLs to fetch, normalised, newest first when the source dates them.
    pub leads: Vec<Lead>,
    /// Problems with single entries, child sitemaps or listing pages; the rest of
    /// the source was still read. Each names the URL it is about.
    pub errors: Vec<FetchError>,
    /// Leads dropped by the filters: include/exclude, `since`, `max_pages`, or
    /// already found (in this source or an earlier one of this fetcher).
    pub skipped: usize,
}

/// Leads and entry errors as a source yields them, before filtering.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub leads: Vec<Lead>,
    pub errors: Vec<FetchError>,
}

impl Fetcher {
    /// Reads a web source (feed, sitemap, robots.txt, listing) into leads.
    ///
    /// Fails when the source itself cannot be read (its URL unreachable, the feed or
    /// sitemap malformed); problems with single entries or child sitemaps go to
    /// [`Discovery::errors`] instead. Leads already returned by an earlier call on
    /// this fetcher are skipped, so sources overlapping in one run yield each URL
    /// once. Archive sources (`folder`, `warc`) are read with
    /// [`crate::read_archive`].
    pub async fn discover(&self, source: &SourceConfig) -> Result<Discovery, FetchError> {
        let filters = source.filters()?;
        if source.kind.is_archive() {
            return Err(source.invalid(format!(
                "{} sources are read with read_archive, not discovered",
                source.kind.as_str()
            )));
        }
        self.register_source(source);
        let raw = source.web_url()?;
        let url = crate::normalize::normalize_parsed(
            Url::parse(raw.trim()).map_err(|e| FetchError::InvalidUrl {
                url: raw.to_string(),
                reason: e.to_string(),
            })?,
            raw,
        )?;
        let allow = self.private_hosts(&source.name);
        let span = info_span!("source", source = %source.name, kind = source.kind.as_str());
        let found = async {
            match source.kind {
                SourceKind::Feed => feed::discover(self, source, &url, &allow).await,
                SourceKind::Sitemap => {
                    sitemap::discover(self, source, vec![url.clone()], &allow, true).await
                }
                SourceKind::Robots => {
                    let entry = self.robots_for(&url, &allow).await?;
                    let robots_url = format!("{}/robots.txt", url.origin().ascii_serialization());
                    if let crate::robots::Rules::Unavailable(reason) = &entry.rules {
                        return Err(FetchError::RobotsUnavailable {
                            url: robots_url,
                            reason: reason.clone(),
                        });
                    }
                    let mut roots = Vec::new();
                    let mut errors = Vec::new();
                    for s in entry.sitemaps() {
                        match crate::normalize::resolve(&url, s) {
                            Ok(u) => roots.push(u),
                            Err(e) => errors.push(FetchError::MalformedSitemap {
                                url: robots_url.clone(),
                                reason: format!("Sitemap line {s:?}: {e}"),
                            }),
                        }
                    }
                    if roots.is_empty() && errors.is_empty() {
                        errors
                            .push(source.invalid(format!("{robots_url} lists no Sitemap: lines")));
                    }
                    let mut found = sitemap::discover(self, source, roots, &allow, false).await?;
                    found.errors.extend(errors);
                    Ok(found)
                }
                SourceKind::Listing => {
                    listing::discover(self, source, &filters, &url, &allow).await
                }
                SourceKind::Folder | SourceKind::Warc => {
                    unreachable!("archive kinds returned above")
                }
            }
        }
        .instrument(span)
        .await?;
        let discovery = self.select(source, &filters, found);
        info!(source = %source.name, leads = discovery.leads.len(), errors = discovery.errors.len(),
            skipped = discovery.skipped, "Source discovered.");
        Ok(discovery)
    }

    /// Applies the filters, then dedups against this fetcher's earlier leads.
    fn select(&self, source: &SourceConfig, filters: &Filters, found: Found) -> Discovery {
        let total = found.leads.len();
        let mut leads = admit(found.leads, filters, source.since);
        leads.sort_by_key(|l| std::cmp::Reverse(lead_date(l)));
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        // Filtered in place: a large sitemap's leads are not held twice.
        let mut kept = 0;
        leads.retain(|lead| {
            if source.max_pages.is_some_and(|max| kept >= max) {
                return false;
            }
            let new = seen.insert(&lead.url);
            if new {
                kept += 1;
            } else {
                debug!(url = %lead.url, "Already found, skipped.");
            }
            new
        });
        leads.shrink_to_fit();
        Discovery {
            skipped: total - leads.len(),
            leads,
            errors: found.errors,
        }
    }
}

/// The date a lead is sorted and filtered by: published, else modified.
fn lead_date(lead: &Lead) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    lead.hints.published.or(lead.hints.modified)
}

/// Include/exclude and `since`; duplicates within the source dropped (first kept).
fn admit(leads: Vec<Lead>, filters: &Filters, since: Option<NaiveDate>) -> Vec<Lead> {
    let mut seen = UrlSet::new();
    leads
        .into_iter()
        .filter(|l| filters.admits(&l.url))
        .filter(|l| match (since, lead_date(l)) {
            (Some(since), Some(d)) => d.date_naive() >= since,
            _ => true,
        })
        .filter(|l| seen.insert(&l.url))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsmill_records::Hints;

    fn lead(url: &str, date: Option<&str>) -> Lead {
        Lead {
            source: "s".into(),
            url: url.into(),
            hints: Hints {
                published: date.map(|d| chrono::DateTime::parse_from_rfc3339(d).unwrap()),
                ..Hints::default()
            },
        }
    }

    #[test]
    fn filters_since_and_dups() {
        let mut s = SourceConfig::new("s", SourceKind::Feed, "https://e.com/f");
        s.include = vec![r"/news/".into()];
        s.exclude = vec![r"/news/sport/".into()];
        let f = s.filters().unwrap();
        let since = NaiveDate::from_ymd_opt(2024, 1, 1);
        let out = admit(
            vec![
                lead("https://e.com/news/a", Some("2024-02-01T00:00:00Z")),
                lead("https://e.com/news/a", None),
                lead("https://e.com/news/old", Some("2023-12-31T23:00:00Z")),
                lead("https://e.com/news/undated", None),
                lead("https://e.com/news/sport/x", None),
                lead("https://e.com/about", None),
            ],
            &f,
            since,
        );
        let urls: Vec<&str> = out.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["https://e.com/news/a", "https://e.com/news/undated"]);
    }

    #[test]
    fn select_caps_newest_first_and_dedups_across_sources() {
        let f = Fetcher::new(crate::config::FetchConfig::default()).unwrap();
        let mut s = SourceConfig::new("s", SourceKind::Feed, "https://e.com/f");
        s.max_pages = Some(2);
        let found = Found {
            leads: vec![
                lead("https://e.com/1", Some("2024-01-01T00:00:00Z")),
                lead("https://e.com/3", Some("2024-03-01T00:00:00Z")),
                lead("https://e.com/2", Some("2024-02-01T00:00:00Z")),
            ],
            errors: vec![],
        };
        let d = f.select(&s, &s.filters().unwrap(), found);
        let urls: Vec<&str> = d.leads.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["https://e.com/3", "https://e.com/2"]);
        assert_eq!(d.skipped, 1);
        let again = Found {
            leads: vec![lead("https://e.com/3", None), lead("https://e.com/9", None)],
            errors: vec![],
        };
        let d = f.select(&s, &s.filters().unwrap(), again);
        assert_eq!(d.leads.len(), 1);
        assert_eq!(d.leads[0].url, "https://e.com/9");
    }
}
