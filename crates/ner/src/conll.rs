//! CoNLL-2003 files: reading gold documents for training and tagging token columns.

use std::io::{BufRead, Write};

use crate::model::Model;
use crate::tags::Tag;
use crate::NerError;

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
    input: impl BufRead,
    mut output: impl Write,
) -> Result<ConllCounts, NerError> {
    let mut lines: Vec<String> = Vec::new();
    let mut counts = ConllCounts::default();
    let mut last_line = 0;
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|source| NerError::Io {
            line: n + 1,
            source,
        })?;
        let mut line = line;
        let kept = line.trim_end_matches(['\r', '\n']).len();
        line.truncate(kept);
        if is_docstart(&line) && lines.iter().any(|l| !l.trim().is_empty()) {
            flush(model, &mut lines, &mut output, n, &mut counts)?;
        }
        lines.push(line);
        last_line = n + 1;
    }
    flush(model, &mut lines, &mut output, last_line, &mut counts)?;
    output.flush().map_err(|source| NerError::Io {
        line: last_line,
        source,
    })?;
    Ok(counts)
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

fn flush(
    model: &Model,
    lines: &mut Vec<String>,
    out: &mut impl Write,
    at: usize,
    counts: &mut ConllCounts,
) -> Result<(), NerError> {
    let mut sentences: Vec<Vec<&str>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for l in lines.iter() {
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
    let mut buf = String::new();
    for l in lines.iter() {
        let t = l.trim();
        buf.push_str(l);
        if !t.is_empty() && !is_docstart(t) {
            buf.push(' ');
            push_tag(&mut buf, flat.next().copied().unwrap_or(Tag::O));
        }
        buf.push('\n');
    }
    let first = at + 1 - lines.len().min(at + 1);
    out.write_all(buf.as_bytes())
        .map_err(|source| NerError::Io {
            line: first,
            source,
        })?;
    lines.clear();
    Ok(())
}
