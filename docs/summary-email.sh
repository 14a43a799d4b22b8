#!/usr/bin/env bash
# Makes docs/summary-email.html and docs/summary-email.png again, as the README's caption says:
# `spinetriage demo` on the shipped samples (its own clock and emulator), the REGION email's .html
# preview that the demo writes beside the .eml (the HTML part with the chart inlined), copied as it
# is, and a headless Chromium screenshot of it 760 px wide and as tall as the page.
# Usage: docs/summary-email.sh [REGION]   (default north-east; all-regions for the rollup).
# Needs chromium (Debian: apt-get install chromium). Prints what to put in the caption.
set -euo pipefail
cd "$(dirname "$0")/.."
region="${1:-north-east}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet run --project src/SpineTriage.Worker --configuration Release -- demo --summaries "$work/mail" > "$work/demo.log" 2>&1 \
  || { cat "$work/demo.log" >&2; exit 1; }
preview=$(ls "$work"/mail/*-"$region"-*.html)
cp "$preview" docs/summary-email.html

# The page's height at 760 px: a copy that writes it into its title, read back from the DOM.
sed 's#</body>#<script>document.title = document.documentElement.scrollHeight;</script></body>#' "$preview" > "$work/measure.html"
height=$(chromium --headless --no-sandbox --window-size=760,1000 --dump-dom "file://$work/measure.html" 2>/dev/null \
  | sed -n 's#.*<title>\([0-9][0-9]*\)</title>.*#\1#p')
chromium --headless --no-sandbox --hide-scrollbars --window-size=760,"$height" \
  --screenshot="$PWD/docs/summary-email.png" "file://$PWD/docs/summary-email.html" 2>/dev/null

grep -E "summary emails written|Summary emails, period" "$work/demo.log" | sed 's/^ *//' || true
echo "docs/summary-email.html: $(basename "$preview" .html).html of spinetriage demo; docs/summary-email.png: 760x$height"
