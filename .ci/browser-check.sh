#!/usr/bin/env bash
# Opens a report.html in headless Chromium (Debian's package) and fails on a blank page or a console error.
# Usage: .ci/browser-check.sh REPORT.html   Exit: 0 pass, 1 fail, 3 no browser could be installed.
set -uo pipefail
report="$(readlink -f "$1")"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "browser-check: installing Debian's chromium (about a minute)..." >&2
  if [ "$(id -u)" = 0 ] && timeout 300 apt-get update -qq >/dev/null 2>&1 \
     && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq chromium >/dev/null 2>&1; then
    browser="$(command -v chromium || true)"
  fi
fi
if [ -z "$browser" ]; then
  echo "browser-check: no chromium could be installed" >&2
  exit 3
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1240,1754)
timeout 120 "$browser" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$report" > "$profile/dom.html" 2> "$profile/log.txt"
timeout 120 "$browser" "${flags[@]}" --screenshot="$profile/page.png" "file://$report" > /dev/null 2>&1

failed=0
svgs=$(grep -o "<svg" "$profile/dom.html" | wc -l)
if [ "$svgs" -lt 1 ] || ! grep -q "<h1>" "$profile/dom.html"; then
  echo "browser-check: FAIL: the page rendered blank ($svgs charts, no title)" >&2
  failed=1
fi
if grep -E "Uncaught|CONSOLE\(.*\).*(Error|error)" "$profile/log.txt" >&2; then
  echo "browser-check: FAIL: console errors (above)" >&2
  failed=1
fi
size=$(stat -c %s "$profile/page.png" 2>/dev/null || echo 0)
if [ "$size" -lt 20000 ]; then
  echo "browser-check: FAIL: the screenshot is empty or blank ($size bytes)" >&2
  failed=1
fi
if [ "$failed" = 0 ]; then
  echo "browser-check: pass: $report renders with $svgs charts and no console error"
fi
exit "$failed"
