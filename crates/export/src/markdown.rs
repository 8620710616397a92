//! Markdown and plain text: one article as a reader would want it, for
//! `newsmill extract --format markdown|text`.
//!
//! Markdown keeps the body's structure: headings (`##`), list items (`-`, runs of
//! items form one list), block quotations (`>`) and paragraphs, under the title
//! (`#`) and a line with the authors, the publication date and the URL. Text that
//! Markdown would read as markup is escaped. Links inside the body are not kept:
//! the extractor's blocks carry text only.

use std::fmt::Write as _;

use newsmill_records::{Article, BlockKind};

/// The article as CommonMark.
pub fn article_to_markdown(article: &Article) -> String {
    let mut out = String::new();
    if let Some(title) = article.title.as_deref().filter(|t| !t.trim().is_empty()) {
        let _ = writeln!(out, "# {}\n", escape_inline(title));
    }
    let mut byline = Vec::new();
    if !article.authors.is_empty() {
        byline.push(escape_inline(&article.authors.join(", ")));
    }
    if let Some(published) = article.published {
        byline.push(published.format("%Y-%m-%d").to_string());
    }
    byline.push(format!("<{}>", article.url.replace('>', "%3E")));
    let _ = writeln!(out, "*{}*\n", byline.join(" · "));
    let mut previous: Option<BlockKind> = None;
    for block in &article.blocks {
        let text = block.text.trim();
        if text.is_empty() {
            continue;
        }
        // List items of one run stay together; every other block is separated by a
        // blank line.
        if previous.is_some()
            && !(previous == Some(BlockKind::ListItem) && block.kind == BlockKind::ListItem)
        {
            out.push('\n');
        }
        match block.kind {
            BlockKind::Heading => {
                let _ = writeln!(out, "## {}", escape_inline(text));
            }
            BlockKind::ListItem => {
                let _ = writeln!(out, "- {}", escape_inline(text));
            }
            BlockKind::Quote => {
                for line in text.lines() {
                    let _ = writeln!(out, "> {}", escape_block(line.trim()));
                }
            }
            BlockKind::Paragraph | BlockKind::Other => {
                let _ = writeln!(out, "{}", escape_block(text));
            }
        }
        previous = Some(block.kind);
    }
    out
}

/// The article's body as plain text: blocks joined by blank lines, nothing else
/// (the `body` field).
pub fn article_to_text(article: &Article) -> String {
    let mut body = article.body();
    body.push('\n');
    body
}

/// Escapes the characters that start inline markup: `\`, `*`, `_` at a word's
/// edge, `` ` ``, `[`, `]`, `<`.
fn escape_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        let escape = match c {
            '\\' | '*' | '`' | '[' | ']' | '<' => true,
            '_' => !(word(i.checked_sub(1)) && word(Some(i + 1))),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Like [`escape_inline`], and a line that would start a heading, list, quote,
/// rule or code block is escaped at its start.
fn escape_block(text: &str) -> String {
    let escaped = escape_inline(text);
    let starts_block = escaped.starts_with(['#', '>', '-', '+', '=', '|', '~'])
        || escaped.starts_with("    ")
        || ordered_marker(&escaped);
    if starts_block {
        format!("\\{escaped}")
    } else {
        escaped
    }
}

/// `1.` or `1)` followed by a space: an ordered-list marker.
fn ordered_marker(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && matches!(text.as_bytes().get(digits), Some(b'.' | b')'))
        && matches!(text.as_bytes().get(digits + 1), None | Some(b' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsmill_records::Block;

    fn article() -> Article {
        let mut a = Article::from_paragraphs("s", "https://e.example/a", ["x"]);
        a.title = Some("Tram *line* extended".into());
        a.authors = vec!["Ana Ruiz".into()];
        a.published = chrono::DateTime::parse_from_rfc3339("2024-05-02T08:00:00+02:00").ok();
        let block = |kind, text: &str| Block {
            kind,
            text: text.into(),
        };
        a.blocks = vec![
            block(BlockKind::Paragraph, "The council voted on Tuesday."),
            block(BlockKind::Heading, "What changes"),
            block(BlockKind::ListItem, "Trams every ten minutes"),
            block(BlockKind::ListItem, "A new stop at the airport"),
            block(BlockKind::Paragraph, "1. Not a list, and # not a heading."),
            block(BlockKind::Quote, "We will build it."),
            block(
                BlockKind::Paragraph,
                "Costs rose by 5% [estimate], says snake_case_name.",
            ),
        ];
        a
    }

    #[test]
    fn headings_lists_and_quotes_keep_their_markup() {
        let md = article_to_markdown(&article());
        let want = "# Tram \\*line\\* extended\n\n\
*Ana Ruiz · 2024-05-02 · <https://e.example/a>*\n\n\
The council voted on Tuesday.\n\n\
## What changes\n\n\
- Trams every ten minutes\n\
- A new stop at the airport\n\n\
\\1. Not a list, and # not a heading.\n\n\
> We will build it.\n\n\
Costs rose by 5% \\[estimate\\], says snake_case_name.\n";
        assert_eq!(md, want);
    }

    #[test]
    fn text_is_the_body_alone() {
        let a = article();
        assert_eq!(article_to_text(&a), format!("{}\n", a.body()));
        assert!(!article_to_text(&a).contains("extended"), "no title");
    }
}
