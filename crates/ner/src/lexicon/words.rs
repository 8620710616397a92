//! The lexicon's single words in memory: sorted hash and value arrays with a bucket
//! index, about 14 bytes a word (a hash map of the same words, kept at most 7/8 full
//! in power-of-two tables, took 17 bytes a slot and twice the slots: ~4.5 MB for the
//! ~130,000 words, against ~2 MB here).

use super::WordInfo;

/// Bits of a word's hash that pick its bucket (2^16 buckets for ~130,000 words).
const BUCKET_BITS: u32 = 16;

/// One change to a word's entry while the lexicon loads, applied in load order.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Update {
    /// Adds gazetteer categories ([`WordInfo::mask`]).
    Mask(u8),
    /// A multi-word entry starts with the word.
    StartsPhrase,
    /// Adds name lists ([`WordInfo::names`]).
    Names(u8),
    /// Sets the Zipf frequency (the last one given wins).
    Zipf10(u8),
    /// Sets the word-class path (the last one given wins).
    Cluster(u16),
}

impl Update {
    fn apply(self, info: &mut WordInfo) {
        match self {
            Update::Mask(bit) => info.mask |= bit,
            Update::StartsPhrase => info.starts_phrase = true,
            Update::Names(bit) => info.names |= bit,
            Update::Zipf10(z) => info.zipf10 = z,
            Update::Cluster(c) => info.cluster = c,
        }
    }
}

/// Words keyed by the 64-bit hash of the lower-cased word ([`crate::hashing::hash_str`]).
pub(crate) struct Words {
    /// Sorted, one per word.
    hashes: Vec<u64>,
    /// `infos[i]` belongs to `hashes[i]`.
    infos: Vec<WordInfo>,
    /// `buckets[b]..buckets[b + 1]` is the part of `hashes` whose top `BUCKET_BITS`
    /// bits are `b`.
    buckets: Vec<u32>,
}

impl Words {
    /// The table of a load's updates, each word's applied in the order given (as
    /// `entry(hash).or_default()` then the update would, one after another).
    pub(crate) fn from_updates(mut updates: Vec<(u64, Update)>) -> Words {
        // Stable: a word's updates keep their order.
        updates.sort_by_key(|&(hash, _)| hash);
        let mut hashes: Vec<u64> = Vec::new();
        let mut infos: Vec<WordInfo> = Vec::new();
        let words = updates.chunk_by(|a, b| a.0 == b.0).count();
        hashes.reserve_exact(words);
        infos.reserve_exact(words);
        for run in updates.chunk_by(|a, b| a.0 == b.0) {
            let mut info = WordInfo::default();
            for &(_, update) in run {
                update.apply(&mut info);
            }
            hashes.push(run[0].0);
            infos.push(info);
        }
        drop(updates);
        let mut buckets = Vec::with_capacity((1 << BUCKET_BITS) + 1);
        let mut at = 0;
        for b in 0..=(1u64 << BUCKET_BITS) {
            while at < hashes.len() && hashes[at] >> (64 - BUCKET_BITS) < b {
                at += 1;
            }
            buckets.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
        Words {
            hashes,
            infos,
            buckets,
        }
    }

    /// The word with this hash, if the lexicon has it.
    pub(crate) fn get(&self, hash: u64) -> Option<WordInfo> {
        let b = (hash >> (64 - BUCKET_BITS)) as usize;
        let (from, to) = (self.buckets[b] as usize, self.buckets[b + 1] as usize);
        let bucket = &self.hashes[from..to];
        let i = bucket.partition_point(|&h| h < hash);
        (bucket.get(i) == Some(&hash)).then(|| self.infos[from + i])
    }

    /// How many words the table holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.hashes.len()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::hashing::hash_str;

    /// The same updates into a hash map, the layout this table replaced.
    fn reference(updates: &[(u64, Update)]) -> HashMap<u64, WordInfo> {
        let mut map: HashMap<u64, WordInfo> = HashMap::new();
        for &(hash, update) in updates {
            update.apply(map.entry(hash).or_default());
        }
        map
    }

    #[test]
    fn finds_the_same_words_as_a_hash_map() {
        let words = [
            "the", "minsk", "new", "john", "ministry", "google", "", "a", "z", "zürich",
        ];
        let mut updates = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let h = hash_str(w);
            updates.push((h, Update::Mask(1 << (i % 7))));
            if i % 2 == 0 {
                updates.push((h, Update::Zipf10(i as u8 * 7)));
                updates.push((h, Update::Names(2)));
            }
            if i % 3 == 0 {
                updates.push((h, Update::StartsPhrase));
                updates.push((h, Update::Cluster(0b101)));
            }
        }
        // Later updates of the same word: the last Zipf and cluster win, bits add up.
        let the = hash_str("the");
        updates.extend([
            (the, Update::Zipf10(77)),
            (the, Update::Mask(64)),
            (the, Update::Cluster(0b1_0110)),
        ]);
        // Hashes at the edges of the bucket range.
        updates.extend([(0, Update::Mask(1)), (u64::MAX, Update::Names(1))]);
        let table = Words::from_updates(updates.clone());
        let map = reference(&updates);
        assert_eq!(table.len(), map.len());
        for (&hash, &info) in &map {
            assert_eq!(table.get(hash), Some(info), "hash {hash:#x}");
        }
        let got = table.get(the).unwrap();
        assert_eq!((got.zipf10, got.mask & 64, got.cluster), (77, 64, 0b1_0110));
        for absent in ["qwzxv", "minsk city", "Minsk"] {
            assert_eq!(table.get(hash_str(absent)), None, "{absent}");
        }
        assert_eq!(table.get(1), None);
        assert_eq!(table.get(u64::MAX - 1), None);
    }

    #[test]
    fn empty_table_finds_nothing() {
        let table = Words::from_updates(Vec::new());
        assert_eq!(table.get(hash_str("the")), None);
        assert_eq!(table.get(u64::MAX), None);
    }
}
