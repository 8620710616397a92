//! Entity kinds and IOB2 tags, with their CoNLL string forms.

use std::fmt;
use std::str::FromStr;

/// An entity type, as in CoNLL-2003.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Person.
    Per,
    /// Organisation (including sports clubs and teams named after places).
    Org,
    /// Location: countries, cities, regions, geographic features.
    Loc,
    /// Other names: nationalities, events, works, products.
    Misc,
}

impl Kind {
    /// All kinds, in label order.
    pub const ALL: [Kind; 4] = [Kind::Per, Kind::Org, Kind::Loc, Kind::Misc];

    /// The CoNLL name (`PER`, `ORG`, `LOC`, `MISC`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Per => "PER",
            Kind::Org => "ORG",
            Kind::Loc => "LOC",
            Kind::Misc => "MISC",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown tag or kind string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an IOB2 tag: {0:?}")]
pub struct ParseTagError(pub String);

impl FromStr for Kind {
    type Err = ParseTagError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "PER" => Ok(Kind::Per),
            "ORG" => Ok(Kind::Org),
            "LOC" => Ok(Kind::Loc),
            "MISC" => Ok(Kind::Misc),
            _ => Err(ParseTagError(s.to_string())),
        }
    }
}

/// An IOB2 tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Outside any entity.
    O,
    /// First token of an entity.
    B(Kind),
    /// Continuation of an entity.
    I(Kind),
}

/// Number of distinct tags (O plus B/I for four kinds).
pub(crate) const NUM_TAGS: usize = 9;

/// Tags by their dense index.
const BY_INDEX: [Tag; NUM_TAGS] = [
    Tag::O,
    Tag::B(Kind::Per),
    Tag::I(Kind::Per),
    Tag::B(Kind::Org),
    Tag::I(Kind::Org),
    Tag::B(Kind::Loc),
    Tag::I(Kind::Loc),
    Tag::B(Kind::Misc),
    Tag::I(Kind::Misc),
];

/// `FOLLOWS[prev][k]`: whether the tag of index `k` may follow that of index `prev`.
pub(crate) const FOLLOWS: [[bool; NUM_TAGS]; NUM_TAGS] = {
    let mut t = [[true; NUM_TAGS]; NUM_TAGS];
    let mut prev = 0;
    while prev < NUM_TAGS {
        let mut k = 2;
        while k < NUM_TAGS {
            // I-x (index 2 + 2x) only after B-x or I-x (index 1 + 2x or 2 + 2x).
            t[prev][k] = prev > 0 && (prev - 1) / 2 == (k - 2) / 2;
            k += 2;
        }
        prev += 1;
    }
    t
};

impl Tag {
    /// Dense label index: O = 0, B-k = 1 + 2k, I-k = 2 + 2k.
    pub(crate) fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(k) => 1 + 2 * k.index(),
            Tag::I(k) => 2 + 2 * k.index(),
        }
    }

    pub(crate) fn from_index(i: usize) -> Tag {
        BY_INDEX[i]
    }

    /// The entity kind, if any.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Tag::O => None,
            Tag::B(k) | Tag::I(k) => Some(k),
        }
    }

    /// Whether this tag may follow `prev` in IOB2 (`I-X` only after `B-X` or `I-X`).
    pub fn may_follow(self, prev: Tag) -> bool {
        match self {
            Tag::I(k) => prev.kind() == Some(k),
            _ => true,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::B(k) => write!(f, "B-{k}"),
            Tag::I(k) => write!(f, "I-{k}"),
        }
    }
}

impl FromStr for Tag {
    type Err = ParseTagError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "O" {
            return Ok(Tag::O);
        }
        let err = || ParseTagError(s.to_string());
        let (prefix, kind) = s.split_once('-').ok_or_else(err)?;
        let kind: Kind = kind.parse().map_err(|_| err())?;
        match prefix {
            "B" => Ok(Tag::B(kind)),
            "I" => Ok(Tag::I(kind)),
            _ => Err(err()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_tag() {
        for i in 0..NUM_TAGS {
            let t = Tag::from_index(i);
            assert_eq!(t.index(), i);
            assert_eq!(t.to_string().parse::<Tag>().unwrap(), t);
        }
        assert_eq!("B-MISC".parse::<Tag>().unwrap(), Tag::B(Kind::Misc));
        assert_eq!(Tag::I(Kind::Loc).to_string(), "I-LOC");
    }

    #[test]
    fn rejects_bad_tags() {
        for bad in ["", "B", "B-", "X-PER", "B-DATE", "o", "I-per"] {
            assert!(bad.parse::<Tag>().is_err(), "{bad}");
        }
    }

    #[test]
    fn iob2_transitions() {
        assert!(Tag::I(Kind::Per).may_follow(Tag::B(Kind::Per)));
        assert!(!Tag::I(Kind::Per).may_follow(Tag::O));
        assert!(!Tag::I(Kind::Per).may_follow(Tag::I(Kind::Org)));
        assert!(Tag::B(Kind::Per).may_follow(Tag::B(Kind::Per)));
        for (prev, row) in FOLLOWS.iter().enumerate() {
            for (k, &ok) in row.iter().enumerate() {
                assert_eq!(ok, Tag::from_index(k).may_follow(Tag::from_index(prev)));
            }
        }
    }
}
