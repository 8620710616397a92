//! Allow/Disallow rules of one group, matched against a URL's path and query in
//! time linear in the path for each rule that can match it, never by backtracking.
//!
//! Rules and paths are compared after the same normalisation (RFC 9309 §2.2.2):
//! `%XX` of an unreserved character is decoded, other `%XX` keep their octet with
//! upper-case hex, and octets outside printable ASCII (UTF-8 of non-ASCII
//! characters, controls, space, `"<>\``) are percent-encoded.
//!
//! Plain rules (no `*`) live in a byte trie (built from the sorted rules, each
//! node's children laid out together in byte order, found by binary search): one walk down the path finds
//! every rule that is a prefix of it (a trailing `$` asks for the whole path). A rule
//! with `*` is hung on the trie node of its literal part before the first `*`, so
//! only rules whose literal start matches the path are tried; each is then matched
//! as a glob: its pieces between `*`s are searched for leftmost-first in order
//! (memchr's linear substring search), with `$` asking that the last piece end the
//! path. A group keeps at most [`MAX_WILDCARD_RULES`] rules with `*`.

use std::collections::HashSet;

use memchr::memmem;

/// Rules with `*` that one group keeps; later ones are dropped (and counted). Each
/// costs at most one pass over a URL's path per check, so this bounds a check at
/// about a thousand passes over the path whatever the file holds. Real files hold
/// tens of such rules; Google caps the whole file at 500 KiB, we keep 512 KiB.
pub(crate) const MAX_WILDCARD_RULES: usize = 1000;

/// No node, no glob.
const NONE: u32 = u32::MAX;

/// Flags of a trie node: a rule ends here.
const ALLOW: u8 = 1;
const DISALLOW: u8 = 2;
/// ... and ends with `$` (the path must end here too).
const ALLOW_END: u8 = 4;
const DISALLOW_END: u8 = 8;

/// One trie node.
#[derive(Clone, Copy)]
struct Node {
    flags: u8,
    /// First of the globs whose literal part ends here (linked by `Glob::next`).
    globs: u32,
}

const EMPTY: Node = Node {
    flags: 0,
    globs: NONE,
};

/// A rule with `*`, below its literal part.
struct Glob {
    /// The pieces between `*`s (the first one is the part right after the first
    /// `*`), empty pieces left out.
    pieces: Vec<Box<[u8]>>,
    /// The rule ends with `$`.
    anchored: bool,
    /// Bytes the pieces need at least.
    need: usize,
    /// Precedence: the rule's length (normalised, `*` and `$` included).
    len: usize,
    allow: bool,
    next: u32,
}

impl Glob {
    /// Whether the pieces match `rest` (the path after the literal part, which
    /// sits right before a `*`).
    fn matches(&self, rest: &[u8]) -> bool {
        if self.need > rest.len() {
            return false;
        }
        let mut pos = 0;
        let last = self.pieces.len().saturating_sub(1);
        for (i, piece) in self.pieces.iter().enumerate() {
            if self.anchored && i == last {
                // The last piece must end the path, after what came before.
                return rest.len() - piece.len() >= pos && rest.ends_with(piece);
            }
            match memmem::find(&rest[pos..], piece) {
                Some(at) => pos += at + piece.len(),
                None => return false,
            }
        }
        // No pieces left: a trailing `*` (or `*$`) matches any rest.
        true
    }
}

/// The rules of one group, ready to match.
pub(crate) struct Matcher {
    nodes: Vec<Node>,
    /// Children of node `i`: `child_byte[child_start[i]..child_start[i + 1]]`
    /// (sorted) and the nodes they lead to, same range of `child_node`.
    child_start: Vec<u32>,
    child_byte: Vec<u8>,
    child_node: Vec<u32>,
    globs: Vec<Glob>,
    /// Rules with `*` beyond [`MAX_WILDCARD_RULES`], not kept.
    pub dropped: usize,
}

/// What a key of the trie brings to its node.
enum Mark {
    Flag(u8),
    /// A glob (index into the globs) hung there.
    Glob(u32),
}

impl Matcher {
    /// Builds the matcher from `(allow, rule)` pairs as written in the file.
    /// Empty rules match nothing (an empty `Disallow:` allows everything).
    ///
    /// The keys (plain rules, literal parts of globs) are sorted, then the trie is
    /// built in one pass down the sorted list, so each node's children come out
    /// in byte order without hashing.
    pub fn new<'a>(rules: impl IntoIterator<Item = (bool, &'a [u8])>) -> Matcher {
        let mut keys: Vec<(Vec<u8>, Mark)> = Vec::new();
        let mut globs = Vec::new();
        let mut dropped = 0;
        let mut seen_globs = HashSet::new();
        for (allow, raw) in rules {
            if raw.is_empty() {
                continue;
            }
            let rule = normalize(raw);
            let len = rule.len();
            let (body, anchored) = match rule.strip_suffix(b"$") {
                Some(body) => (body, true),
                None => (&rule[..], false),
            };
            match body.iter().position(|&b| b == b'*') {
                None => {
                    let flag = match (allow, anchored) {
                        (true, false) => ALLOW,
                        (false, false) => DISALLOW,
                        (true, true) => ALLOW_END,
                        (false, true) => DISALLOW_END,
                    };
                    keys.push((body.to_vec(), Mark::Flag(flag)));
                }
                Some(star) => {
                    if !seen_globs.insert((allow, rule.clone())) {
                        continue;
                    }
                    if globs.len() >= MAX_WILDCARD_RULES {
                        dropped += 1;
                        continue;
                    }
                    let pieces: Vec<Box<[u8]>> = body[star + 1..]
                        .split(|&b| b == b'*')
                        .filter(|p| !p.is_empty())
                        .map(Box::from)
                        .collect();
                    keys.push((body[..star].to_vec(), Mark::Glob(globs.len() as u32)));
                    globs.push(Glob {
                        need: pieces.iter().map(|p| p.len()).sum(),
                        pieces,
                        // `/a*$` is `/a*`: anything may follow.
                        anchored: anchored && !body.ends_with(b"*"),
                        len,
                        allow,
                        next: NONE,
                    });
                }
            }
        }
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut nodes = vec![EMPTY];
        // (parent, byte, child) in the order made: by parent's key, then byte.
        let mut edges: Vec<(u32, u8, u32)> = Vec::new();
        // The nodes along the previous key, root first.
        let mut path: Vec<u32> = vec![0];
        let mut prev: &[u8] = &[];
        for (key, mark) in &keys {
            let common = key.iter().zip(prev).take_while(|(a, b)| a == b).count();
            path.truncate(common + 1);
            for &b in &key[common..] {
                let child = nodes.len() as u32;
                nodes.push(EMPTY);
                edges.push((*path.last().unwrap_or(&0), b, child));
                path.push(child);
            }
            let node = &mut nodes[*path.last().unwrap_or(&0) as usize];
            match *mark {
                Mark::Flag(f) => node.flags |= f,
                Mark::Glob(g) => {
                    globs[g as usize].next = node.globs;
                    node.globs = g;
                }
            }
            prev = key;
        }
        // Children of each node together (a stable counting sort by parent keeps
        // them in byte order).
        let n = nodes.len();
        let mut child_start = vec![0u32; n + 1];
        for &(parent, _, _) in &edges {
            child_start[parent as usize + 1] += 1;
        }
        for i in 0..n {
            child_start[i + 1] += child_start[i];
        }
        let mut fill = child_start.clone();
        let mut child_byte = vec![0u8; edges.len()];
        let mut child_node = vec![0u32; edges.len()];
        for &(parent, b, child) in &edges {
            let at = fill[parent as usize] as usize;
            (child_byte[at], child_node[at]) = (b, child);
            fill[parent as usize] += 1;
        }
        Matcher {
            nodes,
            child_start,
            child_byte,
            child_node,
            globs,
            dropped,
        }
    }

    fn child(&self, node: usize, b: u8) -> Option<usize> {
        let range = self.child_start[node] as usize..self.child_start[node + 1] as usize;
        let at = self.child_byte[range.clone()].binary_search(&b).ok()?;
        Some(self.child_node[range.start + at] as usize)
    }

    /// Whether `path` (path and query, as the URL has them) is allowed: the
    /// longest matching rule decides, Allow winning a tie; no match allows.
    pub fn allowed(&self, path: &[u8]) -> bool {
        let path = normalize(path);
        // (length, allow) of the best rule so far.
        let mut best: Option<(usize, bool)> = None;
        let mut consider = |len: usize, allow: bool| {
            if best.is_none_or(|(l, a)| len > l || (len == l && allow && !a)) {
                best = Some((len, allow));
            }
        };
        let mut node = 0;
        let mut depth = 0;
        loop {
            let n = &self.nodes[node];
            if n.flags & ALLOW != 0 {
                consider(depth, true);
            }
            if n.flags & DISALLOW != 0 {
                consider(depth, false);
            }
            if depth == path.len() {
                if n.flags & ALLOW_END != 0 {
                    consider(depth + 1, true);
                }
                if n.flags & DISALLOW_END != 0 {
                    consider(depth + 1, false);
                }
            }
            let mut g = n.globs;
            while g != NONE {
                let glob = &self.globs[g as usize];
                if glob.matches(&path[depth..]) {
                    consider(glob.len, glob.allow);
                }
                g = glob.next;
            }
            match path.get(depth).and_then(|&b| self.child(node, b)) {
                Some(c) => {
                    node = c;
                    depth += 1;
                }
                None => break,
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }

    /// Rules with `*` kept.
    pub fn wildcard_rules(&self) -> usize {
        self.globs.len()
    }
}

/// Normalises a path or a rule for comparison (see the module doc). `*` and `$`
/// stay as they are (wildcards in a rule, octets in a path); an encoded one
/// (`%2A`, `%24`) stays encoded, so a path's `%2A` is never a wildcard.
pub(crate) fn normalize(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b == b'%' {
            if let (Some(h), Some(l)) = (
                s.get(i + 1).and_then(|&c| hex(c)),
                s.get(i + 2).and_then(|&c| hex(c)),
            ) {
                let v = h * 16 + l;
                if v.is_ascii_alphanumeric() || matches!(v, b'-' | b'.' | b'_' | b'~') {
                    out.push(v);
                } else {
                    push_encoded(&mut out, v);
                }
                i += 3;
                continue;
            }
            out.push(b);
        } else if b <= b' ' || b >= 0x7f || matches!(b, b'"' | b'<' | b'>' | b'`') {
            push_encoded(&mut out, b);
        } else {
            out.push(b);
        }
        i += 1;
    }
    out
}

fn push_encoded(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}
