#!/usr/bin/env bash
# The Debian packages chuangwen uses beyond Python: Noto CJK fonts and pango for the circulars'
# PDF (and the demo photos' captions), poppler for PDF page previews, gettext for the catalogue,
# chromium for the browser tests.
#
#   scripts/ensure_system_packages.sh           install what is missing (as root); `make test` runs it
#   scripts/ensure_system_packages.sh --report  only say what is missing and what it would improve;
#                                               `make run` runs it (the demo works without them)
set -euo pipefail  # the checks below let grep read all its input (no -q), so pipefail never sees a SIGPIPE

need=()
why=()
missing() { need+=("$1"); why+=("$1: $2"); }
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null ||
  missing fonts-noto-cjk "Chinese text in the circulars' PDF and on the demo's photos (otherwise boxes or a fallback font)"
{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep "libpangoft2-1.0.so.0" >/dev/null ||
  missing "libpango-1.0-0 libpangoft2-1.0-0" "the circulars' PDF (WeasyPrint draws its text with pango: issuing a circular needs it)"
command -v pdftoppm >/dev/null || missing poppler-utils "page previews of the circulars' PDF"
if [ "${1:-}" = "--report" ]; then
  if [ ${#need[@]} -gt 0 ]; then
    echo "Optional Debian packages not installed (apt-get install ${need[*]}):"
    printf '  %s\n' "${why[@]}"
  fi
  exit 0
fi
command -v msgfmt >/dev/null || need+=(gettext)
command -v chromium >/dev/null || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${need[*]}. Install them as root: apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing: ${need[*]}"
apt-get update -qq
# shellcheck disable=SC2068 # the pango entry holds two package names
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${need[@]} >/dev/null
