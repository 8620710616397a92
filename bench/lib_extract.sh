# Shared set-up for the extraction benchmarks; sourced by bench/extraction.sh,
# bench/dates.sh and bench/extract_speed.sh.
#
# NEWSMILL_EXTRACT  extractor command (default: `newsmill extract --no-tag`, built in
#                   release mode). It must accept `--urls GROUND_TRUTH.json`
#                   followed by HTML files (plain or .html.gz) and print one JSON line
#                   per file with at least `id`, `body` and `published`.
# BENCH_VENV        Python venv with the peers (default /root/.cache/newsmill/bench-venv);
#                   created when missing.
# SHARED            the shared benchmark folder (default ../shared next to the repo).

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
BENCH_VENV="${BENCH_VENV:-/root/.cache/newsmill/bench-venv}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

ensure_venv() {
    if [ ! -x "$BENCH_VENV/bin/python" ]; then
        echo "creating venv $BENCH_VENV" >&2
        python3 -m venv "$BENCH_VENV"
        "$BENCH_VENV/bin/pip" install --quiet "trafilatura==2.3.1" "htmldate==1.11.*"
    fi
    "$BENCH_VENV/bin/python" -c "import trafilatura, htmldate" 2>/dev/null || \
        "$BENCH_VENV/bin/pip" install --quiet "trafilatura==2.3.1" "htmldate==1.11.*"
}

ensure_extractor() {
    if [ -z "${NEWSMILL_EXTRACT:-}" ]; then
        (cd "$ROOT" && cargo build --quiet --release -p newsmill) >&2
        NEWSMILL_EXTRACT="$CARGO_TARGET_DIR/release/newsmill extract --no-tag"
    fi
    echo "extractor: $NEWSMILL_EXTRACT" >&2
}
