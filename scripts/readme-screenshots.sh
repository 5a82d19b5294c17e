#!/usr/bin/env bash
# The README's pictures of the two report pages, at a desk (1400 px) and on a phone (390 px), from
# `make run`'s output: the workday's page and the rollup. Run after `make run`; writes docs/images/.
# Small on purpose: the desk shots are halved, and every shot is reduced to 128 colors.
set -euo pipefail
cd "$(dirname "$0")/.."
browser=$(command -v chromium-headless-shell || command -v chromium)
day=$(grep -l "workday-stereo.flac" out/run/*/*/*/report.html | head -1)
[ -n "$day" ] || { echo "no workday page: run make run first" >&2; exit 1; }
mkdir -p docs/images
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shoot() { # page name width height scale
  "$browser" --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$tmp/profile" \
    --window-size="$3,$4" --screenshot="$tmp/$2.png" "file://$PWD/$1" 2>/dev/null
  ffmpeg -v error -y -i "$tmp/$2.png" -vf "scale=iw*$5:-1:flags=lanczos,split[a][b];[a]palettegen=max_colors=128[p];[b][p]paletteuse=dither=none" \
    "docs/images/$2.png"
}
shoot "$day" session-1400 1400 2300 0.5
shoot "$day" session-390 390 1500 1
shoot out/run/report.html rollup-1400 1400 1500 0.5
shoot out/run/report.html rollup-390 390 1500 1
ls -l docs/images
