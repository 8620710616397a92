//! The content model's features, its loading and its determinism.

use newsmill_records::Page;
use newsmill_scrape::train::{
    block_feature_names, context_feature_names, ContentModel, Sample, DENSE, PAGE,
};
use newsmill_scrape::{Extractor, ScrapeConfig};

const PAGE_HTML: &str = r#"<html><head><title>Tram line extended | City News</title>
<meta property="og:type" content="article"></head>
<body><nav class="main-nav"><a href="/">Home</a> <a href="/world">World news</a></nav>
<article><h1>Tram line extended</h1>
<p>The council voted on Tuesday to extend the tram line to the airport by 2027, after two years of debate.</p>
<h2>Costs</h2>
<p>Construction starts next spring. The first trams will run every ten minutes, the office said.</p>
<p><a href="/other">Another story you might like to read</a></p></article>
<footer>© 2024 City News</footer></body></html>"#;

fn sample_of(html: &str) -> Sample {
    let page = Page::from_bytes("t", "https://news.example/tram", html.as_bytes().to_vec());
    let extractor = Extractor::new(ScrapeConfig::default()).unwrap();
    extractor.extract_with_sample(&page).unwrap().2
}

fn feature(sample: &Sample, model: &ContentModel, block: &str, name: &str) -> f32 {
    let x = sample.block_features(&model.tokens, &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    let width = block_feature_names().count();
    let k = (0..sample.len())
        .find(|&k| sample.text(k).starts_with(block))
        .unwrap_or_else(|| panic!("no block {block:?}"));
    let f = block_feature_names().position(|n| n == name).unwrap();
    x[k * width + f]
}

#[test]
fn blocks_and_features_describe_the_page() {
    let s = sample_of(PAGE_HTML);
    let texts: Vec<&str> = (0..s.len()).map(|k| s.text(k)).collect();
    assert_eq!(
        texts,
        [
            "Home World news",
            "Tram line extended",
            "The council voted on Tuesday to extend the tram line to the airport by 2027, after two years of debate.",
            "Costs",
            "Construction starts next spring. The first trams will run every ten minutes, the office said.",
            "Another story you might like to read",
            "© 2024 City News"
        ]
    );
    assert_eq!(s.page_features().len(), PAGE.len());
    let m = ContentModel::builtin().unwrap();
    let x = s.block_features(&m.tokens, &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    assert_eq!(x.len(), s.len() * block_feature_names().count());
    assert!(x.iter().all(|v| v.is_finite()));
    assert_eq!(feature(&s, &m, "Home", "in_nav"), 1.0);
    assert_eq!(feature(&s, &m, "Home", "link_density"), 1.0);
    assert_eq!(feature(&s, &m, "The council", "in_nav"), 0.0);
    assert_eq!(feature(&s, &m, "The council", "link_density"), 0.0);
    assert_eq!(feature(&s, &m, "The council", "in_article"), 1.0);
    assert_eq!(
        feature(&s, &m, "The council", "log_sentence_ends"),
        2f32.ln()
    );
    assert_eq!(feature(&s, &m, "Costs", "heading_level"), 2.0);
    assert_eq!(feature(&s, &m, "Tram line", "equals_title"), 1.0);
    assert_eq!(feature(&s, &m, "©", "copyright"), 1.0);
    assert_eq!(feature(&s, &m, "©", "in_footer"), 1.0);
    assert_eq!(feature(&s, &m, "Another", "all_link"), 1.0);
    assert_eq!(feature(&s, &m, "Another", "pt_article"), 1.0);
    // Features that depend on the learned token table: "nav" is known.
    assert!(feature(&s, &m, "Home", "tok_own_min") < 0.0);
    let ctx = s.context_features(&x, block_feature_names().count(), &vec![0.5; s.len()]);
    assert_eq!(ctx.len(), s.len() * context_feature_names().count());
    assert!(DENSE.len() < block_feature_names().count());
}

#[test]
fn the_same_page_gives_the_same_scores() {
    let m = ContentModel::builtin().unwrap();
    let a = sample_of(PAGE_HTML);
    let b = sample_of(PAGE_HTML);
    let types = m.page_probabilities(a.page_features());
    assert_eq!(types, m.page_probabilities(b.page_features()));
    let (xa, xb) = (
        a.block_features(&m.tokens, &types),
        b.block_features(&m.tokens, &types),
    );
    assert_eq!(
        xa.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        xb.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
    assert_eq!(a.body_with(&m), b.body_with(&m));
    let body = a.body_with(&m);
    assert!(body.contains("The council voted on Tuesday"), "{body}");
    assert!(body.contains("Construction starts next spring"), "{body}");
    assert!(!body.contains("World news"), "{body}");
    assert!(!body.contains("© 2024"), "{body}");
}

#[test]
fn a_damaged_model_is_refused_with_a_reason() {
    let m = ContentModel::builtin().unwrap();
    let mut bytes = m.to_bytes();
    assert_eq!(ContentModel::from_bytes(&bytes).unwrap(), *m);
    bytes.truncate(bytes.len() / 2);
    let err = ContentModel::from_bytes(&bytes).unwrap_err().to_string();
    assert!(err.contains("content model"), "{err}");
}
