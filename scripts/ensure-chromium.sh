#!/usr/bin/env bash
# Make sure a Chromium binary exists for the Playwright tests.
# Uses $CHROMIUM_PATH if set, else Debian's /usr/bin/chromium. When it is missing and we are root on a
# Debian-like system, install the `chromium` package with apt-get; otherwise explain what to do.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "ensure-chromium: CHROMIUM_PATH is set to '$CHROMIUM_PATH', but no executable exists there." >&2
  echo "ensure-chromium: point CHROMIUM_PATH at a Chromium or Chrome binary, or unset it to use /usr/bin/chromium." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium not found; installing the Debian 'chromium' package (about a minute)..."
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; then
    echo "ensure-chromium: 'apt-get install chromium' failed (see above). Install it by hand or set CHROMIUM_PATH." >&2
    exit 1
  fi
  if [ -x "$CHROMIUM" ]; then
    echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
    exit 0
  fi
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi

cat >&2 <<MSG
ensure-chromium: no Chromium found at /usr/bin/chromium, and it cannot be installed automatically
(that needs root and apt-get). Either:
  - install it as root:   apt-get install chromium        (Debian/Ubuntu package name)
  - or point the tests at an existing Chromium/Chrome:  CHROMIUM_PATH=/path/to/chrome npm test
MSG
exit 1
