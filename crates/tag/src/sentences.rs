//! Sentence bounds around a position, for tense cues and quote attribution.
//!
//! A light splitter: a sentence ends at `.`, `!` or `?` followed by white space and a
//! capital letter or an opening quote, or at a line break. The NER crate has the real
//! splitter; this one only needs to keep cues within their sentence.

/// The byte range of the sentence containing byte `at` of `text`.
pub(crate) fn sentence_at(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut start = at.min(text.len());
    while start > 0 {
        if bytes[start - 1] == b'\n' || (is_end(bytes, start - 1) && ends_sentence(text, start)) {
            break;
        }
        start -= 1;
    }
    while start < at && bytes[start].is_ascii_whitespace() {
        start += 1;
    }
    let mut end = at.min(text.len());
    while end < text.len() {
        if bytes[end] == b'\n' {
            break;
        }
        if is_end(bytes, end) && ends_sentence(text, end + 1) {
            end += 1;
            break;
        }
        end += 1;
    }
    (start, end)
}

fn is_end(bytes: &[u8], i: usize) -> bool {
    matches!(bytes[i], b'.' | b'!' | b'?')
}

/// True when the text after an end mark starts a new sentence.
fn ends_sentence(text: &str, after: usize) -> bool {
    let rest = &text[after..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    if trimmed.len() == rest.len() && !rest.is_empty() && !rest.starts_with('\n') {
        return false;
    }
    trimmed.is_empty() || trimmed.starts_with(|c: char| c.is_uppercase() || "\"“«‘'\n".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_sentence_around_a_position() {
        let t = "First one. Second at 3.5 percent. Third?\nFourth";
        let at = t.find("3.5").unwrap();
        let (s, e) = sentence_at(t, at);
        assert_eq!(&t[s..e], "Second at 3.5 percent.");
        let (s, e) = sentence_at(t, t.find("Fourth").unwrap());
        assert_eq!(&t[s..e], "Fourth");
        let (s, e) = sentence_at(t, 0);
        assert_eq!(&t[s..e], "First one.");
    }
}
