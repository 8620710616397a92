//! A readable outline of an HTML page for snapshots: one line per element with its
//! id, classes, data attributes and own text; long path data shown by length.

use scraper::{ElementRef, Html, Node};

/// The outline of `html`, or of the first element matching `selector` in it.
pub fn outline(html: &str, selector: Option<&str>) -> String {
    let doc = Html::parse_document(html);
    let root = match selector {
        Some(s) => doc
            .select(&scraper::Selector::parse(s).unwrap())
            .next()
            .unwrap_or_else(|| panic!("no {s} in the page")),
        None => doc.root_element(),
    };
    let mut out = String::new();
    walk(root, 0, &mut out);
    out
}

fn walk(el: ElementRef, depth: usize, out: &mut String) {
    let v = el.value();
    out.push_str(&"  ".repeat(depth));
    out.push_str(v.name());
    let mut attrs: Vec<(&str, &str)> = v.attrs().collect();
    attrs.sort();
    for (name, value) in attrs {
        let shown = match name {
            "d" | "points" if value.len() > 80 => format!("<{} chars>", value.len()),
            "content" if value.len() > 80 => format!("<{} chars>", value.len()),
            _ => value.to_string(),
        };
        out.push_str(&format!(" {name}={shown:?}"));
    }
    let text: String = el
        .children()
        .filter_map(|c| match c.value() {
            Node::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if matches!(v.name(), "style" | "script") {
        out.push_str(&format!(" <{} chars>", text.len()));
    } else if !text.is_empty() {
        out.push_str(&format!(" | {text}"));
    }
    out.push('\n');
    for child in el.children().filter_map(ElementRef::wrap) {
        walk(child, depth + 1, out);
    }
}
