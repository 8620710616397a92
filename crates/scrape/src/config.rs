//! Extraction settings and site profiles.

use newsmill_records::PageType;
use regex::Regex;
use scraper::Selector;
use serde::{Deserialize, Serialize};

use crate::error::ScrapeError;

/// Extraction settings (`[scrape]` in the config file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScrapeConfig {
    /// Site profiles: CSS selectors that override the generic extractor on matching
    /// pages.
    pub profiles: Vec<SiteProfile>,
    /// Bodies with fewer words than this are not articles (listing pages, stubs).
    pub min_words: usize,
    /// The body counts as truncated when it has fewer words than this share of the
    /// words the meta description or feed summary promises.
    pub truncated_ratio: f32,
    /// The page types a run keeps (`article`, `forum`, `product`, `collection`,
    /// `listing`, `documentation`, `service`); pages of other types are skipped
    /// as not articles. Articles only by default.
    pub page_types: Vec<PageType>,
}

const fn default_min_words() -> usize {
    40
}

const fn default_truncated_ratio() -> f32 {
    1.0
}

impl Default for ScrapeConfig {
    fn default() -> Self {
        ScrapeConfig {
            profiles: Vec::new(),
            min_words: default_min_words(),
            truncated_ratio: default_truncated_ratio(),
            page_types: vec![PageType::Article],
        }
    }
}

/// A site profile: exact control over one site's pages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteProfile {
    /// Profile name, used in errors and provenance.
    pub name: String,
    /// Host the profile applies to; subdomains match too (`example.com` matches
    /// `www.example.com`). Empty when `url_pattern` is given.
    pub host: String,
    /// Regular expression a page URL must match (instead of, or as well as, `host`).
    pub url_pattern: Option<String>,
    /// Selector of the body container(s); their text replaces the generic choice.
    pub body: Option<String>,
    /// Selector of the headline.
    pub title: Option<String>,
    /// Selector of the author name(s).
    pub author: Option<String>,
    /// Selector of the publication date (its `datetime`/`content` attribute or text).
    pub date: Option<String>,
    /// Selectors of elements removed before extraction.
    pub drop: Vec<String>,
}

/// A profile with its selectors compiled.
pub(crate) struct CompiledProfile {
    pub name: String,
    host: String,
    pattern: Option<Regex>,
    pub body: Option<Selector>,
    pub title: Option<Selector>,
    pub author: Option<Selector>,
    pub date: Option<Selector>,
    pub drop: Vec<Selector>,
}

impl CompiledProfile {
    pub(crate) fn compile(p: &SiteProfile) -> Result<CompiledProfile, ScrapeError> {
        let sel = |field: &'static str, s: &str| {
            Selector::parse(s).map_err(|e| ScrapeError::Selector {
                profile: p.name.clone(),
                field,
                selector: s.to_string(),
                reason: e.to_string(),
            })
        };
        let opt = |field, s: &Option<String>| s.as_deref().map(|s| sel(field, s)).transpose();
        if p.host.trim().is_empty() && p.url_pattern.is_none() {
            return Err(ScrapeError::Profile {
                profile: p.name.clone(),
                reason: "needs a host or a url_pattern".into(),
            });
        }
        let pattern = p
            .url_pattern
            .as_deref()
            .map(|r| {
                Regex::new(r).map_err(|e| ScrapeError::Profile {
                    profile: p.name.clone(),
                    reason: format!("invalid url_pattern {r:?}: {e}"),
                })
            })
            .transpose()?;
        Ok(CompiledProfile {
            name: p.name.clone(),
            host: p
                .host
                .trim()
                .trim_start_matches("www.")
                .to_ascii_lowercase(),
            pattern,
            body: opt("body", &p.body)?,
            title: opt("title", &p.title)?,
            author: opt("author", &p.author)?,
            date: opt("date", &p.date)?,
            drop: p
                .drop
                .iter()
                .map(|s| sel("drop", s))
                .collect::<Result<_, _>>()?,
        })
    }

    /// True when the profile applies to `url`.
    pub(crate) fn matches(&self, url: &str) -> bool {
        if let Some(re) = &self.pattern {
            if !re.is_match(url) {
                return false;
            }
        }
        if self.host.is_empty() {
            return true;
        }
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        host.is_some_and(|h| h == self.host || h.ends_with(&format!(".{}", self.host)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_rejects_unknown_keys_and_has_defaults() {
        let c: ScrapeConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, ScrapeConfig::default());
        assert!(serde_json::from_str::<ScrapeConfig>(r#"{"profile": []}"#).is_err());
    }

    #[test]
    fn bad_selector_names_profile_and_selector() {
        let p = SiteProfile {
            name: "digest".into(),
            host: "example.com".into(),
            body: Some("div[".into()),
            ..SiteProfile::default()
        };
        let err = CompiledProfile::compile(&p).err().unwrap().to_string();
        assert!(err.contains("digest") && err.contains("div["), "{err}");
    }

    #[test]
    fn host_matching_includes_subdomains() {
        let p = CompiledProfile::compile(&SiteProfile {
            name: "x".into(),
            host: "example.com".into(),
            ..SiteProfile::default()
        })
        .unwrap();
        assert!(p.matches("https://www.example.com/a"));
        assert!(!p.matches("https://notexample.com/a"));
    }
}
