//! Small matching steps over a text, by byte position, for the date and amount
//! scanners: what a regular expression's `\d`, `\s`, `\b` and literals do, without a
//! regex engine (whose fast engines cannot run Unicode word boundaries). Every step
//! looks at the characters it consumes and at most one more, so a scan anchored at
//! each word costs time linear in the text.

/// A text to match in.
#[derive(Clone, Copy)]
pub(crate) struct Cursor<'a> {
    pub text: &'a str,
    bytes: &'a [u8],
}

/// A word character, as `\w` has it (letters, digits, `_`).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Cursor<'a> {
        Cursor {
            text,
            bytes: text.as_bytes(),
        }
    }

    /// The character at byte `p`.
    pub(crate) fn char_at(&self, p: usize) -> Option<char> {
        self.text.get(p..)?.chars().next()
    }

    /// The character before byte `p`.
    pub(crate) fn char_before(&self, p: usize) -> Option<char> {
        self.text.get(..p)?.chars().next_back()
    }

    /// The end of the run of ASCII digits at `p` (`p` itself when there is none).
    pub(crate) fn digits(&self, p: usize) -> usize {
        let mut e = p;
        while e < self.bytes.len() && self.bytes[e].is_ascii_digit() {
            e += 1;
        }
        e
    }

    /// A run of `min..=max` ASCII digits at `p` that is not followed by another digit:
    /// its end and value.
    pub(crate) fn number(&self, p: usize, min: usize, max: usize) -> Option<(usize, u32)> {
        let e = self.digits(p);
        if !(min..=max).contains(&(e - p)) {
            return None;
        }
        Some((e, self.text[p..e].parse().ok()?))
    }

    /// One or more white-space characters at `p` (`\s+`): the end.
    pub(crate) fn spaces(&self, p: usize) -> Option<usize> {
        let e = self.spaces0(p);
        (e > p).then_some(e)
    }

    /// Zero or more white-space characters at `p` (`\s*`): the end.
    pub(crate) fn spaces0(&self, mut p: usize) -> usize {
        while let Some(c) = self.char_at(p).filter(|c| c.is_whitespace()) {
            p += c.len_utf8();
        }
        p
    }

    /// At most one white-space character at `p` (`\s?`): the end.
    pub(crate) fn space_opt(&self, p: usize) -> usize {
        match self.char_at(p) {
            Some(c) if c.is_whitespace() => p + c.len_utf8(),
            _ => p,
        }
    }

    /// The byte `b` at `p`: the end.
    pub(crate) fn byte(&self, p: usize, b: u8) -> Option<usize> {
        (self.bytes.get(p) == Some(&b)).then_some(p + 1)
    }

    /// The byte `b` at `p` if there is one (`b?`): the end.
    pub(crate) fn byte_opt(&self, p: usize, b: u8) -> usize {
        self.byte(p, b).unwrap_or(p)
    }

    /// The literal `s` at `p`: the end.
    pub(crate) fn lit(&self, p: usize, s: &str) -> Option<usize> {
        self.text.get(p..)?.starts_with(s).then_some(p + s.len())
    }

    /// The literal `s` at `p`, ASCII case ignored: the end.
    pub(crate) fn lit_ci(&self, p: usize, s: &str) -> Option<usize> {
        let t = self.bytes.get(p..p + s.len())?;
        t.eq_ignore_ascii_case(s.as_bytes()).then_some(p + s.len())
    }

    /// Whether `p` ends a word: a word character before it and none after.
    pub(crate) fn word_end(&self, p: usize) -> bool {
        !self.char_at(p).is_some_and(is_word_char)
    }

    /// The end of the run of letters and digits at `p`.
    pub(crate) fn word(&self, p: usize) -> usize {
        let mut e = p;
        while let Some(c) = self.char_at(e).filter(|c| c.is_alphanumeric()) {
            e += c.len_utf8();
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps() {
        let c = Cursor::new("Jan. 5th, 2020 —\u{a0}x_1 Мінск");
        assert_eq!(c.word(0), 3);
        assert_eq!(c.byte(3, b'.'), Some(4));
        assert_eq!(c.spaces(4), Some(5));
        assert_eq!(c.number(5, 1, 2), Some((6, 5)));
        assert_eq!(c.lit(6, "th"), Some(8));
        assert!(c.word_end(8) && !c.word_end(7));
        assert_eq!(c.number(10, 1, 2), None);
        assert_eq!(c.number(10, 4, 4), Some((14, 2020)));
        let dash = c.spaces(14).unwrap();
        assert_eq!(c.char_at(dash), Some('—'));
        let x = c.spaces(dash + 3).unwrap();
        assert_eq!(c.char_at(x), Some('x'));
        assert!(!c.word_end(x + 1), "_ is a word character");
        let m = c.text.find('М').unwrap();
        assert_eq!(c.word(m), c.text.len());
        assert_eq!(c.lit_ci(0, "JAN"), Some(3));
    }
}
