//! Our tokenizer's tree against html5ever's: the comparison the tests and the
//! `tokenizer` fuzz target make (both tokenizers feed the same guarded tree
//! builder, so the trees must be equal whenever ours takes the page).

use crate::html::guard::Guard;
use crate::html::tree::{parse_html5ever, Content, Document, Sink, NONE};

/// Parses `html` with both tokenizers: `Ok(true)` when ours took the page and
/// the trees are equal, `Ok(false)` when ours left it to html5ever, `Err` with
/// both trees when they differ.
pub(crate) fn tokenizers_agree(html: &str) -> Result<bool, String> {
    let Some(ours) = crate::html::tokenize::parse(html, Guard::new(Sink::new(html))) else {
        return Ok(false);
    };
    let ours = tree_of(&ours.finish());
    let theirs = tree_of(&parse_html5ever(html));
    if ours == theirs {
        Ok(true)
    } else {
        Err(format!("ours:\n{ours}\nhtml5ever:\n{theirs}"))
    }
}

/// The tree as text: names with namespaces and attributes, texts, others (for
/// comparing parses in tests and fuzzing).
fn dump(doc: &Document, node: u32, depth: usize, out: &mut String) {
    let mut c = doc.nodes[node as usize].first_child;
    while c != NONE {
        out.push_str(&"  ".repeat(depth));
        match &doc.nodes[c as usize].content {
            Content::Element(e) => {
                out.push_str(&format!("<{:?} {}", e.qual_name().ns, e.qual_name().local));
                for a in &e.attrs {
                    out.push_str(&format!(
                        " {:?}:{}={:?}",
                        a.name.prefix, a.name.local, &*a.value
                    ));
                }
                out.push('>');
            }
            Content::Text(t) => out.push_str(&format!("{:?}", &**t)),
            Content::Root => out.push_str("#root"),
            Content::Other => out.push('?'),
        }
        out.push('\n');
        dump(doc, c, depth + 1, out);
        c = doc.nodes[c as usize].next_sibling;
    }
}

pub(crate) fn tree_of(doc: &Document) -> String {
    let mut out = String::new();
    dump(doc, 0, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::tree::parse;

    /// Our tokenizer and html5ever's give the same tree; `fast` says whether ours
    /// is expected to take the page.
    fn same_tree(html: &str, fast: bool) {
        let ours = crate::html::tokenize::parse(html, Guard::new(Sink::new(html)));
        assert_eq!(ours.is_some(), fast, "fast path taken or not: {html:?}");
        let theirs = tree_of(&parse_html5ever(html));
        assert_eq!(tree_of(&parse(html)), theirs, "{html:?}");
    }

    /// Random markup from pieces that exercise the tokenizer's states (quotes,
    /// references, raw-text elements, odd `<`, CR, tables, foreign content).
    #[test]
    fn own_tokenizer_agrees_with_html5ever_on_random_markup() {
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<div class=a>",
            "</div>",
            "<a href='x' title=\"t\">",
            "</a>",
            "<b>",
            "</b>",
            "<i>",
            "</I>",
            "<table>",
            "<tr>",
            "<td>",
            "</td>",
            "</table>",
            "<title>",
            "</title>",
            "<textarea>",
            "</textarea>",
            "<script>",
            "</script>",
            "<style>",
            "</style>",
            "<noscript>",
            "</noscript>",
            "<svg>",
            "</svg>",
            "<math>",
            "<pre>",
            "\n",
            "\r\n",
            "\r",
            " ",
            "text",
            "caf\u{e9}",
            "&amp;",
            "&amp",
            "&#65;",
            "&#x;",
            "&notin;",
            "&notit;",
            "&",
            "<",
            "</",
            "<3",
            "</ x>",
            "<?x?>",
            ">",
            "\"",
            "'",
            "=",
            "<img src=i alt=a/>",
            "<br/>",
            "<meta charset=utf-8>",
            "\u{feff}",
            "<p id=x class='a&amp;b' data-x=1 hidden>",
            "<input type=hidden>",
            "<li>",
            "<ul>",
            "</ul>",
            "<h1>",
            "</h2>",
            "<form>",
            "<select><option>",
            "<template>",
            "</template>",
            "<frameset>",
            "<head>",
            "<body>",
            "<html lang=en>",
            "<!DOCTYPE html>",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let len = 1 + (next() % 24) as usize;
            let page: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            if let Err(diff) = tokenizers_agree(&page) {
                panic!("{page:?}\n{diff}");
            }
        }
    }

    #[test]
    fn own_tokenizer_builds_the_same_tree_as_html5ever() {
        let pages = [
            "<!DOCTYPE html><html lang=en><head><title>A &amp; B &#8211; C</title>\
             <meta charset=utf-8></head><body><p class=x>Hello</p></body></html>",
            "<!doctype HTML><P CLASS='a' Id=\"b\" class=c DATA-X>one<BR/>two</P>",
            "<p>&amp &ampx &notit; &notin; &not &#x41;&#65;&#x;&#;&#128;&#0;&#xD800;&#99999999999; &#x80</p>",
            "<a title=\"?a=1&b=2&amp=3&ampx&lt;&lt\" alt='&quot;q&quot' x=a&amp;b y=&gt>l</a>",
            "<div a=1 a=2 b c = d e=>x</div><img src=i.png/><br/ ><p/ class=z>y",
            "<a href='x'b=2 =c \"d\"=e <f>t</a><i x='1'/y>z</i>",
            "<title>t <b>not bold</b> &lt;x&gt; </titlex></title><textarea>\nx</textarea>\
             <pre>\n\nkeep</pre><pre>&#10;y</pre>",
            "<noscript><p>x</p></noscript><iframe><p>y</iframe><xmp><b></xmp><style>a</STYLE >",
            "<script>if (a<b && c</d) {}</script  ><script type=\"application/ld+json\">\
             {\"a\":\"</scrip\"}</script><p>after</p>",
            "<p>a</>b</ x>c<?xml version=1?>d< p>e<3 f</p>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \
             \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><p>x<table><tr><td>y</table>",
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p>x<table><tr><td>y</table>",
            "<!DOCTYPE html SYSTEM 'about:legacy-compat'><table>loose<tr><td>a</td></tr>text</table>",
            "\u{feff}<html>\r\n<body>a\rb\r\nc<meta charset=utf-8>\u{feff}d<script></script>\u{feff}e",
            "<svg viewBox='0 0 1 1'><title>t</title><foreignObject><p>x</p></foreignObject></svg>\
             <math><mi>x</mi><annotation-xml encoding=text/html><b>y</b></annotation-xml></math>",
            "<b>one<p>two</b>three</p><table><tr><td>x</td></tr>loose</table><template><p>t</p></template>",
            "<p>caf\u{e9} <span \u{e9}l\u{e8}ve=\u{fc}ber>\u{1f600}</span>&eacute;&Eacute</p>",
        ];
        for page in pages {
            same_tree(page, true);
        }
        // Left to html5ever's tokenizer, with the same result.
        let others = [
            "<p>a<!-- never closed",
            "<p>a\0b</p>",
            "<plaintext><p>x",
            "<svg><![CDATA[x]]></svg>",
            "<!DOCTYPE>",
            "<!DOCTYPE html PUBLIC>",
            "<script><!--<script>x</script>y</script>z",
            "<p>cut <a href='x",
            "<p>cut <",
        ];
        for page in others {
            same_tree(page, false);
        }
    }
}
