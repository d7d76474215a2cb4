#!/usr/bin/env bash
# The test command: installs what the tests need and is missing, then runs every test.
# Used by README ("bash tests/run.sh") and by .ci/run. Needs only Rust (and, for later
# checks of generated PDFs and spreadsheets, Debian packages it installs itself).
set -euo pipefail
cd "$(dirname "$0")/.."

# System tools the tests use to inspect output, installed only when missing.
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
# tests/it/seal.rs makes throwaway certificates and checks signatures as a committee would.
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# tests/it/web.rs drives the page of `meetlat serve` in Debian's Chromium (playwright-core).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# tests/support/lo_type.py types into Calc through UNO: Debian's python3-uno (for
# /usr/bin/python3) and the Python script provider that runs its work inside soffice.
/usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || need+=(python3-uno)
[ -e /usr/lib/libreoffice/program/pythonscript.py ] || need+=(libreoffice-script-provider-python)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "tests/run.sh: installing ${need[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "tests/run.sh: please install ${need[*]} (tests that need them will fail)" >&2
  fi
fi

# pypdf fills the observation forms' fields in a test.
if ! python3 -c "import pypdf" >/dev/null 2>&1; then
  echo "tests/run.sh: installing pypdf" >&2
  python3 -m pip install --quiet pypdf >/dev/null 2>&1 || python3 -m pip install --quiet --break-system-packages pypdf
fi

# pdf.js (Firefox's PDF engine) fills forms as Firefox saves them, in a test; playwright-core
# and @axe-core/playwright drive Chromium over the page of `meetlat serve` (no browser
# download: Debian's chromium above). Needs Node.js.
if command -v node >/dev/null 2>&1; then
  missing=""
  for p in pdfjs-dist playwright-core @axe-core/playwright; do
    [ -d "tests/support/node_modules/$p" ] || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "tests/run.sh: installing$missing (npm)" >&2
    (cd tests/support && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund >/dev/null 2>&1) \
      || echo "tests/run.sh: npm ci in tests/support failed (the pdf.js and browser tests will fail)" >&2
  fi
fi

cargo fmt --check
# Snapshots are checked, never rewritten, here (review changes with `cargo insta review`).
INSTA_UPDATE=no cargo test --release --locked "$@"
