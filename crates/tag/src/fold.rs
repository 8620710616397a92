//! Folding text to comparison keys: case, diacritics and script (Cyrillic → Latin).
//!
//! Every comparison of names in this crate (watch-list aliases, gazetteer names,
//! variant spellings of the same person) goes through [`fold_char`], so a name written
//! `Лукашэнка`, `Lukashenka` or `LUKASHENKA` folds to the same `lukashenka`.

/// Cyrillic → Latin, one fixed table covering Russian, Belarusian and Ukrainian letters
/// (close to BGN/PCGN). Lower-case input only.
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' => "i",
        'ї' => "yi",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Appends the folded form of `c` to `out`: lower-case ASCII, Cyrillic transliterated,
/// diacritics removed (via `deunicode`), typographic apostrophes and quotes made ASCII.
/// Characters with no ASCII form append nothing.
pub(crate) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        if let Some(latin) = cyrillic(lower) {
            out.push_str(latin);
        } else if let Some(ascii) = deunicode::deunicode_char(lower) {
            out.extend(
                ascii
                    .chars()
                    .filter(char::is_ascii)
                    .map(|a| a.to_ascii_lowercase()),
            );
        }
    }
}

/// A comparison key: the folded letters and digits only (`"U.S."` → `"us"`,
/// `"Mins'k"` → `"minsk"`, `"Kyiv"` → `"kyiv"`).
pub(crate) fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_key(text, &mut out, &mut String::new());
    out
}

/// Appends [`key`]`(text)` to `out`; `piece` is scratch space, reused across calls so
/// that folding a whole body allocates nothing per word.
pub(crate) fn push_key(text: &str, out: &mut String, piece: &mut String) {
    if text.is_ascii() {
        out.extend(
            text.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        piece.clear();
        fold_char(c, piece);
        out.extend(piece.chars().filter(char::is_ascii_alphanumeric));
    }
}

/// A 64-bit FNV-1a hash of folded key bytes, fed piece by piece so a multi-word
/// name's hash is built from its words' keys without concatenating them; the gazetteer
/// indexes names by it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyHash {
    pub hash: u64,
    pub len: usize,
}

impl KeyHash {
    pub(crate) fn new() -> KeyHash {
        KeyHash {
            hash: 0xcbf2_9ce4_8422_2325,
            len: 0,
        }
    }

    fn push(&mut self, b: u8) {
        self.hash ^= u64::from(b);
        self.hash = self.hash.wrapping_mul(0x0000_0100_0000_01b3);
        self.len += 1;
    }

    /// Adds an already folded key.
    pub(crate) fn push_key(&mut self, key: &str) {
        key.bytes().for_each(|b| self.push(b));
    }

    /// Adds raw text, folding it as [`key`] does.
    pub(crate) fn push_text(&mut self, text: &str) {
        let mut piece = String::new();
        for c in text.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    self.push(c.to_ascii_lowercase() as u8);
                }
            } else {
                piece.clear();
                fold_char(c, &mut piece);
                piece
                    .bytes()
                    .filter(u8::is_ascii_alphanumeric)
                    .for_each(|b| self.push(b));
            }
        }
    }
}

/// The [`KeyHash`] of `key(text)`, computed without building the key.
pub(crate) fn key_hash(text: &str) -> KeyHash {
    let mut h = KeyHash::new();
    h.push_text(text);
    h
}

/// A consonant skeleton of a folded word, for spotting transliteration variants:
/// `lukashenka` and `lukashenko` → `lkshnk`, `makey` and `makei` → `mk`,
/// `aleksandr` and `alexander` → `lksndr`.
pub(crate) fn skeleton(folded: &str) -> String {
    let bytes = folded.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut push = |c: char| {
        if !out.ends_with(c) {
            out.push(c);
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let next = bytes.get(i + 1).copied();
        match bytes[i] {
            b'x' => {
                push('k');
                push('s');
            }
            b'p' if next == Some(b'h') => {
                push('f');
                i += 1;
            }
            b'c' if next == Some(b'k') => {
                push('k');
                i += 1;
            }
            b'w' => push('v'),
            b'q' => push('k'),
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'j' => {}
            c if c.is_ascii_alphabetic() => push(char::from(c)),
            _ => {}
        }
        i += 1;
    }
    out
}

/// Whether the Levenshtein distance between two ASCII strings is at most `k` (at most
/// 2): only the diagonal band `|i - j| <= k` of the distance table can hold such a
/// distance, so this takes `O(k · len)` time, however long the words.
pub(crate) fn within_edits(a: &str, b: &str, k: usize) -> bool {
    const FAR: usize = usize::MAX / 2;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let k = k.min(2);
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    let width = 2 * k + 1;
    // Row i holds D[i][j] for j in i-k..=i+k, at slot j + k - i.
    let mut prev = [FAR; 5];
    for j in 0..=k.min(b.len()) {
        prev[j + k] = j;
    }
    for i in 1..=a.len() {
        let mut cur = [FAR; 5];
        for j in i.saturating_sub(k)..=(i + k).min(b.len()) {
            let slot = j + k - i;
            let mut best = if j == 0 {
                i
            } else {
                prev[slot] + usize::from(a[i - 1] != b[j - 1])
            };
            if j > 0 && slot > 0 {
                best = best.min(cur[slot - 1] + 1);
            }
            if slot + 1 < width {
                best = best.min(prev[slot + 1] + 1);
            }
            cur[slot] = best;
        }
        prev = cur;
    }
    prev[b.len() + k - a.len()] <= k
}

/// A folded name word with its consonant skeleton, for repeated comparisons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NameKey {
    pub key: String,
    pub skeleton: String,
}

impl NameKey {
    pub(crate) fn new(key: &str) -> NameKey {
        NameKey {
            key: key.to_string(),
            skeleton: skeleton(key),
        }
    }

    /// True when both are spellings of the same name: equal, or the same consonant
    /// skeleton and at most one edit apart (two for words longer than 5 letters).
    pub(crate) fn same(&self, other: &NameKey) -> bool {
        let (a, b) = (&self.key, &other.key);
        if a == b {
            return true;
        }
        if a.is_empty()
            || b.is_empty()
            || a.len().abs_diff(b.len()) > 2
            || self.skeleton != other.skeleton
        {
            return false;
        }
        let limit = if a.len().min(b.len()) > 5 { 2 } else { 1 };
        within_edits(a, b, limit)
    }
}

/// [`NameKey::same`] for two folded words.
#[cfg(test)]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    NameKey::new(a).same(&NameKey::new(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_diacritics_and_script() {
        assert_eq!(key("Лукашенко"), "lukashenko");
        assert_eq!(key("Лукашэнка"), "lukashenka");
        assert_eq!(key("LUKASHENKA"), "lukashenka");
        assert_eq!(key("Mińsk"), "minsk");
        assert_eq!(key("U.S."), "us");
        assert_eq!(key("Шклоў"), "shklou");
        assert_eq!(key("Zürich"), "zurich");
        for t in ["Лукашэнка", "U.S.", "Mińsk", "Zürich", ""] {
            assert_eq!(key_hash(t).hash, key_hash(&key(t)).hash);
        }
        assert_ne!(key_hash("minsk").hash, key_hash("pinsk").hash);
        let mut h = KeyHash::new();
        h.push_key("new");
        h.push_key("york");
        assert_eq!(h.hash, key_hash("New York").hash);
    }

    #[test]
    fn variants_share_a_skeleton() {
        assert_eq!(skeleton("lukashenka"), skeleton("lukashenko"));
        assert_eq!(skeleton("aleksandr"), skeleton("alexander"));
        assert_eq!(skeleton("philip"), "flp");
        assert_eq!(skeleton("wojciechowski"), "vchvsk");
        assert_eq!(skeleton("lukashenka"), "lkshnk");
        assert!(same_name("makey", "makei"));
        assert!(same_name("lukashenka", "lukashenko"));
        assert!(same_name("zelensky", "zelenskyy"));
        assert!(!same_name("mike", "makey"));
        assert!(!same_name("putin", "pompeo"));
        assert!(!within_edits("kitten", "sitting", 2));
        assert!(within_edits("kitten", "sittin", 2));
    }

    /// Levenshtein distance, the plain way.
    fn edit_distance(a: &str, b: &str) -> usize {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        let mut cur = vec![0; b.len() + 1];
        for (i, &ca) in a.iter().enumerate() {
            cur[0] = i + 1;
            for (j, &cb) in b.iter().enumerate() {
                let sub = prev[j] + usize::from(ca != cb);
                cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        prev[b.len()]
    }

    #[test]
    fn banded_distance_agrees_with_the_full_table() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "lukashenka",
            "lukashenko",
            "lukashenkov",
            "makey",
            "makei",
            "mak",
            "zelensky",
            "zelenskyy",
            "zelenskiy",
            "kitten",
            "sitting",
        ];
        for a in words {
            for b in words {
                for k in 0..=2 {
                    assert_eq!(
                        within_edits(a, b, k),
                        edit_distance(a, b) <= k,
                        "{a} {b} {k}"
                    );
                }
            }
        }
    }
}
