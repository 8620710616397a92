//! CoNLL-2003 files: reading gold documents for training and tagging token columns.

use std::io::{BufRead, Write};

use crate::error::NerError;
use crate::model::Model;
use crate::tags::Tag;

/// A document of gold-tagged sentences.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// Sentences of `(token, tag)` pairs.
    pub sentences: Vec<Vec<(String, Tag)>>,
}

impl Document {
    /// The tokens of each sentence.
    pub fn words(&self) -> Vec<Vec<&str>> {
        self.sentences
            .iter()
            .map(|s| s.iter().map(|(w, _)| w.as_str()).collect())
            .collect()
    }

    /// The tags of each sentence.
    pub fn tags(&self) -> Vec<Vec<Tag>> {
        self.sentences
            .iter()
            .map(|s| s.iter().map(|(_, t)| *t).collect())
            .collect()
    }
}

fn is_docstart(line: &str) -> bool {
    line.starts_with("-DOCSTART-")
}

/// Reads a CoNLL file with the gold IOB tag in the last column. `origin` names the file in
/// errors. Documents split on `-DOCSTART-` lines, sentences on blank lines.
pub fn read_documents(input: impl BufRead, origin: &str) -> Result<Vec<Document>, NerError> {
    let mut docs = vec![Document::default()];
    let mut sent = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|source| NerError::Io {
            line: n + 1,
            source,
        })?;
        let line = line.trim_end();
        let cur = docs.last_mut().expect("docs is never empty");
        if line.is_empty() || is_docstart(line) {
            if !sent.is_empty() {
                cur.sentences.push(std::mem::take(&mut sent));
            }
            if is_docstart(line) && !cur.sentences.is_empty() {
                docs.push(Document::default());
            }
            continue;
        }
        let mut cols = line.split_whitespace();
        let word = cols.next().unwrap_or_default();
        let tag = cols.next_back().unwrap_or_default();
        let tag: Tag = tag.parse().map_err(|_| NerError::Conll {
            origin: origin.to_string(),
            line: n + 1,
            reason: format!("last column {tag:?} is not an IOB tag"),
        })?;
        sent.push((word.to_string(), tag));
    }
    if !sent.is_empty() {
        docs.last_mut()
            .expect("docs is never empty")
            .sentences
            .push(sent);
    }
    docs.retain(|d| !d.sentences.is_empty());
    // IOB1 input: turn a leading I-X into B-X.
    for d in &mut docs {
        for s in &mut d.sentences {
            let mut prev = Tag::O;
            for (_, t) in s.iter_mut() {
                if !t.may_follow(prev) {
                    if let Tag::I(k) = *t {
                        *t = Tag::B(k);
                    }
                }
                prev = *t;
            }
        }
    }
    Ok(docs)
}

/// What [`tag_conll`] went through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConllCounts {
    /// Documents tagged (each tagged as a whole).
    pub documents: usize,
    /// Sentences tagged.
    pub sentences: usize,
    /// Tokens tagged.
    pub tokens: usize,
}

/// Reads CoNLL lines (token in the first column) and writes the same lines with the predicted
/// IOB2 tag appended as the last column. `-DOCSTART-` and blank lines are copied unchanged;
/// each `-DOCSTART-` starts a new document, which is tagged as a whole.
pub fn tag_conll(
    model: &Model,
    mut input: impl BufRead,
    mut output: impl Write,
) -> Result<ConllCounts, NerError> {
    let mut doc = PendingDocument::default();
    let mut counts = ConllCounts::default();
    let mut out = String::new();
    let mut n = 0;
    loop {
        let start = doc.text.len();
        let read = input
            .read_line(&mut doc.text)
            .map_err(|source| NerError::Io {
                line: n + 1,
                source,
            })?;
        if read == 0 {
            break;
        }
        n += 1;
        if is_docstart(&doc.text[start..]) && doc.has_tokens {
            let carried = doc.text.split_off(start);
            doc.flush(model, &mut output, &mut counts, &mut out)?;
            doc.first_line = n;
            doc.text = carried;
            doc.push_line(0);
        } else {
            doc.push_line(start);
        }
    }
    doc.flush(model, &mut output, &mut counts, &mut out)?;
    output
        .flush()
        .map_err(|source| NerError::Io { line: n, source })?;
    Ok(counts)
}

/// The lines of the document being read, in one buffer.
#[derive(Default)]
struct PendingDocument {
    /// The lines as read, terminators included.
    text: String,
    /// Each line's byte range in `text`, without its terminator.
    lines: Vec<(usize, usize)>,
    /// Whether any line holds a token.
    has_tokens: bool,
    /// Number (1-based) of the document's first line, for errors.
    first_line: usize,
}

impl PendingDocument {
    /// Records the line that starts at `start` and runs to the end of `text`.
    fn push_line(&mut self, start: usize) {
        let end = start + self.text[start..].trim_end_matches(['\r', '\n']).len();
        let t = self.text[start..end].trim();
        self.has_tokens |= !t.is_empty() && !is_docstart(t);
        self.lines.push((start, end));
    }

    /// Tags the document, writes its lines with their tags and empties it.
    fn flush(
        &mut self,
        model: &Model,
        output: &mut impl Write,
        counts: &mut ConllCounts,
        out: &mut String,
    ) -> Result<(), NerError> {
        let lines: Vec<&str> = self.lines.iter().map(|&(s, e)| &self.text[s..e]).collect();
        tag_lines(model, &lines, counts, out);
        output
            .write_all(out.as_bytes())
            .map_err(|source| NerError::Io {
                line: self.first_line.max(1),
                source,
            })?;
        out.clear();
        self.text.clear();
        self.lines.clear();
        self.has_tokens = false;
        Ok(())
    }
}

fn push_tag(buf: &mut String, tag: Tag) {
    match tag {
        Tag::O => buf.push('O'),
        Tag::B(kind) | Tag::I(kind) => {
            buf.push_str(if matches!(tag, Tag::B(_)) { "B-" } else { "I-" });
            buf.push_str(kind.as_str());
        }
    }
}

/// Tags one document's lines, appending them with their tags to `out`.
fn tag_lines(model: &Model, lines: &[&str], counts: &mut ConllCounts, out: &mut String) {
    let mut sentences: Vec<Vec<&str>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for l in lines {
        let t = l.trim();
        if t.is_empty() || is_docstart(t) {
            if !cur.is_empty() {
                sentences.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(t.split_whitespace().next().unwrap_or(t));
        }
    }
    if !cur.is_empty() {
        sentences.push(cur);
    }
    let tags = model.tag_document(&sentences);
    if !sentences.is_empty() {
        counts.documents += 1;
        counts.sentences += sentences.len();
        counts.tokens += sentences.iter().map(Vec::len).sum::<usize>();
    }
    let mut flat = tags.iter().flatten();
    for l in lines {
        let t = l.trim();
        out.push_str(l);
        if !t.is_empty() && !is_docstart(t) {
            out.push(' ');
            push_tag(out, flat.next().copied().unwrap_or(Tag::O));
        }
        out.push('\n');
    }
}
