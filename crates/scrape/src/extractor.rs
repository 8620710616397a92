//! The [`Extractor`]: one page through every step, from bytes to an [`Article`].

use std::sync::Arc;

use newsmill_records::{
    article_id, content_hash, Article, Page, PageType, Provenance, QualityFlags,
};
use scraper::Html;
use url::Url;

use crate::config::{CompiledProfile, ScrapeConfig};
use crate::content::{Analysis, Inputs, PageInputs};
use crate::error::ScrapeError;
use crate::html::dom::Dom;
use crate::html::{charset, dom, rawtext, sniff};
use crate::jsonld::JsonLd;
use crate::meta::MetaTags;
use crate::model::{ContentModel, Flats};
use crate::{authors, boilerplate, content, dates, flags, images, metadata, profile};

/// Extracts articles from pages. Build once, share across threads.
pub struct Extractor {
    config: ScrapeConfig,
    profiles: Vec<CompiledProfile>,
    model: Arc<ContentModel>,
    /// The model's block forests laid out for evaluation, once.
    flats: Flats,
}

impl Extractor {
    /// Builds an extractor, compiling and validating the profiles' selectors and
    /// loading the built-in content model.
    pub fn new(config: ScrapeConfig) -> Result<Extractor, ScrapeError> {
        Extractor::with_model(config, ContentModel::builtin()?)
    }

    /// An extractor that scores blocks with `model` instead of the built-in one
    /// (for the trainer's cross-validation).
    pub fn with_model(
        config: ScrapeConfig,
        model: Arc<ContentModel>,
    ) -> Result<Extractor, ScrapeError> {
        let profiles = config
            .profiles
            .iter()
            .map(CompiledProfile::compile)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Extractor {
            config,
            profiles,
            flats: model.flats(),
            model,
        })
    }

    /// Extracts the article from a page. Returns [`ScrapeError::NotArticle`] for
    /// pages that are not articles (listings, index and tag pages, stubs),
    /// [`ScrapeError::Binary`] for bytes that are a binary file (a PDF, an image,
    /// an executable, ...) whatever the `Content-Type` says, and
    /// [`ScrapeError::Unreadable`] for other pages that are not HTML at all.
    pub fn extract(&self, page: &Page) -> Result<Article, ScrapeError> {
        match self.extract_lenient(page)? {
            (article, None) => Ok(article),
            (article, Some(reason)) => Err(ScrapeError::NotArticle {
                url: article.url,
                reason,
            }),
        }
    }

    /// Like [`Extractor::extract`], but pages judged not to be articles still yield
    /// their metadata and whatever body text was found, with the reason alongside.
    /// For tools that inspect pages (`newsmill extract`) and date-only uses.
    pub fn extract_lenient(&self, page: &Page) -> Result<(Article, Option<String>), ScrapeError> {
        self.extract_with_sample(page)
            .map(|(article, verdict, _)| (article, verdict))
    }

    /// Like [`Extractor::extract_lenient`], with the page as the content model
    /// saw it (its blocks and their features), for the model's trainer.
    pub fn extract_with_sample(
        &self,
        page: &Page,
    ) -> Result<(Article, Option<String>, content::Sample), ScrapeError> {
        let url = if page.final_url.is_empty() {
            page.url.as_str()
        } else {
            page.final_url.as_str()
        };
        check_readable(page, url)?;
        let decoded = charset::decode(&page.body, page.content_type.as_deref(), url);
        let profile = self.profiles.iter().find(|p| p.matches(url));
        // A profile's selectors may name `data-*` attributes: keep them for it.
        let stripped = rawtext::strip(&decoded.text, profile.is_none());
        // A page whose text is all inside `<noscript>` is read as a browser
        // without scripts shows it.
        let unwrapped = content::unwrap_noscript(&stripped);
        let stripped = unwrapped.as_deref().unwrap_or(&stripped);
        let doc = dom::parse(stripped);
        let dom = Dom::build(&doc);
        let meta = MetaTags::collect(&dom);
        let ld = JsonLd::parse(&meta.json_ld);
        if ld.errors > 0 {
            tracing::debug!(%url, blocks = ld.errors, "JSON-LD block did not parse; ignored.");
        }
        // Relative links resolve against the page URL; a page read from a file
        // resolves them against its declared canonical URL instead.
        let base = Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .or_else(|| {
                meta.canonical
                    .as_deref()
                    .or_else(|| meta.get(&["og:url"]))
                    .and_then(|c| Url::parse(c).ok())
            })
            .or_else(|| Url::parse(url).ok());
        let picks = profile
            .map(|p| profile::apply(p, &Html::parse_document(stripped), &dom))
            .unwrap_or_default();

        let analysis = Analysis::new(&dom, &picks.dropped);
        // Found once, for both the title and the author candidates.
        let site = metadata::SiteNames::of(&meta, &ld).with_page(&dom);
        let headline = metadata::headline_anchor(&dom, &meta, &ld);
        let container = analysis.container(&dom);
        let title = metadata::title(&dom, &meta, &ld, &site, container, picks.title.clone());
        let (authors, author_choice) = authors::find(&authors::AuthorInputs {
            dom: &dom,
            meta: &meta,
            json_ld: &ld,
            feed: &page.hints.authors,
            profile: picks.author.clone(),
            site: &site,
            headline,
        });
        let (detection, sample) = content::detect(
            &dom,
            &analysis,
            &self.model,
            &self.flats,
            &Inputs {
                title: title.as_deref(),
                authors: &authors,
                container,
            },
            &PageInputs {
                url,
                meta: &meta,
                teasers: analysis.teasers,
                container,
            },
        );
        let (containers, mut blocks): (Vec<u32>, _) = if picks.body.is_empty() {
            (container.into_iter().collect(), detection.blocks)
        } else {
            // A site profile names the body: its containers' text, cleaned by
            // the rules.
            let mut blocks = Vec::new();
            for &c in &picks.body {
                blocks.extend(analysis.blocks(&dom, c, title.as_deref()));
            }
            // A closing signature or a short bio that opens with the author's
            // name is not body text.
            while blocks.len() > 1
                && blocks
                    .last()
                    .is_some_and(|b| is_signature(&b.text, &authors))
            {
                blocks.pop();
            }
            boilerplate::trim_prompts(&mut blocks);
            (picks.body.clone(), blocks)
        };
        blocks.shrink_to_fit();

        let body_text = blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        let word_count = flags::words(&body_text);
        let visible = dom.visible_chars();
        let needs_js = flags::needs_js(&dom, visible);
        let is_article_type = ld.is_article
            || meta
                .get(&["og:type"])
                .is_some_and(|t| t.eq_ignore_ascii_case("article"));
        let page_type = detection.page_type;
        let verdict = if needs_js {
            None
        } else if picks.body.is_empty() && !self.config.page_types.contains(&page_type) {
            // A site profile that names the body says what its pages are.
            Some(format!(
                "page type {} is not among [scrape] page_types ({})",
                page_type.as_str(),
                self.page_types_text()
            ))
        } else if page_type == PageType::Article || !picks.body.is_empty() {
            self.check_article(&ld, &analysis, &containers, word_count, is_article_type)
        } else if containers.is_empty() || word_count == 0 {
            Some(format!(
                "a {} page with no main content",
                page_type.as_str()
            ))
        } else {
            None
        };

        let dates = dates::find(&dates::DateInputs {
            dom: &dom,
            meta: &meta,
            json_ld: &ld,
            url,
            fetched_at: page.fetched_at,
            feed_published: page.hints.published,
            feed_modified: page.hints.modified,
            profile_date: picks.date.clone(),
            headline,
            prefer_mdy: metadata::month_first(&meta, &ld, url),
            raw_html: &decoded.text,
            body_boxes: &containers,
        });

        let language = metadata::declared_language(&dom, &meta, &ld)
            .or_else(|| metadata::detect_language(&body_text));
        let description = meta
            .get(&["description", "og:description", "twitter:description"])
            .map(dom::fold_whitespace)
            .or_else(|| ld.description.clone())
            .filter(|d| !d.is_empty());
        let canonical_url = meta
            .canonical
            .as_deref()
            .or_else(|| meta.get(&["og:url"]))
            .and_then(|c| metadata::absolute(base.as_ref(), c));
        let image_scope = containers
            .first()
            .map(|&c| article_scope(&dom, c))
            .unwrap_or(dom.body);
        let images = images::collect(&dom, image_scope, base.as_ref(), |i| {
            analysis.removed[i as usize]
                && analysis.hints[i as usize] == boilerplate::Hint::Boilerplate
                && !is_media_region(&dom, i)
        });
        let lead_image = meta
            .get(&[
                "og:image",
                "og:image:url",
                "twitter:image",
                "twitter:image:src",
            ])
            .map(str::to_string)
            .or_else(|| ld.image.clone())
            .and_then(|u| metadata::absolute(base.as_ref(), &u))
            .or_else(|| images.first().map(|i| i.url.clone()));

        let promised = description
            .as_deref()
            .map(flags::words)
            .into_iter()
            .chain(page.hints.summary.as_deref().map(flags::words))
            .max()
            .unwrap_or(0);
        let truncated = page.truncated
            || (promised >= 20
                && (word_count as f32) < self.config.truncated_ratio * promised as f32);
        let id_url = canonical_url.as_deref().unwrap_or(url);
        let article = Article {
            id: article_id(id_url),
            source: page.source.clone(),
            url: url.to_string(),
            canonical_url: canonical_url.clone(),
            title: title.or_else(|| page.hints.title.clone()),
            authors,
            published: dates.published,
            modified: dates.modified,
            language,
            description,
            section: metadata::section(&dom, &meta, &ld),
            tags: metadata::tags(&dom, &meta, &ld, &page.hints.tags),
            content_hash: content_hash(&body_text),
            blocks,
            lead_image,
            images,
            word_count,
            fetched_at: page.fetched_at,
            revision: 1,
            flags: QualityFlags {
                paywalled: flags::paywalled(&dom, &meta, &ld),
                truncated,
                needs_js,
                charset_confidence: decoded.confidence,
                charset: decoded.charset.to_string(),
            },
            provenance: Provenance {
                published: dates.provenance,
                authors: author_choice,
            },
            page_type,
        };
        Ok((article, verdict, sample))
    }

    /// The admitted page types, for messages: `article, forum`.
    fn page_types_text(&self) -> String {
        let names: Vec<&str> = self.config.page_types.iter().map(|t| t.as_str()).collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(", ")
        }
    }

    /// Decides whether the page is an article at all: `Some(reason)` when not.
    fn check_article(
        &self,
        ld: &JsonLd,
        analysis: &Analysis,
        containers: &[u32],
        word_count: usize,
        is_article_type: bool,
    ) -> Option<String> {
        if containers.is_empty() {
            return Some("no paragraph text".into());
        }
        let min = if is_article_type {
            self.config.min_words / 4
        } else {
            self.config.min_words
        };
        if word_count < min.max(1) {
            return Some(format!("body has {word_count} words"));
        }
        if ld.is_listing && !ld.is_article {
            return Some("schema.org marks it as a listing page".into());
        }
        let teasers = analysis.teasers;
        if !is_article_type && teasers >= 6 && word_count < 2 * self.config.min_words.max(50) {
            return Some(format!("{teasers} linked headlines and little prose"));
        }
        None
    }
}

/// A block that repeats an author's name, or a short bio opening with it.
fn is_signature(text: &str, authors: &[String]) -> bool {
    authors.iter().any(|a| {
        if content::same_text(a, text) {
            return true;
        }
        let head: String = text.chars().take(40).collect();
        text.chars().count() <= 400 && head.starts_with(a.as_str())
    })
}

fn check_readable(page: &Page, url: &str) -> Result<(), ScrapeError> {
    if page.body.iter().all(u8::is_ascii_whitespace) {
        return Err(ScrapeError::Unreadable {
            url: url.to_string(),
            reason: "empty body".into(),
        });
    }
    let mut declared_text = false;
    if let Some(ct) = page.content_type.as_deref() {
        let ct = ct.to_ascii_lowercase();
        declared_text = ct.contains("html") || ct.contains("xml") || ct.starts_with("text/");
        // A generic binary type is what servers send when they do not know: sniff.
        let unknown = ct.trim().is_empty()
            || ct.starts_with("application/octet-stream")
            || ct.starts_with("binary/octet-stream")
            || ct.starts_with("application/unknown");
        if !declared_text && !unknown {
            return Err(ScrapeError::Unreadable {
                url: url.to_string(),
                reason: format!("content type {ct} is not HTML"),
            });
        }
    }
    match sniff::sniff(&page.body, declared_text) {
        Some(sniff::Binary(looks_like)) => Err(ScrapeError::Binary {
            url: url.to_string(),
            looks_like,
        }),
        None => Ok(()),
    }
}

/// The `<article>` (or itemprop=articleBody parent) around the body container, where
/// lead figures sit; the container itself when there is none.
fn article_scope(dom: &Dom<'_>, container: u32) -> u32 {
    let mut i = container;
    for _ in 0..6 {
        let p = dom.nodes[i as usize].parent;
        if p == u32::MAX {
            break;
        }
        if dom.nodes[p as usize].tag == dom::Tag::Article {
            return p;
        }
        i = p;
    }
    container
}

fn is_media_region(dom: &Dom<'_>, i: u32) -> bool {
    dom.token_contains(
        i,
        &["caption", "credit", "figure", "image", "photo", "media"],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn extractor_is_send_and_sync() {
        assert_send_sync::<Extractor>();
    }
}
