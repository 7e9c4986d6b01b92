#!/usr/bin/env bash
# Runs the HTML report's browser test: installs playwright-core from the committed lock file
# when node_modules is missing, then drives Debian's chromium (apt-get install chromium).
# usage: tests/browser/run.sh KG_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x /usr/bin/chromium ]; then
  echo "browser test: /usr/bin/chromium is missing (scripts/install-deps installs it)" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec node "$here/report_test.mjs" "$@"
