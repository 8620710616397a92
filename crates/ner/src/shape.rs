//! Word shape, capitalisation class, normalisation and frequency buckets.

/// Capitalisation classes.
pub(crate) mod capc {
    pub const LOWER: u8 = 0;
    pub const TITLE: u8 = 1;
    pub const UPPER: u8 = 2;
    pub const MIXED: u8 = 3;
    pub const DIGIT: u8 = 4;
    pub const OTHER: u8 = 5;
}

pub(crate) fn cap_class(w: &str) -> u8 {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return capc::OTHER;
    };
    let (mut upper, mut lower) = (0, 0);
    for c in w.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    if first.is_uppercase() {
        if lower == 0 {
            capc::UPPER
        } else if upper == 1 || w.chars().skip(1).all(|c| !c.is_uppercase()) {
            capc::TITLE
        } else {
            capc::MIXED
        }
    } else if first.is_lowercase() {
        if upper > 0 {
            capc::MIXED
        } else {
            capc::LOWER
        }
    } else if first.is_ascii_digit() {
        capc::DIGIT
    } else if upper > 0 && lower == 0 {
        capc::UPPER
    } else {
        capc::OTHER
    }
}

pub(crate) fn is_capitalised(c: u8) -> bool {
    matches!(c, capc::TITLE | capc::UPPER | capc::MIXED)
}

/// Lower-case form with digits folded to `0` and curly quotes to straight ones.
pub(crate) fn normalise(w: &str) -> String {
    let mut s = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            '0'..='9' => s.push('0'),
            '’' | '‘' => s.push('\''),
            '“' | '”' | '„' | '«' | '»' => s.push('"'),
            '–' | '—' | '―' => s.push('-'),
            c if c.is_uppercase() => s.extend(c.to_lowercase()),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
pub(crate) fn shape(w: &str, max_run: usize) -> String {
    let mut s = String::new();
    shape_into(w, max_run, &mut s);
    s
}

/// Appends the shape of `w` to `s`: letters as `X`/`x`, digits as `d`, other characters
/// kept, runs of the same class cut at `max_run`.
pub(crate) fn shape_into(w: &str, max_run: usize, s: &mut String) {
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run > max_run {
                continue;
            }
        } else {
            last = k;
            run = 1;
        }
        s.push(k);
    }
}

/// The spellings of one word that features hash, rebuilt in place for each word.
#[derive(Default)]
pub(crate) struct WordForms {
    /// [`normalise`]d (lower case, digits folded).
    pub(crate) lower: String,
    /// The word with its ASCII digits folded to `0`.
    pub(crate) raw: String,
    /// [`shape_into`] with runs cut at 3, and at 1.
    pub(crate) shape: String,
    pub(crate) short_shape: String,
    /// [`cap_class`].
    pub(crate) cap: u8,
}

impl WordForms {
    /// Fills every form of `w`: in one pass over the bytes of an ASCII word (almost all of
    /// them), with the general functions otherwise.
    pub(crate) fn fill(&mut self, w: &str) {
        self.lower.clear();
        self.raw.clear();
        self.shape.clear();
        self.short_shape.clear();
        if !w.is_ascii() {
            self.lower.push_str(&normalise(w));
            self.raw
                .extend(w.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }));
            shape_into(w, 3, &mut self.shape);
            shape_into(w, 1, &mut self.short_shape);
            self.cap = cap_class(w);
            return;
        }
        let (mut upper, mut lower) = (0, 0);
        let (mut last, mut run) = (0u8, 0);
        for &b in w.as_bytes() {
            let (l, r, k) = match b {
                b'0'..=b'9' => (b'0', b'0', b'd'),
                b'A'..=b'Z' => {
                    upper += 1;
                    (b.to_ascii_lowercase(), b, b'X')
                }
                b'a'..=b'z' => {
                    lower += 1;
                    (b, b, b'x')
                }
                _ => (b, b, b),
            };
            self.lower.push(char::from(l));
            self.raw.push(char::from(r));
            if k == last {
                run += 1;
            } else {
                last = k;
                run = 1;
            }
            if run <= 3 {
                self.shape.push(char::from(k));
            }
            if run <= 1 {
                self.short_shape.push(char::from(k));
            }
        }
        // As `cap_class`: a word starting upper-case with no other capital is Title-case.
        self.cap = match w.as_bytes().first() {
            None => capc::OTHER,
            Some(b'A'..=b'Z') if lower == 0 => capc::UPPER,
            Some(b'A'..=b'Z') if upper == 1 => capc::TITLE,
            Some(b'A'..=b'Z') => capc::MIXED,
            Some(b'a'..=b'z') if upper > 0 => capc::MIXED,
            Some(b'a'..=b'z') => capc::LOWER,
            Some(b'0'..=b'9') => capc::DIGIT,
            Some(_) if upper > 0 && lower == 0 => capc::UPPER,
            Some(_) => capc::OTHER,
        };
    }
}

pub(crate) fn zipf_bucket(z: u8) -> u8 {
    match z {
        0 => 0,
        1..=24 => 1,
        25..=34 => 2,
        35..=44 => 3,
        45..=54 => 4,
        _ => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_classes() {
        assert_eq!(shape("McDonald's", 3), "XxXxxx'x");
        assert_eq!(shape("1,250.5", 1), "d,d.d");
        assert_eq!(cap_class("IBM"), capc::UPPER);
        assert_eq!(cap_class("Minsk"), capc::TITLE);
        assert_eq!(cap_class("iPhone"), capc::MIXED);
        assert_eq!(cap_class("said"), capc::LOWER);
        assert_eq!(cap_class("1996"), capc::DIGIT);
        assert_eq!(normalise("Kyiv’s 1996"), "kyiv's 0000");
    }

    #[test]
    fn ascii_forms_match_the_general_functions() {
        let mut f = WordForms::default();
        for w in [
            "",
            "McDonald's",
            "1,250.5",
            "IBM",
            "Minsk",
            "iPhone",
            "said",
            "1996",
            "U.S.",
            "-",
            "--",
            "'s",
            "AAAAb",
            "aaaa",
            "A",
            "a1B2",
            "2-1",
            "Kyiv’s",
            "ÉCOLE",
            "élan",
            "Łódź",
            "\"",
            "(",
            "x-Ray",
            "ABC-DEF",
            "e-mail",
        ] {
            f.fill(w);
            let raw: String = w
                .chars()
                .map(|c| if c.is_ascii_digit() { '0' } else { c })
                .collect();
            assert_eq!(f.lower, normalise(w), "{w}");
            assert_eq!(f.raw, raw, "{w}");
            assert_eq!(f.shape, shape(w, 3), "{w}");
            assert_eq!(f.short_shape, shape(w, 1), "{w}");
            assert_eq!(f.cap, cap_class(w), "{w}");
        }
    }
}
