# The Python venv that holds the peers (trafilatura, htmldate, spaCy, Scrapy, pandas,
# pyarrow); sourced by the bench scripts. Never a dependency of newsmill itself.
#
# NEWSMILL_BENCH_VENV  where the venv lives (default ~/.cache/newsmill/bench-venv;
#                      BENCH_VENV is read too).

BENCH_VENV="${NEWSMILL_BENCH_VENV:-${BENCH_VENV:-$HOME/.cache/newsmill/bench-venv}}"

# ensure_peers "IMPORTS" PIP_SPEC...: creates the venv when missing and installs the
# PIP_SPECs unless `import IMPORTS` already works in it.
ensure_peers() {
    local imports=$1
    shift
    if "$BENCH_VENV/bin/python" -c "import $imports" 2>/dev/null; then
        return
    fi
    if [ ! -x "$BENCH_VENV/bin/python" ]; then
        echo "creating venv $BENCH_VENV" >&2
        python3 -m venv "$BENCH_VENV"
    fi
    "$BENCH_VENV/bin/pip" install --quiet "$@"
}
