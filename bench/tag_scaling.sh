#!/usr/bin/env bash
# Tag-stage time against body size: one body of 0.25, 0.5, 1, 2 and 5 MB per shape,
# each tagged in a fresh process (`tag_scaling` example), with the NER model alone timed
# on the same body in the same process as the reference. Prints CPU seconds (and wall
# seconds), CPU seconds per MB, the tag/NER time ratio and peak RSS; time per MB that
# stays flat as the body grows means linear time. Shapes (see crates/tag/examples/tag_scaling.rs): `articles` (the
# project's test articles repeated: many mentions per entity), `one-sentence` (the same
# words with no sentence ends), `names` (many distinct people), `hostile` (endless digit
# groups, a chunk without spaces, an unclosed quotation, a surname repeated).
#
#   bash bench/tag_scaling.sh [SIZES_MB] [SHAPES]   (default "0.25 0.5 1 2 5", "articles one-sentence names hostile")
#
# TAG_SCALING_BIN runs another build of the example (e.g. an older commit's);
# TAG_SCALING_TIMEOUT (default 300) caps each run, in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-0.25 0.5 1 2 5}
SHAPES=${2:-articles one-sentence names hostile}
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
print("CPU seconds of the tagging thread (wall seconds in brackets); NER = the model alone on the same body")
print(f"{'shape':13} {'MB':>5} {'words':>9} {'tag s':>14} {'s/MB':>6} {'NER s':>13} {'tag/NER':>8} {'peak RSS MB':>12}")
first, last, worst_article = {}, {}, 0.0
for shape, mb, rss, js in rows:
    r = json.loads(js)
    if not r:
        print(f"{shape:13} {mb:>5} {'':>9} {'>' + str(int(timeout)):>14}  (timed out)")
        last[shape] = float("inf")
        continue
    size = r["bytes"] / 1048576
    spm = r["tag_cpu_s"] / size
    first.setdefault(shape, spm)
    last[shape] = spm
    worst_article = max(worst_article, r["tag_cpu_s"])
    print(f"{shape:13} {mb:>5} {r['words']:>9} {r['tag_cpu_s']:>6.2f} ({r['tag_s']:>5.2f}) {spm:>6.2f} "
          f"{r['ner_cpu_s']:>5.2f} ({r['ner_s']:>5.2f}) {r['tag_cpu_s'] / max(r['ner_cpu_s'], 1e-9):>8.2f} {int(rss) / 1024:>12.0f}")
growth = [f"{s} {last[s] / first[s]:.2f}x" if s in first and last[s] != float('inf') else f"{s} timed out"
          for s in last]
print(f"slowest body: {worst_article:.2f} CPU s; s/MB at the largest size over s/MB at the smallest "
      "(1.00 = linear): " + ", ".join(growth))
PY
