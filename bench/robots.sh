#!/usr/bin/env bash
# Hostile robots.txt files: parse time and per-URL check time of newsmill's
# robots.txt reader on about KiB kibibytes of rules (default 512, the cap the
# fetcher reads), against the texting_robots-based reader newsmill used before
# (built from git revision BEFORE, default 65f93ae, in a temporary worktree) in the
# same run. Shapes (crates/fetch/examples/robots_speed.rs says how): `wildcards`
# (rules full of `*` that every path checked can reach, ending in `$`),
# `wildcards-miss` (none can match), `prefixes` (plain rules), `mixed`. URLs: paths
# of 200 to 2,190 `a`s. Figures are CPU seconds of the measuring thread.
# Prints per reader and shape: rules, parse seconds, milliseconds per URL checked,
# URLs checked, the verdicts on the first three URLs (A allowed, D disallowed); then the before/after ratios. Last line: the headline.
# Usage: bench/robots.sh [KiB]      BEFORE= (empty) skips the old reader.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
KIB="${1:-512}"
BEFORE="${BEFORE-65f93ae}"
TMP=$(mktemp -d)
OLD_TREE="$TMP/before"
cleanup() {
    if [ -d "$OLD_TREE" ]; then git -C "$ROOT" worktree remove --force "$OLD_TREE" >/dev/null 2>&1 || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT
(cd "$ROOT" && cargo build --quiet --release -p newsmill-fetch --example robots_speed) >&2
cp "$CARGO_TARGET_DIR/release/examples/robots_speed" "$TMP/after"
echo "reader shape             KiB   rules  parse_s  check_ms   checks verdicts(first 3 URLs)"
"$TMP/after" "$KIB" | grep -v '^headline' | sed 's/^/after  /' | tee "$TMP/after.txt"
if [ -n "$BEFORE" ]; then
    git -C "$ROOT" worktree add --detach --quiet "$OLD_TREE" "$BEFORE"
    # The same measuring program, run on the old reader.
    cp "$ROOT/crates/fetch/examples/robots_speed.rs" "$OLD_TREE/crates/fetch/examples/"
    (cd "$OLD_TREE" && cargo build --quiet --release -p newsmill-fetch --example robots_speed) >&2
    "$CARGO_TARGET_DIR/release/examples/robots_speed" "$KIB" | grep -v '^headline' | sed 's/^/before /' | tee "$TMP/before.txt"
    echo
    awk 'NR == FNR { parse[$2] = $5; check[$2] = $6; verdict[$2] = $8; next }
         { printf "%-15s parse before/after %8.1fx   check before/after %10.1fx   verdicts before %s after %s\n",
             $2, $5 / (parse[$2] > 0 ? parse[$2] : 0.0005), $6 / (check[$2] > 0 ? check[$2] : 0.0005), $8, verdict[$2] }' "$TMP/after.txt" "$TMP/before.txt"
    # Rebuild the current reader so target/ holds it again.
    (cd "$ROOT" && cargo build --quiet --release -p newsmill-fetch --example robots_speed) >&2
fi
awk '{ if ($5 > p) p = $5; if ($6 > c) c = $6 }
     END { printf "headline robots.txt %s KiB: worst parse %.3f s, worst check %.3f ms per URL (newsmill)\n", '"$KIB"', p, c }' "$TMP/after.txt"
