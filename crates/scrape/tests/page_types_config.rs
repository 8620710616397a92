//! `[scrape] page_types`: a run keeps articles only by default; other page types
//! are admitted when the config names them.

use newsmill_records::{Page, PageType};
use newsmill_scrape::{Extractor, ScrapeConfig, ScrapeError};

fn page(file: &str, url: &str) -> Page {
    let path = format!(
        "{}/tests/fixtures/pagetypes/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Page::from_bytes("test", url, bytes)
}

fn forum() -> Page {
    page(
        "forum.html",
        "https://bakers.example/t/sourdough-starter-smells-of-nail-polish/4411",
    )
}

fn extractor(page_types: &[PageType]) -> Extractor {
    Extractor::new(ScrapeConfig {
        page_types: page_types.to_vec(),
        ..ScrapeConfig::default()
    })
    .unwrap()
}

#[test]
fn by_default_a_forum_thread_is_skipped_with_its_type_named() {
    assert_eq!(ScrapeConfig::default().page_types, vec![PageType::Article]);
    match extractor(&[PageType::Article]).extract(&forum()) {
        Err(ScrapeError::NotArticle { reason, .. }) => {
            assert_eq!(
                reason,
                "page type forum is not among [scrape] page_types (article)"
            );
        }
        other => panic!("a forum thread passed as an article: {other:?}"),
    }
}

#[test]
fn a_config_that_names_forums_keeps_the_thread_with_every_post() {
    let article = extractor(&[PageType::Article, PageType::Forum])
        .extract(&forum())
        .expect("forum admitted");
    assert_eq!(article.page_type, PageType::Forum);
    // The same main content `newsmill extract` prints for it.
    let (lenient, _) = extractor(&[PageType::Article])
        .extract_lenient(&forum())
        .unwrap();
    assert_eq!(article.body(), lenient.body());
}

#[test]
fn articles_pass_whatever_else_is_admitted_and_fail_when_articles_are_not() {
    let news = page(
        "article.html",
        "https://courier.example/news/2024/09/18/night-trains-return",
    );
    for admitted in [
        vec![PageType::Article],
        vec![PageType::Article, PageType::Forum, PageType::Documentation],
    ] {
        let article = extractor(&admitted).extract(&news).expect("an article");
        assert_eq!(article.page_type, PageType::Article);
    }
    match extractor(&[PageType::Forum]).extract(&news) {
        Err(ScrapeError::NotArticle { reason, .. }) => {
            assert_eq!(
                reason,
                "page type article is not among [scrape] page_types (forum)"
            );
        }
        other => panic!("an article passed a forum-only config: {other:?}"),
    }
}
