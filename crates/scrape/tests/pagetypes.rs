//! One project-written page per page type: the page type the model gives it and
//! the main content it keeps (every part of it) and drops (the boilerplate).

use newsmill_records::{Page, PageType};
use newsmill_scrape::{Extractor, ScrapeConfig};

struct Case {
    file: &'static str,
    url: &'static str,
    page_type: PageType,
    /// The page-type model gets this page's type wrong (see
    /// `page_types_the_model_gets_wrong`); its body is still checked.
    known_type_error: bool,
    keeps: &'static [&'static str],
    drops: &'static [&'static str],
}

fn check(case: &Case) {
    let path = format!(
        "{}/tests/fixtures/pagetypes/{}",
        env!("CARGO_MANIFEST_DIR"),
        case.file
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let page = Page::from_bytes("test", case.url, bytes);
    let (article, _) = Extractor::new(ScrapeConfig::default())
        .unwrap()
        .extract_lenient(&page)
        .unwrap();
    let body = article.body();
    if !case.known_type_error {
        assert_eq!(article.page_type, case.page_type, "{}: {body}", case.file);
    }
    for want in case.keeps {
        assert!(
            body.contains(want),
            "{}: body lacks {want:?}:\n{body}",
            case.file
        );
    }
    for unwanted in case.drops {
        assert!(
            !body.contains(unwanted),
            "{}: body has {unwanted:?}:\n{body}",
            case.file
        );
    }
}

#[test]
fn article_keeps_its_paragraphs_and_headings() {
    check(&Case {
        file: "article.html",
        url: "https://courier.example/news/2024/09/18/night-trains-return",
        page_type: PageType::Article,
        known_type_error: false,
        keeps: &[
            "The regional rail operator will run sleeper trains",
            "Two trains a week will leave the capital",
            "Why now",
            "Officials said bookings on daytime services",
            "The carriages come from a fleet retired",
            "What passengers will pay",
            "A berth in a shared compartment",
            "Tickets go on sale on the first of October.",
        ],
        drops: &[
            "Most read",
            "Sign up for our morning newsletter",
            "All rights reserved",
            "I used to take this train",
            "Culture",
        ],
    });
}

#[test]
fn forum_thread_keeps_every_post() {
    check(&Case {
        file: "forum.html",
        url: "https://bakers.example/t/sourdough-starter-smells-of-nail-polish/4411",
        page_type: PageType::Forum,
        known_type_error: false,
        keeps: &[
            "My starter is about two weeks old.",
            "Is it dying?",
            "That smell is acetone from hungry yeast",
            "Thank you, twice a day did it.",
        ],
        drops: &[
            "Related topics",
            "Can I freeze sourdough discard?",
            "Privacy Policy",
            "Sign Up",
        ],
    });
}

#[test]
fn product_page_keeps_description_features_and_specs() {
    check(&Case {
        file: "product.html",
        url: "https://fernwood.example/products/trailhead-28-daypack",
        page_type: PageType::Product,
        known_type_error: false,
        keeps: &[
            "The Trailhead 28 is a light daypack",
            "Its shell is made from recycled ripstop nylon",
            "Padded sleeve for a hydration bladder",
            "Reflective loops for a bike light",
        ],
        drops: &[
            "You may also like",
            "Summit 40 Backpack",
            "Free shipping on orders over",
            "Join our list for trail news",
        ],
    });
}

#[test]
fn collection_keeps_the_whole_list() {
    check(&Case {
        file: "collection.html",
        url: "https://stoneleaf.example/collections/teapots",
        page_type: PageType::Collection,
        known_type_error: true,
        keeps: &[
            "Tokoname Kyusu, indigo glaze",
            "Hobnail Cast Iron Teapot",
            "Borosilicate Glass Pot with Infuser",
            "Gooseneck Kettle with Thermometer",
            "Yixing Clay Teapot",
            "Porcelain Travel Tea Set",
            "Tealight Teapot Warmer",
            "Variable Temperature Electric Kettle",
        ],
        drops: &["Refund policy", "Subscribe for new harvests"],
    });
}

#[test]
fn listing_keeps_every_entry() {
    check(&Case {
        file: "listing.html",
        url: "https://marsh-observatory.example/blog/",
        page_type: PageType::Listing,
        known_type_error: true,
        keeps: &[
            "Bitterns booming again at the north reedbed",
            "For the first time in six springs",
            "What we caught on moth night",
            "Otter tracks in the snow",
            "The winter wildfowl count",
            "Twelve volunteers spent three weekends",
        ],
        drops: &["Opening hours", "registered charity"],
    });
}

#[test]
fn documentation_keeps_text_and_code() {
    check(&Case {
        file: "documentation.html",
        url: "https://quillfmt.example/docs/config",
        page_type: PageType::Documentation,
        known_type_error: false,
        keeps: &[
            "quillfmt looks for a file named quill.toml",
            "A minimal file",
            "line_width = 88",
            "quillfmt --config ci/quill.toml src/",
            "uses its built-in defaults",
        ],
        drops: &[
            "Editor integration",
            "Released under the MIT licence",
            "On this page",
        ],
    });
}

#[test]
fn service_page_keeps_all_sections() {
    check(&Case {
        file: "service.html",
        url: "https://greenstep.example/services",
        page_type: PageType::Service,
        known_type_error: false,
        keeps: &[
            "We design, build and look after gardens",
            "Every project starts with a visit.",
            "Our own crews build patios",
            "Wildlife ponds and rain gardens",
            "We plant in the right season",
        ],
        drops: &["Registered in England", "Mon–Sat 8am–6pm", "Privacy policy"],
    });
}

/// The two fixtures whose page type the model (cross-validated page-type
/// accuracy 0.83; listings and collections are its weakest classes) gets
/// wrong: this listing reads as an article, this collection as a listing.
/// Their bodies are right (the tests above); run with `--ignored` to see
/// whether a retrained model gets their types.
#[test]
#[ignore = "known page-type errors of the current model (issue #10)"]
fn page_types_the_model_gets_wrong() {
    for (file, url, want) in [
        (
            "listing.html",
            "https://marsh-observatory.example/blog/",
            PageType::Listing,
        ),
        (
            "collection.html",
            "https://stoneleaf.example/collections/teapots",
            PageType::Collection,
        ),
    ] {
        let path = format!(
            "{}/tests/fixtures/pagetypes/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let page = Page::from_bytes("test", url, std::fs::read(&path).unwrap());
        let (article, _) = Extractor::new(ScrapeConfig::default())
            .unwrap()
            .extract_lenient(&page)
            .unwrap();
        assert_eq!(article.page_type, want, "{file}");
    }
}
