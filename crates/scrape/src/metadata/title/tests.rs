use super::*;

fn opts(html: &str) -> Vec<(String, &'static str)> {
    let doc = crate::html::dom::parse(html);
    let dom = Dom::build(&doc);
    let meta = MetaTags::collect(&dom);
    let ld = JsonLd::parse(&meta.json_ld);
    options(
        &dom,
        &meta,
        &ld,
        &SiteNames::of(&meta, &ld).with_page(&dom),
        None,
    )
    .into_iter()
    .map(|o| (o.text, o.source))
    .collect()
}

#[test]
fn every_source_gives_candidates() {
    let o = opts(
        r#"<html><head><title>Budget passed | Daily Planet</title>
        <meta property="og:title" content="Budget passed at last">
        <meta property="og:site_name" content="Daily Planet">
        <script type="application/ld+json">{"@type":"NewsArticle","headline":"Budget passed"}</script>
        </head><body><header><h1 class="logo"><a>Daily Planet</a></h1></header>
        <article><h1 class="entry-title">Budget passed</h1><h2>What it means</h2>
        <p>Text.</p></article></body></html>"#,
    );
    for want in [
        ("Budget passed | Daily Planet", "title"),
        ("Budget passed", "title"),
        ("Daily Planet", "title"),
        ("Budget passed at last", "og"),
        ("Budget passed", "ld"),
        ("Daily Planet", "h1"),
        ("Budget passed", "h1"),
        ("What it means", "h2"),
    ] {
        assert!(
            o.contains(&(want.0.to_string(), want.1)),
            "{want:?} missing from {o:?}"
        );
    }
}

#[test]
fn json_ld_names_are_candidates_with_their_kind() {
    let html = r#"<html><head><title>Buy Rain Boots Online | Planet Store</title>
        <script type="application/ld+json">[{"@type":"Product","name":"Rain boots"},
        {"@type":"WebPage","name":"Rain Boots - Planet Store"},
        {"@type":"Organization","name":"Planet Ltd"}]</script>
        </head><body><h1>Rain boots</h1><p>Boots for the rain.</p></body></html>"#;
    let doc = crate::html::dom::parse(html);
    let dom = Dom::build(&doc);
    let meta = MetaTags::collect(&dom);
    let ld = JsonLd::parse(&meta.json_ld);
    let site = SiteNames::of(&meta, &ld).with_page(&dom);
    let o = options(&dom, &meta, &ld, &site, None);
    let has = |text: &str, feature: &str| {
        o.iter().any(|c| {
            c.source == "ld-name" && c.text == text && c.features.names().any(|n| n == feature)
        })
    };
    assert!(has("Rain boots", "ld-name:kind=product"), "{o:?}");
    // The product's name agrees with the heading.
    assert!(o.iter().any(|c| c.source == "ld-name"
        && c.text == "Rain boots"
        && c.features.names().any(|n| n == "agree:h1")));
    // A web page's name is cut at separators as `<title>` is.
    assert!(has("Rain Boots - Planet Store", "ld-name:kind=webpage"));
    assert!(has("Rain Boots", "ld-name:kind=webpage"));
    assert!(!o.iter().any(|c| c.text == "Planet Ltd"));
}

#[test]
fn parts_record_what_was_cut() {
    let site = SiteNames {
        names: vec![key("Daily Planet")],
        host: Vec::new(),
        shown: vec!["Politics".into()],
        site_host: None,
    };
    let p = parts("Budget passed - Politics | Daily Planet", &site);
    let texts: Vec<&str> = p.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Budget passed",
            "Politics | Daily Planet",
            "Budget passed - Politics",
            "Daily Planet"
        ]
    );
    assert!(p[2].1.names().any(|n| n == "cut:head:gone_is_site"));
    assert!(parts("No separator here", &site).is_empty());
}

#[test]
fn headings_that_open_the_content_are_found_and_offered() {
    let html = r#"<html><head><title>Shop | Planet Store</title></head><body>
        <nav><h3>Menu</h3></nav><h3></h3>
        <div id="lead"><h3>Rain boots</h3></div>
        <div id="main"><h4><span></span></h4><h4>Sizes and colours</h4>
        <p>Boots for the rain, in every size.</p></div></body></html>"#;
    let doc = crate::html::dom::parse(html);
    let dom = Dom::build(&doc);
    let main = (0..dom.nodes.len() as u32)
        .find(|&i| dom.attr(i, "id") == Some("main"))
        .unwrap();
    let [before, first] = content_leads(&dom, Some(main));
    let text = |i: Option<u32>| i.map(|i| dom.text_of(i, |_| false));
    // Empty headings do not count, on either side.
    assert_eq!(text(before).as_deref(), Some("Rain boots"));
    assert_eq!(text(first).as_deref(), Some("Sizes and colours"));
    assert_eq!(content_leads(&dom, None), [None, None]);
    let meta = MetaTags::collect(&dom);
    let ld = JsonLd::parse(&meta.json_ld);
    let site = SiteNames::of(&meta, &ld).with_page(&dom);
    let o = options(&dom, &meta, &ld, &site, Some(main));
    let boots = o
        .iter()
        .find(|c| c.text == "Rain boots")
        .expect("the heading before the content is a candidate");
    assert_eq!(boots.source, "lead");
    assert!(boots.features.names().any(|n| n == "lead:lead_before"));
    assert!(boots.features.names().any(|n| n == "lead:content=before"));
    assert!(o.iter().any(|c| c.text == "Sizes and colours"));
    assert!(!o.iter().any(|c| c.text == "Menu"));
}

#[test]
fn headings_are_cut_at_separators_too() {
    let o = opts(
        r#"<html><head><title>Headphones</title></head><body>
        <h1>3.1 Git Branching - Branches in a Nutshell</h1><p>Text.</p></body></html>"#,
    );
    for want in [
        "3.1 Git Branching - Branches in a Nutshell",
        "3.1 Git Branching",
        "Branches in a Nutshell",
    ] {
        assert!(
            o.contains(&(want.to_string(), "h1")),
            "{want:?} missing from {o:?}"
        );
    }
}
