#!/usr/bin/env bash
# Regenerates docs/report.png, the README's picture of the HTML report: runs the demo
# (config/demo.toml, no network) into a temporary folder, opens its report.html in
# headless Chromium (Debian `chromium`) at 1200×1500 CSS pixels and saves the top of
# the page, reduced to 64 colours with ImageMagick when `convert` is there.
#
#   scripts/report_screenshot.sh          # from the repository root
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CHROMIUM=${NEWSMILL_CHROMIUM:-chromium}
command -v "$CHROMIUM" >/dev/null || { echo "needs Chromium (Debian package 'chromium')" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build -q -p newsmill
(cd "$WORK" && "$ROOT/target/debug/newsmill" -q run --config "$ROOT/config/demo.toml" --output out)
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$WORK/profile" --hide-scrollbars --window-size=1200,1500 \
    --screenshot="$WORK/report.png" "file://$WORK/out/latest/report.html" >/dev/null 2>&1
mkdir -p "$ROOT/docs"
if command -v convert >/dev/null; then
    convert "$WORK/report.png" -strip -colors 64 "PNG8:$ROOT/docs/report.png"
else
    cp "$WORK/report.png" "$ROOT/docs/report.png"
fi
echo "docs/report.png: $(stat -c %s "$ROOT/docs/report.png") bytes"
