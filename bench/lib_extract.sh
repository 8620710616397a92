# Shared set-up for the extraction benchmarks; sourced by bench/extraction.sh,
# bench/dates.sh and bench/extract_speed.sh.
#
# NEWSMILL_EXTRACT  extractor command (default: `newsmill extract --no-tag`, built in
#                   release mode). It must accept `--urls GROUND_TRUTH.json`
#                   followed by HTML files (plain or .html.gz) and print one JSON line
#                   per file with at least `id`, `body` and `published`.
# NEWSMILL_BENCH_VENV  Python venv with the peers (see bench/peers.sh);
#                   created when missing.
# SHARED            the shared benchmark folder (default ../shared next to the repo).

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
source "$ROOT/bench/peers.sh"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

# trafilatura 2.x imports lxml.html.clean, which lxml ships separately since 5.2:
# without lxml_html_clean, `import trafilatura` fails on a fresh venv.
ensure_venv() {
    ensure_peers "trafilatura, htmldate, lxml_html_clean, rs_trafilatura" \
        "trafilatura==2.3.1" "htmldate==1.11.*" "lxml_html_clean" "rs-trafilatura==0.1.*"
}

ensure_extractor() {
    if [ -z "${NEWSMILL_EXTRACT:-}" ]; then
        (cd "$ROOT" && cargo build --quiet --release -p newsmill) >&2
        NEWSMILL_EXTRACT="$CARGO_TARGET_DIR/release/newsmill extract --no-tag"
    fi
    echo "extractor: $NEWSMILL_EXTRACT" >&2
}
