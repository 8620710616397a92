//! Where a key is written in the config file, so that errors found after parsing
//! (values out of range, a source without a URL, a missing watch-list) name the
//! line as parse errors do.

use std::path::Path;

use toml::de::{DeTable, DeValue};

/// One step of a key path: a table key or an index into an array of tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// `fetch`, `total_timeout_secs`.
    Key(&'a str),
    /// `[[sources]]` entry number (from 0).
    Index(usize),
}

/// A key path as the errors print it: `sources[1].url`, `fetch.proxy`.
pub fn dotted(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The file's parsed tables with their positions.
pub struct Positions<'t> {
    text: &'t str,
    root: Option<DeTable<'t>>,
}

impl<'t> Positions<'t> {
    /// Parses `text` (a file that does not parse has no positions).
    pub fn new(text: &'t str) -> Positions<'t> {
        Positions {
            text,
            root: DeTable::parse(text).ok().map(|t| t.into_inner()),
        }
    }

    /// The 1-based line of the deepest part of `path` written in the file: the
    /// key itself when it is there, else the table that should hold it (a missing
    /// `url` points at its `[[sources]]` entry); `None` when not even the first
    /// step is written.
    pub fn line(&self, path: &[Step<'_>]) -> Option<usize> {
        self.offset(path).map(|at| self.line_at(at))
    }

    /// The byte offset [`Positions::line`] reports.
    fn offset(&self, path: &[Step<'_>]) -> Option<usize> {
        let mut table = self.root.as_ref()?;
        let mut found: Option<usize> = None;
        let mut steps = path.iter().peekable();
        while let Some(step) = steps.next() {
            let Step::Key(key) = step else {
                return found;
            };
            let Some((k, v)) = table.iter().find(|(k, _)| k.get_ref().as_ref() == *key) else {
                return found;
            };
            found = Some(k.span().start);
            let mut value = v;
            if let Some(Step::Index(i)) = steps.peek() {
                steps.next();
                let DeValue::Array(items) = value.get_ref() else {
                    return found;
                };
                let Some(item) = items.get(*i) else {
                    return found;
                };
                found = Some(self.header_of(item.span().start));
                value = item;
            }
            match value.get_ref() {
                DeValue::Table(t) => table = t,
                _ => break,
            }
        }
        found
    }

    /// The keys written in the table at `path` (empty when it is not written).
    pub fn keys(&self, path: &[Step<'_>]) -> Vec<String> {
        let Some(mut table) = self.root.as_ref() else {
            return Vec::new();
        };
        let mut steps = path.iter().peekable();
        while let Some(step) = steps.next() {
            let Step::Key(key) = step else {
                return Vec::new();
            };
            let Some((_, mut value)) = table.iter().find(|(k, _)| k.get_ref().as_ref() == *key)
            else {
                return Vec::new();
            };
            if let Some(Step::Index(i)) = steps.peek() {
                steps.next();
                match value.get_ref() {
                    DeValue::Array(items) => match items.get(*i) {
                        Some(item) => value = item,
                        None => return Vec::new(),
                    },
                    _ => return Vec::new(),
                }
            }
            match value.get_ref() {
                DeValue::Table(t) => table = t,
                _ => return Vec::new(),
            }
        }
        table.iter().map(|(k, _)| k.get_ref().to_string()).collect()
    }

    /// `file:line: key `path`: message`, or `file: key `path`: message` when the
    /// path is not written in the file at all.
    pub fn error(&self, file: &Path, path: &[Step<'_>], message: &str) -> anyhow::Error {
        let mut out = file.display().to_string();
        if let Some(line) = self.line(path) {
            out.push_str(&format!(":{line}"));
        }
        anyhow::anyhow!("{out}: key `{}`: {message}", dotted(path))
    }

    fn line_at(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    fn line_start(&self, offset: usize) -> usize {
        self.text[..offset].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Where an array-of-tables entry starts: its `[[name]]` header line, which
    /// may sit above the entry's span (blank and comment lines between).
    fn header_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let mut end = self.line_start(offset);
        if self.text[end..].trim_start().starts_with("[[") {
            return end;
        }
        while end > 0 {
            let start = self.line_start(end - 1);
            let line = self.text[start..end].trim();
            if line.starts_with("[[") {
                return start;
            }
            if !(line.is_empty() || line.starts_with('#')) {
                break;
            }
            end = start;
        }
        offset
    }
}

/// The first of `keys` that `message` names as a word (not as part of a longer
/// name), by position in the message.
pub fn named_key<'k>(message: &str, keys: &'k [String]) -> Option<&'k str> {
    keys.iter()
        .filter_map(|k| word_position(message, k).map(|at| (at, k.as_str())))
        .min_by_key(|(at, k)| (*at, std::cmp::Reverse(k.len())))
        .map(|(_, k)| k)
}

fn word_position(text: &str, word: &str) -> Option<usize> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if !before.is_some_and(is_name) && !after.is_some_and(is_name) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# top\n[fetch]\nretries = 2\ntotal_timeout_secs = -5\n\n[[sources]]\nname = \"a\"\nkind = \"feed\"\n\n# second\n[[sources]]\nname = \"b\"\nkind = \"feed\"\nurl = \"x\"\n";

    #[test]
    fn lines_of_keys_tables_and_entries() {
        let p = Positions::new(TEXT);
        let key = |path: &[Step]| p.line(path);
        assert_eq!(
            key(&[Step::Key("fetch"), Step::Key("total_timeout_secs")]),
            Some(4)
        );
        assert_eq!(key(&[Step::Key("fetch"), Step::Key("proxy")]), Some(2));
        assert_eq!(
            key(&[Step::Key("sources"), Step::Index(1), Step::Key("url")]),
            Some(14)
        );
        // A missing key points at its entry's header.
        assert_eq!(
            key(&[Step::Key("sources"), Step::Index(0), Step::Key("url")]),
            Some(6)
        );
        assert_eq!(
            key(&[Step::Key("sources"), Step::Index(1), Step::Key("since")]),
            Some(11)
        );
        assert_eq!(key(&[Step::Key("export"), Step::Key("formats")]), None);
        let mut keys = p.keys(&[Step::Key("sources"), Step::Index(1)]);
        keys.sort();
        assert_eq!(keys, ["kind", "name", "url"]);
        assert!(p.keys(&[Step::Key("export")]).is_empty());
    }

    #[test]
    fn named_keys_are_whole_words() {
        let keys: Vec<String> = ["retries", "retry_max_delay_secs", "total_timeout_secs"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            named_key(
                "total_timeout_secs must be a positive number, got -5",
                &keys
            ),
            Some("total_timeout_secs")
        );
        assert_eq!(named_key("retries_x is wrong", &keys), None);
        let keys: Vec<String> = vec!["url".into(), "url_pattern".into()];
        assert_eq!(
            named_key("invalid url_pattern \"(\"", &keys),
            Some("url_pattern")
        );
    }

    #[test]
    fn dotted_paths() {
        assert_eq!(
            dotted(&[Step::Key("sources"), Step::Index(2), Step::Key("url")]),
            "sources[2].url"
        );
    }
}
