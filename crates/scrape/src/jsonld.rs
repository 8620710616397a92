//! schema.org JSON-LD: `@graph`, `@type` as a string or an array, nested `author`
//! objects, lists everywhere.

use std::collections::HashMap;

use serde_json::Value;

/// What the page's JSON-LD says about the article.
#[derive(Default, Debug)]
pub(crate) struct JsonLd {
    pub headline: Option<String>,
    pub published: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
    /// `uploadDate` of a video or audio object, on pages without an article object:
    /// the publication date of a media page.
    pub uploaded: Option<String>,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub section: Option<String>,
    pub keywords: Vec<String>,
    pub image: Option<String>,
    pub language: Option<String>,
    /// `isAccessibleForFree` when given.
    pub free: Option<bool>,
    /// An article type (`NewsArticle`, `BlogPosting`, ...) was found.
    pub is_article: bool,
    /// A listing type (`CollectionPage`, `ItemList`, `SearchResultsPage`) was found.
    pub is_listing: bool,
    /// Blocks that did not parse.
    pub errors: usize,
    /// The site's name: the `name` of a `WebSite` object, else of the publisher.
    pub site: Option<String>,
    /// Every date field of every object, in document order.
    pub dates: Vec<LdValue>,
    /// Every author and creator name of every object, in document order.
    pub people: Vec<LdValue>,
    /// What the objects name, for title candidates, in document order: the
    /// `name` of every typed object that is not a site, organisation, person,
    /// picture, list item or offer, with its kind (as [`LdValue::kind`]).
    pub names: Vec<(&'static str, String)>,
}

/// A value of one object, with the kind of object it came from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LdValue {
    /// `article`, `posting` (forum posts, questions, answers, comments),
    /// `webpage`, `media`, `product` or `other`.
    pub kind: &'static str,
    /// The field: `datePublished`, `dateCreated`, `dateModified`, `uploadDate`,
    /// `author`, `creator`.
    pub field: &'static str,
    pub value: String,
    /// Index of the object among the page's objects.
    pub object: usize,
    /// An organisation rather than a person (authors only).
    pub org: bool,
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenews",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
    "livebloposting",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "socialmediaposting",
    "discussionforumposting",
    "posting",
    "creativework",
    "review",
    "medicalwebpage",
];

/// The kind of object a type list names, for the candidates' features.
fn kind_of(types: &[String]) -> &'static str {
    let any = |f: &dyn Fn(&str) -> bool| types.iter().any(|t| f(t));
    if any(&|t| {
        matches!(
            t,
            "discussionforumposting" | "socialmediaposting" | "question" | "answer" | "comment"
        )
    }) {
        "posting"
    } else if any(&|t| ARTICLE_TYPES.contains(&t)) {
        "article"
    } else if any(&|t| t.ends_with("page")) {
        "webpage"
    } else if any(&|t| {
        matches!(
            t,
            "videoobject" | "audioobject" | "mediaobject" | "podcastepisode" | "imageobject"
        )
    }) {
        "media"
    } else if any(&|t| {
        matches!(
            t,
            "product" | "offer" | "productgroup" | "softwareapplication"
        )
    }) {
        "product"
    } else {
        "other"
    }
}

const LISTING_TYPES: &[&str] = &[
    "collectionpage",
    "itemlist",
    "searchresultspage",
    "profilepage",
];

impl JsonLd {
    /// Parses every JSON-LD block; article objects win over page objects.
    pub(crate) fn parse(blocks: &[String]) -> JsonLd {
        let mut objects = Vec::new();
        let mut errors = 0;
        for raw in blocks {
            match parse_lenient(raw) {
                Some(v) => flatten(v, &mut objects),
                None => errors += 1,
            }
        }
        let mut out = JsonLd {
            errors,
            ..JsonLd::default()
        };
        let types: Vec<Vec<String>> = objects.iter().map(types_of).collect();
        out.is_listing = types
            .iter()
            .flatten()
            .any(|t| LISTING_TYPES.contains(&t.as_str()));
        // Articles first, then web pages, then anything else with dates.
        let rank = |t: &[String]| -> u8 {
            if t.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str())) {
                0
            } else if t.iter().any(|t| t.ends_with("webpage")) {
                1
            } else {
                2
            }
        };
        // Named objects by `@id`, for authors given as a reference
        // (`"author": {"@id": "#/schema/person/1"}`, as in a `@graph`).
        let mut by_id: HashMap<&str, (String, bool)> = HashMap::new();
        for (o, t) in objects.iter().zip(&types) {
            if let (Some(id), Some(name)) = (
                o.get("@id").and_then(Value::as_str),
                o.get("name").and_then(first_string),
            ) {
                let is_org = t.iter().any(|t| t.contains("organization"));
                by_id.entry(id).or_insert((name, is_org));
            }
        }
        for (i, o) in objects.iter().enumerate() {
            let kind = kind_of(&types[i]);
            for field in ["datePublished", "dateCreated", "dateModified", "uploadDate"] {
                if let Some(value) = o.get(field).and_then(first_string) {
                    out.dates.push(LdValue {
                        kind,
                        field,
                        value,
                        object: i,
                        org: false,
                    });
                }
            }
            for field in ["author", "creator"] {
                if let Some(a) = o.get(field) {
                    for (value, org) in people(a, &by_id) {
                        out.people.push(LdValue {
                            kind,
                            field,
                            value,
                            object: i,
                            org,
                        });
                    }
                }
            }
            if types[i].iter().any(|t| t == "website") {
                fill(&mut out.site, o.get("name"));
            }
            if !types[i].is_empty() && !types[i].iter().any(|t| NOT_ITEMS.contains(&t.as_str())) {
                if let Some(name) = o.get("name").and_then(first_string) {
                    out.names.push((kind, name));
                }
            }
        }
        if out.site.is_none() {
            if let Some(p) = objects.iter().find_map(|o| o.get("publisher")) {
                out.site = match p {
                    Value::Object(p) => p.get("name").and_then(first_string),
                    Value::Array(a) => a.iter().find_map(|p| p.get("name").and_then(first_string)),
                    _ => None,
                };
            }
        }
        let mut order: Vec<usize> = (0..objects.len()).collect();
        order.sort_by_key(|&i| rank(&types[i]));
        for i in order {
            let o = &objects[i];
            let is_article = rank(&types[i]) == 0;
            out.is_article |= is_article;
            if !is_article && rank(&types[i]) == 2 && o.get("datePublished").is_none() {
                if types[i]
                    .iter()
                    .any(|t| matches!(t.as_str(), "videoobject" | "audioobject" | "mediaobject"))
                {
                    fill(&mut out.uploaded, o.get("uploadDate"));
                }
                continue;
            }
            fill(
                &mut out.headline,
                o.get("headline")
                    .or(if is_article { o.get("name") } else { None }),
            );
            fill(&mut out.published, o.get("datePublished"));
            fill(&mut out.created, o.get("dateCreated"));
            fill(&mut out.modified, o.get("dateModified"));
            fill(&mut out.description, o.get("description"));
            fill(&mut out.section, o.get("articleSection"));
            fill(&mut out.language, o.get("inLanguage"));
            if out.image.is_none() {
                out.image = o.get("image").and_then(url_of);
            }
            if out.authors.is_empty() && is_article {
                if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                    out.authors = names(a);
                }
            }
            if out.keywords.is_empty() {
                if let Some(k) = o.get("keywords") {
                    out.keywords = keywords(k);
                }
            }
            if out.free.is_none() {
                out.free = o.get("isAccessibleForFree").and_then(|v| match v {
                    Value::Bool(b) => Some(*b),
                    Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                        "true" | "yes" => Some(true),
                        "false" | "no" => Some(false),
                        _ => None,
                    },
                    _ => None,
                });
            }
        }
        // A video inside an article page is an embed: the article's date is the page's.
        if out.is_article {
            out.uploaded = None;
        }
        out
    }
}

/// Types whose `name` names the site, a party or a picture, not the page's item.
const NOT_ITEMS: &[&str] = &[
    "website",
    "organization",
    "organisation",
    "corporation",
    "localbusiness",
    "newsmediaorganization",
    "person",
    "imageobject",
    "brand",
    "listitem",
    "searchaction",
    "readaction",
    "offer",
    "aggregateoffer",
    "aggregaterating",
    "rating",
    "review",
    "postaladdress",
    "contactpoint",
    "breadcrumblist",
];

fn parse_lenient(raw: &str) -> Option<Value> {
    let trimmed = raw
        .trim()
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("]]>")
        .trim()
        .trim_end_matches(';');
    if let Ok(v) = serde_json::from_str(trimmed) {
        return Some(v);
    }
    // Raw newlines and tabs inside strings are the most common breakage.
    let cleaned: String = trimmed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    serde_json::from_str(&cleaned).ok()
}

/// Collects every object, descending into arrays and `@graph`.
fn flatten(v: Value, out: &mut Vec<serde_json::Map<String, Value>>) {
    match v {
        Value::Array(items) => items.into_iter().for_each(|i| flatten(i, out)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out);
            }
            if let Some(main) = map.get("mainEntity").filter(|m| m.is_object()).cloned() {
                flatten(main, out);
            }
            out.push(map);
        }
        _ => {}
    }
}

fn types_of(o: &serde_json::Map<String, Value>) -> Vec<String> {
    match o.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn fill(slot: &mut Option<String>, v: Option<&Value>) {
    if slot.is_some() {
        return;
    }
    *slot = v.and_then(first_string);
}

fn first_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(a) => a.iter().find_map(first_string),
        Value::Object(o) => o
            .get("@value")
            .or_else(|| o.get("name"))
            .and_then(first_string),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn url_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(a) => a.iter().find_map(url_of),
        Value::Object(o) => o
            .get("url")
            .or_else(|| o.get("contentUrl"))
            .or_else(|| o.get("@id"))
            .and_then(url_of),
        _ => None,
    }
}

/// Every name an `author` value gives, with whether it is an organisation; a
/// reference by `@id` alone reads the name of the object it names (`by_id`).
fn people(v: &Value, by_id: &HashMap<&str, (String, bool)>) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut visit = |item: &Value| match item {
        Value::String(s) if !s.trim().is_empty() => out.push((s.trim().to_string(), false)),
        Value::Object(o) => {
            let is_org = types_of(o).iter().any(|t| t.contains("organization"));
            if let Some(name) = o.get("name").and_then(first_string) {
                out.push((name, is_org));
            } else if let Some(named) = o
                .get("@id")
                .and_then(Value::as_str)
                .and_then(|id| by_id.get(id))
            {
                out.push(named.clone());
            }
        }
        _ => {}
    };
    match v {
        Value::Array(a) => a.iter().for_each(&mut visit),
        other => visit(other),
    }
    out
}

/// Author names: strings, `{"name": ...}` objects, arrays of either. People are
/// preferred; organisations count only when no person is named.
fn names(v: &Value) -> Vec<String> {
    let mut people = Vec::new();
    let mut orgs = Vec::new();
    let mut visit = |item: &Value| match item {
        Value::String(s) => people.push(s.clone()),
        Value::Object(o) => {
            let name = o.get("name").and_then(first_string);
            let is_org = types_of(o).iter().any(|t| t.contains("organization"));
            if let Some(name) = name {
                if is_org {
                    orgs.push(name);
                } else {
                    people.push(name);
                }
            }
        }
        _ => {}
    };
    match v {
        Value::Array(a) => a.iter().for_each(&mut visit),
        other => visit(other),
    }
    if people.is_empty() {
        orgs
    } else {
        people
    }
}

fn keywords(v: &Value) -> Vec<String> {
    let raw: Vec<String> = match v {
        Value::String(s) => s.split(',').map(str::to_string).collect(),
        Value::Array(a) => a.iter().filter_map(first_string).collect(),
        _ => Vec::new(),
    };
    raw.into_iter()
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_graph_with_type_arrays_and_nested_authors() {
        let raw = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","datePublished":"2020-01-01T00:00:00Z","name":"Site"},
            {"@type":["NewsArticle"],"headline":"Budget passed","datePublished":"2021-03-04T10:00:00+01:00",
             "author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Person","name":"Li Wei"}],
             "keywords":"budget, parliament","isAccessibleForFree":"False",
             "image":{"@type":"ImageObject","url":"https://e.com/a.jpg"}}]}"#;
        let ld = JsonLd::parse(&[raw.to_string()]);
        assert_eq!(ld.headline.as_deref(), Some("Budget passed"));
        assert_eq!(ld.published.as_deref(), Some("2021-03-04T10:00:00+01:00"));
        assert_eq!(ld.authors, vec!["Ana Ruiz", "Li Wei"]);
        assert_eq!(ld.keywords, vec!["budget", "parliament"]);
        assert_eq!(ld.free, Some(false));
        assert_eq!(ld.image.as_deref(), Some("https://e.com/a.jpg"));
        assert!(ld.is_article && !ld.is_listing);
        let dates: Vec<(&str, &str)> = ld.dates.iter().map(|d| (d.kind, d.field)).collect();
        assert_eq!(
            dates,
            [("webpage", "datePublished"), ("article", "datePublished")]
        );
        let people: Vec<(&str, bool)> = ld
            .people
            .iter()
            .map(|p| (p.value.as_str(), p.org))
            .collect();
        assert_eq!(people, [("Ana Ruiz", false), ("Li Wei", false)]);
    }

    #[test]
    fn authors_given_by_reference_read_the_named_object() {
        let raw = r##"{"@graph":[
            {"@type":"Article","@id":"https://e.com/a#article",
             "author":[{"@id":"https://e.com/#/person/1"},{"@id":"https://e.com/#org"},{"@id":"https://e.com/#nobody"}]},
            {"@type":"Person","@id":"https://e.com/#/person/1","name":"Ana Ruiz"},
            {"@type":"Organization","@id":"https://e.com/#org","name":"City News"}]}"##;
        let ld = JsonLd::parse(&[raw.to_string()]);
        let people: Vec<(&str, bool)> = ld
            .people
            .iter()
            .map(|p| (p.value.as_str(), p.org))
            .collect();
        assert_eq!(people, [("Ana Ruiz", false), ("City News", true)]);
    }

    #[test]
    fn upload_date_of_a_video_page_but_not_of_an_embed() {
        let video = r#"[{"@type":"WebPage","name":"Sport"},
            {"@type":"VideoObject","name":"Clip","uploadDate":"2020-04-04T20:57:00+02:00"}]"#;
        let ld = JsonLd::parse(&[video.to_string()]);
        assert_eq!(ld.uploaded.as_deref(), Some("2020-04-04T20:57:00+02:00"));
        assert_eq!(ld.published, None);
        let embed = r#"[{"@type":"NewsArticle","headline":"Story"},
            {"@type":"VideoObject","name":"Clip","uploadDate":"2019-01-01T10:00:00Z"}]"#;
        assert_eq!(JsonLd::parse(&[embed.to_string()]).uploaded, None);
    }

    #[test]
    fn names_of_the_items_but_not_of_the_site_or_its_parties() {
        let raw = r#"{"@graph":[
            {"@type":"WebSite","name":"Planet Store"},
            {"@type":"Organization","name":"Planet Ltd"},
            {"@type":"BreadcrumbList","name":"Trail","itemListElement":[
                {"@type":"ListItem","position":1,"name":"Home"}]},
            {"@type":["Product","Thing"],"name":"Rain boots",
             "brand":{"@type":"Brand","name":"Puddle"},
             "offers":{"@type":"Offer","name":"Boots offer"}},
            {"@type":"WebPage","name":"Rain boots | Planet Store"},
            {"name":"Untyped"}]}"#;
        let ld = JsonLd::parse(&[raw.to_string()]);
        assert_eq!(
            ld.names,
            [
                ("product", "Rain boots".to_string()),
                ("webpage", "Rain boots | Planet Store".to_string())
            ]
        );
    }

    #[test]
    fn tolerates_raw_newlines_and_reports_garbage() {
        let ld = JsonLd::parse(&[
            "{\"@type\":\"Article\",\"headline\":\"Two\nlines\"}".to_string(),
            "{not json".to_string(),
        ]);
        assert_eq!(ld.headline.as_deref(), Some("Two lines"));
        assert_eq!(ld.errors, 1);
    }
}
