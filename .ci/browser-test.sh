#!/usr/bin/env bash
# Browser test of the demo agent page in headless Chromium (distribution/src/test/browser).
# Needs the assembled server: run after `mvn -B install` (or verify), which builds distribution/target/server.
# Installs what is missing on a fresh Debian machine: Debian's chromium (only when /usr/bin/chromium is
# absent) and playwright-core from the npm lockfile. Exits non-zero when anything fails.
#   CRM_TEST_PORT (default 19180)  CHROMIUM_PATH (default /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x distribution/target/server/bin/crm-connector ]; then
  echo "browser-test: no assembled server; building it" >&2
  mvn -B -q install -DskipTests
fi

if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi

cd distribution/src/test/browser
npm ci --no-audit --no-fund
node --test --test-reporter=spec agent-page.test.mjs
