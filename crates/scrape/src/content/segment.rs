//! The page cut into text blocks: the text each block element owns directly, in
//! document order, over the whole `<body>` (elements that never show text, such
//! as `script`, `style` and form controls, are left out).

use crate::html::dom::{fold_whitespace, Dom, Tag};

/// One text block.
#[derive(Clone, Debug)]
pub(crate) struct Seg {
    /// The block element whose text this is.
    pub owner: u32,
    /// The first text node of the block.
    pub first: u32,
    /// The text, whitespace folded.
    pub text: String,
    /// Visible characters.
    pub chars: u32,
    /// Visible characters inside links.
    pub link: u32,
    /// Visible characters inside `<code>`, `<pre>`, `<kbd>` or `<samp>`.
    pub code: u32,
}

/// Cuts the body into blocks. A block ends where its owner changes (a nested
/// block element starts or ends) and holds at least one visible character.
pub(crate) fn segment(dom: &Dom<'_>) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut cur = Open::default();
    let mut code_until = 0u32;
    let end = dom.nodes.get(dom.body as usize).map_or(0, |n| n.end);
    let mut i = dom.body;
    while i < end {
        let n = &dom.nodes[i as usize];
        match n.tag {
            Tag::Skip => {
                i = n.end;
                continue;
            }
            Tag::Text => {
                if n.owner != cur.owner {
                    cur.flush(&mut out);
                    cur.owner = n.owner;
                    cur.first = i;
                } else if cur.chars == 0 {
                    cur.first = i;
                }
                cur.text.push_str(n.text);
                cur.chars += n.len;
                if n.in_link {
                    cur.link += n.len;
                }
                if i < code_until {
                    cur.code += n.len;
                }
            }
            Tag::Br => cur.text.push(' '),
            Tag::Pre => code_until = code_until.max(n.end),
            Tag::Inline if matches!(dom.name(i), "code" | "kbd" | "samp" | "tt") => {
                code_until = code_until.max(n.end)
            }
            _ => {}
        }
        if n.tag.is_block() && n.tag != Tag::Text {
            // A nested block element closes the running block.
            cur.flush(&mut out);
        }
        i += 1;
    }
    cur.flush(&mut out);
    out
}

#[derive(Default)]
struct Open {
    owner: u32,
    first: u32,
    text: String,
    chars: u32,
    link: u32,
    code: u32,
}

impl Open {
    fn flush(&mut self, out: &mut Vec<Seg>) {
        if self.chars > 0 {
            out.push(Seg {
                owner: self.owner,
                first: self.first,
                text: fold_whitespace(&self.text),
                chars: self.chars,
                link: self.link,
                code: self.code,
            });
        }
        self.text.clear();
        self.chars = 0;
        self.link = 0;
        self.code = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_block_boundaries_and_skips_scripts() {
        let doc = crate::html::dom::parse(
            "<body><div>Intro <b>bold</b><p>Para <a href=x>link</a></p>tail<script>x=1</script>\
             <pre>let <i>x</i>;</pre></div><ul><li>One<br>two</li><li> </li></ul></body>",
        );
        let dom = Dom::build(&doc);
        let segs = segment(&dom);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Intro bold", "Para link", "tail", "let x;", "One two"]
        );
        assert_eq!(segs[1].link, 4);
        assert_eq!(segs[3].code, 5);
        assert_eq!(segs[0].owner, segs[2].owner);
        assert_eq!(dom.nodes[segs[4].owner as usize].tag, Tag::Li);
    }
}
