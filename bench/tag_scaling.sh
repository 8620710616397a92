#!/usr/bin/env bash
# Tag-stage time against body size: one body of 0.25, 0.5, 1, 2 and 5 MB per shape,
# each tagged in a fresh process (`tag_scaling` example), with the NER model alone timed
# on the same body in the same process as the reference. Prints seconds, seconds per
# MB, the tag/NER time ratio and peak RSS; time per MB that stays flat as the body grows
# means linear time. Shapes (see crates/tag/examples/tag_scaling.rs): `articles` (the
# project's test articles repeated: many mentions per entity), `one-sentence` (the same
# words with no sentence ends), `names` (many distinct people).
#
#   bash bench/tag_scaling.sh [SIZES_MB] [SHAPES]   (default "0.25 0.5 1 2 5", "articles one-sentence names")
#
# TAG_SCALING_BIN runs another build of the example (e.g. an older commit's);
# TAG_SCALING_TIMEOUT (default 300) caps each run, in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-0.25 0.5 1 2 5}
SHAPES=${2:-articles one-sentence names}
TIMEOUT=${TAG_SCALING_TIMEOUT:-300}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

BIN=${TAG_SCALING_BIN:-}
if [ -z "$BIN" ]; then
    cargo build -q --release -p newsmill-tag --example tag_scaling
    BIN=$CARGO_TARGET_DIR/release/examples/tag_scaling
fi

for shape in $SHAPES; do
    for mb in $SIZES; do
        if /usr/bin/time -f "%M" -o "$OUT/rss" timeout "$TIMEOUT" "$BIN" "$mb" "$shape" --ner > "$OUT/run.json" 2> "$OUT/err"; then
            echo "$shape $mb $(tail -1 "$OUT/rss") $(cat "$OUT/run.json")" >> "$OUT/all"
        else
            echo "$shape $mb timeout {}" >> "$OUT/all"
        fi
    done
done

python3 - "$OUT/all" "$TIMEOUT" <<'PY'
import json, sys
rows = [l.split(" ", 3) for l in open(sys.argv[1]).read().splitlines()]
timeout = float(sys.argv[2])
print(f"{'shape':13} {'MB':>5} {'words':>9} {'tag s':>8} {'s/MB':>7} {'NER s':>7} {'tag/NER':>8} {'peak RSS MB':>12}")
worst, first = {}, {}
for shape, mb, rss, js in rows:
    r = json.loads(js)
    if not r:
        print(f"{shape:13} {mb:>5} {'':>9} {'>' + str(int(timeout)):>8}  (timed out)")
        worst[shape] = float("inf")
        continue
    size = r["bytes"] / 1048576
    spm = r["tag_s"] / size
    first.setdefault(shape, spm)
    worst[shape] = spm
    print(f"{shape:13} {mb:>5} {r['words']:>9} {r['tag_s']:>8.2f} {spm:>7.2f} {r['ner_s']:>7.2f} "
          f"{r['tag_s'] / max(r['ner_s'], 1e-9):>8.2f} {int(rss) / 1024:>12.0f}")
growth = [f"{s} {worst[s] / first[s]:.2f}x" if s in first and worst[s] != float('inf') else f"{s} timed out"
          for s in worst]
print("s/MB at the largest size over s/MB at the smallest (1.00 = linear): " + ", ".join(growth))
PY
