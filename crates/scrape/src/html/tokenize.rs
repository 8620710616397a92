//! A byte-level HTML tokenizer for the common shape of (pre-stripped) pages,
//! feeding html5ever's tree builder directly.
//!
//! html5ever's own tokenizer walks tag names and attributes one character at a
//! time through a buffer queue and grows a string per character: on news pages,
//! after [`crate::html::rawtext`] has emptied scripts and styles, that is most of the
//! parse. This one finds the next `<`, `&`, quote or space with `memchr`-style
//! scans and hands out text and attribute values as slices of one shared buffer.
//! It follows the WHATWG tokenizer states html5ever implements (same tokens, same
//! character references, same duplicate-attribute rule, the tree builder's
//! RCDATA/RAWTEXT/script switches), but only for the input it knows: a NUL, a
//! comment or `<!` other than a plain DOCTYPE, `<![CDATA[`, an escaped script
//! (`<!--` inside `<script>`), `<plaintext>` or a tag cut off by the end of the
//! input make it give up ([`None`]), and the caller parses the page with
//! html5ever's tokenizer instead. The tree is then the same either way (the tests
//! compare the two).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{local_name, ns, Attribute, LocalName, QualName};

use crate::html::guard::Guard;

/// Input the tokenizer leaves to html5ever.
struct Unsupported;

type Step<T> = Result<T, Unsupported>;

/// Tokenizes `html` into the tree builder behind `tb` and returns it, or `None`
/// when the input needs html5ever's full tokenizer.
pub(crate) fn parse(html: &str, tb: Guard) -> Option<Guard> {
    if memchr::memchr(0, html.as_bytes()).is_some() {
        return None;
    }
    // Newline normalisation, as the input stream preprocessing does.
    let normalised;
    let html = if memchr::memchr(b'\r', html.as_bytes()).is_some() {
        normalised = html.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        html
    };
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let mut t = Tokenizer {
        buf: StrTendril::from_slice(html),
        s: html,
        pos: 0,
        tb,
        last_start: None,
    };
    t.run().ok()?;
    let _ = t.tb.process_token(Token::EOFToken, 0);
    t.tb.end();
    Some(t.tb)
}

/// What the tree builder asked for after a tag.
enum Next {
    Data,
    Raw(RawKind),
}

struct Tokenizer<'a> {
    /// The whole input, shared by the text and attribute slices handed out.
    buf: StrTendril,
    s: &'a str,
    pos: usize,
    tb: Guard,
    /// The name of the last start tag (for "appropriate end tag").
    last_start: Option<LocalName>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b' ')
}

impl Tokenizer<'_> {
    fn bytes(&self) -> &[u8] {
        self.s.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn slice(&self, from: usize, to: usize) -> StrTendril {
        self.buf.subtendril(from as u32, (to - from) as u32)
    }

    fn emit(&mut self, token: Token) -> Step<Next> {
        match self.tb.process_token(token, 0) {
            TokenSinkResult::Continue => Ok(Next::Data),
            TokenSinkResult::RawData(kind) => Ok(Next::Raw(kind)),
            TokenSinkResult::Plaintext => Err(Unsupported),
            // html5ever's driver feeds its tokenizer again after these, and every
            // feed drops a byte order mark at the front.
            TokenSinkResult::Script(_) | TokenSinkResult::EncodingIndicator(_) => {
                if self.s[self.pos..].starts_with('\u{feff}') {
                    self.pos += '\u{feff}'.len_utf8();
                }
                Ok(Next::Data)
            }
        }
    }

    fn emit_text(&self, from: usize, to: usize) {
        if from < to {
            self.tb.text(self.slice(from, to));
        }
    }

    fn emit_str(&self, text: &str) {
        self.tb.text(StrTendril::from_slice(text));
    }

    fn run(&mut self) -> Step<()> {
        let mut next = Next::Data;
        loop {
            next = match next {
                Next::Data => match self.data()? {
                    Some(n) => n,
                    None => return Ok(()),
                },
                Next::Raw(kind) => match self.raw(kind)? {
                    Some(n) => n,
                    None => return Ok(()),
                },
            };
        }
    }

    /// The data state up to and including the next tag; `None` at the end.
    fn data(&mut self) -> Step<Option<Next>> {
        loop {
            let start = self.pos;
            let Some(rel) = memchr::memchr2(b'<', b'&', &self.bytes()[start..]) else {
                self.emit_text(start, self.s.len());
                self.pos = self.s.len();
                return Ok(None);
            };
            let at = start + rel;
            self.emit_text(start, at);
            self.pos = at + 1;
            if self.bytes()[at] == b'&' {
                let mut out = String::new();
                if self.char_ref(false, &mut out) {
                    self.emit_str(&out);
                } else {
                    self.emit_str("&");
                }
                continue;
            }
            match self.peek() {
                Some(b) if b.is_ascii_alphabetic() => {
                    return self.tag(TagKind::StartTag, self.pos).map(Some);
                }
                Some(b'/') => match self.bytes().get(self.pos + 1) {
                    Some(b) if b.is_ascii_alphabetic() => {
                        self.pos += 1;
                        return self.tag(TagKind::EndTag, self.pos).map(Some);
                    }
                    Some(b'>') => self.pos += 2,
                    Some(_) => {
                        self.pos += 1;
                        self.bogus_comment()?;
                    }
                    None => return Err(Unsupported),
                },
                Some(b'!') => {
                    self.pos += 1;
                    self.doctype()?;
                }
                Some(b'?') => self.bogus_comment()?,
                Some(_) => self.emit_str("<"),
                None => return Err(Unsupported),
            }
        }
    }

    /// A bogus comment (`<?...>`, `</ ...>`) from the current position to `>`.
    fn bogus_comment(&mut self) -> Step<()> {
        let Some(rel) = memchr::memchr(b'>', &self.bytes()[self.pos..]) else {
            return Err(Unsupported);
        };
        let text = self.slice(self.pos, self.pos + rel);
        self.pos += rel + 1;
        let _ = self.tb.process_token(Token::CommentToken(text), 0);
        Ok(())
    }

    /// `<!DOCTYPE name [PUBLIC "id" ["id"] | SYSTEM "id"]>` after the `<!`; any
    /// other markup declaration is left to html5ever.
    fn doctype(&mut self) -> Step<()> {
        let b = self.bytes();
        let p = self.pos;
        if b.len() < p + 7 || !b[p..p + 7].eq_ignore_ascii_case(b"doctype") {
            return Err(Unsupported);
        }
        self.pos += 7;
        self.skip_space();
        let start = self.pos;
        while self.peek().is_some_and(|c| !is_space(c) && c != b'>') {
            self.pos += 1;
        }
        if self.pos == start || self.peek().is_none() {
            return Err(Unsupported);
        }
        let name = self.s[start..self.pos].to_ascii_lowercase();
        let mut doctype = Doctype {
            name: Some(StrTendril::from_slice(&name)),
            ..Doctype::default()
        };
        self.skip_space();
        if self.peek() != Some(b'>') {
            let b = self.bytes();
            let p = self.pos;
            let keyword = b.get(p..p + 6).unwrap_or_default();
            let public = keyword.eq_ignore_ascii_case(b"public");
            if !public && !keyword.eq_ignore_ascii_case(b"system") {
                return Err(Unsupported);
            }
            self.pos += 6;
            if !self.peek().is_some_and(is_space) {
                return Err(Unsupported);
            }
            self.skip_space();
            let first = self.quoted_id()?;
            if public {
                doctype.public_id = Some(first);
                self.skip_space();
                if self.peek() != Some(b'>') {
                    doctype.system_id = Some(self.quoted_id()?);
                }
            } else {
                doctype.system_id = Some(first);
            }
            self.skip_space();
            if self.peek() != Some(b'>') {
                return Err(Unsupported);
            }
        }
        self.pos += 1;
        let _ = self.tb.process_token(Token::DoctypeToken(doctype), 0);
        Ok(())
    }

    /// A quoted DOCTYPE identifier without `>` in it.
    fn quoted_id(&mut self) -> Step<StrTendril> {
        let Some(q @ (b'"' | b'\'')) = self.peek() else {
            return Err(Unsupported);
        };
        let start = self.pos + 1;
        let Some(rel) = memchr::memchr2(q, b'>', &self.bytes()[start..]) else {
            return Err(Unsupported);
        };
        if self.bytes()[start + rel] != q {
            return Err(Unsupported);
        }
        self.pos = start + rel + 1;
        Ok(self.slice(start, start + rel))
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(is_space) {
            self.pos += 1;
        }
    }

    /// A tag whose name starts at `start` (an ASCII letter), through its `>`.
    fn tag(&mut self, kind: TagKind, start: usize) -> Step<Next> {
        let name = self.name(start, start, |c| c == b'/' || c == b'>')?;
        self.tag_rest(kind, name)
    }

    /// A lower-cased tag or attribute name from `start`, scanning from `from` up to a
    /// space or a byte that `stops` it; leaves `pos` after it.
    fn name(&mut self, start: usize, from: usize, stops: impl Fn(u8) -> bool) -> Step<LocalName> {
        let b = self.bytes();
        let mut end = from;
        while end < b.len() && !is_space(b[end]) && !stops(b[end]) {
            end += 1;
        }
        if end >= b.len() {
            return Err(Unsupported);
        }
        let raw = &self.s[start..end];
        let name = if raw.bytes().any(|c| c.is_ascii_uppercase()) {
            LocalName::from(raw.to_ascii_lowercase())
        } else {
            atom(raw)
        };
        self.pos = end;
        Ok(name)
    }

    /// The attributes and end of a tag whose name has been read.
    fn tag_rest(&mut self, kind: TagKind, name: LocalName) -> Step<Next> {
        let mut tag = Tag {
            kind,
            name,
            self_closing: false,
            attrs: Vec::new(),
            had_duplicate_attributes: false,
        };
        loop {
            // Before attribute name.
            self.skip_space();
            let Some(c) = self.peek() else {
                return Err(Unsupported);
            };
            match c {
                b'>' => break,
                b'/' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'>') => {
                            tag.self_closing = true;
                            break;
                        }
                        Some(_) => continue,
                        None => return Err(Unsupported),
                    }
                }
                _ => self.attribute(&mut tag)?,
            }
        }
        self.pos += 1;
        if kind == TagKind::StartTag {
            self.last_start = Some(tag.name.clone());
        }
        self.emit(Token::TagToken(tag))
    }

    /// One attribute, from the first character of its name.
    fn attribute(&mut self, tag: &mut Tag) -> Step<()> {
        let start = self.pos;
        // The first character may be '=' (a parse error, part of the name).
        let name = self.name(start, start + 1, |c| matches!(c, b'/' | b'>' | b'='))?;
        self.skip_space();
        let value = if self.peek() == Some(b'=') {
            self.pos += 1;
            self.skip_space();
            self.attribute_value()?
        } else {
            StrTendril::new()
        };
        if tag.attrs.iter().any(|a| a.name.local == name) {
            tag.had_duplicate_attributes = true;
        } else {
            tag.attrs.push(Attribute {
                name: QualName::new(None, ns!(), name),
                value,
            });
        }
        Ok(())
    }

    /// An attribute value after the `=` and any space; leaves the position on
    /// the character after it (the closing quote consumed).
    fn attribute_value(&mut self) -> Step<StrTendril> {
        let Some(c) = self.peek() else {
            return Err(Unsupported);
        };
        let quote = match c {
            b'"' | b'\'' => {
                self.pos += 1;
                Some(c)
            }
            // `<a x=>`: an empty value, the tag ends.
            b'>' => return Ok(StrTendril::new()),
            _ => None,
        };
        let start = self.pos;
        let mut out: Option<String> = None;
        let mut copied = start;
        loop {
            let b = self.bytes();
            let stop = match quote {
                Some(q) => memchr::memchr2(q, b'&', &b[self.pos..]).map(|r| self.pos + r),
                None => b[self.pos..]
                    .iter()
                    .position(|&c| is_space(c) || c == b'>' || c == b'&')
                    .map(|r| self.pos + r),
            };
            let Some(at) = stop else {
                return Err(Unsupported);
            };
            if b[at] != b'&' {
                let value = match out {
                    None => self.slice(start, at),
                    Some(mut s) => {
                        s.push_str(&self.s[copied..at]);
                        StrTendril::from_slice(&s)
                    }
                };
                // A closing quote is consumed; space or '>' after an unquoted value
                // is read by the caller.
                self.pos = if quote.is_some() { at + 1 } else { at };
                return Ok(value);
            }
            let s = out.get_or_insert_with(String::new);
            s.push_str(&self.s[copied..at]);
            self.pos = at + 1;
            if !self.char_ref(true, s) {
                s.push('&');
            }
            copied = self.pos;
        }
    }

    /// A character reference after its `&` (at the current position): appends
    /// what it stands for to `out`, moves past it and returns true; returns false
    /// (position unchanged) when the text is not one.
    fn char_ref(&mut self, in_attribute: bool, out: &mut String) -> bool {
        let rest = &self.s[self.pos..];
        match rest.as_bytes().first() {
            Some(c) if c.is_ascii_alphanumeric() => {
                let Some((chars, len)) = crate::html::charref::named(rest, in_attribute) else {
                    return false;
                };
                out.extend(chars.into_iter().flatten());
                self.pos += len;
                true
            }
            Some(b'#') => {
                let Some((c, len)) = crate::html::charref::numeric(&rest[1..]) else {
                    return false;
                };
                out.push(c);
                self.pos += 1 + len;
                true
            }
            _ => false,
        }
    }

    /// RCDATA, RAWTEXT or script data up to and including the end tag matching
    /// the last start tag; `None` at the end of the input.
    fn raw(&mut self, kind: RawKind) -> Step<Option<Next>> {
        let refs = matches!(kind, RawKind::Rcdata);
        let script = matches!(kind, RawKind::ScriptData);
        if !refs && !script && !matches!(kind, RawKind::Rawtext) {
            return Err(Unsupported);
        }
        let mut text_start = self.pos;
        loop {
            let b = self.bytes();
            let found = if refs {
                memchr::memchr2(b'<', b'&', &b[self.pos..])
            } else {
                memchr::memchr(b'<', &b[self.pos..])
            };
            let Some(rel) = found else {
                self.emit_text(text_start, self.s.len());
                self.pos = self.s.len();
                return Ok(None);
            };
            let at = self.pos + rel;
            if b[at] == b'&' {
                self.emit_text(text_start, at);
                self.pos = at + 1;
                let mut out = String::new();
                if self.char_ref(false, &mut out) {
                    self.emit_str(&out);
                    text_start = self.pos;
                } else {
                    text_start = at;
                }
                continue;
            }
            if script && b[at + 1..].starts_with(b"!--") {
                return Err(Unsupported);
            }
            if b.get(at + 1) == Some(&b'/') {
                let name_start = at + 2;
                let mut end = name_start;
                while end < b.len() && b[end].is_ascii_alphabetic() {
                    end += 1;
                }
                let closes = end > name_start
                    && b.get(end)
                        .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
                    && self.last_start.as_ref().is_some_and(|last| {
                        last.as_bytes().eq_ignore_ascii_case(&b[name_start..end])
                    });
                if closes {
                    self.emit_text(text_start, at);
                    let name = LocalName::from(self.s[name_start..end].to_ascii_lowercase());
                    self.pos = end;
                    return self.tag_rest(TagKind::EndTag, name).map(Some);
                }
                if end >= b.len() && end > name_start {
                    return Err(Unsupported);
                }
            }
            self.pos = at + 1;
        }
    }
}

/// The atom for a lower-case tag or attribute name: the common ones by a plain
/// string match, the rest through the atom table (a hash of the name).
fn atom(name: &str) -> LocalName {
    match name {
        "a" => local_name!("a"),
        "p" => local_name!("p"),
        "div" => local_name!("div"),
        "span" => local_name!("span"),
        "li" => local_name!("li"),
        "ul" => local_name!("ul"),
        "ol" => local_name!("ol"),
        "img" => local_name!("img"),
        "meta" => local_name!("meta"),
        "link" => local_name!("link"),
        "script" => local_name!("script"),
        "style" => local_name!("style"),
        "br" => local_name!("br"),
        "i" => local_name!("i"),
        "b" => local_name!("b"),
        "em" => local_name!("em"),
        "strong" => local_name!("strong"),
        "h1" => local_name!("h1"),
        "h2" => local_name!("h2"),
        "h3" => local_name!("h3"),
        "h4" => local_name!("h4"),
        "h5" => local_name!("h5"),
        "h6" => local_name!("h6"),
        "section" => local_name!("section"),
        "article" => local_name!("article"),
        "header" => local_name!("header"),
        "footer" => local_name!("footer"),
        "nav" => local_name!("nav"),
        "aside" => local_name!("aside"),
        "main" => local_name!("main"),
        "figure" => local_name!("figure"),
        "figcaption" => local_name!("figcaption"),
        "picture" => local_name!("picture"),
        "source" => local_name!("source"),
        "time" => local_name!("time"),
        "table" => local_name!("table"),
        "tr" => local_name!("tr"),
        "td" => local_name!("td"),
        "th" => local_name!("th"),
        "tbody" => local_name!("tbody"),
        "button" => local_name!("button"),
        "svg" => local_name!("svg"),
        "path" => local_name!("path"),
        "input" => local_name!("input"),
        "form" => local_name!("form"),
        "label" => local_name!("label"),
        "option" => local_name!("option"),
        "select" => local_name!("select"),
        "noscript" => local_name!("noscript"),
        "iframe" => local_name!("iframe"),
        "html" => local_name!("html"),
        "head" => local_name!("head"),
        "body" => local_name!("body"),
        "title" => local_name!("title"),
        "small" => local_name!("small"),
        "sup" => local_name!("sup"),
        "sub" => local_name!("sub"),
        "blockquote" => local_name!("blockquote"),
        "hr" => local_name!("hr"),
        "dl" => local_name!("dl"),
        "dt" => local_name!("dt"),
        "dd" => local_name!("dd"),
        "u" => local_name!("u"),
        "s" => local_name!("s"),
        "cite" => local_name!("cite"),
        "code" => local_name!("code"),
        "pre" => local_name!("pre"),
        "abbr" => local_name!("abbr"),
        "video" => local_name!("video"),
        "template" => local_name!("template"),
        "class" => local_name!("class"),
        "id" => local_name!("id"),
        "content" => local_name!("content"),
        "name" => local_name!("name"),
        "property" => local_name!("property"),
        "rel" => local_name!("rel"),
        "href" => local_name!("href"),
        "src" => local_name!("src"),
        "srcset" => local_name!("srcset"),
        "alt" => local_name!("alt"),
        "width" => local_name!("width"),
        "height" => local_name!("height"),
        "type" => local_name!("type"),
        "lang" => local_name!("lang"),
        "role" => local_name!("role"),
        "itemprop" => local_name!("itemprop"),
        "datetime" => local_name!("datetime"),
        "charset" => local_name!("charset"),
        "http-equiv" => local_name!("http-equiv"),
        "hidden" => local_name!("hidden"),
        _ => LocalName::from(name),
    }
}
