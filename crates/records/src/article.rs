//! What the scrape stage produces.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// An extracted article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id, [`crate::article_id`] of the canonical URL (or of the page URL
    /// when the page declares no canonical URL).
    pub id: String,
    /// Name of the configured source the page came from.
    pub source: String,
    /// The URL the page was fetched from (after redirects).
    pub url: String,
    /// `<link rel=canonical>` or `og:url`, resolved against the page URL.
    pub canonical_url: Option<String>,
    /// Headline, without the site-name suffix of `<title>`.
    pub title: Option<String>,
    /// Author names, without "By" and without role words.
    pub authors: Vec<String>,
    /// Publication date; the time zone is kept when the page gives one.
    pub published: Option<DateTime<FixedOffset>>,
    /// Last update date, when the page gives one.
    pub modified: Option<DateTime<FixedOffset>>,
    /// ISO 639-1 language code, declared by the page or detected from the text.
    pub language: Option<String>,
    /// Meta or OpenGraph description.
    pub description: Option<String>,
    /// Section or category (`article:section`, breadcrumbs, JSON-LD).
    pub section: Option<String>,
    /// Tags or keywords.
    pub tags: Vec<String>,
    /// Body, as headings and paragraphs in document order.
    pub blocks: Vec<Block>,
    /// Lead image URL (`og:image`, JSON-LD `image`).
    pub lead_image: Option<String>,
    /// Images inside the article body, with captions and credits.
    pub images: Vec<Image>,
    /// Number of words in the body.
    pub word_count: usize,
    /// When the page was fetched.
    pub fetched_at: DateTime<Utc>,
    /// [`crate::content_hash`] of the body text.
    pub content_hash: String,
    /// Revision number: 1 for the first version seen, +1 each time the text changes.
    pub revision: u32,
    /// Signals telling a user which rows to distrust.
    pub flags: QualityFlags,
    /// Every candidate for the publication date and the authors, and which rule chose.
    pub provenance: Provenance,
    /// What kind of page the text came from (article, forum thread, product page,
    /// ...), as the extractor's page-type model judged it. Records stored before
    /// the field existed read as articles.
    #[serde(default)]
    pub page_type: PageType,
}

impl Article {
    /// An article of plain paragraphs, as when text comes from somewhere other than a
    /// scraped page (a text file, a test): `id` is [`crate::article_id`] of `url`,
    /// `word_count` and `content_hash` are computed, language is `en`, revision 1, and
    /// every other field is empty. Set the rest with struct update syntax.
    pub fn from_paragraphs<I, S>(source: &str, url: &str, paragraphs: I) -> Article
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let blocks: Vec<Block> = paragraphs
            .into_iter()
            .map(|text| Block {
                kind: BlockKind::Paragraph,
                text: text.into(),
            })
            .collect();
        let mut article = Article {
            id: crate::article_id(url),
            source: source.to_string(),
            url: url.to_string(),
            canonical_url: None,
            title: None,
            authors: Vec::new(),
            published: None,
            modified: None,
            language: Some("en".to_string()),
            description: None,
            section: None,
            tags: Vec::new(),
            word_count: blocks
                .iter()
                .map(|b| b.text.split_whitespace().count())
                .sum(),
            blocks,
            lead_image: None,
            images: Vec::new(),
            fetched_at: Utc::now(),
            content_hash: String::new(),
            revision: 1,
            flags: QualityFlags::default(),
            provenance: Provenance::default(),
            page_type: PageType::Article,
        };
        article.content_hash = crate::content_hash(&article.body());
        article
    }

    /// The body as plain text: blocks joined by blank lines. Mention and quote offsets
    /// are character (Unicode scalar value) offsets into this string.
    pub fn body(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&block.text);
        }
        out
    }
}

/// One block of the article body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// What kind of block this is.
    pub kind: BlockKind,
    /// The block's text, whitespace-folded.
    pub text: String,
}

/// The kind of page an article's text was extracted from. The main content of
/// each kind: an article's text; every post of a forum thread; a product's
/// description and details; the whole list of a collection (a category or
/// search page of items) or a listing (an index of articles or posts); the text
/// and code of documentation; all sections of a service page (a company's,
/// shop's or public office's page about what it offers).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageType {
    /// A news story, blog post, essay or report.
    #[default]
    Article,
    /// A discussion thread: a question and its answers, posts and replies.
    Forum,
    /// One product or offer.
    Product,
    /// A category, collection or search page of products or items.
    Collection,
    /// An index of articles or posts (a blog's front page, a tag page, an archive).
    Listing,
    /// Software or product documentation, reference or a how-to guide.
    Documentation,
    /// A page about an organisation's services, terms, contacts or itself.
    Service,
}

impl PageType {
    /// Every page type, in a fixed order (the page-type model's class order).
    pub const ALL: [PageType; 7] = [
        PageType::Article,
        PageType::Forum,
        PageType::Product,
        PageType::Collection,
        PageType::Listing,
        PageType::Documentation,
        PageType::Service,
    ];

    /// The lower-case name used in exports (`article`, `forum`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Collection => "collection",
            PageType::Listing => "listing",
            PageType::Documentation => "documentation",
            PageType::Service => "service",
        }
    }

    /// The page type named `name` (as [`PageType::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<PageType> {
        PageType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// The kind of a body block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading (`h2`…`h6` inside the body).
    Heading,
    /// A paragraph.
    Paragraph,
    /// A list item.
    ListItem,
    /// A block quotation.
    Quote,
    /// A preformatted or table-cell text block.
    Other,
}

/// An image in the article, with its caption and credit when the page gives them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// Absolute image URL.
    pub url: String,
    /// Caption text (`figcaption`, `wp-caption-text`), without the credit.
    pub caption: Option<String>,
    /// Photo credit ("Photo: …", `.credit`).
    pub credit: Option<String>,
    /// `alt` text.
    pub alt: Option<String>,
}

/// Quality flags per article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QualityFlags {
    /// The page declares or shows a paywall (`isAccessibleForFree: false`, known
    /// paywall markers).
    pub paywalled: bool,
    /// The body is much shorter than the feed or meta description promises, or the
    /// fetch was cut at the size cap.
    pub truncated: bool,
    /// The page is an app shell with no server-rendered text.
    pub needs_js: bool,
    /// Confidence in the detected character encoding, 0.0–1.0 (1.0 when declared by a
    /// BOM or header and valid).
    pub charset_confidence: f32,
    /// The encoding the page was decoded with (`UTF-8`, `windows-1251`, …).
    pub charset: String,
}

/// A candidate value found on the page, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The value as normalised (ISO 8601 for dates, a name for authors).
    pub value: String,
    /// Where it was found: `json-ld`, `meta`, `time`, `microdata`, `url`, `byline`,
    /// `text`, `feed`.
    pub origin: String,
}

/// The chosen value of a field, with its candidates and the rule that chose.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The rule that chose the exported value (an origin name, or `none`).
    pub rule: String,
    /// Whether all candidates agreed (on the calendar day, for dates).
    pub agreed: bool,
    /// The candidates in the order found: every one, up to 100 (a hostile page can
    /// hold thousands; the chosen one is always kept).
    pub candidates: Vec<Candidate>,
}

/// Provenance of the fields whose source matters to analysts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// How the publication date was chosen.
    pub published: Choice,
    /// How the authors were chosen.
    pub authors: Choice,
}
